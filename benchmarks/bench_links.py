"""Benchmark: check 200 links on local servers that each take 100 ms to answer.

    .venv/bin/python benchmarks/bench_links.py [--links 200] [--hosts 4] [--delay 0.1]

One threaded HTTP server per loopback address 127.0.0.1 ... 127.0.0.N, so that the per-host
limit (2) still lets the overall limit (8) be reached. One request after another would take
links x delay (20 s for the defaults); the target here is at most 3 s.
"""

from __future__ import annotations

import argparse
import socketserver
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mcp_server.links.checker import check_links_sync  # noqa: E402


def make_handler(delay: float) -> type[BaseHTTPRequestHandler]:
    class Slow(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_HEAD(self) -> None:
            time.sleep(delay)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD

    return Slow


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def server_bind(self) -> None:
        socketserver.TCPServer.server_bind(self)  # no reverse lookup of the address
        self.server_name, self.server_port = self.server_address[:2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--links", type=int, default=200)
    parser.add_argument("--hosts", type=int, default=4)
    parser.add_argument("--delay", type=float, default=0.1)
    args = parser.parse_args()

    servers = [QuietServer((f"127.0.0.{i + 1}", 0), make_handler(args.delay)) for i in range(args.hosts)]
    threads = [
        threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True) for s in servers
    ]
    for t in threads:
        t.start()
    try:
        urls = []
        for n in range(args.links):
            host, port = servers[n % len(servers)].server_address[:2]
            urls.append(f"http://{host}:{port}/page/{n}")
        started = time.perf_counter()
        verdicts = check_links_sync(urls)
        elapsed = time.perf_counter() - started
    finally:
        for s in servers:
            s.shutdown()
            s.server_close()

    counts = Counter(v.verdict for v in verdicts)
    sequential = args.links * args.delay
    print(f"{args.links} links on {args.hosts} local hosts, {args.delay * 1000:.0f} ms per answer")
    print(f"verdicts: {dict(counts)}")
    print(f"wall time: {elapsed:.2f} s (one after another: {sequential:.0f} s; target <= 3 s)")
    return 0 if counts.get("ok") == args.links else 1


if __name__ == "__main__":
    raise SystemExit(main())
