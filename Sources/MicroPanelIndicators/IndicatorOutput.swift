/// Where one panel row's indicators are written: column-major matrices of values and statuses.
struct IndicatorOutput {
    let values: UnsafeMutablePointer<Double>
    let statuses: UnsafeMutablePointer<UInt8>
    let rowCount: Int
    /// The panel row being written.
    let row: Int

    @inline(__always)
    func set(_ indicator: Indicator, _ term: Term) {
        let index = indicator.rawValue * rowCount + row
        values[index] = term.isMissing ? .nan : term.value
        statuses[index] = term.isMissing ? term.status & 0x07 : term.status
    }
}
