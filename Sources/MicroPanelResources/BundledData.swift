/// Reference data compiled into MicroPanel, so no file beside the executable is needed.
/// Provenance and licences: `Resources/README.md`.
public enum BundledData {
    /// The World Bank's GNI per capita table (WDI, NY.GNP.PCAP.CD, updated 2024-06-28),
    /// gzip-compressed as downloaded. CC BY 4.0.
    public static var gniPerCapitaGzip: [UInt8] { PackageResources.wdi_gni_per_capita_2024_csv_gz }
}
