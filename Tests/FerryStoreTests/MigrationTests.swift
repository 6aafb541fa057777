import FerryDomain
import Foundation
import GRDB
import Testing

@testable import FerryStore

@Suite struct MigrationTests {
    /// A database from before sailings kept their disruption (v8) gets it back from the last
    /// notice that set each sailing's status: the reason of a delay, a pending spell (with
    /// its decision time) or a cancellation; nothing for a sailing back on schedule.
    @Test func sailingsLearnTheirDisruptionFromTheirLastNotice() throws {
        let db = try DatabaseQueue()
        try Migrations.migrator.migrate(db, upTo: "v8-notice-numbering")
        try db.write { db in
            try db.execute(
                sql: """
                    INSERT INTO port (code, name, name_zh, island) VALUES ('A', 'A', 'A', 'A'), ('B', 'B', 'B', 'B');
                    INSERT INTO vessel (id, name, certified_headcount, deck_units) VALUES ('v', 'v', 10, 0);
                    INSERT INTO route (id, from_port, to_port, duration_minutes, sales_open_days) VALUES ('A-B', 'A', 'B', 60, 60);
                    INSERT INTO sailing (id, route_id, scheduled_departure, departure, vessel_id, status) VALUES
                        ('pending', 'A-B', 1000, 1000, 'v', 'weather_pending'),
                        ('late', 'A-B', 2000, 5000, 'v', 'delayed'),
                        ('back', 'A-B', 3000, 3000, 'v', 'scheduled'),
                        ('held', 'A-B', 4000, 6000, 'v', 'delayed'),
                        ('off', 'A-B', 7000, 7000, 'v', 'cancelled');
                    INSERT INTO notice (seq, type, sailing_id, route_id, reason, created_at, departure, decision_at, route_ids, ports) VALUES
                        (1, 'delayed', 'pending', 'A-B', 'technical', 1, 1500, NULL, '', ''),
                        (2, 'weather_pending', 'pending', 'A-B', 'weather_fog', 2, NULL, 900, '', ''),
                        (3, 'delayed', 'late', 'A-B', 'weather_wind', 3, 5000, NULL, '', ''),
                        (4, 'announcement', NULL, NULL, NULL, 4, NULL, NULL, '', ''),
                        (5, 'weather_pending', 'back', 'A-B', 'weather_fog', 5, NULL, 2500, '', ''),
                        (6, 'resumed', 'back', 'A-B', NULL, 6, 3000, NULL, '', ''),
                        (7, 'delayed', 'held', 'A-B', 'technical', 7, 6000, NULL, '', ''),
                        (8, 'weather_pending', 'held', 'A-B', 'weather_fog', 8, NULL, 5000, '', ''),
                        (9, 'resumed', 'held', 'A-B', NULL, 9, 6000, NULL, '', ''),
                        (10, 'weather_pending', 'off', 'A-B', 'weather_fog', 10, NULL, 6500, '', ''),
                        (11, 'cancelled', 'off', 'A-B', 'weather_wind', 11, NULL, NULL, '', '');
                    """
            )
        }
        try Migrations.migrator.migrate(db)
        let rows = try db.read { db in
            try Row.fetchAll(db, sql: "SELECT id, reason, decision_at FROM sailing ORDER BY id").map {
                "\($0["id"] as String) \($0["reason"] as String? ?? "-") \($0["decision_at"] as Int64? ?? -1)"
            }
        }
        // Delayed, held for fog and resumed: still late, for the fog, with nothing to decide.
        #expect(rows == ["back - -1", "held weather_fog -1", "late weather_wind -1", "off weather_wind -1", "pending weather_fog 900"])
    }

    /// Plates stored as an older spelling rule left them (full-width, an ideographic space)
    /// are written as `Plate.normalise` spells them now; a vehicle whose new spelling another
    /// live vehicle on its sailing holds keeps its old one, and both bookings stand.
    @Test func storedPlatesAreRespelledAsTheyAreTypedNow() throws {
        let db = try DatabaseQueue()
        try Migrations.migrator.migrate(db, upTo: "v9-sailing-disruption")
        try db.write { db in
            try db.execute(
                sql: """
                    INSERT INTO port (code, name, name_zh, island) VALUES ('A', 'A', 'A', 'A'), ('B', 'B', 'B', 'B');
                    INSERT INTO vessel (id, name, certified_headcount, deck_units) VALUES ('v', 'v', 10, 10);
                    INSERT INTO route (id, from_port, to_port, duration_minutes, sales_open_days) VALUES ('A-B', 'A', 'B', 60, 60);
                    INSERT INTO sailing (id, route_id, scheduled_departure, departure, vessel_id, status) VALUES ('s', 'A-B', 1, 1, 'v', 'scheduled');
                    INSERT INTO booking (reference, token_hash, sailing_id, status, channel, created_at, expires_at, total_fen) VALUES
                        ('R1', 'h', 's', 'confirmed', 'counter', 0, 0, 0), ('R2', 'h', 's', 'confirmed', 'counter', 0, 0, 0),
                        ('R3', 'h', 's', 'confirmed', 'counter', 0, 0, 0);
                    INSERT INTO vehicle (booking_reference, idx, sailing_id, plate, kind, category, pool, units, driver, fare_fen, active) VALUES
                        ('R1', 0, 's', '浙L12345', 'car', 'general', 'general', 1, 0, 0, 1),
                        ('R2', 0, 's', '浙Ｌ１２３４５', 'car', 'general', 'general', 1, 0, 0, 1),
                        ('R3', 0, 's', '沪Ａ\u{3000}99', 'car', 'general', 'general', 1, 0, 0, 1);
                    INSERT INTO green_permit (id, plate, permit, valid_from, valid_to, created_at) VALUES
                        ('G1', '浙Ｌ６６７８９', 'P1', '2026-01-01', '2026-12-31', 0);
                    """
            )
        }
        try Migrations.migrator.migrate(db)
        let (vehicles, permits) = try db.read { db in
            (
                try String.fetchAll(db, sql: "SELECT plate FROM vehicle ORDER BY booking_reference"),
                try String.fetchAll(db, sql: "SELECT plate FROM green_permit")
            )
        }
        #expect(vehicles == ["浙L12345", "浙Ｌ１２３４５", "沪A99"])
        #expect(permits == ["浙L66789"])
    }
}
