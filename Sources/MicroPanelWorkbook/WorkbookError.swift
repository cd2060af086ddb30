import MicroPanelSupport

/// A workbook (`.xlsx`) MicroPanel cannot read: a damaged or unusual zip archive, a part the
/// workbook needs that is missing, a sheet not there, or XML that is not what a sheet holds.
public struct WorkbookError: MicroPanelError, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The zip archive's structure is broken (`what` says where).
        case corruptArchive(String)
        /// An archive feature this reader does not handle (encryption, ZIP64, a compression method).
        case unsupported(String)
        /// A part every workbook has is missing (`xl/workbook.xml`).
        case missingPart(String)
        /// `--sheet NAME` names no sheet; `available` are the workbook's.
        case noSuchSheet(name: String, available: [String])
        /// A part's XML is not as expected: `part`, and what was expected.
        case malformedXML(part: String, expected: String)
    }

    public let kind: Kind
    /// The workbook as the user named it.
    public var file: String
    /// Offset of the problem: in the archive, or in the part's decompressed XML.
    public var byteOffset: Int64?

    public init(_ kind: Kind, file: String, byteOffset: Int64? = nil) {
        self.kind = kind
        self.file = file
        self.byteOffset = byteOffset
    }

    public var code: String {
        switch kind {
        case .corruptArchive: return "workbook.corrupt_archive"
        case .unsupported: return "workbook.unsupported"
        case .missingPart: return "workbook.missing_part"
        case .noSuchSheet: return "workbook.no_such_sheet"
        case .malformedXML: return "workbook.malformed_xml"
        }
    }

    public var message: String {
        switch kind {
        case .corruptArchive(let what):
            return "not a readable .xlsx workbook: the zip archive is damaged (\(what))"
        case .unsupported(let what):
            return
                "an .xlsx workbook this reader cannot open: \(what); save it again from Excel or export the sheet as CSV"
        case .missingPart(let part):
            return "not an .xlsx workbook: the archive has no \(part) (a zip of other files? unzip it;"
                + " an .ods or .xls workbook? export the sheet as CSV)"
        case .noSuchSheet(let name, let available):
            return "--sheet \(name): the workbook has no such sheet; its sheets are "
                + available.map { "'\($0)'" }.joined(separator: ", ")
        case .malformedXML(let part, let expected):
            return "\(part): unexpected XML, expected \(expected)"
        }
    }

    public var location: ErrorLocation { ErrorLocation(file: file, byteOffset: byteOffset) }

    public var cause: (any Error)? { nil }
}
