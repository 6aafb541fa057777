import FerryDomain
import FerryEngine
import FerryStore
import Logging
import ServiceLifecycle

/// Background upkeep as a Service, so it stops with the server: sweeps expired holds, keeps
/// sailings materialised as days pass and, once an hour, forgets idempotent answers a day old.
///
/// Availability never waits for it: expired holds stop counting the instant they lapse.
/// The sweep only writes down what has already happened, freeing identities and rows.
struct UpkeepService<Store: FerryStore>: Service {
    let engine: Engine<Store>
    let intervalSeconds: Double
    let logger: Logger

    func run() async throws {
        var lastMaterialisedDay = ""
        var lastForgotHour = -1.0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let expired = try await self.engine.expireHolds()
                if expired > 0 { self.logger.info("expired unpaid holds", metadata: ["count": "\(expired)"]) }
                let today = LocalTime.date(of: self.engine.clock.now()).description
                if today != lastMaterialisedDay {
                    let added = try await self.engine.materialise()
                    if added > 0 { self.logger.info("materialised sailings", metadata: ["added": "\(added)"]) }
                    lastMaterialisedDay = today
                }
                let hour = (self.engine.clock.now().timeIntervalSince1970 / 3600).rounded(.down)
                if hour != lastForgotHour {
                    let forgotten = try await self.engine.forgetOldIdempotentAnswers()
                    if forgotten > 0 { self.logger.info("forgot idempotent answers a day old", metadata: ["count": "\(forgotten)"]) }
                    lastForgotHour = hour
                }
            } catch {
                self.logger.error("upkeep failed; will retry", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown {
                try await Task.sleep(for: .seconds(self.intervalSeconds))
            }
        }
    }
}
