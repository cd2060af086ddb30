import MicroPanelIndicators

/// The files a computation reads besides the panel itself.
public struct ReferenceFiles: Sendable, Equatable {
    /// Institution descriptors joined on MFI ID (`--institutions`, e.g. MIX's MFICompanyMetaData.csv).
    public var institutions: String?
    /// GNI per capita replacing the bundled World Bank table (`--gni`).
    public var gni: String?
    /// Inflation in percent, for `yield_real` (`--inflation`).
    public var inflation: String?
    /// A `header,field` mapping naming other headers for spec fields (`--columns`).
    public var columns: String?

    /// The files named; none by default (the bundled GNI table, no inflation, no descriptors).
    public init(institutions: String? = nil, gni: String? = nil, inflation: String? = nil, columns: String? = nil) {
        self.institutions = institutions
        self.gni = gni
        self.inflation = inflation
        self.columns = columns
    }

    /// Their paths.
    public var paths: [String] { [institutions, gni, inflation, columns].compactMap { $0 } }
}

/// What a computation reads and how: the panel's inputs (one panel), how they are read, how their
/// rows become the institution × year panel, the reference data, and the threads every stage uses.
public struct PanelSource: Sendable {
    /// The panel's files or bytes; several inputs are one panel and share one header.
    public var inputs: [PanelInput]
    /// Delimiter, limits, bad rows and numbers, progress.
    public var reading: LoadOptions
    /// Duplicates, interim rows, averaging, implausible inputs.
    public var panel: PanelOptions
    /// Descriptors, GNI, inflation, column mapping.
    public var references: ReferenceFiles
    /// Threads for every stage: inflating, the kernel, formatting, compressing.
    public var threads: Threads

    /// A source; by default the bundled MIX sample, read as it is, on one thread per processor.
    public init(
        inputs: [PanelInput] = [.bundledSample], reading: LoadOptions = LoadOptions(),
        panel: PanelOptions = PanelOptions(),
        references: ReferenceFiles = ReferenceFiles(), threads: Threads = Threads()
    ) {
        self.inputs = inputs
        self.reading = reading
        self.panel = panel
        self.references = references
        self.threads = threads
    }

    /// The source of the files at `paths` (`-` is standard input), everything else as given.
    public init(
        paths: [String], reading: LoadOptions = LoadOptions(), panel: PanelOptions = PanelOptions(),
        references: ReferenceFiles = ReferenceFiles(), threads: Threads = Threads()
    ) {
        self.init(
            inputs: paths.map(PanelInput.file), reading: reading, panel: panel, references: references, threads: threads
        )
    }

    /// Every path it reads: the inputs that are files, and the reference files.
    public var readPaths: [String] {
        inputs.compactMap { if case .file(let path) = $0 { path } else { nil } } + references.paths
    }
}
