#!/usr/bin/env python3
"""On disk before answered: every acknowledged write waited for an fsync of SQLite's log.

The crash test kills the process, which leaves the operating system's page cache intact, so
it cannot tell a commit that reached the disk from one that only reached the cache. This
test watches the system calls instead: it attaches strace to a running ferryd, makes
bookings and pays for them one request at a time, and checks that for each 201 or 200 an
fdatasync (or fsync) of the write-ahead log began after the request was sent and ended
before its answer came back. A commit that returns before its log is synced (SQLite's
synchronous=NORMAL, for instance) fails it. Linux, strace and the standard library.

    Tests/CrashSafety/fsync_test.py --ferryd .build/debug/ferryd [--bookings 20]
"""
import argparse, json, os, re, shutil, signal, sqlite3, subprocess, sys, tempfile, time

from crash_test import Server, citizen_id

SYNC = re.compile(r"^\d+\s+(\d+\.\d+) f(?:data)?sync\(\d+<([^>]*)>\)\s+= 0 <(\d+\.\d+)>")


def log_syncs(path):
    """(start, end) of every successful sync of a file ending in -wal, from strace's log."""
    spans = []
    with open(path) as log:
        for line in log:
            match = SYNC.match(line)
            if match and match.group(2).endswith("-wal"):
                start = float(match.group(1))
                spans.append((start, start + float(match.group(3))))
    return spans


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ferryd", required=True)
    ap.add_argument("--bookings", type=int, default=20)
    ap.add_argument("--port", type=int, default=18092)
    args = ap.parse_args()
    if shutil.which("strace") is None:
        raise SystemExit("strace is missing: apt-get install -y strace")
    data = tempfile.mkdtemp(prefix="ferry-fsync-")
    server = Server(os.path.abspath(args.ferryd), data, args.port, "fsync-admin-" + os.urandom(6).hex())
    server.start()
    db = sqlite3.connect(os.path.join(data, "ferry.sqlite"))
    sailing = db.execute("SELECT id FROM sailing WHERE departure > ? ORDER BY departure LIMIT 1",
                         (int(time.time() * 1000) + 2 * 86_400_000,)).fetchone()[0]
    db.close()

    trace = os.path.join(data, "strace.log")
    tracer = subprocess.Popen(
        ["strace", "-f", "-y", "-ttt", "-T", "-e", "trace=fdatasync,fsync", "-o", trace, "-p", str(server.process.pid)],
        stderr=subprocess.PIPE, text=True)
    # strace says "Process N attached" once every thread is traced.
    attached = tracer.stderr.readline()
    if "attached" not in attached:
        tracer.kill()
        server.stop()
        raise SystemExit(f"strace could not attach to ferryd: {attached.strip()}")

    answered = []  # (what, sent, received)
    try:
        for n in range(args.bookings):
            passenger = {"name": f"旅客{n}", "idType": "resident_id", "idNumber": citizen_id(500_000 + n), "fareType": "adult"}
            sent = time.time()
            status, body = server.request("POST", "/v1/bookings", {"sailingId": sailing, "passengers": [passenger]})
            answered.append((f"booking {n}", sent, time.time()))
            if status != 201:
                raise SystemExit(f"booking {n}: {status} {body[:200]!r}")
            booking = json.loads(body)
            sent = time.time()
            status, body = server.request("POST", f"/v1/bookings/{booking['reference']}/pay",
                                          {"method": "online", "paymentReference": f"fsync-{n}"},
                                          {"X-Booking-Token": booking["token"]})
            answered.append((f"payment {n}", sent, time.time()))
            if status != 200:
                raise SystemExit(f"payment {n}: {status} {body[:200]!r}")
    finally:
        tracer.send_signal(signal.SIGINT)  # detaches; ferryd runs on
        tracer.wait(timeout=30)
        server.stop()

    syncs = log_syncs(trace)
    unsynced = [what for what, sent, received in answered
                if not any(sent <= start and end <= received for start, end in syncs)]
    if unsynced:
        raise SystemExit(f"{len(unsynced)} of {len(answered)} writes were answered with no fsync of the log while "
                         f"they waited, e.g. {unsynced[:3]}; {len(syncs)} log syncs in all")
    shutil.rmtree(data, ignore_errors=True)
    print(f"on disk before answered: {len(answered)} writes, each answered after an fsync of the log "
          f"({len(syncs)} log syncs)")


if __name__ == "__main__":
    main()
