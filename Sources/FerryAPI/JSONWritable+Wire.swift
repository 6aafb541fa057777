/// The wire types sent on every sale and search write themselves, keys in sorted order (see `JSONWriter`).
extension BookingJSON: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("balanceFen", self.balanceFen)
            o.field("channel", self.channel)
            o.field("contact", self.contact)
            o.field("createdAt", self.createdAt)
            o.field("expiresAt", self.expiresAt)
            o.field("feesFen", self.feesFen)
            o.field("notices", self.notices)
            o.field("paidFen", self.paidFen)
            o.field("passengers", self.passengers)
            o.field("payments", self.payments)
            o.field("rebookedFrom", self.rebookedFrom)
            o.field("rebookedTo", self.rebookedTo)
            o.field("reference", self.reference)
            o.field("refunds", self.refunds)
            o.field("sailingId", self.sailingId)
            o.field("status", self.status)
            o.field("token", self.token)
            o.field("totalFen", self.totalFen)
            o.field("transfers", self.transfers)
            o.field("vehicles", self.vehicles)
        }
    }
}

extension BookingJSON.Contact: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("phone", self.phone)
        }
    }
}

extension BookingJSON.Passenger: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("fareBasis", self.fareBasis)
            o.field("fareFen", self.fareFen)
            o.field("fareType", self.fareType)
            o.field("guardian", self.guardian)
            o.field("heightCm", self.heightCm)
            o.field("idNumber", self.idNumber)
            o.field("idType", self.idType)
            o.field("index", self.index)
            o.field("name", self.name)
            o.field("rebookedTo", self.rebookedTo)
            o.field("seatClass", self.seatClass)
            o.field("status", self.status)
            o.field("ticket", self.ticket)
        }
    }
}

extension BookingJSON.Vehicle: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("category", self.category)
            o.field("driver", self.driver)
            o.field("fareFen", self.fareFen)
            o.field("index", self.index)
            o.field("kind", self.kind)
            o.field("plate", self.plate)
            o.field("pool", self.pool)
            o.field("status", self.status)
            o.field("units", self.units)
        }
    }
}

extension TicketJSON: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("code", self.code)
            o.field("id", self.id)
            o.field("issuedAt", self.issuedAt)
            o.field("status", self.status)
        }
    }
}

extension PaymentJSON: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("amountFen", self.amountFen)
            o.field("feeFen", self.feeFen)
            o.field("method", self.method)
            o.field("paidAt", self.paidAt)
            o.field("paymentReference", self.paymentReference)
        }
    }
}

extension RefundJSON: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("amountFen", self.amountFen)
            o.field("feeFen", self.feeFen)
            o.field("id", self.id)
            o.field("method", self.method)
            o.field("paidOutAt", self.paidOutAt)
            o.field("paidOutBy", self.paidOutBy)
            o.field("passengers", self.passengers)
            o.field("reason", self.reason)
            o.field("refundedAt", self.refundedAt)
            o.field("refundedBy", self.refundedBy)
            o.field("vehicles", self.vehicles)
        }
    }
}

extension TransferJSON: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("amountFen", self.amountFen)
            o.field("at", self.at)
            o.field("method", self.method)
            o.field("reference", self.reference)
        }
    }
}

extension NoticeJSON: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("affectedBookings", self.affectedBookings)
            o.field("createdAt", self.createdAt)
            o.field("decisionAt", self.decisionAt)
            o.field("departure", self.departure)
            o.field("message", self.message)
            o.field("ports", self.ports)
            o.field("reason", self.reason)
            o.field("routeId", self.routeId)
            o.field("routeIds", self.routeIds)
            o.field("sailingId", self.sailingId)
            o.field("seq", self.seq)
            o.field("title", self.title)
            o.field("type", self.type)
            o.field("vessel", self.vessel)
        }
    }
}

extension RefundResultJSON: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("booking", self.booking)
            o.field("feeFen", self.feeFen)
            o.field("refundedFen", self.refundedFen)
        }
    }
}

extension RebookResultJSON: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("booking", self.booking)
            o.field("fareDifferenceFen", self.fareDifferenceFen)
            o.field("feeFen", self.feeFen)
        }
    }
}

extension SailingJSON: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("arrival", self.arrival)
            o.field("decisionAt", self.decisionAt)
            o.field("departure", self.departure)
            o.field("from", self.from)
            o.field("headcount", self.headcount)
            o.field("id", self.id)
            o.field("reason", self.reason)
            o.field("routeId", self.routeId)
            if let salesCloseAt = self.salesCloseAt { o.field("salesCloseAt", salesCloseAt) }
            o.field("salesOpenAt", self.salesOpenAt)
            o.field("scheduledDeparture", self.scheduledDeparture)
            o.field("seats", self.seats)
            o.field("status", self.status)
            o.field("to", self.to)
            o.field("vehicles", self.vehicles)
            o.field("vessel", self.vessel)
        }
    }
}

extension SailingJSON.VesselRef: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("id", self.id)
            o.field("name", self.name)
        }
    }
}

extension SailingJSON.Headcount: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("available", self.available)
            o.field("certified", self.certified)
        }
    }
}

extension SailingJSON.Seats: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("available", self.available)
            o.field("class", self.class)
            o.field("fareFen", self.fareFen)
            o.field("total", self.total)
        }
    }
}

extension SailingJSON.Vehicles: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("available", self.available)
            o.field("fareFen", self.fareFen)
            o.field("totalUnits", self.totalUnits)
        }
    }
}

extension SailingJSON.Pools: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { o in
            o.field("general", self.general)
            o.field("green", self.green)
            o.field("resident", self.resident)
        }
    }
}
