extension StringProtocol {
    /// Without leading and trailing white space (the ideographic space of Chinese input too).
    ///
    /// Swift-native: Foundation's `trimmingCharacters(in:)` bridges through NSString on Linux
    /// and was a visible share of a booking's time on the single writer.
    public var trimmed: String {
        let scalars = self.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        // Scalar indices are indices of the string itself: one copy of the bytes between.
        return String(self[first...last])
    }

    /// `uppercased()`, done byte by byte when the text is ASCII, as ID numbers and plates
    /// almost always are: Unicode case mapping is many times slower and they are upper-cased
    /// on every sale.
    public var upperCased: String {
        guard self.utf8.allSatisfy({ $0 < 0x80 }) else { return self.uppercased() }
        return String(decoding: self.utf8.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
    }

    /// Whether any character is a control character (NUL, line breaks, escape...): none
    /// belongs in a name or a plate, and SQLite's C string interface would cut text at a NUL.
    public var hasControlCharacters: Bool {
        self.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }
}
