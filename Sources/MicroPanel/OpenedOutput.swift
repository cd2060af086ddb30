import MicroPanelGzip
import MicroPanelOutput

/// An output opened before any work (an unwritable destination fails first), written through
/// the compression its configuration asks for, and committed when complete.
struct OpenedOutput {
    let output: TableOutput
    let file: OutputFile?
    let sink: any ByteSink

    init(_ output: TableOutput) throws {
        self.output = output
        switch output.destination {
        case .path(let path):
            let file = try OutputFile(path: path)
            self.file = file
            sink = file
        case .sink(let sink):
            file = nil
            self.sink = sink
        }
    }

    /// Writes through `body`, compressed as asked (the file appears only with ``commit()``).
    func write(threads: Threads, _ body: (any ByteSink) throws -> Void) throws {
        switch output.compression {
        case .none:
            try body(sink)
        case .gzip, .bgzf:
            let layout: GzipFileSink.Layout =
                output.compression == .bgzf ? .blocks(threads: threads.count) : .singleMember
            let compressed = try GzipFileSink(destination: sink, layout: layout)
            try body(compressed)
            try compressed.finish()
        }
    }

    /// Makes the written file appear in place of the previous one.
    func commit() throws { try file?.commit() }

    /// The size of the written file, when the output is a regular file.
    var writtenFileBytes: Int64? {
        guard let path = output.path, path != "-" else { return nil }
        return InputFile.regularFileSize(path: path)
    }
}
