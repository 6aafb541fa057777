import FerryAPI
import Foundation

/// Ports as people name them: the code (`XCY`), the English name (`Xiaocaiyuan`, `Luhua` for
/// Lühua), the Chinese name (`小菜园`), or the island's code (`SIJIAO`) for all its ports.
public enum PortNames {
    /// The code the API takes for what the user typed, or nil when nothing matches.
    public static func resolve(_ text: String, in ports: [PortJSON]) -> String? {
        let wanted = Self.fold(text)
        guard !wanted.isEmpty else { return nil }
        if let port = ports.first(where: {
            Self.fold($0.code) == wanted || Self.fold($0.name) == wanted || $0.nameZh == text.trimmingCharacters(in: .whitespaces)
        }) {
            return port.code
        }
        return ports.first { Self.fold($0.island) == wanted }?.island
    }

    /// Case, accents and spaces do not matter.
    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).filter { !$0.isWhitespace }
    }
}
