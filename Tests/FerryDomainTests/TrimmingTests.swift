import FerryDomain
import Testing

/// The byte-level text helpers every sale runs agree with the standard library's.
@Suite struct TrimmingTests {
    static let samples = [
        "", " ", "\u{3000}", "11010519491231002x", " 11010519491231002x\u{3000}", "\t浙l 12345 \n", "e12345678", "Straße", "éa1-·.",
        "ǆ", "\u{3000}\u{3000}a\u{3000}b\u{3000}", "a\u{0}b", "😀 x",
    ]

    @Test func upperCasedIsUppercased() {
        for s in Self.samples { #expect(s.upperCased == s.uppercased(), "\(s)") }
    }

    @Test func trimmedDropsUnicodeWhiteSpaceAtBothEnds() {
        #expect(" 11010519491231002x\u{3000}".trimmed == "11010519491231002x")
        #expect("\u{3000}\u{3000}a\u{3000}b\u{3000}".trimmed == "a\u{3000}b")
        #expect("\t浙l 12345 \n".trimmed == "浙l 12345")
        #expect(" \u{3000}\n".trimmed == "")
        #expect("😀 x".trimmed == "😀 x")
        #expect("abc".dropFirst().trimmed == "bc")
    }
}
