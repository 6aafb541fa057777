import FerryDomain
import FerryEngine
import FerryStore
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging

/// Builds the whole server. `ferryd` and the tests call this same function.
///
/// Opens (or creates) the database under the data directory, seeds the demo network on
/// first start, materialises sailings, registers the bootstrap admin key and wires the routes.
public func buildApplication(
    _ config: ServerConfig,
    clock: any FerryClock = SystemClock(),
    logger: Logger = Logger(label: "ferryd")
) async throws -> some ApplicationProtocol {
    // Made private when made here (the folder only, not folders above it); one a deployer
    // made is left as it is (see Deploy/).
    try config.check()
    if !FileManager.default.fileExists(atPath: config.dataDirectory) {
        do {
            try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: config.dataDirectory)
        } catch {
            throw StoreError.unusable(
                path: config.databasePath,
                reason: "the data directory \(config.dataDirectory) cannot be made (\((error as NSError).localizedDescription))"
            )
        }
    }
    let store = try GRDBStore(path: config.databasePath)
    // A database restored without its key would get a new one, and every ticket already sold
    // would be refused at the gate as forged: stop and say so, unless told the key is lost.
    if !config.newSigningKey, !FileManager.default.fileExists(atPath: config.signingKeyPath) {
        let outstanding = try await Engine.outstandingTickets(in: store, at: clock.now())
        guard outstanding == 0 else { throw StartupError.signingKeyMissing(path: config.signingKeyPath, outstandingTickets: outstanding) }
    }
    let signer = try TicketSigner.loadOrCreate(at: config.signingKeyPath)
    var policy = config.policy
    policy.onlinePaymentsByProviderCallback = config.paymentSecret != nil
    if config.paymentSecret == nil {
        logger.warning("online payments in demo mode: a traveller's pay with any paymentReference confirms it (set FERRY_PAYMENT_SECRET)")
    }
    let engine = Engine(store: store, signer: signer, clock: clock, policy: policy, logger: logger)
    try await engine.bootstrap(adminKey: config.adminKey)
    let onSale = try await engine.sailingsOnSale()

    let noticeJSON = NoticeJSONCache()
    let router = buildRouter(
        engine: engine,
        heartbeatSeconds: config.heartbeatSeconds,
        noticeJSON: noticeJSON,
        paymentSecret: config.paymentSecret.map { Array($0.utf8) }
    )
    var app = Application(
        router: router,
        server: HTTPServerBuilder { responder in
            DeadlinedChannel(
                inner: HTTP1WebSocketUpgradeChannel(
                    responder: responder,
                    configuration: .init(http1: .init(idleTimeout: ConnectionDeadlines.idle)),
                    shouldUpgrade: { request, _, _ in try await NoticeWebSocket.shouldUpgrade(request, engine: engine, json: noticeJSON) }
                )
            )
        },
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "ferryd"),
        onServerRunning: { channel in
            logger.info(
                "ferryd listening",
                metadata: [
                    "address": "\(channel.localAddress.map { "\($0)" } ?? "\(config.host):\(config.port)")",
                    "database": "\(config.databasePath)", "sailingsOnSale": "\(onSale)",
                ]
            )
        },
        logger: logger
    )
    app.addServices(UpkeepService(engine: engine, intervalSeconds: config.upkeepIntervalSeconds, logger: logger))
    return app
}

/// The routes of DESIGN §3 over one engine.
func buildRouter<S: FerryStore>(
    engine: Engine<S>,
    heartbeatSeconds: Double = 15,
    noticeJSON: NoticeJSONCache = NoticeJSONCache(),
    paymentSecret: [UInt8]? = nil
) -> Router<BasicRequestContext> {
    // HEAD is answered from GET, with GET's headers and no body (RFC 9110 §9.3.2).
    let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
    router.add(middleware: ProblemMiddleware())
    NetworkController(engine: engine).addRoutes(to: router)
    let idempotency = IdempotencyGate()
    BookingController(engine: engine, idempotency: idempotency).addRoutes(to: router)
    CheckinController(engine: engine, idempotency: idempotency).addRoutes(to: router)
    VehicleController(engine: engine).addRoutes(to: router)
    TimetableController(engine: engine).addRoutes(to: router)
    ScheduleController(engine: engine, heartbeatSeconds: heartbeatSeconds, json: noticeJSON).addRoutes(to: router)
    AdminController(engine: engine).addRoutes(to: router)
    PaymentController(engine: engine, secret: paymentSecret).addRoutes(to: router)
    router.add(middleware: MethodGuard(routes: router.routes.map { ("\($0.path)", $0.method) }))
    return router
}

/// Why the server does not start, said once, for whoever deploys it.
public enum StartupError: Error, CustomStringConvertible {
    case signingKeyMissing(path: String, outstandingTickets: Int)

    public var description: String {
        switch self {
        case .signingKeyMissing(let path, let outstanding):
            "the ticket-signing key \(path) is missing, yet the database holds \(outstanding) valid ticket(s) for sailings still "
                + "to come, signed with it. Restore the key from the same backup as the database (README, Deployment); "
                + "with a new key every one of those tickets would be refused at the gate. If the key is lost for good, "
                + "start once with --new-signing-key and reissue those tickets."
        }
    }
}
