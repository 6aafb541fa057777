import ArgumentParser
import FerryServer
import FerryStore
import Foundation
import Hummingbird
import Logging

/// The ferry ticketing server.
@main
struct Ferryd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ferryd",
        abstract: "Serve the ferry ticketing API.",
        discussion: """
            With no arguments, serves on 127.0.0.1:8080 from ./data/ferry.sqlite, seeding the demo
            Shengsi network on first start. FERRY_HOST, FERRY_PORT, FERRY_DATA_DIR and
            FERRY_ADMIN_KEY set the same things from the environment; flags win.
            FERRY_PAYMENT_SECRET, the payment provider's signing secret, turns demo-mode
            online payments off: only the provider's signed callback confirms them. Policies:
            FERRY_HOLD_MINUTES, FERRY_ONLINE_CUTOFF_MINUTES, FERRY_COUNTER_CUTOFF_MINUTES,
            FERRY_GREEN_RESERVE_PERCENT, FERRY_RESIDENT_RESERVE_PERCENT,
            FERRY_RESIDENT_RELEASE_HOURS, FERRY_GREEN_RELEASE_HOURS, FERRY_BOARDING_OPEN_MINUTES,
            FERRY_REFUND_TIERS, FERRY_REBOOK_FREE_HOURS, FERRY_REBOOK_FEE_PERCENT,
            FERRY_REBOOK_CUTOFF_MINUTES, FERRY_DISRUPTION_DELAY_MINUTES.

            Examples:
              ferryd
              FERRY_ADMIN_KEY=$(openssl rand -hex 24) ferryd --port 9000 --data-dir /var/lib/ferry
            """
    )

    @Option(help: "Address to listen on (FERRY_HOST).") var host: String?
    @Option(help: "Port to listen on (FERRY_PORT).") var port: Int?
    @Option(help: "Directory for ferry.sqlite (FERRY_DATA_DIR).") var dataDir: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (FERRY_LOG_LEVEL).") var logLevel: String?
    @Flag(help: "Make a new ticket-signing key although the database holds valid tickets signed with a lost one.")
    var newSigningKey = false

    func run() async throws {
        let env = ProcessInfo.processInfo.environment
        var config = ServerConfig()
        do {
            try config.apply(environment: env)
            if let host { config.host = host }
            if let port { config.port = port }
            if let dataDir { config.dataDirectory = dataDir }
            config.newSigningKey = self.newSigningKey
            try config.check()
        } catch let error as ConfigError {
            throw ValidationError(error.message)
        }
        var logger = Logger(label: "ferryd")
        let level = self.logLevel ?? env["FERRY_LOG_LEVEL"] ?? "info"
        guard let parsed = Logger.Level(rawValue: level) else { throw ValidationError("Unknown log level \(level).") }
        logger.logLevel = parsed
        let app: any ApplicationProtocol
        do {
            app = try await buildApplication(config, logger: logger)
        } catch {
            // A damaged, busy or unreachable database, a missing signing key: one line, and a
            // status of its own (sysexits' EX_DATAERR), which systemd is told not to restart on.
            logger.critical("\(error)")
            throw ExitCode(65)
        }
        do {
            try await app.runService()
        } catch {
            // Most often the address is taken (another ferryd?): say which one.
            logger.critical("ferryd on \(config.host):\(config.port) stopped: \(error)")
            throw ExitCode(1)
        }
        logger.info("ferryd stopped")
    }
}
