import FerryAPI
import Foundation

/// Ports as people name them: the code (`XCY`), the English name (`Xiaocaiyuan`, `Luhua` for
/// Lühua), the Chinese name (`小菜园`), or the island, by code (`SIJIAO`) or Chinese name
/// (`泗礁`), for all its ports.
public enum PortNames {
    /// The API names islands by code only; travellers name the county's islands in Chinese.
    /// (An island named like its one port, 嵊山 or 枸杞, is found by the port's name.)
    static let islandsZh = [
        "泗礁": "SIJIAO", "泗礁山": "SIJIAO", "小洋山": "XIAOYANGSHAN", "枸杞岛": "GOUQI", "花鸟岛": "HUANIAO",
        "舟山": "ZHOUSHAN", "舟山本岛": "ZHOUSHAN",
    ]

    /// The code the API takes for what the user typed, or nil when nothing matches.
    public static func resolve(_ text: String, in ports: [PortJSON]) -> String? {
        let wanted = Self.fold(text)
        guard !wanted.isEmpty else { return nil }
        let typed = text.trimmingCharacters(in: .whitespaces)
        if let port = ports.first(where: { Self.fold($0.code) == wanted || Self.fold($0.name) == wanted || $0.nameZh == typed }) {
            return port.code
        }
        if let island = Self.islandsZh[typed], ports.contains(where: { $0.island == island }) { return island }
        return ports.first { Self.fold($0.island) == wanted }?.island
    }

    /// As `resolve`, refusing (a usage error, exit 2) what names no port or island.
    public static func code(_ text: String, in ports: [PortJSON]) throws -> String {
        guard let code = Self.resolve(text, in: ports) else {
            let islands = Array(Set(ports.map(\.island))).sorted()
            throw FerryClientError.usage(
                "There is no port or island called \"\(text)\": ports are \(ports.map(\.code).joined(separator: ", ")); "
                    + "islands \(islands.joined(separator: ", ")) (names in English or Chinese work too)."
            )
        }
        return code
    }

    /// Case, accents and spaces do not matter.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).filter { !$0.isWhitespace }
    }
}
