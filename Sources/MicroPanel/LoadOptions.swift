import MicroPanelCSV
import MicroPanelColumns

/// How panel files are read into columns.
public struct LoadOptions: Sendable {
    /// Delimiter, bad-row policy and size limits.
    public var csv: CSVOptions
    /// Decimal mark and bad-number policy.
    public var values: ValueOptions
    /// Extra header names for fields (`--columns FILE`).
    public var mapping: ColumnMapping?
    /// Field keys to materialise; nil loads every field of `FieldCatalog.all` the file has.
    public var requestedFields: Set<String>?
    /// Input columns (headers as written, or compared normalised) also loaded as text and
    /// carried into the output (`--keep`).
    public var keep: [String] = []
    /// The sheet of an `.xlsx` input (`--sheet NAME`); nil: the first.
    public var sheet: String?
    /// Bytes decoded per chunk (the loader keeps 32 chunks in flight).
    public var readSize: Int
    /// Compute the SHA-256 of every input file as it is read (for manifests).
    public var computeDigests = false
    /// Fail when a header matches none of the contract's amount and count fields: such a file is
    /// not a panel (computing, summarizing and checking set this; a descriptor file needs none).
    public var requiresInputFields = false
    /// Called after every read with the progress so far (for a progress line on a terminal).
    public var progress: (@Sendable (LoadProgress) -> Void)?
    /// Plans the columns of headers it recognises (nil: match the field catalog as usual).
    public var planOverride: (@Sendable ([String]) throws -> ColumnPlan?)?
    /// Called on the loading thread after each batch of rows reached the columns, with the input
    /// they come from and whether that thread has spare time: work that can start before the
    /// whole panel is read should be done only then — not while decoded chunks wait for it, nor
    /// while inflating already keeps every core busy (BGZF input), when it would only slow the
    /// load down. A consumer that streams (client surveys) reads the rows and removes them.
    package var afterBatch: (@Sendable (TableBuilder, _ input: String, _ spareTime: Bool) throws -> Void)?

    /// The defaults: detected delimiter, errors on bad rows and numbers, every known field.
    public init(
        csv: CSVOptions = CSVOptions(), values: ValueOptions = ValueOptions(),
        mapping: ColumnMapping? = nil, requestedFields: Set<String>? = nil, readSize: Int = 1 << 20
    ) {
        self.csv = csv
        self.values = values
        self.mapping = mapping
        self.requestedFields = requestedFields
        self.readSize = readSize
    }
}

/// How far a load has come.
public struct LoadProgress: Sendable {
    /// The input being read.
    public var file: String
    /// Bytes read from it so far.
    public var fileBytesRead: Int64
    /// Its size, when it is a regular file.
    public var fileSize: Int64?
    /// Data rows scanned so far, over all inputs.
    public var rows: Int
}
