#!/usr/bin/env python3
"""On disk before answered: ferryd waits for the disk before it says anything is kept.

The crash test kills the process, which leaves the operating system's page cache intact, so
it cannot tell a commit that reached the disk from one that only reached the cache. This
test watches the system calls instead. It starts ferryd on an empty data directory under
strace and checks that
  - the ticket signing key it creates was forced to the disk before it was renamed into
    place, and the rename after (else a power cut could lose the key of tickets sold);
  - making bookings and paying for them, one request at a time, each 201 and 200 came back
    only after an fdatasync (or fsync) of SQLite's write-ahead log that began after the
    request was sent (a commit that returns before its log is synced, as under SQLite's
    synchronous=NORMAL, fails it).
Linux, strace and the standard library.

    Tests/CrashSafety/fsync_test.py --ferryd .build/debug/ferryd [--bookings 20]
"""
import argparse, json, os, re, shutil, signal, sqlite3, tempfile, time

from crash_test import Server, citizen_id

CALL = re.compile(r'^\d+\s+(\d+\.\d+) (\w+)\((.*)\)\s+= (-?\d+)[^<]*<(\d+\.\d+)>$')
FD_PATH = re.compile(r'^\d+<([^>]*)>$')


def calls(path):
    """(start, end, name, arguments) of every successful call in strace's log, in time order."""
    found = []
    with open(path) as log:
        for line in log:
            match = CALL.match(line.strip())
            if match and match.group(4) == "0":
                start = float(match.group(1))
                found.append((start, start + float(match.group(5)), match.group(2), match.group(3)))
    return sorted(found)


def synced(call, suffix):
    """Whether `call` is an fsync or fdatasync of a path that ends in `suffix`."""
    if call[2] not in ("fsync", "fdatasync"):
        return False
    match = FD_PATH.match(call[3])
    return bool(match) and match.group(1).endswith(suffix)


def check_key(log, data):
    key = os.path.join(data, "ticket-signing-key.pem")
    renames = [c for c in log if c[2].startswith("rename") and key + '"' in c[3] and key + '.new"' in c[3]]
    if not renames:
        raise SystemExit(f"no rename of {key}.new into place was traced")
    moved = renames[0][0]
    if not any(synced(c, "/ticket-signing-key.pem.new") and c[1] <= moved for c in log):
        raise SystemExit("the ticket signing key was renamed into place before it was forced to the disk")
    if not any(synced(c, data) and c[0] >= moved for c in log):
        raise SystemExit("the data directory was not forced to the disk after the key was renamed into it")


def stop_traced(server):
    """Stops ferryd itself: strace, sent SIGTERM, would detach and leave it running."""
    pid = server.process.pid
    with open(f"/proc/{pid}/task/{pid}/children") as children:
        for child in children.read().split():
            os.kill(int(child), signal.SIGTERM)
    server.process.wait(timeout=30)
    server.log.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ferryd", required=True)
    ap.add_argument("--bookings", type=int, default=20)
    ap.add_argument("--port", type=int, default=18092)
    args = ap.parse_args()
    if shutil.which("strace") is None:
        raise SystemExit("strace is missing: apt-get install -y strace")
    data = tempfile.mkdtemp(prefix="ferry-fsync-")
    trace = os.path.join(data, "strace.log")
    server = Server(os.path.abspath(args.ferryd), data, args.port, "fsync-admin-" + os.urandom(6).hex(),
                    prefix=["strace", "-f", "-y", "-ttt", "-T", "-o", trace,
                            "-e", "trace=fsync,fdatasync,rename,renameat,renameat2"])
    server.start()
    db = sqlite3.connect(os.path.join(data, "ferry.sqlite"))
    sailing = db.execute("SELECT id FROM sailing WHERE departure > ? ORDER BY departure LIMIT 1",
                         (int(time.time() * 1000) + 2 * 86_400_000,)).fetchone()[0]
    db.close()

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
        stop_traced(server)

    log = calls(trace)
    check_key(log, data)
    syncs = [c for c in log if synced(c, "/ferry.sqlite-wal")]
    unsynced = [what for what, sent, received in answered
                if not any(sent <= start and end <= received for start, end, _, _ in syncs)]
    if unsynced:
        raise SystemExit(f"{len(unsynced)} of {len(answered)} writes were answered with no fsync of the log while "
                         f"they waited, e.g. {unsynced[:3]}; {len(syncs)} log syncs in all")
    shutil.rmtree(data, ignore_errors=True)
    print(f"on disk before answered: the signing key synced before and after its rename; {len(answered)} writes, "
          f"each answered after an fsync of the log ({len(syncs)} log syncs)")


if __name__ == "__main__":
    main()
