import FerryDomain
import Foundation
import GRDB

/// The store's queries over one open GRDB transaction.
public struct GRDBTransaction: StoreTransaction {
    let db: Database
    /// Run once the transaction this write belongs to has committed; dropped if it rolls back.
    let afterCommitActions = AfterCommitActions()

    public func afterCommit(_ action: @escaping @Sendable () -> Void) {
        self.afterCommitActions.list.append(action)
    }

    // MARK: Statements

    /// `IdentityDocument.key` in SQL, over the `id_type` and `id_number` columns of `table`
    /// (a prefix such as `p.`).
    static func identityKey(_ table: String) -> String {
        let kinds = DocumentType.allCases.map { "WHEN '\($0.rawValue)' THEN '\($0.identityKind)'" }.joined(separator: " ")
        return "(CASE \(table)id_type \(kinds) END || ':' || \(table)id_number)"
    }

    // Every query goes through SQLite's prepared-statement cache: compiling and authorising
    // SQL was a tenth of the CPU of a booking when statements were prepared anew each time.

    func execute(sql: String, arguments: StatementArguments = []) throws {
        try self.db.cachedStatement(sql: sql).execute(arguments: arguments)
    }

    func rows(sql: String, arguments: StatementArguments = []) throws -> [Row] {
        try Row.fetchAll(self.db.cachedStatement(sql: sql), arguments: arguments)
    }

    func row(sql: String, arguments: StatementArguments = []) throws -> Row? {
        try Row.fetchOne(self.db.cachedStatement(sql: sql), arguments: arguments)
    }

    func value<V: DatabaseValueConvertible & StatementColumnConvertible>(
        _: V.Type,
        sql: String,
        arguments: StatementArguments = []
    ) throws -> V? {
        try V.fetchOne(self.db.cachedStatement(sql: sql), arguments: arguments)
    }

    func values<V: DatabaseValueConvertible & StatementColumnConvertible>(
        _: V.Type,
        sql: String,
        arguments: StatementArguments = []
    ) throws -> [V] {
        try V.fetchAll(self.db.cachedStatement(sql: sql), arguments: arguments)
    }
}

/// The actions one write registered with `afterCommit`; touched only on the writer's queue.
final class AfterCommitActions: @unchecked Sendable {
    var list: [@Sendable () -> Void] = []
}
