/*
 * The storage floor of a sale: how many held bookings per second SQLite itself can take on
 * one thread, with ferryd's schema, pragmas and statements, and none of Swift, GRDB, HTTP or
 * the engine around it. Whatever ferryd does, its single writer cannot beat this.
 *
 *   storage_floor DATABASE VARIANT [BOOKINGS] [BATCH]
 *
 * DATABASE is a copy of a freshly seeded ferry.sqlite (it is written to). VARIANT is one of
 *   ferryd   what the writer runs for a one-passenger booking, in its order: per booking a
 *            savepoint, the sailing, the hold sweep of its sailing, the document probe, its
 *            passenger and deck loads, the reference probe, the booking and passenger
 *            inserts; one durable commit (synchronous=FULL) per batch
 *   inserts  only the two inserts per booking, still one durable commit per batch
 *   minimal  as inserts, without the sailing and load indexes and with references that
 *            grow in order instead of random ones: what a schema built for this one
 *            number would leave (not ferryd's; for comparison only)
 * Bookings go round-robin over every sailing departing after tomorrow, as in book.lua.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static sqlite3 *db;

static void fail(const char *what) {
    fprintf(stderr, "storage_floor: %s: %s\n", what, sqlite3_errmsg(db));
    exit(1);
}

static void exec(const char *sql) {
    if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) fail(sql);
}

static sqlite3_stmt *prepare(const char *sql) {
    sqlite3_stmt *statement;
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, NULL) != SQLITE_OK) fail(sql);
    return statement;
}

/* Steps through every row, then resets for the next use. */
static void run(sqlite3_stmt *statement) {
    int code;
    while ((code = sqlite3_step(statement)) == SQLITE_ROW) {}
    if (code != SQLITE_DONE) fail(sqlite3_sql(statement));
    sqlite3_reset(statement);
}

