import FerryAPI
import FerryDomain
import Testing

@testable import FerryClient

@Suite struct DisplayTests {
    @Test func moneyIsYuanWithTwoDecimals() {
        #expect(Display.money(0) == "¥0.00")
        #expect(Display.money(5) == "¥0.05")
        #expect(Display.money(12050) == "¥120.50")
        #expect(Display.money(-300) == "-¥3.00")
    }

    /// The sentence after `ferry refund`: one way, each way its share, or nowhere (a free
    /// child's ticket costs nothing); an earlier refund of others is not part of it.
    @Test func aRefundSaysWhereEachShareGoes() {
        func result(_ refunded: Int, fee: Int, _ entries: [(Int, String, [Int])]) -> RefundResultJSON {
            var b = BookingJSON(
                reference: "K7QX2M",
                token: nil,
                status: "confirmed",
                sailingId: "S",
                channel: "online",
                createdAt: "2026-11-29T10:00:00+08:00",
                expiresAt: nil,
                totalFen: 0,
                paidFen: 0,
                contact: nil,
                passengers: [],
                vehicles: [],
                payments: []
            )
            b.refunds = entries.enumerated().map { i, e in
                RefundJSON(
                    id: "R\(i)",
                    amountFen: e.0,
                    feeFen: 0,
                    method: e.1,
                    reason: "refund",
                    passengers: e.2,
                    vehicles: [],
                    refundedBy: "traveller",
                    refundedAt: "2026-11-29T11:00:00+08:00"
                )
            }
            return RefundResultJSON(refundedFen: refunded, feeFen: fee, booking: b)
        }
        #expect(Display.refunded(result(4950, fee: 550, [(4950, "online", [0])])) == "Refunded ¥49.50 back to your online payment (fee ¥5.50).")
        #expect(
            Display.refunded(result(6900, fee: 0, [(100, "wechat", [0]), (2700, "online", [1]), (4200, "cash_due", [1])]))
                == "Refunded ¥69.00: ¥27.00 back to your online payment and ¥42.00 to collect in cash at any counter (fee ¥0.00)."
        )
        #expect(Display.refunded(result(0, fee: 0, [(0, "cash_due", [1])])) == "Refunded ¥0.00 (fee ¥0.00).")
    }

    @Test func timesAreShownInLocalTime() {
        #expect(Display.time("2026-11-30T07:30:00+08:00") == "2026-11-30 07:30")
        // Another offset is still shown in Asia/Shanghai time.
        #expect(Display.time("2026-11-29T23:30:00Z") == "2026-11-30 07:30")
        #expect(Display.clock("2026-11-30T07:30:00+08:00") == "07:30")
    }

    @Test func departuresAsPeopleTypeThem() {
        #expect(Display.departure("09:10", on: "2026-11-30") == "2026-11-30T09:10:00+08:00")
        #expect(Display.departure("2026-12-01 06:05") == "2026-12-01T06:05:00+08:00")
        #expect(Display.departure("2026-12-01T06:05") == "2026-12-01T06:05:00+08:00")
        #expect(Display.departure("2026-12-01T06:05:00+08:00") == "2026-12-01T06:05:00+08:00")
        #expect(Display.departure("09:10") == nil)  // no date to put it on
        #expect(Display.departure("25:00", on: "2026-11-30") == nil)
        #expect(Display.departure("2026-02-30 09:00") == nil)
        #expect(Display.departure("soon", on: "2026-11-30") == nil)
    }

    /// A sailing not on sale yet says from when, so a traveller is not surprised by a refusal.
    @Test func aSailingNotOnSaleYetSaysWhenItWillBe() throws {
        let sailing = SailingJSON(
            id: "SJW-LZS-20270129-1400",
            routeId: "SJW-LZS",
            from: "SJW",
            to: "LZS",
            scheduledDeparture: "2027-01-29T14:00:00+08:00",
            departure: "2027-01-29T14:00:00+08:00",
            arrival: "2027-01-29T16:10:00+08:00",
            vessel: .init(id: "zhouqiao-7", name: "舟桥7"),
            status: "scheduled",
            salesOpenAt: "2026-11-30T14:00:00+08:00",
            headcount: .init(certified: 480, available: 480),
            seats: [.init(class: "economy", total: 460, available: 460, fareFen: 11000)],
            vehicles: nil
        )
        let before = try #require(LocalTime.parse("2026-11-29T10:00:00+08:00"))
        let after = try #require(LocalTime.parse("2026-11-30T14:00:00+08:00"))
        #expect(Display.sailings([sailing], now: before).contains("scheduled, on sale 2026-11-30 14:00"))
        #expect(!Display.sailings([sailing], now: after).contains("on sale"))
        // Online sales close 30 minutes before departure.
        var closing = sailing
        closing.salesCloseAt = "2027-01-29T13:30:00+08:00"
        #expect(!Display.status(closing, now: try #require(LocalTime.parse("2027-01-29T13:29:59+08:00"))).contains("closed"))
        #expect(Display.status(closing, now: try #require(LocalTime.parse("2027-01-29T13:30:00+08:00"))) == "scheduled, sales closed")
        // Fog: why, and when the decision comes.
        var pending = closing
        pending.status = "weather_pending"
        pending.reason = "weather_fog"
        pending.decisionAt = "2027-01-29T11:00:00+08:00"
        #expect(Display.status(pending, now: after) == "weather pending (fog), decision 2027-01-29 11:00")
        // Cancelled: nothing to buy.
        var cancelled = pending
        cancelled.status = "cancelled"
        cancelled.decisionAt = nil
        let row = Display.sailings([cancelled], now: after)
        #expect(row.contains("cancelled (fog)") && !row.contains("economy"))
    }

    /// Chinese names take two terminal cells: columns still line up.
    @Test func tablesAlignWideCharacters() {
        let table = Display.table(["VESSEL", "SEATS"], [["利海2", "200"], ["泗礁快1", "300"], ["ro-ro", "460"]])
        #expect(table == "VESSEL   SEATS\n利海2    200\n泗礁快1  300\nro-ro    460")
    }

    /// A notice's text cannot move the cursor or recolour a pier screen: control characters
    /// print as spaces, and the notice stays on one line.
    @Test func aNoticesTextPrintsAsOneHarmlessLine() {
        #expect(Display.printable("大雾\u{1B}[2J停航\r\n明日\u{9B}31m恢复") == "大雾 [2J停航  明日 31m恢复")
        #expect(Display.printable("Fog at Gouqi") == "Fog at Gouqi")
    }
}
