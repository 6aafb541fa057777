import FerryDomain
import GRDB

/// The schema, as named migrations. A shipped migration is never edited: add a new one.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-network-bookings") { db in
            try db.execute(
                sql: """
                    CREATE TABLE port (
                        code TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        name_zh TEXT NOT NULL,
                        island TEXT NOT NULL
                    );
                    CREATE TABLE vessel (
                        id TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL,
                        certified_headcount INTEGER NOT NULL CHECK (certified_headcount > 0),
                        deck_units INTEGER NOT NULL CHECK (deck_units >= 0),
                        green_reserve_units INTEGER CHECK (green_reserve_units >= 0),
                        resident_reserve_units INTEGER CHECK (resident_reserve_units >= 0)
                    );
                    CREATE TABLE vessel_seat (
                        vessel_id TEXT NOT NULL REFERENCES vessel(id),
                        seat_class TEXT NOT NULL CHECK (seat_class IN ('economy', 'business')),
                        seats INTEGER NOT NULL CHECK (seats > 0),
                        PRIMARY KEY (vessel_id, seat_class)
                    );
                    CREATE TABLE route (
                        id TEXT PRIMARY KEY NOT NULL,
                        from_port TEXT NOT NULL REFERENCES port(code),
                        to_port TEXT NOT NULL REFERENCES port(code),
                        duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
                        sales_open_days INTEGER NOT NULL CHECK (sales_open_days > 0),
                        green_reserve_units INTEGER CHECK (green_reserve_units >= 0),
                        resident_reserve_units INTEGER CHECK (resident_reserve_units >= 0)
                    );
                    CREATE TABLE route_fare (
                        route_id TEXT NOT NULL REFERENCES route(id),
                        seat_class TEXT NOT NULL,
                        fare_fen INTEGER NOT NULL CHECK (fare_fen >= 0),
                        PRIMARY KEY (route_id, seat_class)
                    );
                    CREATE TABLE route_vehicle_fare (
                        route_id TEXT NOT NULL REFERENCES route(id),
                        kind TEXT NOT NULL CHECK (kind IN ('car', 'van', 'truck', 'bus')),
                        fare_fen INTEGER NOT NULL CHECK (fare_fen >= 0),
                        PRIMARY KEY (route_id, kind)
                    );
                    CREATE TABLE timetable (
                        id TEXT PRIMARY KEY NOT NULL,
                        route_id TEXT NOT NULL REFERENCES route(id),
                        days_of_week TEXT NOT NULL,
                        departure_minute INTEGER NOT NULL CHECK (departure_minute BETWEEN 0 AND 1439),
                        vessel_id TEXT NOT NULL REFERENCES vessel(id),
                        valid_from TEXT NOT NULL,
                        valid_to TEXT
                    );
                    CREATE TABLE sailing (
                        id TEXT PRIMARY KEY NOT NULL,
                        route_id TEXT NOT NULL REFERENCES route(id),
                        scheduled_departure INTEGER NOT NULL,
                        departure INTEGER NOT NULL,
                        vessel_id TEXT NOT NULL REFERENCES vessel(id),
                        status TEXT NOT NULL CHECK (status IN ('scheduled', 'delayed', 'weather_pending', 'cancelled')),
                        timetable_id TEXT,
                        UNIQUE (route_id, scheduled_departure)
                    );
                    CREATE INDEX sailing_departure ON sailing(scheduled_departure);
                    CREATE TABLE booking (
                        reference TEXT PRIMARY KEY NOT NULL,
                        token_hash TEXT NOT NULL,
                        sailing_id TEXT NOT NULL REFERENCES sailing(id),
                        status TEXT NOT NULL CHECK (status IN ('held', 'confirmed', 'refunded', 'expired')),
                        channel TEXT NOT NULL CHECK (channel IN ('online', 'counter')),
                        created_at INTEGER NOT NULL,
                        expires_at INTEGER NOT NULL,
                        total_fen INTEGER NOT NULL CHECK (total_fen >= 0),
                        phone TEXT,
                        funding_method TEXT,
                        rebooked_from TEXT REFERENCES booking(reference)
                    );
                    CREATE INDEX booking_hold ON booking(status, expires_at);
                    CREATE INDEX booking_sailing ON booking(sailing_id);
                    CREATE TABLE passenger (
                        booking_reference TEXT NOT NULL REFERENCES booking(reference),
                        idx INTEGER NOT NULL CHECK (idx >= 0),
                        sailing_id TEXT NOT NULL REFERENCES sailing(id),
                        name TEXT NOT NULL,
                        id_type TEXT NOT NULL,
                        id_number TEXT NOT NULL,
                        birth_date TEXT NOT NULL,
                        fare_type TEXT NOT NULL CHECK (fare_type IN ('adult', 'child', 'free_child')),
                        fare_basis TEXT NOT NULL CHECK (fare_basis IN ('age', 'height')),
                        seat_class TEXT CHECK ((seat_class IS NULL) = (fare_type = 'free_child')),
                        fare_fen INTEGER NOT NULL CHECK (fare_fen >= 0),
                        guardian INTEGER,
                        height_cm INTEGER,
                        active INTEGER NOT NULL CHECK (active IN (0, 1)),
                        hold_until INTEGER,
                        refunded_at INTEGER,
                        moved_to TEXT REFERENCES booking(reference),
                        PRIMARY KEY (booking_reference, idx)
                    );
                    CREATE UNIQUE INDEX passenger_identity_once ON passenger(sailing_id, id_type, id_number) WHERE active = 1;
                    CREATE INDEX passenger_sailing ON passenger(sailing_id, active);
                    CREATE TABLE ticket (
                        id TEXT PRIMARY KEY NOT NULL,
                        booking_reference TEXT NOT NULL,
                        passenger_index INTEGER NOT NULL,
                        code TEXT NOT NULL,
                        sailing_id TEXT NOT NULL REFERENCES sailing(id),
                        status TEXT NOT NULL CHECK (status IN ('valid', 'boarded', 'refunded', 'superseded')),
                        issued_at INTEGER NOT NULL,
                        guardian_ticket_id TEXT REFERENCES ticket(id),
                        boarded_at INTEGER,
                        boarded_by TEXT,
                        CHECK ((status = 'boarded') = (boarded_at IS NOT NULL)),
                        FOREIGN KEY (booking_reference, passenger_index) REFERENCES passenger(booking_reference, idx)
                    );
                    CREATE INDEX ticket_passenger ON ticket(booking_reference, passenger_index);
                    CREATE INDEX ticket_sailing ON ticket(sailing_id, status);
                    CREATE TABLE offline_scan (
                        gate_id TEXT NOT NULL,
                        ticket_id TEXT NOT NULL,
                        scanned_at INTEGER NOT NULL,
                        outcome TEXT NOT NULL CHECK (outcome IN ('boarded', 'conflict', 'invalid')),
                        detail TEXT NOT NULL,
                        uploaded_at INTEGER NOT NULL,
                        PRIMARY KEY (gate_id, ticket_id)
                    );
                    CREATE TABLE vehicle (
                        booking_reference TEXT NOT NULL REFERENCES booking(reference),
                        idx INTEGER NOT NULL CHECK (idx >= 0),
                        sailing_id TEXT NOT NULL REFERENCES sailing(id),
                        plate TEXT NOT NULL,
                        kind TEXT NOT NULL CHECK (kind IN ('car', 'van', 'truck', 'bus')),
                        category TEXT NOT NULL CHECK (category IN ('green', 'resident', 'general')),
                        pool TEXT NOT NULL CHECK (pool IN ('green', 'resident', 'general')),
                        units INTEGER NOT NULL CHECK (units > 0),
                        driver INTEGER NOT NULL,
                        permit TEXT,
                        fare_fen INTEGER NOT NULL CHECK (fare_fen >= 0),
                        active INTEGER NOT NULL CHECK (active IN (0, 1)),
                        hold_until INTEGER,
                        refunded_at INTEGER,
                        moved_to TEXT REFERENCES booking(reference),
                        PRIMARY KEY (booking_reference, idx)
                    );
                    CREATE UNIQUE INDEX vehicle_plate_once ON vehicle(sailing_id, plate) WHERE active = 1;
                    CREATE INDEX vehicle_sailing ON vehicle(sailing_id, active);
                    CREATE TABLE payment (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        booking_reference TEXT NOT NULL REFERENCES booking(reference),
                        method TEXT NOT NULL CHECK (method IN ('cash', 'wechat', 'alipay', 'unionpay', 'online')),
                        amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
                        reference TEXT,
                        paid_at INTEGER NOT NULL,
                        fee_fen INTEGER NOT NULL DEFAULT 0 CHECK (fee_fen >= 0 AND fee_fen <= amount_fen)
                    );
                    CREATE INDEX payment_booking ON payment(booking_reference);
                    CREATE TABLE refund (
                        id TEXT PRIMARY KEY NOT NULL,
                        booking_reference TEXT NOT NULL REFERENCES booking(reference),
                        amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
                        fee_fen INTEGER NOT NULL CHECK (fee_fen >= 0),
                        method TEXT NOT NULL CHECK (method IN ('cash_due', 'wechat', 'alipay', 'unionpay', 'online')),
                        reason TEXT NOT NULL CHECK (reason IN ('refund', 'rebook')),
                        passengers TEXT NOT NULL,
                        vehicles TEXT NOT NULL,
                        refunded_by TEXT NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    CREATE INDEX refund_booking ON refund(booking_reference);
                    CREATE TABLE transfer (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        from_reference TEXT NOT NULL REFERENCES booking(reference),
                        to_reference TEXT NOT NULL REFERENCES booking(reference),
                        amount_fen INTEGER NOT NULL CHECK (amount_fen >= 0),
                        created_at INTEGER NOT NULL
                    );
                    CREATE INDEX transfer_from ON transfer(from_reference);
                    CREATE INDEX transfer_to ON transfer(to_reference);
                    CREATE TABLE green_permit (
                        id TEXT PRIMARY KEY NOT NULL,
                        plate TEXT NOT NULL,
                        permit TEXT NOT NULL,
                        valid_from TEXT NOT NULL,
                        valid_to TEXT NOT NULL CHECK (valid_to >= valid_from),
                        purpose TEXT,
                        created_at INTEGER NOT NULL,
                        revoked_at INTEGER
                    );
                    CREATE INDEX green_permit_plate ON green_permit(plate);
                    CREATE TABLE resident (
                        id TEXT PRIMARY KEY NOT NULL,
                        id_type TEXT NOT NULL,
                        id_number TEXT NOT NULL,
                        name TEXT NOT NULL,
                        evidence TEXT NOT NULL CHECK (evidence IN ('household_register', 'residence_permit')),
                        recorded_by TEXT NOT NULL,
                        created_at INTEGER NOT NULL,
                        UNIQUE (id_type, id_number)
                    );
                    CREATE TABLE notice (
                        seq INTEGER PRIMARY KEY NOT NULL CHECK (seq > 0),
                        type TEXT NOT NULL CHECK (type IN ('delayed', 'weather_pending', 'cancelled', 'vessel_changed', 'added', 'announcement')),
                        sailing_id TEXT REFERENCES sailing(id),
                        route_id TEXT,
                        reason TEXT CHECK (reason IN ('weather_wind', 'weather_fog', 'technical', 'other')),
                        title TEXT,
                        message TEXT,
                        created_at INTEGER NOT NULL,
                        departure INTEGER,
                        decision_at INTEGER,
                        vessel_id TEXT,
                        route_ids TEXT NOT NULL,
                        ports TEXT NOT NULL
                    );
                    CREATE INDEX notice_sailing ON notice(sailing_id, seq);
                    CREATE INDEX notice_route ON notice(route_id, seq);
                    CREATE TABLE notice_booking (
                        seq INTEGER NOT NULL REFERENCES notice(seq),
                        booking_reference TEXT NOT NULL REFERENCES booking(reference),
                        PRIMARY KEY (booking_reference, seq)
                    );
                    CREATE TABLE staff_key (
                        id TEXT PRIMARY KEY NOT NULL,
                        key_hash TEXT NOT NULL UNIQUE,
                        role TEXT NOT NULL CHECK (role IN ('counter', 'operator', 'admin')),
                        label TEXT NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    CREATE TABLE idempotent_response (
                        key TEXT PRIMARY KEY NOT NULL,
                        fingerprint TEXT NOT NULL,
                        status INTEGER NOT NULL,
                        body BLOB NOT NULL,
                        created_at INTEGER NOT NULL
                    );
                    """
            )
        }
        // A sailing's load is counted on every sale: indexes that hold every column the count
        // reads answer it without visiting the rows.
        migrator.registerMigration("v2-load-indexes") { db in
            try db.execute(
                sql: """
                    DROP INDEX passenger_sailing;
                    CREATE INDEX passenger_load ON passenger(sailing_id, active, seat_class, hold_until);
                    DROP INDEX vehicle_sailing;
                    CREATE INDEX vehicle_load ON vehicle(sailing_id, active, pool, units, hold_until);
                    """
            )
        }
        // A weather-pending sailing can be resumed: notices gain the type `resumed`. SQLite
        // cannot change a CHECK in place, so the table is rebuilt as its documentation says
        // (foreign keys are off during a migration and checked after it).
        migrator.registerMigration("v3-resumed-notices") { db in
            try db.execute(
                sql: """
                    CREATE TABLE new_notice (
                        seq INTEGER PRIMARY KEY NOT NULL CHECK (seq > 0),
                        type TEXT NOT NULL CHECK (type IN ('delayed', 'weather_pending', 'cancelled', 'vessel_changed', 'added', 'announcement', 'resumed')),
                        sailing_id TEXT REFERENCES sailing(id),
                        route_id TEXT,
                        reason TEXT CHECK (reason IN ('weather_wind', 'weather_fog', 'technical', 'other')),
                        title TEXT,
                        message TEXT,
                        created_at INTEGER NOT NULL,
                        departure INTEGER,
                        decision_at INTEGER,
                        vessel_id TEXT,
                        route_ids TEXT NOT NULL,
                        ports TEXT NOT NULL
                    );
                    INSERT INTO new_notice SELECT * FROM notice;
                    DROP TABLE notice;
                    ALTER TABLE new_notice RENAME TO notice;
                    CREATE INDEX notice_sailing ON notice(sailing_id, seq);
                    CREATE INDEX notice_route ON notice(route_id, seq);
                    """
            )
        }
        // A cash refund is handed over at a counter once, and the ledger says when and by whom.
        migrator.registerMigration("v4-cash-payouts") { db in
            try db.execute(
                sql: """
                    ALTER TABLE refund ADD COLUMN paid_out_at INTEGER;
                    ALTER TABLE refund ADD COLUMN paid_out_by TEXT;
                    """
            )
        }
        // One person, whichever of the three citizen-number documents names them: the identity
        // probe asks for a number under any of those types, which with the number ahead of the
        // type is one seek into the index instead of one per type.
        migrator.registerMigration("v5-identity-by-number") { db in
            try db.execute(
                sql: """
                    DROP INDEX passenger_identity_once;
                    CREATE UNIQUE INDEX passenger_identity_once ON passenger(sailing_id, id_number, id_type) WHERE active = 1;
                    """
            )
        }
        // Money moved with rebooked passengers names the way it was paid, so that a refund of
        // it goes back that way; older transfers (NULL) went the origin's first-payment way.
        migrator.registerMigration("v6-transfer-methods") { db in
            try db.execute(
                sql: """
                    ALTER TABLE transfer ADD COLUMN method TEXT CHECK (method IN ('cash', 'wechat', 'alipay', 'unionpay', 'online'));
                    """
            )
        }
        // A key can be revoked (a counter PC stolen, a clerk gone, FERRY_ADMIN_KEY rotated):
        // kept, so the list shows who had access and until when, but it opens nothing.
        migrator.registerMigration("v7-staff-key-revocation") { db in
            try db.execute(
                sql: """
                    ALTER TABLE staff_key ADD COLUMN revoked_at INTEGER;
                    ALTER TABLE staff_key ADD COLUMN revoked_by TEXT;
                    """
            )
        }
        // Notice numbers continue past a floor after a restore (see `GRDBStore.backup`): one
        // row, with `backup_taken_at` set only in a copy no server has opened yet.
        migrator.registerMigration("v8-notice-numbering") { db in
            try db.execute(
                sql: """
                    CREATE TABLE notice_numbering (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        floor INTEGER NOT NULL DEFAULT 0,
                        backup_taken_at INTEGER
                    );
                    INSERT INTO notice_numbering (id) VALUES (1);
                    """
            )
        }
        // Why a sailing is delayed, pending or cancelled, and when a pending one's decision
        // comes, on the sailing itself so search shows them; earlier changes are read back from
        // the last notice that set the status.
        migrator.registerMigration("v9-sailing-disruption") { db in
            try db.execute(
                sql: """
                    ALTER TABLE sailing ADD COLUMN reason TEXT CHECK (reason IN ('weather_wind', 'weather_fog', 'technical', 'other'));
                    ALTER TABLE sailing ADD COLUMN decision_at INTEGER;
                    UPDATE sailing SET
                        reason = (SELECT reason FROM notice WHERE notice.sailing_id = sailing.id
                            AND type IN ('delayed', 'weather_pending', 'cancelled') ORDER BY seq DESC LIMIT 1),
                        decision_at = CASE WHEN status = 'weather_pending' THEN (SELECT decision_at FROM notice
                            WHERE notice.sailing_id = sailing.id AND type = 'weather_pending' ORDER BY seq DESC LIMIT 1) END
                    WHERE status <> 'scheduled';
                    """
            )
        }
        // Plates written before `Plate.normalise` knew full-width forms and every kind of
        // space and dash are written again as it spells them, so that they match what is
        // typed now. It calls the rule as it stands, not a copy: respelling is idempotent, so
        // a database migrated after a later change of the rule only gets its final spelling
        // sooner (that change brings a migration of its own). A vehicle whose new spelling
        // another live one on its sailing already holds (one truck booked twice under two
        // spellings) keeps its old one (`OR IGNORE`): both bookings stand, as they did.
        migrator.registerMigration("v10-plate-spelling") { db in
            for table in ["green_permit", "vehicle"] {
                var respelled: [(rowid: Int64, plate: String)] = []
                let rows = try Row.fetchCursor(db, sql: "SELECT rowid, plate FROM \(table)")
                while let row = try rows.next() {
                    let plate: String = row["plate"]
                    let normalised = Plate.normalise(plate)
                    if normalised != plate { respelled.append((row["rowid"], normalised)) }
                }
                for (rowid, plate) in respelled {
                    try db.execute(sql: "UPDATE OR IGNORE \(table) SET plate = ? WHERE rowid = ?", arguments: [plate, rowid])
                }
            }
        }
        return migrator
    }
}
