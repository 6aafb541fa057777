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

# strace -f -ttt -T -y lines: a whole call, or one split in two when another traced thread
# did something meanwhile ("<unfinished ...>", then "<... name resumed>").
WHOLE = re.compile(r'^(\d+)\s+(\d+\.\d+) (\w+)\((.*)\)\s+= (-?\d+).*<(\d+\.\d+)>$')
UNFINISHED = re.compile(r'^(\d+)\s+(\d+\.\d+) (\w+)\((.*) <unfinished \.\.\.>$')
RESUMED = re.compile(r'^(\d+)\s+(\d+\.\d+) <\.\.\. (\w+) resumed>(.*)\)\s+= (-?\d+).*<(\d+\.\d+)>$')
FD_PATH = re.compile(r'^\d+<([^>]*)>$')


def calls(path):
    """(start, end, pid, name, arguments) of every successful call in strace's log, in time order."""
    found, pending = [], {}
    with open(path) as log:
        for line in log:
            line = line.strip()
            if match := WHOLE.match(line):
                pid, start, name, arguments, result, took = match.groups()
            elif match := UNFINISHED.match(line):
                pending[match.group(1)] = match.groups()[1:]
                continue
            elif (match := RESUMED.match(line)) and match.group(1) in pending:
                pid, _, name, rest, result, took = match.groups()
                start, _, arguments = pending.pop(pid)
                arguments += rest
            else:
                continue
            if result == "0":
                found.append((float(start), float(start) + float(took), pid, name, arguments))
    return sorted(found)


def synced(call, suffix):
    """Whether `call` is an fsync or fdatasync of a path that ends in `suffix`."""
    if call[3] not in ("fsync", "fdatasync"):
        return False
    match = FD_PATH.match(call[4])
    return bool(match) and match.group(1).endswith(suffix)


def check_key(log, data):
    key = os.path.join(data, "ticket-signing-key.pem")
    renames = [c for c in log if c[3].startswith("rename") and key + '"' in c[4] and key + '.new"' in c[4]]
    if not renames:
        raise SystemExit(f"no rename of {key}.new into place was traced")
    rename = renames[0]
    if not any(synced(c, "/ticket-signing-key.pem.new") and c[1] <= rename[0] for c in log):
        raise SystemExit("the ticket signing key was renamed into place before it was forced to the disk")
    # The very next call of the thread that renamed it: the directory, forced to the disk.
    after = [c for c in log if c[2] == rename[2] and c[0] > rename[0]]
    if not after or not synced(after[0], data):
        raise SystemExit("the data directory was not forced to the disk right after the key was renamed into it")


def children(pid):
    """The processes whose parent is `pid`."""
    found = []
    for entry in os.listdir("/proc"):
        try:
            with open(f"/proc/{entry}/stat") as stat:
                # pid (comm) state ppid ...: comm may hold spaces, so split after its ")".
                if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
        except (OSError, ValueError, IndexError):
            continue
    return found


def stop_traced(server):
    """Stops ferryd itself: strace, sent SIGTERM, would detach and leave it running."""
    if server.process is None or server.process.poll() is not None:
        return
    for child in children(server.process.pid):
        os.kill(child, signal.SIGTERM)
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
                    prefix=["strace", "-f", "-qq", "-y", "-ttt", "-T", "-o", trace, "-e", "signal=none",
                            "-e", "trace=fsync,fdatasync,rename,renameat,renameat2"])
    answered = []  # (what, sent, received)
    try:
        server.start()
        db = sqlite3.connect(os.path.join(data, "ferry.sqlite"))
        sailing = db.execute("SELECT id FROM sailing WHERE departure > ? ORDER BY departure LIMIT 1",
                             (int(time.time() * 1000) + 2 * 86_400_000,)).fetchone()[0]
        db.close()
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
                if not any(sent <= start and end <= received for start, end, *_ in syncs)]
    if unsynced:
        raise SystemExit(f"{len(unsynced)} of {len(answered)} writes were answered with no fsync of the log while "
                         f"they waited, e.g. {unsynced[:3]}; {len(syncs)} log syncs in all")
    shutil.rmtree(data, ignore_errors=True)
    print(f"on disk before answered: the signing key synced before and after its rename; {len(answered)} writes, "
          f"each answered after an fsync of the log ({len(syncs)} log syncs)")


if __name__ == "__main__":
    main()
