import MicroPanelSupport

/// Every indicator for every panel row: values (NaN when missing) and their statuses, stored
/// column by column in panel order.
public final class IndicatorResults: @unchecked Sendable {
    /// Panel rows.
    public let rowCount: Int
    private let valueStorage: GrowableBuffer<Double>
    private let statusStorage: GrowableBuffer<UInt8>

    init(rowCount: Int, values: GrowableBuffer<Double>, statuses: GrowableBuffer<UInt8>) {
        self.rowCount = rowCount
        valueStorage = values
        statusStorage = statuses
    }

    /// The value of `indicator` for panel row `row`; NaN when missing.
    @inline(__always)
    public func value(_ indicator: Indicator, row: Int) -> Double {
        precondition(row >= 0 && row < rowCount, "row out of range")
        return valueStorage.base[indicator.rawValue * rowCount + row]
    }

    /// The status of `indicator` for panel row `row`: why it is missing, or its flags.
    @inline(__always)
    public func status(_ indicator: Indicator, row: Int) -> CellStatus {
        precondition(row >= 0 && row < rowCount, "row out of range")
        return CellStatus(rawValue: statusStorage.base[indicator.rawValue * rowCount + row])
    }

    /// The values of `indicator` for every panel row, in panel order (NaN where missing).
    public func column(_ indicator: Indicator) -> [Double] { Array(values(of: indicator)) }

    /// The statuses of `indicator` for every panel row, in panel order.
    public func statusColumn(_ indicator: Indicator) -> [CellStatus] { statuses(of: indicator).map(CellStatus.init) }

    /// The storage, for the one change made after computing: clipping (``Winsorization``).
    package var mutableStorage: (values: UnsafeMutablePointer<Double>, statuses: UnsafeMutablePointer<UInt8>) {
        (valueStorage.base, statusStorage.base)
    }

    /// All values of `indicator`, in panel order.
    package func values(of indicator: Indicator) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: valueStorage.base + indicator.rawValue * rowCount, count: rowCount)
    }

    /// All statuses of `indicator` (raw ``CellStatus`` values), in panel order.
    package func statuses(of indicator: Indicator) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: statusStorage.base + indicator.rawValue * rowCount, count: rowCount)
    }

    /// The raw bytes of every value and status, for comparing runs bit for bit.
    package var rawBytes: (values: UnsafeRawBufferPointer, statuses: UnsafeRawBufferPointer) {
        (UnsafeRawBufferPointer(valueStorage.elements), UnsafeRawBufferPointer(statusStorage.elements))
    }
}

/// Numerators and denominators of the ratio indicators, per panel row (NaN where the ratio
/// has no value, and for indicators that are not plain ratios).
public final class IndicatorComponents: @unchecked Sendable {
    /// Panel rows.
    public let rowCount: Int
    private let numeratorStorage: GrowableBuffer<Double>
    private let denominatorStorage: GrowableBuffer<Double>

    init(rowCount: Int, numerators: GrowableBuffer<Double>, denominators: GrowableBuffer<Double>) {
        self.rowCount = rowCount
        numeratorStorage = numerators
        denominatorStorage = denominators
    }

    /// The numerators of `indicator`, in panel order.
    package func numerators(of indicator: Indicator) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: numeratorStorage.base + indicator.rawValue * rowCount, count: rowCount)
    }

    /// The denominators of `indicator`, in panel order.
    package func denominators(of indicator: Indicator) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(start: denominatorStorage.base + indicator.rawValue * rowCount, count: rowCount)
    }
}
