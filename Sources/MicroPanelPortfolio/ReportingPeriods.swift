/// How report dates fall into periods (portfolio contract §2): fiscal years ending on a month's
/// last day (`--fiscal-year-end MM-DD`, default 12-31), labelled by the calendar year they end
/// in, and within them quarters or months counted from the fiscal year's first month.
public struct ReportingPeriods: Sendable, Equatable {
    /// The length of a period.
    public enum Length: String, Sendable, CaseIterable {
        case year, quarter, month
    }

    /// One period: its fiscal year and its number within it (1 for a year; 1–4, 1–12).
    public struct Period: Sendable, Hashable, Comparable {
        public let fiscalYear: Int
        public let number: Int

        public static func < (lhs: Period, rhs: Period) -> Bool {
            (lhs.fiscalYear, lhs.number) < (rhs.fiscalYear, rhs.number)
        }
    }

    public let length: Length
    /// The month the fiscal year ends with (its last day ends it).
    public let lastMonth: Int

    /// Periods of `length` in fiscal years ending on `fiscalYearEnd` (`MM-DD`, the month's last
    /// day; `02-28` stands for February's end in leap years too); nil for another text.
    public init?(length: Length, fiscalYearEnd: String) {
        let parts = fiscalYearEnd.split(separator: "-")
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 }), let month = Int(parts[0]),
            let day = Int(parts[1]), (1...12).contains(month), day == CalendarDay.daysIn(month: month, year: 2001)
        else { return nil }
        self.init(length: length, lastMonth: month)
    }

    /// Periods of `length` in fiscal years ending with month `lastMonth` (1–12).
    public init(length: Length, lastMonth: Int) {
        precondition((1...12).contains(lastMonth))
        self.length = length
        self.lastMonth = lastMonth
    }

    /// The period `day` falls in.
    public func period(of day: CalendarDay) -> Period {
        let (year, month, _) = day.parts
        let fiscalYear = month > lastMonth ? year + 1 : year
        // Months since the fiscal year began: 0 for its first month.
        let offset = (month - lastMonth - 1 + 24) % 12
        switch length {
        case .year: return Period(fiscalYear: fiscalYear, number: 1)
        case .quarter: return Period(fiscalYear: fiscalYear, number: offset / 3 + 1)
        case .month: return Period(fiscalYear: fiscalYear, number: offset + 1)
        }
    }
}
