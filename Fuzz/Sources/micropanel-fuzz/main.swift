import MicroPanelFuzzing

// `micropanel-fuzz TARGET [libFuzzer options] [corpus directories]`: runs one of
// `FuzzTargets.all` under libFuzzer; a broken rule is reported as a crash with its description.
#if canImport(Glibc)
    import Glibc
#endif

/// libFuzzer's entry point for programs that have a `main` of their own.
@_silgen_name("LLVMFuzzerRunDriver")
func llvmFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Writes a line to standard error.
func printError(_ line: String) {
    let bytes = Array((line + "\n").utf8)
    _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

let arguments = CommandLine.arguments
guard arguments.count >= 2, let chosen = FuzzTargets.all[arguments[1]] else {
    let names = FuzzTargets.all.keys.sorted().joined(separator: ", ")
    printError("usage: micropanel-fuzz TARGET [libFuzzer options] [corpus...]; targets: \(names)")
    exit(2)
}
nonisolated(unsafe) var target: @Sendable ([UInt8]) -> String? = chosen

// libFuzzer sees the arguments after the target name.
var argc = CommandLine.argc - 1
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv + 1
argv![0] = CommandLine.unsafeArgv[0]
exit(
    llvmFuzzerRunDriver(&argc, &argv) { data, size in
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        if let violation = target(bytes) {
            printError(violation)
            abort()
        }
        return 0
    })
