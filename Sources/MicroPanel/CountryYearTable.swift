import MicroPanelCSV
import MicroPanelColumns
import MicroPanelGzip
import MicroPanelResources

/// A value per country and year: GNI per capita, or an inflation rate in percent.
///
/// Reads the World Bank's download format (a preamble with the update date, then `Country
/// Name`, `Country Code`, and one column per year such as `1995` or `YR1995`) or a long table
/// with a country column (ISO3 code or name), a `Year` column and one value column.
public struct CountryYearTable: Sendable {
    /// Where the table came from (a path, or `bundled`).
    public let source: String
    /// The indicator's name when the file says it.
    public private(set) var title: String?
    /// The World Bank's "Last Updated Date" when the file says it.
    public private(set) var lastUpdated: String?
    /// Names the file gives for each ISO3 code (wide World Bank files).
    public let countryNames: [String: String]
    /// Countries named in a long table that no crosswalk knows.
    public let unresolvedCountries: [String]
    /// Dense storage: one row of years per country, NaN where the table has no value.
    private let countryIndex: [String: Int]
    private let firstYear: Int
    private let yearCount: Int
    private let values: [Double]

    /// The value for `iso3` in `year`.
    public func value(iso3: String, year: Int) -> Double? {
        countryIndex[iso3].flatMap { value(country: $0, year: year) }
    }

    /// The row of `iso3` in the dense storage (for lookups per row without hashing).
    func index(ofISO3 iso3: String) -> Int? { countryIndex[iso3] }

    /// The value of the country at `country` (see ``index(ofISO3:)``) in `year`.
    @inline(__always)
    func value(country: Int, year: Int) -> Double? {
        let offset = year - firstYear
        guard offset >= 0 && offset < yearCount else { return nil }
        let value = values[country * yearCount + offset]
        return value.isNaN ? nil : value
    }

    /// Countries with at least one value.
    public var countryCount: Int { countryIndex.count }

    /// A one-line description: source, title and vintage.
    public var vintage: String {
        var parts = [source == "bundled" ? "World Bank WDI (bundled)" : source]
        if let title { parts.append(title) }
        if let lastUpdated { parts.append("last updated \(lastUpdated)") }
        return parts.joined(separator: ", ")
    }

    /// The bundled World Bank GNI per capita table (Atlas method, current US$; WDI 2024-06-28).
    public static let bundledGNI = bundled(BundledData.gniPerCapitaGzip, name: "GNI table")

    /// The bundled World Bank consumer price inflation, annual % (FP.CPI.TOTL.ZG; WDI 2026-01-28).
    public static let bundledInflation = bundled(BundledData.inflationGzip, name: "inflation table")

    /// The bundled World Bank lending interest rate, % (FR.INR.LEND; WDI 2026-04-08).
    public static let bundledLendingRate = bundled(BundledData.lendingRateGzip, name: "lending-rate table")

    /// The bundled World Bank deposit interest rate, % (FR.INR.DPST; WDI release 2026-04-08, a
    /// long extract that does not say its title and date, so they are given here).
    public static let bundledDepositRate = bundled(
        BundledData.depositRateGzip, name: "deposit-rate table", title: "Deposit interest rate (%)",
        lastUpdated: "2026-04-08")

    /// The bundled World Bank official exchange rate, LCU per US$ (PA.NUS.FCRF; WDI 2025-07-01).
    public static let bundledExchangeRate = bundled(BundledData.exchangeRateGzip, name: "exchange-rate table")

    /// The bundled World Bank PPP conversion factor, GDP, LCU per international $ (PA.NUS.PPP;
    /// WDI 2025-03-24).
    public static let bundledPPPFactor = bundled(BundledData.pppFactorGzip, name: "PPP-factor table")

    /// The market-rate table `source` names.
    public static func marketRate(_ source: MarketRateSource) throws -> CountryYearTable {
        switch source {
        case .lending: return bundledLendingRate
        case .deposit: return bundledDepositRate
        case .file(let path): return try CountryYearTable(contentsOf: path)
        }
    }

    private static func bundled(
        _ gzip: [UInt8], name: String, title: String? = nil, lastUpdated: String? = nil
    ) -> CountryYearTable {
        do {
            let reader = try GzipReader(file: InputFile(bytes: gzip, name: "bundled " + name))
            var table = try CountryYearTable(parsing: InputBytes.read(reader), source: "bundled", names: nil)
            table.title = table.title ?? title
            table.lastUpdated = table.lastUpdated ?? lastUpdated
            return table
        } catch {
            preconditionFailure("the bundled \(name) does not parse: \(error)")
        }
    }

    /// Reads a table file (plain or gzip); names in a long table resolve through ``CountryNames/standard``.
    public init(contentsOf path: String) throws {
        try self.init(parsing: InputBytes.read(path: path), source: path, names: .standard)
    }

