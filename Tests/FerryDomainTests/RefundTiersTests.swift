import FerryDomain
import Testing

/// `FERRY_REFUND_TIERS` as an operator writes it: a typo is refused at start, never read as
/// some other policy.
@Suite struct RefundTiersTests {
    @Test func theTiersAsWritten() throws {
        let tiers = try #require(RefundPolicy.tiers("48:0,24:5,2:10,0:20"))
        #expect(tiers.map(\.hoursLeft) == [48, 24, 2, 0])
        #expect(tiers.map(\.percent) == [0, 5, 10, 20])
    }

    @Test(arguments: [
        "", "24:0,,0:20", "24:0,0:20,", "24:0,2:10", "2:10,24:0,0:20", "24:0,24:10,0:20", "24:0,0:101", "-1:0,0:20", "24:0;0:20",
        "24:0:1,0:20", "24:x,0:20",
    ])
    func aTypoIsRefused(text: String) {
        #expect(RefundPolicy.tiers(text) == nil)
    }
}
