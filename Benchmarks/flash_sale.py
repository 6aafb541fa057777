#!/usr/bin/env python3
"""Flash sale: N simultaneous attempts to book one seat each on one sailing.

Opens N connections at once, each posting one adult (a distinct, valid passenger) to the
same sailing, and reports how long until every attempt was answered, how many won (201),
how many were told sold_out (409) and anything else. Exactly the sailing's capacity must
win. Standard library only.

    Benchmarks/flash_sale.py --url http://127.0.0.1:18080 --sailing SJW-LZS-20261201-1400 [--attempts 10000]
"""
import argparse, asyncio, json, sys, time
from urllib.parse import urlparse

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def citizen_id(n):
    d = n // 1000
    body = f"440300{1940 + d % 60:04d}{1 + (d // 60) % 12:02d}{1 + (d // 720) % 28:02d}{n % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11]


async def attempt(host, port, sailing, n, gate, opened):
    body = json.dumps({"sailingId": sailing, "passengers": [
        {"name": "抢票", "idType": "resident_id", "idNumber": citizen_id(n), "fareType": "adult"}]}).encode()
    request = (f"POST /v1/bookings HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
               f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
    for _ in range(20):
        try:
            reader, writer = await asyncio.open_connection(host, port)
            break
        except OSError:
            await asyncio.sleep(0.05)  # the accept queue overflowed: try again, as a browser would
    else:
        return None, None
    opened[0] += 1
    await gate.wait()  # every connection open, then all send at once
    writer.write(request)
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    rest = await reader.read()
    writer.close()
    code = None
    if status != 201:
        try:
            code = json.loads(rest).get("code")
        except ValueError:
            code = "unreadable"
    return status, code


async def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--url", required=True)
    ap.add_argument("--sailing", required=True)
    ap.add_argument("--attempts", type=int, default=10000)
    ap.add_argument("--capacity", type=int, required=True, help="seats the sailing has: exactly this many must win")
    args = ap.parse_args()
    url = urlparse(args.url)
    gate = asyncio.Event()
    opened = [0]
    tasks = [asyncio.create_task(attempt(url.hostname, url.port, args.sailing, n, gate, opened)) for n in range(args.attempts)]
    # Every connection opens first and waits at the gate; then all send at once.
    deadline = time.time() + 120
    while opened[0] < args.attempts and time.time() < deadline and not all(t.done() for t in tasks):
        await asyncio.sleep(0.05)
    start = time.perf_counter()
    gate.set()
    results = await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - start
    won = sum(1 for status, _ in results if status == 201)
    sold_out = sum(1 for status, code in results if status == 409 and code == "sold_out")
    other = args.attempts - won - sold_out
    print(f"{args.attempts} simultaneous attempts at {args.sailing}: all answered in {elapsed:.2f} s; "
          f"{won} won (capacity {args.capacity}), {sold_out} sold_out, {other} other")
    print(json.dumps({"attempts": args.attempts, "seconds": round(elapsed, 3), "won": won, "capacity": args.capacity,
                      "sold_out": sold_out, "other": other}), file=sys.stderr)
    if won != args.capacity or other:
        sys.exit(1)


if __name__ == "__main__":
    asyncio.run(main())