    /// Parses `text`; `source` names it in errors.
    init(parsing text: [UInt8], source: String, names: CountryNames?) throws {
        self.source = source
        var body = text[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let preamble = Self.worldBankPreamble(&body)
        lastUpdated = preamble.values["Last Updated Date"]
        let rows = try Self.rows(of: Array(body), source: source, lineOffset: preamble.lines)
        guard let header = rows.first else {
            throw CSVError(kind: .emptyInput, line: 1, byteOffset: 0, file: source)
        }
        let normalized = header.map(FieldName.normalize)
        let yearColumns: [(column: Int, year: Int)] = normalized.enumerated().compactMap { column, name in
            let digits = name.hasPrefix("yr") ? String(name.dropFirst(2)) : name
            guard digits.count == 4, let year = Int(digits), (1900...2200).contains(year) else { return nil }
            return (column, year)
        }
        let codeColumn = normalized.firstIndex {
            ["country code", "iso3", "economy", "code", "iso3 code", "country iso3"].contains($0)
        }
        let nameColumn = normalized.firstIndex { ["country name", "country"].contains($0) }
        let titleColumn = normalized.firstIndex { $0 == "indicator name" }
        var values: [String: [Int: Double]] = [:]
        var countryNames: [String: String] = [:]
        var unresolved = Set<String>()
        let parser = NumberParser()
        func number(_ text: String, line: Int, column: Int) throws -> Double? {
            var value = 0.0
            let status = Array(text.utf8).withUnsafeBytes { parser.parse($0, into: &value) }
            switch status {
            case .value: return value
            case .missing: return nil
            case .invalid, .outOfRange:
                throw CSVError(
                    kind: .notANumber(text), line: line, column: column + 1, columnName: header[column],
                    byteOffset: 0, file: source)
            }
        }
        var title: String?
        if !yearColumns.isEmpty {
            guard let codeColumn else {
                throw CSVError(
                    kind: .missingColumns(["Country Code"], what: "a World Bank table"), line: preamble.lines + 1,
                    byteOffset: 0, file: source)
            }
            for (index, row) in rows.enumerated().dropFirst() {
                let code = row[codeColumn].trimmingSpaces().uppercased()
                guard !code.isEmpty else { continue }
                if let nameColumn { countryNames[row[nameColumn]] = code }
                if title == nil, let titleColumn { title = row[titleColumn] }
                for (column, year) in yearColumns {
                    if let value = try number(row[column], line: preamble.lines + index + 1, column: column) {
                        values[code, default: [:]][year] = value
                    }
                }
            }
        } else {
            guard let yearColumn = normalized.firstIndex(where: { $0 == "year" || $0 == "fiscal year" }),
                let countryColumn = codeColumn ?? nameColumn,
                let valueColumn = normalized.indices.first(where: {
                    $0 != yearColumn && $0 != codeColumn && $0 != nameColumn && !normalized[$0].isEmpty
                })
            else {
                throw CSVError(
                    kind: .unrecognizedTable, line: preamble.lines + 1, byteOffset: 0, file: source)
            }
            let crosswalk = names
            for (index, row) in rows.enumerated().dropFirst() {
                let line = preamble.lines + index + 1
                let country = row[countryColumn].trimmingSpaces()
                guard !country.isEmpty else { continue }
                guard let yearValue = try number(row[yearColumn], line: line, column: yearColumn),
                    yearValue == yearValue.rounded(), let year = Int(exactly: yearValue)
                else {
                    throw CSVError(
                        kind: .notAnInteger(row[yearColumn]), line: line, column: yearColumn + 1,
                        columnName: header[yearColumn], byteOffset: 0, file: source)
                }
                let code: String?
                if let crosswalk { code = crosswalk.iso3(for: country) } else { code = country.uppercased() }
                guard let code else {
                    unresolved.insert(country)
                    continue
                }
                if let value = try number(row[valueColumn], line: line, column: valueColumn) {
                    values[code, default: [:]][year] = value
                }
            }
        }
        self.title = title
        let years = values.values.flatMap(\.keys)
        firstYear = years.min() ?? 0
        yearCount = years.isEmpty ? 0 : years.max()! - firstYear + 1
        let codes = values.keys.sorted()
        countryIndex = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
        var dense = [Double](repeating: .nan, count: codes.count * yearCount)
        for (index, code) in codes.enumerated() {
            for (year, value) in values[code]! { dense[index * yearCount + year - firstYear] = value }
        }
        self.values = dense
        self.countryNames = countryNames
        unresolvedCountries = unresolved.sorted()
    }

    /// Strips a World Bank download's preamble (`"Data Source",...` up to the header line) and
    /// returns its key-value lines and how many lines it had.
    private static func worldBankPreamble(_ body: inout ArraySlice<UInt8>) -> (lines: Int, values: [String: String]) {
        let marker = Array("Data Source".utf8)
        let quotedMarker = Array("\"Data Source\"".utf8)
        guard body.starts(with: marker) || body.starts(with: quotedMarker) else { return (0, [:]) }
        var values: [String: String] = [:]
        var lines = 0
        while let newline = body.firstIndex(of: 0x0A) {
            let line = String(decoding: body[body.startIndex..<newline], as: UTF8.self)
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: "\"\r ") }
            if fields.first == "Country Name" || fields.first == "Country Code" { break }
            if fields.count >= 2, !fields[0].isEmpty { values[fields[0]] = fields[1] }
            lines += 1
            body = body[(newline + 1)...]
        }
        return (lines, values)
    }

    /// All rows of `text` as strings (reference tables are small).
    private static func rows(of text: [UInt8], source: String, lineOffset: Int) throws(CSVError) -> [[String]] {
        let scanner = CSVScanner()
        var rows: [[String]] = []
        func take(_ batch: CSVRowBatch) {
            for row in 0..<batch.rowCount {
                rows.append((0..<batch.fieldsPerRow).map { CSVField.string(batch.field(row: row, column: $0)) ?? "" })
            }
        }
        do throws(CSVError) {
            let space = scanner.reserveSpace(atLeast: text.count)
            space.copyBytes(from: text)
            try scanner.commit(text.count)
            take(scanner.batch)
            try scanner.finish()
            take(scanner.batch)
        } catch var error {
            error.file = source
            error.line += lineOffset
            throw error
        }
        return [scanner.header?.names ?? []] + rows
    }
}

extension String {
    fileprivate func trimmingCharacters(in characters: String) -> String {
        var text = Substring(self)
        while let first = text.first, characters.contains(first) { text.removeFirst() }
        while let last = text.last, characters.contains(last) { text.removeLast() }
        return String(text)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in characters: String) -> String {
        String(self).trimmingCharacters(in: characters)
    }
}
