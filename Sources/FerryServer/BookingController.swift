import FerryAPI
import FerryDomain
import FerryEngine
import FerryStore
import Foundation
import Hummingbird

/// Creating, reading and paying bookings. Every answer carries `Cache-Control: no-store`.
struct BookingController<Store: FerryStore> {
    let engine: Engine<Store>
    let idempotency: IdempotencyGate

    func addRoutes(to router: Router<some RequestContext>) {
        router.post("/v1/bookings") { request, _ in
            let caller = try await Caller.identify(request, engine: self.engine)
            let buffer = try await request.body.collect(upTo: Wire.maxBodyBytes)
            return try await self.idempotency.run(request, body: buffer, engine: self.engine) { answering in
                let body = try Wire.decode(CreateBookingRequest.self, from: buffer)
                let render: @Sendable ((booking: Booking, token: String)) throws -> (HTTPResponse.Status, Data) = {
                    (.created, try Wire.encode(BookingJSON($0.booking, token: $0.token)))
                }
                return try render(try await self.engine.book(try body.domain(channel: caller.channel), answer: answering?.answer(render)))
            }
        }
        router.get("/v1/bookings/:reference") { request, context in
            let reference = try context.parameters.require("reference").uppercased()
            let caller = try await Caller.identify(request, engine: self.engine)
            let token = try await caller.requireBookingAccess(reference, engine: self.engine)
            return try Wire.response(BookingJSON(try await self.engine.booking(reference: reference), token: token), noStore: true)
        }
        router.post("/v1/bookings/:reference/pay") { request, context in
            let reference = try context.parameters.require("reference").uppercased()
            let caller = try await Caller.identify(request, engine: self.engine)
            let buffer = try await request.body.collect(upTo: Wire.maxBodyBytes)
            return try await self.idempotency.run(request, ids: [reference], body: buffer, engine: self.engine) { answering in
                let token = try await caller.requireBookingAccess(reference, engine: self.engine)
                let body = try Wire.decode(PayRequest.self, from: buffer)
                let method = try Wire.paymentMethod(body.method)
                let render: @Sendable (Booking) throws -> (HTTPResponse.Status, Data) = { (.ok, try Wire.encode(BookingJSON($0, token: token))) }
                let booking = try await self.engine.pay(
                    reference: reference,
                    method: method,
                    paymentReference: body.paymentReference,
                    channel: caller.channel,
                    answer: answering?.answer(render)
                )
                return try render(booking)
            }
        }
        router.post("/v1/bookings/:reference/refund") { request, context in
            let reference = try context.parameters.require("reference").uppercased()
            let caller = try await Caller.identify(request, engine: self.engine)
            let buffer = try await request.body.collect(upTo: Wire.maxBodyBytes)
            return try await self.idempotency.run(request, ids: [reference], body: buffer, engine: self.engine) { answering in
                let token = try await caller.requireBookingAccess(reference, engine: self.engine)
                let body = buffer.readableBytes == 0 ? RefundRequest() : try Wire.decode(RefundRequest.self, from: buffer)
                let render: @Sendable ((refunds: [Refund], booking: Booking)) throws -> (HTTPResponse.Status, Data) = {
                    let json = RefundResultJSON(
                        refundedFen: $0.refunds.reduce(0) { $0 + $1.amountFen },
                        feeFen: $0.refunds.reduce(0) { $0 + $1.feeFen },
                        booking: BookingJSON($0.booking, token: token)
                    )
                    return (.ok, try Wire.encode(json))
                }
                return try render(
                    try await self.engine.refund(
                        reference: reference,
                        passengers: body.passengers,
                        vehicles: body.vehicles,
                        by: caller.staff?.id ?? "traveller",
                        answer: answering?.answer(render)
                    )
                )
            }
        }
        router.post("/v1/bookings/:reference/refunds/:refundId/payout") { request, context in
            let reference = try context.parameters.require("reference").uppercased()
            let refundId = try context.parameters.require("refundId").uppercased()
            let staff = try await Caller.identify(request, engine: self.engine).require(.counter)
            let buffer = try await request.body.collect(upTo: Wire.maxBodyBytes)
            return try await self.idempotency.run(request, ids: [reference, refundId], body: buffer, engine: self.engine) { answering in
                // Nothing to say but that the cash changed hands; an empty body or `{}`.
                if buffer.readableBytes > 0 { _ = try Wire.decode(PayoutRequest.self, from: buffer) }
                let render: @Sendable (Booking) throws -> (HTTPResponse.Status, Data) = { (.ok, try Wire.encode(BookingJSON($0, token: nil))) }
                return try render(
                    try await self.engine.payOut(reference: reference, refundId: refundId, by: staff.id, answer: answering?.answer(render))
                )
            }
        }
        router.post("/v1/bookings/:reference/rebook") { request, context in
            let reference = try context.parameters.require("reference").uppercased()
            let caller = try await Caller.identify(request, engine: self.engine)
            let buffer = try await request.body.collect(upTo: Wire.maxBodyBytes)
            return try await self.idempotency.run(request, ids: [reference], body: buffer, engine: self.engine) { answering in
                let token = try await caller.requireBookingAccess(reference, engine: self.engine)
                let body = try Wire.decode(RebookRequestJSON.self, from: buffer)
                let render: @Sendable (RebookResult) throws -> (HTTPResponse.Status, Data) = { result in
                    let json = BookingJSON(result.booking, token: result.token ?? token)
                    return (.ok, try Wire.encode(RebookResultJSON(booking: json, feeFen: result.feeFen, fareDifferenceFen: result.fareDifferenceFen)))
                }
                let method = try body.method.map { raw throws(FerryError) in try Wire.paymentMethod(raw) }
                let result = try await self.engine.rebook(
                    RebookRequest(
                        reference: reference,
                        targetSailingId: body.sailingId,
                        passengers: body.passengers,
                        seatClass: try body.seatClass.map { raw throws(FerryError) in try Wire.parse(raw, "seatClass", as: SeatClass.self) },
                        method: method,
                        paymentReference: body.paymentReference,
                        fromSailingId: body.fromSailingId,
                        agreedAmountFen: body.amountDueFen,
                        channel: caller.channel,
                        by: caller.staff?.id ?? "traveller"
                    ),
                    answer: answering?.answer(render)
                )
                return try render(result)
            }
        }
    }
}
