"""How quickly the link checker gives up where it should, not a test:

    uv run --frozen python benchmarks/bench_link_limits.py [--rounds 5]

The cases of tests/test_links_checker.py whose point is a bound, on the same loopback servers,
timed here (the tests assert the behaviour: the verdict, what was sent, what was refused):

- an endless GET body is closed after GET_READ_LIMIT bytes (deadline 4 s): target < 2 s;
- a redirect to 169.254.169.254 from a public start is refused without contacting it: < 1 s;
- Retry-After: 3600 gives `unknown` without waiting: < 0.5 s;
- a server dripping a byte every 0.8 s is cut off by a 2 s deadline: between 1.9 and 3 s.

(The targets are the bounds those tests used to assert.) Prints the median and maximum of each
over the rounds; only check_one is timed, not the servers' start and stop.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from test_links_checker import Handler, check_one, http_server, public_only, raw_server, read_request  # noqa: E402


def timed(url: str, **kwargs: object) -> tuple[str, float]:
    """The verdict for `url` and the seconds check_one took (the server's start and stop excluded)."""
    started = time.perf_counter()
    verdict = check_one(url, **kwargs).verdict
    return verdict, time.perf_counter() - started


def endless_body() -> tuple[str, float]:
    def route(h: Handler) -> None:
        if h.command == "HEAD":
            h.reply(405)
            return
        h.send_response(200)
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True
        ends_at = time.monotonic() + 10
        while time.monotonic() < ends_at:
            h.wfile.write(b"x" * 1024)

    with http_server(route) as server:
        return timed(server.url("/stream"), deadline_s=4.0)


def metadata_redirect() -> tuple[str, float]:
    target = "http://169.254.169.254/latest/meta-data/"
    with http_server(lambda h: h.reply(302, {"Location": target}), host="127.0.0.2") as outer:
        return timed(outer.url("/"), is_private=public_only("127.0.0.2"))


def retry_after_an_hour() -> tuple[str, float]:
    with http_server(lambda h: h.reply(503, {"Retry-After": "3600"})) as server:
        return timed(server.url("/later"))


def drip() -> tuple[str, float]:
    def serve(conn: socket.socket, stop: threading.Event) -> None:
        read_request(conn)
        for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok":
            conn.sendall(bytes([byte]))
            if stop.wait(0.8):
                return

    with raw_server(serve) as base:
        return timed(base + "/slow", deadline_s=2.0)


CASES: dict[str, tuple[Callable[[], tuple[str, float]], str]] = {
    "endless GET body, deadline 4 s": (endless_body, "ok"),
    "redirect to 169.254.169.254": (metadata_redirect, "broken"),
    "Retry-After: 3600": (retry_after_an_hour, "unknown"),
    "a byte every 0.8 s, deadline 2 s": (drip, "timed_out"),
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    for name, (case, expected) in CASES.items():
        times = []
        for _ in range(args.rounds):
            verdict, seconds = case()
            times.append(seconds)
            if verdict != expected:
                print(f"{name}: verdict {verdict}, expected {expected}", file=sys.stderr)
                return 1
        print(f"{name}: {expected}, median {statistics.median(times) * 1000:.0f} ms, "
              f"max {max(times) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