static void text(sqlite3_stmt *statement, int index, const char *value) {
    sqlite3_bind_text(statement, index, value, -1, SQLITE_TRANSIENT);
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: storage_floor DATABASE ferryd|inserts|minimal [BOOKINGS] [BATCH]\n");
        return 2;
    }
    const char *variant = argv[2];
    int checks = strcmp(variant, "ferryd") == 0, minimal = strcmp(variant, "minimal") == 0;
    if (!checks && !minimal && strcmp(variant, "inserts") != 0) {
        fprintf(stderr, "storage_floor: unknown variant %s\n", variant);
        return 2;
    }
    int total = argc > 3 ? atoi(argv[3]) : 60000, batch = argc > 4 ? atoi(argv[4]) : 64;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) fail(argv[1]);
    /* ferryd's settings (GRDBStore.swift; GRDB turns foreign keys on for every connection). */
    exec("PRAGMA journal_mode = WAL");
    exec("PRAGMA synchronous = FULL");
    exec("PRAGMA wal_autocheckpoint = 10000");
    exec("PRAGMA journal_size_limit = 67108864");
    exec("PRAGMA cache_size = -32768");
    exec("PRAGMA foreign_keys = ON");
    if (minimal) {
        exec("DROP INDEX booking_sailing");
        exec("DROP INDEX passenger_load");
    }

    long long now = (long long)time(NULL) * 1000;
    sqlite3_stmt *list = prepare("SELECT id FROM sailing WHERE departure > ? ORDER BY id");
    sqlite3_bind_int64(list, 1, now + 86400000LL);
    char **sailings = NULL;
    int count = 0;
    while (sqlite3_step(list) == SQLITE_ROW) {
        sailings = realloc(sailings, sizeof(char *) * (count + 1));
        sailings[count++] = strdup((const char *)sqlite3_column_text(list, 0));
    }
    sqlite3_finalize(list);
    if (count == 0) {
        fprintf(stderr, "storage_floor: no sailings on sale in %s\n", argv[1]);
        return 1;
    }

    /* The statements of GRDBTransaction's booking path, as it writes them. */
    sqlite3_stmt *sweep = prepare("SELECT reference FROM booking WHERE status = 'held' AND expires_at <= ? AND sailing_id = ?");
    sqlite3_stmt *sailing = prepare(
        "SELECT id, route_id, scheduled_departure, departure, vessel_id, status, timetable_id FROM sailing WHERE id = ?");
    sqlite3_stmt *load = prepare(
        "SELECT sailing_id, seat_class, COUNT(*) FROM passenger WHERE sailing_id IN (?) AND active = 1 "
        "AND (hold_until IS NULL OR hold_until > ?) GROUP BY sailing_id, seat_class");
    sqlite3_stmt *deck = prepare(
        "SELECT sailing_id, pool, SUM(units) FROM vehicle WHERE sailing_id IN (?) AND active = 1 "
        "AND (hold_until IS NULL OR hold_until > ?) GROUP BY sailing_id, pool");
    sqlite3_stmt *document = prepare(
        "SELECT EXISTS (SELECT 1 FROM passenger INDEXED BY passenger_identity_once WHERE sailing_id = ? AND id_number = ? "
        "AND +id_type IN ('resident_id', 'temporary_resident_id', 'household_register') AND active = 1 "
        "AND (hold_until IS NULL OR hold_until > ?))");
    sqlite3_stmt *reference = prepare("SELECT EXISTS (SELECT 1 FROM booking WHERE reference = ?)");
    sqlite3_stmt *booking = prepare(
        "INSERT INTO booking (reference, token_hash, sailing_id, status, channel, created_at, expires_at, total_fen, phone, "
        "funding_method, rebooked_from) VALUES (?, ?, ?, 'held', 'online', ?, ?, 12000, NULL, NULL, NULL)");
    sqlite3_stmt *passenger = prepare(
        "INSERT INTO passenger (booking_reference, idx, sailing_id, name, id_type, id_number, birth_date, fare_type, fare_basis, "
        "seat_class, fare_fen, guardian, height_cm, active, hold_until) "
        "VALUES (?, 0, ?, '旅客', 'resident_id', ?, '1980-01-01', 'adult', 'age', 'economy', 12000, NULL, NULL, 1, ?)");
    sqlite3_stmt *savepoint = prepare("SAVEPOINT sale"), *release = prepare("RELEASE SAVEPOINT sale");
    sqlite3_stmt *begin = prepare("BEGIN IMMEDIATE"), *commit = prepare("COMMIT");

    const char *alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    srand(1);
    double start = seconds();
    for (int n = 0; n < total;) {
        run(begin);
        for (int k = 0; k < batch && n < total; k++) {
            n++;
            const char *sid = sailings[(n * 7) % count];
            char ref[16], id[24], token[65];
            if (minimal) {
                snprintf(ref, sizeof ref, "R%09d", n);
            } else {
                /* Eight random characters: six, as ferryd uses, would collide within a run. */
                for (int c = 0; c < 8; c++) ref[c] = alphabet[rand() % 31];
                ref[8] = 0;
            }
            snprintf(id, sizeof id, "33010%013d", n);
            for (int c = 0; c < 64; c++) token[c] = "0123456789abcdef"[rand() % 16];
            token[64] = 0;
            if (checks) {
                run(savepoint);
                text(sailing, 1, sid);
                run(sailing);
                sqlite3_bind_int64(sweep, 1, now);
                text(sweep, 2, sid);
                run(sweep);
                text(document, 1, sid);
                text(document, 2, id);
                sqlite3_bind_int64(document, 3, now);
                run(document);
                text(load, 1, sid);
                sqlite3_bind_int64(load, 2, now);
                run(load);
                text(deck, 1, sid);
                sqlite3_bind_int64(deck, 2, now);
                run(deck);
                text(reference, 1, ref);
                run(reference);
            }
            text(booking, 1, ref);
            text(booking, 2, token);
            text(booking, 3, sid);
            sqlite3_bind_int64(booking, 4, now);
            sqlite3_bind_int64(booking, 5, now + 900000 + n);
            run(booking);
            text(passenger, 1, ref);
            text(passenger, 2, sid);
            text(passenger, 3, id);
            sqlite3_bind_int64(passenger, 4, now + 900000 + n);
            run(passenger);
            if (checks) run(release);
        }
        run(commit);
    }
    double elapsed = seconds() - start;
    printf("%s|%.0f|%.1f\n", variant, total / elapsed, elapsed / total * 1e6);
    sqlite3_close(db);
    return 0;
}
