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
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
