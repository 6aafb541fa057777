import FerryAPI
import Testing

@testable import FerryClient

@Suite struct PortNamesTests {
    static let ports = [
        PortJSON(code: "XCY", name: "Xiaocaiyuan", nameZh: "小菜园", island: "SIJIAO"),
        PortJSON(code: "LZS", name: "Lizhushan", nameZh: "李柱山", island: "SIJIAO"),
        PortJSON(code: "SJW", name: "Shenjiawan", nameZh: "沈家湾", island: "XIAOYANGSHAN"),
        PortJSON(code: "LHA", name: "Lühua", nameZh: "绿华", island: "LUHUA"),
    ]

    /// What a traveller types at a pier: codes in any case, English names without accents,
    /// Chinese port names, and islands by code or Chinese name.
    @Test(arguments: [
        ("xcy", "XCY"), ("Xiaocaiyuan", "XCY"), ("小菜园", "XCY"), (" luhua ", "LHA"), ("绿华", "LHA"),
        ("sijiao", "SIJIAO"), ("泗礁", "SIJIAO"), ("小洋山", "XIAOYANGSHAN"),
    ])
    func namesResolveToTheCodesTheAPITakes(typed: String, code: String) throws {
        #expect(try PortNames.code(typed, in: Self.ports) == code)
    }

    /// An island the network has no port on, or a name of nothing, is refused with the codes to use.
    @Test func anUnknownPlaceIsRefusedWithTheKnownOnes() {
        #expect(PortNames.resolve("嵊山", in: Self.ports) == nil)
        let error = #expect(throws: FerryClientError.self) { try PortNames.code("Atlantis", in: Self.ports) }
        #expect(error?.description.contains("XCY, LZS, SJW, LHA") == true && error?.description.contains("SIJIAO") == true)
    }
}
