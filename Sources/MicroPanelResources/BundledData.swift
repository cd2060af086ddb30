/// Reference data compiled into MicroPanel, so no file beside the executable is needed.
/// Provenance and licences: `Resources/README.md`.
public enum BundledData {
    /// The World Bank's GNI per capita table (WDI, NY.GNP.PCAP.CD, updated 2024-06-28),
    /// gzip-compressed as downloaded. CC BY 4.0.
    public static var gniPerCapitaGzip: [UInt8] { PackageResources.wdi_gni_per_capita_2024_csv_gz }

    /// The World Bank's consumer price inflation, annual % (WDI, FP.CPI.TOTL.ZG, updated
    /// 2026-01-28), gzip-compressed as downloaded. CC BY 4.0.
    public static var inflationGzip: [UInt8] { PackageResources.wdi_inflation_cpi_2026_01_28_csv_gz }

    /// The World Bank's lending interest rate, % (WDI, FR.INR.LEND, updated 2026-04-08),
    /// gzip-compressed as downloaded. CC BY 4.0.
    public static var lendingRateGzip: [UInt8] { PackageResources.wdi_lending_rate_2026_04_08_csv_gz }

    /// The World Bank's deposit interest rate, % (WDI, FR.INR.DPST, release 2026-04-08, as
    /// Datahub's long extract `Country Name,Country Code,Year,Value`), gzip-compressed as taken. CC BY 4.0.
    public static var depositRateGzip: [UInt8] { PackageResources.wdi_deposit_rate_2026_04_08_csv_gz }

    /// The World Bank's official exchange rate, LCU per US$, period average (WDI, PA.NUS.FCRF,
    /// updated 2025-07-01), gzip-compressed as downloaded. CC BY 4.0.
    public static var exchangeRateGzip: [UInt8] { PackageResources.wdi_exchange_rate_2025_07_01_csv_gz }

    /// The World Bank's PPP conversion factor, GDP, LCU per international $ (WDI, PA.NUS.PPP,
    /// updated 2025-03-24), gzip-compressed as downloaded. CC BY 4.0.
    public static var pppFactorGzip: [UInt8] { PackageResources.wdi_ppp_factor_2025_03_24_csv_gz }
}

extension BundledData {
    /// The bundled sample: a real MIX Market subset (MIX's own columns, country and region from
    /// MIX's MFI metadata), gzip-compressed CSV. CC BY-NC 4.0: see ``mixSampleAttribution``.
    public static var mixSampleGzip: [UInt8] { PackageResources.mix_sample_csv_gz }

    /// The name the sample goes by in messages and reports.
    public static let mixSampleName = "bundled MIX sample"

    /// Where the sample comes from and under which licence, as every message about it says.
    public static let mixSampleAttribution =
        "MIX Market data, World Bank Data Catalog (CC BY 4.0), from the panel"
        + " compiled by L. Rüter and M. Schienle (github.com/lottarueter/aMIRL), licensed CC BY-NC 4.0:"
        + " non-commercial use, with attribution; see the README"
}

extension BundledData {
    /// The demo of `micropanel poverty`: a SYNTHETIC client survey (720 interviews of two made-up
    /// institutions in three rounds), written by `micropanel-gen --kind survey --rows 720`.
    public static var demoSurvey: [UInt8] { PackageResources.poverty_demo_survey_csv }

    /// The demo's SYNTHETIC scorecard (`indicator,answer,points`; ten made-up questions, 0–100
    /// points), written by `micropanel-gen --kind scorecard`. Real scorecards belong to their owners.
    public static var demoScorecard: [UInt8] { PackageResources.poverty_demo_scorecard_csv }

    /// The demo's SYNTHETIC look-up table (`score,poverty_line,likelihood`; two made-up lines),
    /// written by `micropanel-gen --kind lookup`.
    public static var demoLookup: [UInt8] { PackageResources.poverty_demo_lookup_csv }
}

extension BundledData {
    /// The MicroRate-29 table: the figures of 29 Latin American MFIs as of 31 December 2001,
    /// published in Annex 2 of the MicroRate/IDB *Technical Guide* (2nd ed.), as printed, with
    /// MicroPanel's indicator ids as headers and each doubtful cell described in `source_note`.
    public static var microRate29: [UInt8] { PackageResources.microrate29_2001_csv }

    /// The name the MicroRate-29 table goes by in messages and source lines.
    public static let microRate29Name = "MicroRate-29 (MicroRate/IDB Technical Guide, Annex 2, 31 Dec 2001)"
}
