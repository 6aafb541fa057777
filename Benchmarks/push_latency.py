#!/usr/bin/env python3
"""Push latency: N Server-Sent Events subscribers on loopback, an operator publishes notices.

For every (subscriber, notice) it records the time from the operator sending the POST to the
subscriber reading the event. That span holds the write transaction and its commit, so it
bounds commit-to-receipt from above; the POST's own round trip (commit included) is printed
beside it. Standard library only.

    Benchmarks/push_latency.py --url http://127.0.0.1:18080 --key KEY [--subscribers 1000] [--notices 40]
"""
import argparse, http.client, json, selectors, socket, statistics, sys, threading, time
from urllib.parse import urlparse


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True)
    ap.add_argument("--key", required=True, help="an operator key")
    ap.add_argument("--subscribers", type=int, default=1000)
    ap.add_argument("--notices", type=int, default=40)
    ap.add_argument("--interval", type=float, default=0.25, help="seconds between notices")
    args = ap.parse_args()
    url = urlparse(args.url)
    host, port = url.hostname, url.port or 80

    sel = selectors.DefaultSelector()
    buffers = {}
    ready = set()
    received = {}  # seq -> list of receipt times
    lock = threading.Lock()
    request = f"GET /v1/notices/stream HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n".encode()
    for i in range(args.subscribers):
        s = socket.create_connection((host, port))
        s.sendall(request)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ, i)
        buffers[i] = b""

    def pump(timeout):
        for key, _ in sel.select(timeout):
            now = time.perf_counter()
            chunk = key.fileobj.recv(65536)
            if not chunk:
                raise SystemExit(f"subscriber {key.data} was closed by the server")
            data = buffers[key.data] + chunk
            if key.data not in ready and b"\r\n\r\n" in data:
                ready.add(key.data)
            # Each event is "id: N\nevent: …\ndata: …\n\n"; chunked framing may split nothing we read.
            while True:
                start = data.find(b"\nid: ")
                if start < 0:
                    break
                end = data.find(b"\n", start + 5)
                if end < 0:
                    break
                seq = int(data[start + 5:end])
                with lock:
                    received.setdefault(seq, []).append(now)
                data = data[end:]
            buffers[key.data] = data[-64:]

    deadline = time.time() + 30
    while len(ready) < args.subscribers:
        if time.time() > deadline:
            raise SystemExit(f"only {len(ready)} of {args.subscribers} subscribers connected")
        pump(0.5)

    sent, round_trips = {}, []

    def publish():
        conn = http.client.HTTPConnection(host, port)
        for i in range(args.notices):
            body = json.dumps({"message": f"bench {i}"})
            t0 = time.perf_counter()
            conn.request("POST", "/v1/notices", body, {"Authorization": f"Bearer {args.key}", "Content-Type": "application/json"})
            response = conn.getresponse()
            payload = response.read()
            t1 = time.perf_counter()
            if response.status != 201:
                raise SystemExit(f"publish failed: {response.status} {payload[:200]!r}")
            seq = json.loads(payload)["seq"]
            with lock:
                sent[seq] = t0
            round_trips.append(t1 - t0)
            time.sleep(args.interval)

    publisher = threading.Thread(target=publish)
    publisher.start()
    expected = args.subscribers * args.notices
    deadline = time.time() + args.notices * args.interval + 30
    while time.time() < deadline:
        pump(0.1)
        with lock:
            if len(sent) == args.notices and sum(len(v) for v in received.values()) >= expected:
                break
    publisher.join()

    latencies = [t - sent[seq] for seq, times in received.items() if seq in sent for t in times]
    got = len(latencies)
    ms = lambda x: f"{x * 1000:.1f} ms"
    print(f"{args.subscribers} SSE subscribers, {args.notices} notices, {got} of {expected} deliveries")
    print(f"  send→receipt  p50 {ms(percentile(latencies, 50))}  p99 {ms(percentile(latencies, 99))}  max {ms(max(latencies))}")
    print(f"  POST round trip (commit included)  p50 {ms(statistics.median(round_trips))}")
    print(json.dumps({"subscribers": args.subscribers, "notices": args.notices, "deliveries": got, "expected": expected,
                      "p50_ms": round(percentile(latencies, 50) * 1000, 2), "p99_ms": round(percentile(latencies, 99) * 1000, 2),
                      "max_ms": round(max(latencies) * 1000, 2),
                      "post_p50_ms": round(statistics.median(round_trips) * 1000, 2)}), file=sys.stderr)
    if got != expected:
        sys.exit(1)


if __name__ == "__main__":
    main()
