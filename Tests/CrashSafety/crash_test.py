#!/usr/bin/env python3
"""Crash safety: kill -9 ferryd in the middle of a booking burst, restart, and check.

Each round starts ferryd on the same data directory, drives concurrent bookings at it,
kills it with SIGKILL mid-burst, and then checks, before and after restarting it:
  - every booking that was answered 201 is in the database (nothing acknowledged is lost),
    read from a copy of the crashed files, so that ferryd itself recovers the originals;
  - PRAGMA integrity_check is ok;
  - for every sailing booked, the seats and heads the API reports as taken equal the
    passengers the database holds for it (occupancy is derived, never drifts).
A round in which nothing was acknowledged, or any answer other than 201 (or sold_out),
fails the test. SIGKILL leaves the operating system's page cache intact: this proves the
process can die at any instant; it does not simulate a power cut (that rests on each commit
waiting for an fsync of the log, which fsync_test.py checks). Standard library only.

    Tests/CrashSafety/crash_test.py --ferryd .build/debug/ferryd [--rounds 20]
"""
import argparse, http.client, json, os, random, shutil, signal, sqlite3, subprocess, sys, tempfile, threading, time

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def citizen_id(n):
    """A valid 18-character PRC citizen number, distinct for every n."""
    birth = time.strftime("%Y%m%d", time.gmtime(-600_000_000 + (n // 900) * 86_400))
    body = f"110105{birth}{100 + n % 900:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


class Server:
    def __init__(self, binary, data, port, admin, prefix=()):
        """`prefix` runs ferryd under another program (fsync_test.py: strace)."""
        self.binary, self.data, self.port, self.admin, self.prefix = binary, data, port, admin, list(prefix)
        self.process = None

    def start(self):
        env = dict(os.environ, FERRY_ADMIN_KEY=self.admin)
        self.log = open(os.path.join(self.data, "ferryd.log"), "ab")
        self.process = subprocess.Popen(
            [*self.prefix, self.binary, "--port", str(self.port), "--data-dir", self.data, "--log-level", "warning"],
            env=env, stdout=self.log, stderr=self.log)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"ferryd exited with {self.process.returncode} on start; see {self.data}/ferryd.log")
            try:
                if self.request("GET", "/v1/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.1)
        raise SystemExit("ferryd did not start within 60 s")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        self.log.close()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Content-Type": "application/json", **(headers or {})}
        conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, data


def burst(server, sailings, counter, acked, stop, errors):
    """One client: books distinct passengers one after another until the server dies."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    while not stop.is_set():
        with counter["lock"]:
            counter["n"] += 1
            n = counter["n"]
        sailing = sailings[n % len(sailings)]
        passengers = [{"name": f"旅客{n}", "idType": "resident_id", "idNumber": citizen_id(n * 2 + k), "fareType": "adult"}
                      for k in range(1 + n % 2)]
        try:
            conn.request("POST", "/v1/bookings", json.dumps({"sailingId": sailing, "passengers": passengers}),
                         {"Content-Type": "application/json"})
            response = conn.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException):
            return  # the server is gone
        if response.status == 201:
            booking = json.loads(data)
            with counter["lock"]:
                acked[booking["reference"]] = (sailing, len(passengers))
        elif not (response.status == 409 and b'"sold_out"' in data):
            # Raising here would end only this thread, silently: main() reports it.
            with counter["lock"]:
                errors.append(f"{response.status}: {data[:200]!r}")
            return


def check_database(path, acked):
    # A copy of the crashed files: ferryd, not this check, recovers the originals on restart.
    copy = tempfile.mkdtemp(prefix="ferry-crash-copy-")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            shutil.copy(path + suffix, os.path.join(copy, "ferry.sqlite" + suffix))
    db = sqlite3.connect(os.path.join(copy, "ferry.sqlite"))
    try:
        problems = [row[0] for row in db.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise SystemExit(f"integrity_check: {problems[:5]}")
        stored = {ref: (sailing, count) for ref, sailing, count in db.execute(
            "SELECT b.reference, b.sailing_id, COUNT(p.idx) FROM booking b JOIN passenger p ON p.booking_reference = b.reference "
            "GROUP BY b.reference")}
        lost = [ref for ref in acked if ref not in stored]
        if lost:
            raise SystemExit(f"{len(lost)} acknowledged bookings are missing after the crash, e.g. {lost[:5]}")
        wrong = [ref for ref, value in acked.items() if stored[ref] != value]
        if wrong:
            raise SystemExit(f"{len(wrong)} acknowledged bookings changed, e.g. {wrong[:3]}")
        return {sailing: n for sailing, n in db.execute(
            "SELECT sailing_id, COUNT(*) FROM passenger WHERE active = 1 GROUP BY sailing_id")}, len(stored)
    finally:
        db.close()
        shutil.rmtree(copy, ignore_errors=True)


def check_occupancy(server, held):
    for sailing, passengers in held.items():
        status, data = server.request("GET", f"/v1/sailings/{sailing}")
        s = json.loads(data)
        seats_taken = sum(c["total"] - c["available"] for c in s["seats"])
        heads_taken = s["headcount"]["certified"] - s["headcount"]["available"]
        if (seats_taken, heads_taken) != (passengers, passengers):
            raise SystemExit(f"{sailing}: the API counts {seats_taken} seats and {heads_taken} heads taken, "
                             f"the database holds {passengers} passengers")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ferryd", required=True)
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--clients", type=int, default=16)
    ap.add_argument("--port", type=int, default=18090)
    args = ap.parse_args()
    data = tempfile.mkdtemp(prefix="ferry-crash-")
    database = os.path.join(data, "ferry.sqlite")
    server = Server(os.path.abspath(args.ferryd), data, args.port, "crash-admin-" + os.urandom(6).hex())
    server.start()
    # Sailings from tomorrow to ten days out: room for every round's bookings.
    db = sqlite3.connect(database)
    now_ms = int(time.time() * 1000)
    sailings = [row[0] for row in db.execute(
        "SELECT id FROM sailing WHERE departure > ? AND departure < ? ORDER BY id", (now_ms + 86_400_000, now_ms + 10 * 86_400_000))]
    db.close()
    if not sailings:
        raise SystemExit("no sailings on sale in the demo network")
    acked, errors, counter = {}, [], {"n": 0, "lock": threading.Lock()}
    random.seed(os.environ.get("CRASH_SEED", time.time()))
    for round in range(1, args.rounds + 1):
        stop = threading.Event()
        before = len(acked)
        clients = [threading.Thread(target=burst, args=(server, sailings, counter, acked, stop, errors)) for _ in range(args.clients)]
        for c in clients:
            c.start()
        time.sleep(random.uniform(0.4, 1.6))
        server.kill()  # mid-burst: requests are in flight
        stop.set()
        for c in clients:
            c.join()
        if errors:
            raise SystemExit(f"round {round}: unexpected answers, e.g. {errors[:3]}")
        if len(acked) == before:
            raise SystemExit(f"round {round}: nothing was acknowledged before the kill; the round proves nothing")
        held, stored = check_database(database, acked)
        server.start()  # recovery
        check_occupancy(server, held)
        print(f"round {round:2}: killed after {len(acked) - before} new acknowledged bookings; "
              f"{len(acked)} acknowledged, {stored} stored, integrity ok, occupancy matches", flush=True)
    server.stop()
    print(f"crash safety: {args.rounds} kill -9 rounds, {len(acked)} acknowledged bookings, none lost")


if __name__ == "__main__":
    main()
