/// The Okabe–Ito colours, which readers with any common colour-vision deficiency tell apart;
/// groups take them in order (black last), then again from the start.
enum Palette {
    static let okabeIto = [
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
    ]

    /// The colour of group number `index`.
    static func color(_ index: Int) -> String { okabeIto[index % okabeIto.count] }

    /// The one colour of a figure without groups.
    static let single = okabeIto[0]
    /// Reference and median lines.
    static let reference = "#555555"
    /// Grid lines.
    static let grid = "#E5E5E5"
}
