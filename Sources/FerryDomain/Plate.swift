import Foundation

/// Vehicle registration plates as the system compares them.
///
/// One plate may hold one place per sailing, and a green permit is found by its plate, so
/// every way a clerk or a traveller can type one plate must come out as the same text:
/// `浙L 12345`, `浙l-12345`, `浙L·12345` and the full-width `浙Ｌ１２３４５` a Chinese input
/// method gives are all `浙L12345`. A plate is Chinese characters, Latin capitals and
/// digits, nothing else, so that no lookalike (a Cyrillic `А`, an Arabic-Indic digit) can
/// pass for another plate.
public enum Plate {
    /// Compatibility forms folded (NFKC: full-width `Ｌ`, mathematical `𝟏`, the numeral `Ⅼ`
    /// become `L`, `1`, `L`), every space, dash, dot and invisible formatting character
    /// removed, letters upper-cased.
    public static func normalise(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.precomposedStringWithCompatibilityMapping.unicodeScalars {
            if scalar.properties.isWhitespace || Self.separators.contains(scalar) { continue }
            switch scalar.properties.generalCategory {
            case .dashPunctuation, .format: continue
            default: scalars.append(scalar)
            }
        }
        return String(scalars).upperCased
    }

    /// Whether normalised text can be a plate: 2 to 16 of Chinese characters (the province,
    /// and suffixes such as 学, 警, 港, 挂), Latin capitals and digits.
    public static func isPlausible(_ normalised: String) -> Bool {
        (2...16).contains(normalised.unicodeScalars.count)
            && normalised.unicodeScalars.allSatisfy { s in
                ("A"..."Z").contains(s) || ("0"..."9").contains(s) || (0x4E00...0x9FFF).contains(s.value) || (0x3400...0x4DBF).contains(s.value)
            }
    }

    /// Dots and a minus sign people put between a plate's parts; dashes and spaces are found
    /// by their Unicode category.
    /// (`ー`, the long-vowel mark, is what Chinese and Japanese input methods give for a dash.)
    private static let separators: Set<Unicode.Scalar> = [".", "·", "・", "。", "‧", "•", "\u{2212}", "ー"]
}
