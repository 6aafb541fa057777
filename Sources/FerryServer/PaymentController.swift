import FerryAPI
import FerryCrypto
import FerryDomain
import FerryEngine
import FerryStore
import Foundation
import Hummingbird

/// The payment provider's signed callback, which confirms online payments when a provider is
/// configured (`FERRY_PAYMENT_SECRET`). Without one the server runs in demo mode and the
/// traveller's own `pay` stands in for it, so this route answers `404`.
struct PaymentController<Store: FerryStore> {
    let engine: Engine<Store>
    /// The secret shared with the provider; nil in demo mode.
    let secret: [UInt8]?

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/v1/payments/callback") { request, context in
            guard let signature = request.headers[PaymentSignature.header] else {
                throw FerryError(.unauthorized, "A payment callback carries X-Payment-Signature.")
            }
            guard let secret = self.secret else {
                throw FerryError(.notFound, "This server confirms online payments in demo mode: it takes no provider callbacks.")
            }
            let buffer = try await request.body.collect(upTo: Wire.maxBodyBytes)
            let body = Array(buffer.readableBytesView)
            do {
                try PaymentSignature.verify(signature, body: body, secret: secret, now: self.engine.clock.now())
            } catch {
                // Money is confirmed on this signature alone: a forged or replayed one is worth a look.
                context.logger.warning("payment callback refused", metadata: ["reason": "\(error)"])
                throw error
            }
            let callback = try Wire.decode(PaymentCallbackRequest.self, from: buffer)
            let booking = try await self.engine.confirmOnlinePayment(
                reference: callback.reference.uppercased(),
                paymentReference: callback.paymentReference,
                amountFen: callback.amountFen
            )
            return try Wire.response(BookingJSON(booking, token: nil), noStore: true)
        }
    }
}
