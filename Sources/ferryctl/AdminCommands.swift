import ArgumentParser
import FerryAPI
import FerryClient
import FerryCommandLine
import Foundation

struct KeyCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Staff keys (admin).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a staff key; it is shown once, here, and stored only as a hash.",
            discussion: "Example: ferryctl keys create --role counter --label \"Shenjiawan counter 2\""
        )
        @Option(help: "counter (ticket counters and gates), operator (dispatchers) or admin.") var role: Role
        @Option(help: "Who or what holds it, e.g. \"Xiaocaiyuan gate 1\".") var label: String
        @OptionGroup var connection: ServerOptions

        enum Role: String, ExpressibleByArgument, CaseIterable {
            case counter, `operator`, admin
        }

        func execute() async throws {
            let key = try await self.connection.client().createKey(role: self.role.rawValue, label: self.label)
            self.connection.show(key) { k in
                """
                Created \(k.role) key \(k.id) for “\(k.label)”.
                Key: \(k.key)
                Hand it over now: the server keeps only its hash and cannot show it again.
                """
            }
        }
    }

    struct List: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "List staff keys, revoked ones included (never the keys themselves).",
            discussion: "Example: ferryctl keys list"
        )
        @OptionGroup var connection: ServerOptions

        func execute() async throws {
            let keys = try await self.connection.client().keys()
            self.connection.show(keys) { list in
                Display.table(
                    ["ID", "ROLE", "LABEL", "CREATED", "STATUS"],
                    list.map { k in
                        [k.id, k.role, k.label, Display.time(k.createdAt), k.revokedAt.map { "revoked \(Display.time($0))" } ?? "active"]
                    }
                )
            }
        }
    }

    struct Revoke: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a staff key at once: a counter PC lost, a clerk gone.",
            discussion: """
                Its next request is refused (401). Revoked keys stay listed. To replace the key \
                FERRY_ADMIN_KEY set, restart ferryd with a new FERRY_ADMIN_KEY: keys an earlier \
                one gave are revoked then.
                Example: ferryctl keys revoke key_Qm3tX9aL
                """
        )
        @Argument(help: "The key's id, as `keys list` shows it.") var id: String
        @OptionGroup var connection: ServerOptions

        func execute() async throws {
            let key = try await self.connection.client().revokeKey(id: self.id)
            self.connection.show(key) { "Revoked \($0.role) key \($0.id) for “\($0.label)”." }
        }
    }
}

struct Backup: ToolCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download a consistent copy of the server's database (admin), while it keeps serving.",
        discussion: """
            The copy is made with SQLite's online backup API in one read snapshot, so it holds every \
            booking committed before it started and nothing half-written. It is written readable by \
            you only: it holds travellers' names and document numbers. Keep the server's \
            ticket-signing-key.pem with it. To restore: stop ferryd, put the copy in place as \
            ferry.sqlite in its data directory (removing any ferry.sqlite-wal and ferry.sqlite-shm \
            beside it), start ferryd; it checks the file before serving. Notices published after \
            the copy was made are lost with it, and clients may have seen them: the restored server \
            numbers its next notice 1,000,000 past the copy's last, so followers miss nothing new.

            Example: ferryctl backup /var/backups/ferry/ferry-$(date +%F).sqlite
            """
    )
    @Argument(help: "Where to write the copy; an existing file is kept unless --force.") var path: String
    @Flag(help: "Replace an existing file.") var force = false
    @OptionGroup var connection: ServerOptions

    func execute() async throws {
        if !self.force, FileManager.default.fileExists(atPath: self.path) {
            throw FerryClientError.usage("\(self.path) exists; choose another name or add --force.")
        }
        let data = try await self.connection.client().backup()
        try PrivateFile.write(data, to: self.path)
        self.connection.show(BackupMade(path: self.path, bytes: data.count)) { "Backed up \($0.bytes) bytes to \($0.path)." }
    }

    /// What `--json` prints: the byte count a number, as scripts compare it.
    struct BackupMade: Encodable {
        let path: String
        let bytes: Int
    }
}

struct PermitCommands: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "permits",
        abstract: "Green-channel permits: vehicles that may use the green vehicle pool (operator).",
        subcommands: [Add.self, List.self, Revoke.self]
    )

    struct Add: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Register a green-channel permit for a plate over a period.",
            discussion: "Example: ferryctl permits add 沪A12345 --permit LS-2026-0042 --from 2026-12-01 --to 2026-12-31 --purpose \"fresh produce\""
        )
        @Argument(help: "The vehicle's plate.") var plate: String
        @Option(help: "The permit number.") var permit: String
        @Option(help: "First valid date, YYYY-MM-DD.") var from: String
        @Option(help: "Last valid date, YYYY-MM-DD.") var to: String
        @Option(help: "What it carries.") var purpose: String?
        @OptionGroup var connection: ServerOptions

        func execute() async throws {
            let permit = try await self.connection.client().addGreenPermit(
                CreateGreenPermitRequest(plate: self.plate, permit: self.permit, validFrom: self.from, validTo: self.to, purpose: self.purpose)
            )
            self.connection.show(permit) { "Registered green permit \($0.id): \($0.plate), permit \($0.permit), \($0.validFrom) to \($0.validTo)." }
        }
    }

    struct List: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "List green-channel permits, revoked ones included.",
            discussion: "Example: ferryctl permits list --plate 浙L12345"
        )
        @Option(help: "Only this plate.") var plate: String?
        @OptionGroup var connection: ServerOptions

        func execute() async throws {
            let permits = try await self.connection.client().greenPermits(plate: self.plate)
            self.connection.show(permits) { list in
                guard !list.isEmpty else { return "No green permits." }
                return Display.table(
                    ["ID", "PLATE", "PERMIT", "VALID", "PURPOSE", "STATUS"],
                    list.map { p in
                        [
                            p.id, p.plate, p.permit, "\(p.validFrom) to \(p.validTo)", p.purpose ?? "",
                            p.revokedAt.map { "revoked \(Display.time($0))" } ?? "active",
                        ]
                    }
                )
            }
        }
    }

    struct Revoke: ToolCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a green-channel permit.",
            discussion: "Example: ferryctl permits revoke GPYE2YMT6D9THA"
        )
        @Argument(help: "The permit's id, as `permits list` shows it.") var id: String
        @OptionGroup var connection: ServerOptions

        func execute() async throws {
            let permit = try await self.connection.client().revokeGreenPermit(self.id)
            self.connection.show(permit) { "Revoked green permit \($0.id) (\($0.plate))." }
        }
    }
}
