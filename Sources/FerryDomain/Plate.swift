/// Vehicle registration plates as the system compares them.
///
/// One plate may hold one place per sailing, and a green permit is found by its plate, so
/// every way a clerk or a traveller can type one plate must come out as the same text:
/// `浙L 12345`, `浙l-12345`, `浙L·12345` and the full-width `浙Ｌ１２３４５` a Chinese input
/// method gives are all `浙L12345`.
public enum Plate {
    /// Full-width letters and digits made half-width, every space, dash, dot and invisible
    /// formatting character removed, letters upper-cased.
    public static func normalise(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            // U+FF01...U+FF5E are the full-width forms of ASCII 0x21...0x7E.
            let s = (0xFF01...0xFF5E).contains(scalar.value) ? Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar : scalar
            if s.properties.isWhitespace || Self.separators.contains(s) { continue }
            switch s.properties.generalCategory {
            case .dashPunctuation, .format: continue
            default: scalars.append(s)
            }
        }
        return String(scalars).upperCased
    }

    /// Whether normalised text can be a plate: 2 to 16 letters (Chinese characters included)
    /// and digits, nothing else.
    public static func isPlausible(_ normalised: String) -> Bool {
        (2...16).contains(normalised.count)
            && normalised.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.generalCategory == .decimalNumber }
    }

    /// Dots and a minus sign people put between a plate's parts; dashes and spaces are found
    /// by their Unicode category.
    private static let separators: Set<Unicode.Scalar> = [".", "·", "・", "。", "‧", "•", "\u{2212}"]
}
