import MicroPanel
import MicroPanelColumns
import MicroPanelSupport

/// The text `inspect` prints: input, counts, matched fields, unmatched headers, load time.
struct InspectionReport {
    let panel: LoadedPanel
    let listAllUnmatched: Bool

    var text: String {
        let report = panel.report
        let table = panel.table
        let plan = table.plan
        var lines: [String] = []
        for input in report.inputs {
            let format =
                input.format == .gzip
                ? "gzip, \(input.gzipMembers) member\(input.gzipMembers == 1 ? "" : "s"), \(grouped(input.fileBytes)) bytes"
                : "plain text"
            lines.append("file:       \(input.name) (\(format))")
            lines.append(
                "text:       \(grouped(input.textBytes)) bytes, delimiter \(delimiterName(input.delimiter))"
                    + (input.hadByteOrderMark ? ", UTF-8 byte-order mark" : ""))
            var rowLine = "rows:       \(grouped(Int64(input.rows)))"
            if input.skippedRows > 0 {
                let shown = input.skippedRowLines.map(String.init).joined(separator: ", ")
                rowLine +=
                    " (\(grouped(Int64(input.skippedRows))) rows with a wrong field count skipped, lines \(shown)"
                    + (input.skippedRows > input.skippedRowLines.count ? ", ..." : "") + ")"
            }
            if input.blankLines > 0 { rowLine += " (\(input.blankLines) blank lines passed over)" }
            lines.append(rowLine)
        }
        let skipped = plan.headerNames.count - plan.materialized.count
        lines.append(
            "columns:    \(plan.headerNames.count) in the header: \(plan.materialized.count) loaded, \(skipped) skipped"
        )
        let megabytes = Double(report.textBytes) / 1e6
        let seconds = max(report.seconds, 1e-9)
        lines.append(
            "load time:  \(fixed(report.seconds, 3)) s (\(fixed(megabytes / seconds, 1)) MB/s of text, "
                + "\(grouped(Int64(Double(report.rows) / seconds))) rows/s)")
        lines.append("")

        for (title, role) in [
            ("Keys and descriptors", 0), ("Spec input fields", 1), ("MIX published ratios (to compare with)", 2),
        ] {
            let matches = plan.materialized.filter { roleGroup($0.field.role) == role }
            let available = FieldCatalog.all.filter { roleGroup($0.role) == role }
            lines.append("\(title): \(matches.count) of \(available.count)")
            for match in matches {
                let column = table.columns[match.field.key]!
                var note = "missing \(grouped(Int64(column.missingCount)))"
                if case .number(let numbers) = column, numbers.badNumberCount > 0 {
                    note += ", \(numbers.badNumberCount) not numbers (read as missing)"
                }
                lines.append("  \(match.field.key.padded(to: 28)) \(match.header.padded(to: 58)) \(note)")
            }
            let absent = available.filter { field in !matches.contains { $0.field.key == field.key } }
            if !absent.isEmpty {
                lines.append("  not in this file: " + absent.map(\.key).joined(separator: ", "))
            }
            lines.append("")
        }
        if !plan.notRequested.isEmpty {
            lines.append("Known fields not requested: " + plan.notRequested.map(\.header).joined(separator: ", "))
        }
        let unmatched = plan.unmatchedHeaders
        let shown = listAllUnmatched ? unmatched : Array(unmatched.prefix(20))
        lines.append(
            "Unmatched headers (\(unmatched.count), skipped): " + shown.joined(separator: ", ")
                + (shown.count < unmatched.count ? ", ... (--all lists them all)" : ""))
        if !plan.unusedMappings.isEmpty {
            lines.append(
                "Mapping entries not in this file: " + plan.unusedMappings.map(\.header).joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func roleGroup(_ role: FieldRole) -> Int {
        switch role {
        case .key, .descriptor: return 0
        case .input: return 1
        case .publishedRatio: return 2
        }
    }

    private func delimiterName(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "\t"): return "tab"
        default: return "'\(Character(Unicode.Scalar(byte)))'"
        }
    }
}

extension String {
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
