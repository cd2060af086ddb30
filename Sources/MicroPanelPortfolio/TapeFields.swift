import MicroPanelColumns

/// The fields of a loan snapshot tape (portfolio contract §1): one row per loan per report
/// date. Headers are matched as the panel's are (normalised), by the key or a common synonym;
/// `--columns FILE` maps an information system's own names (an Apache Fineract export's
/// `account_no`, `principal_outstanding_derived`, …).
public enum TapeFields {
    /// Every field: key, the headers that mean it, how it is loaded.
    public static let all: [FieldDefinition] = [
        FieldDefinition("institution_id", ["MFI ID", "institution", "lender_id"], .text, .key),
        FieldDefinition("report_date", ["reporting_date", "snapshot_date", "as_of_date"], .text, .key),
        FieldDefinition("loan_id", ["account_no", "loan_account"], .text, .key),
        FieldDefinition("client_id", ["borrower_id", "customer_id"], .text, .key),
        FieldDefinition("principal_outstanding", ["outstanding_principal", "balance"], .number, .input),
        FieldDefinition("days_late", ["days_in_arrears", "days_past_due", "dpd"], .number, .input),
        FieldDefinition("overdue_since", ["overdue_since_date"], .text, .descriptor),
        FieldDefinition("renegotiated", ["restructured", "rescheduled"], .text, .descriptor),
        FieldDefinition("disbursed_on", ["disbursement_date"], .text, .descriptor),
        FieldDefinition("disbursed_amount", ["principal_disbursed"], .number, .input),
        FieldDefinition("written_off_on", ["write_off_date"], .text, .descriptor),
        FieldDefinition("written_off_amount", ["write_off_amount"], .number, .input),
        FieldDefinition("branch", [], .text, .descriptor),
        FieldDefinition("product", [], .text, .descriptor),
        FieldDefinition("loan_officer", [], .text, .descriptor),
        FieldDefinition("methodology", [], .text, .descriptor),
        FieldDefinition("client_gender", ["gender"], .text, .descriptor),
        FieldDefinition("client_location", ["location"], .text, .descriptor),
    ]

    /// The fields every tape needs (`institution_id` too unless `--institution ID` names the lender).
    public static let required = ["report_date", "loan_id", "client_id", "principal_outstanding"]

    /// Fields only `--by` reads (the others feed measures too): loaded only when named.
    public static let labelsOnly: Set<String> = ["branch", "product", "loan_officer"]

    /// The breakdowns `--by` accepts.
    public static let breakdowns = [
        "branch", "product", "loan_officer", "methodology", "client_gender", "client_location",
    ]
}
