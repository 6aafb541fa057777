import FerryDomain
import Testing

@Suite struct PlateTests {
    /// Every spelling a counter's keyboard or a traveller's phone may give one plate.
    @Test(arguments: [
        "浙L12345", "浙l12345", "浙L 12345", "浙L-12345", "浙L·12345", "浙L.12345", "浙Ｌ１２３４５", "浙ｌ１２３４５",
        "浙L\u{3000}12345", "浙L\u{00A0}12345", "浙L\u{202F}12345", "浙L\u{2013}12345", "浙L\u{2014}12345", "浙L\u{FF0D}12345",
        "浙L\u{2212}12345", "浙L\u{FF0E}12345", "浙L\u{3002}12345", "浙L\u{30FB}12345", "浙L\u{200B}12345", "\u{FEFF}浙L12345",
        " 浙L12345 ", "浙L𝟏𝟐𝟑𝟒𝟓", "浙\u{216C}12345", "浙Lー12345",
    ])
    func everySpellingOfOnePlateIsTheSame(_ typed: String) {
        #expect(Plate.normalise(typed) == "浙L12345")
    }

    @Test func onlyLettersAndDigitsMakeAPlate() {
        #expect(Plate.isPlausible("浙L12345"))
        #expect(Plate.isPlausible("WJ浙12345"))
        #expect(Plate.isPlausible("粤Z1234港"))
        #expect(Plate.isPlausible("浙AD12345"))
        #expect(Plate.isPlausible("使014578"))
        // Lookalikes that are not the Latin letters and digits of a plate: Cyrillic А,
        // Arabic-Indic digits, Greek Ο.
        for text in ["浙L_12345", "浙L12345🚗", "浙L12345\u{0}", "L", "", "浙L123456789012345", "浙\u{0410}12345", "浙L١٢٣٤٥", "浙L1234\u{039F}"] {
            #expect(!Plate.isPlausible(Plate.normalise(text)), "\(text.debugDescription)")
        }
    }
}
