/// A staff key's role; each includes the ones before it.
public enum StaffRole: String, Sendable, Codable, CaseIterable, Comparable {
    case counter, `operator`, admin

    private var rank: Int {
        switch self {
        case .counter: 0
        case .operator: 1
        case .admin: 2
        }
    }

    public static func < (lhs: StaffRole, rhs: StaffRole) -> Bool { lhs.rank < rhs.rank }

    /// Whether this role may do what `required` may.
    public func includes(_ required: StaffRole) -> Bool { self >= required }
}
