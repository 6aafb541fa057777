/// The Shengsi network a fresh server starts with: real ports, plausible boats and timetables.
///
/// Timetables are daily, valid from the first start and open-ended, so that sailings exist
/// across the whole booking window whatever the date a newcomer tries it.
public struct DemoNetwork: Sendable {
    public let ports: [FerryPort]
    public let vessels: [Vessel]
    public let routes: [Route]
    public let timetables: [Timetable]

    public init(validFrom: LocalDate) {
        self.ports = [
            FerryPort(code: "XCY", name: "Xiaocaiyuan", nameZh: "小菜园", island: "SIJIAO"),
            FerryPort(code: "LZS", name: "Lizhushan", nameZh: "李柱山", island: "SIJIAO"),
            FerryPort(code: "SJW", name: "Shenjiawan", nameZh: "沈家湾", island: "XIAOYANGSHAN"),
            FerryPort(code: "DYS", name: "Dayangshan", nameZh: "大洋山", island: "DAYANGSHAN"),
            FerryPort(code: "SSN", name: "Shengshan", nameZh: "嵊山", island: "SHENGSHAN"),
            FerryPort(code: "GQI", name: "Gouqi", nameZh: "枸杞", island: "GOUQI"),
            FerryPort(code: "HLG", name: "Huanglong", nameZh: "黄龙", island: "HUANGLONG"),
            FerryPort(code: "HNA", name: "Huaniao", nameZh: "花鸟", island: "HUANIAO"),
            FerryPort(code: "LHA", name: "Lühua", nameZh: "绿华", island: "LUHUA"),
            FerryPort(code: "SJG", name: "Zhoushan Sanjiang", nameZh: "舟山三江", island: "ZHOUSHAN"),
        ]
        self.vessels = [
            Vessel(id: "zhouqiao-7", name: "舟桥7", certifiedHeadcount: 480, seats: [.economy: 460], deckUnits: 30),
            Vessel(id: "zhouqiao-9", name: "舟桥9", certifiedHeadcount: 400, seats: [.economy: 380], deckUnits: 24),
            Vessel(id: "sijiao-kuai-1", name: "泗礁快1", certifiedHeadcount: 300, seats: [.economy: 260, .business: 40], deckUnits: 0),
            Vessel(id: "lihai-2", name: "利海2", certifiedHeadcount: 220, seats: [.economy: 200], deckUnits: 0),
            Vessel(id: "shengsi-6", name: "嵊泗6", certifiedHeadcount: 130, seats: [.economy: 122], deckUnits: 0),
            Vessel(id: "huaniao-ferry", name: "花鸟渡1", certifiedHeadcount: 66, seats: [.economy: 60], deckUnits: 0),
            Vessel(id: "luhua-ferry", name: "绿华渡1", certifiedHeadcount: 56, seats: [.economy: 50], deckUnits: 0),
        ]
        let carFares: [VehicleKind: Int] = [.car: 20000, .van: 35000, .truck: 60000, .bus: 60000]
        let farCarFares: [VehicleKind: Int] = [.car: 26000, .van: 45000, .truck: 78000, .bus: 78000]
        // (from, to, minutes, economy, business, vehicle fares, vessel, departures "HHMM" out, back)
        let lines: [(String, String, Int, Int, Int?, [VehicleKind: Int], String, [Int], [Int])] = [
            ("SJW", "XCY", 100, 13800, 19800, [:], "sijiao-kuai-1", [730, 1000, 1330, 1630], [700, 930, 1300, 1600]),
            ("SJW", "LZS", 130, 11000, nil, carFares, "zhouqiao-7", [800, 1400], [730, 1330]),
            ("SJG", "XCY", 180, 16000, nil, farCarFares, "zhouqiao-9", [830], [1330]),
            ("XCY", "GQI", 60, 4500, nil, [:], "lihai-2", [730, 1430], [900, 1600]),
            ("GQI", "SSN", 20, 1500, nil, [:], "lihai-2", [840, 1540], [820, 1520]),
            ("XCY", "DYS", 70, 5000, nil, [:], "shengsi-6", [800], [1500]),
            ("LZS", "HLG", 50, 3500, nil, [:], "shengsi-6", [1100], [1300]),
            ("XCY", "HNA", 55, 4000, nil, [:], "huaniao-ferry", [820, 1500], [1000, 1630]),
            ("XCY", "LHA", 50, 3800, nil, [:], "luhua-ferry", [840], [1430]),
        ]
        var routes: [Route] = []
        var timetables: [Timetable] = []
        for (from, to, minutes, economy, business, vehicleFares, vessel, outbound, inbound) in lines {
            var fares: [SeatClass: Int] = [.economy: economy]
            if let business { fares[.business] = business }
            for (a, b, times) in [(from, to, outbound), (to, from, inbound)] {
                let route = Route(
                    id: "\(a)-\(b)",
                    from: a,
                    to: b,
                    durationMinutes: minutes,
                    salesOpenDays: 60,
                    fares: fares,
                    vehicleFares: vehicleFares
                )
                routes.append(route)
                for hhmm in times {
                    timetables.append(
                        Timetable(
                            id: String(format: "%@-%04d", route.id, hhmm),
                            routeId: route.id,
                            daysOfWeek: Set(1...7),
                            departureMinute: hhmm / 100 * 60 + hhmm % 100,
                            vesselId: vessel,
                            validFrom: validFrom,
                            validTo: nil
                        )
                    )
                }
            }
        }
        // Zhoushan's fresh-produce trucks cross to Sijiao every morning: that route keeps a
        // larger green-channel reserve than the 20% default.
        self.routes = routes.map { r in
            guard r.id == "SJG-XCY" || r.id == "XCY-SJG" else { return r }
            return Route(
                id: r.id,
                from: r.from,
                to: r.to,
                durationMinutes: r.durationMinutes,
                salesOpenDays: r.salesOpenDays,
                fares: r.fares,
                vehicleFares: r.vehicleFares,
                reserves: DeckReserves(green: 8)
            )
        }
        self.timetables = timetables
    }
}
