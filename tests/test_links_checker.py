"""check_links against real HTTP servers on loopback addresses: no mocked sockets.

Each server runs in a daemon thread, is shut down when its test ends and also stops by itself
after a few seconds, so a failing test cannot leave one running.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import socketserver
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from mcp_server import __version__
from mcp_server.domain.urls import is_private_host
from mcp_server.errors import InvalidRequest
from mcp_server.links.checker import USER_AGENT, check_links, check_links_sync, retry_after_seconds

SERVER_LIFETIME_S = 15.0


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)


# ---------------------------------------------------------------- servers


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Server

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature of the base
        pass

    def setup(self) -> None:
        super().setup()
        self.server.connection_opened()

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.connection_closed()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_GET(self) -> None:
        self._dispatch()

    def _dispatch(self) -> None:
        self.server.record(self)
        with self.server.lock:
            self.server.in_flight += 1
            self.server.max_in_flight = max(self.server.max_in_flight, self.server.in_flight)
        try:
            self.server.route(self)
        finally:
            with self.server.lock:
                self.server.in_flight -= 1

    def reply(self, status: int, headers: dict[str, str] | None = None, body: bytes = b"ok") -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


Route = Callable[[Handler], None]


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, route: Route):
        self.route = route
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str, str]] = []  # method, path, User-Agent
        self.open_connections = 0
        self.max_open_connections = 0
        self.in_flight = 0
        self.max_in_flight = 0
        super().__init__((host, 0), Handler)

    def server_bind(self) -> None:
        # Skip HTTPServer's reverse lookup of the address (getfqdn), which can be slow.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up mid-answer is expected here

    def record(self, handler: Handler) -> None:
        with self.lock:
            ua = handler.headers.get("User-Agent", "")
            self.requests.append((handler.command, handler.path, ua))

    def connection_opened(self) -> None:
        with self.lock:
            self.open_connections += 1
            self.max_open_connections = max(self.max_open_connections, self.open_connections)

    def connection_closed(self) -> None:
        with self.lock:
            self.open_connections -= 1

    def url(self, path: str = "/") -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{path}"


@contextmanager
def http_server(route: Route, host: str = "127.0.0.1") -> Iterator[Server]:
    server = Server(host, route)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    stopper = threading.Timer(SERVER_LIFETIME_S, server.shutdown)
    stopper.daemon = True
    stopper.start()
    try:
        yield server
    finally:
        stopper.cancel()
        server.shutdown()
        thread.join(5)
        server.server_close()


def read_request(conn: socket.socket) -> None:
    conn.settimeout(2.0)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            return
        data += chunk


@contextmanager
def raw_server(
    action: Callable[[socket.socket, threading.Event], None], host: str = "127.0.0.1"
) -> Iterator[str]:
    """A TCP server that runs `action` on each connection in turn; returns its base URL."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind((host, 0))
    listener.listen(16)
    listener.settimeout(0.05)
    stop = threading.Event()
    ends_at = time.monotonic() + SERVER_LIFETIME_S

    def serve() -> None:
        while not stop.is_set() and time.monotonic() < ends_at:
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn, suppress(OSError):
                action(conn, stop)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def check_one(url: str, **kwargs: object):
    (verdict,) = check_links_sync([url], **kwargs)
    return verdict


class RecordingTransport(httpx.AsyncBaseTransport):
    """The real transport, noting the host of every request sent through it."""

    def __init__(self) -> None:
        self.inner = httpx.AsyncHTTPTransport(retries=0)
        self.hosts: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.hosts.append(request.url.host)
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every delay waited with asyncio.sleep during the test (the waits still happen)."""
    seen: list[float] = []
    real = asyncio.sleep

    async def recording(delay: float, *args: object, **kwargs: object) -> object:
        seen.append(delay)
        return await real(delay, *args, **kwargs)

    monkeypatch.setattr(asyncio, "sleep", recording)
    return seen


def public_only(address: str) -> Callable[[str], bool]:
    """A classifier under which `address` counts as public and everything else as usual."""
    return lambda ip: ip != address and is_private_host(ip)


# ---------------------------------------------------------------- status codes


def test_a_200_page_is_ok() -> None:
    with http_server(lambda h: h.reply(200)) as server:
        verdict = check_one(server.url("/page"))
    assert verdict.verdict == "ok"
    assert verdict.status == 200
    assert verdict.final_url is None
    assert [r[0] for r in server.requests] == ["HEAD"]


@pytest.mark.parametrize("status", [404, 410, 500])
def test_404_410_and_server_errors_are_broken(status: int) -> None:
    with http_server(lambda h: h.reply(status)) as server:
        verdict = check_one(server.url("/missing"))
    assert verdict.verdict == "broken"
    assert verdict.status == status
    assert str(status) in verdict.reason


def test_head_405_then_get_200_is_ok() -> None:
    def route(h: Handler) -> None:
        h.reply(405 if h.command == "HEAD" else 200)

    with http_server(route) as server:
        verdict = check_one(server.url("/no-head"))
    assert verdict.verdict == "ok"
    assert [r[0] for r in server.requests] == ["HEAD", "GET"]


def test_403_on_head_and_on_get_is_unknown() -> None:
    with http_server(lambda h: h.reply(403)) as server:
        verdict = check_one(server.url("/private"))
    assert verdict.verdict == "unknown"
    assert verdict.status == 403
    assert [r[0] for r in server.requests] == ["HEAD", "GET"]


def test_a_get_with_an_endless_body_is_closed_after_a_few_kilobytes() -> None:
    hung_up = threading.Event()

    def route(h: Handler) -> None:
        if h.command == "HEAD":
            h.reply(405)
            return
        h.send_response(200)
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True
        ends_at = time.monotonic() + SERVER_LIFETIME_S  # only a guard: the client hangs up first
        try:
            while time.monotonic() < ends_at:
                h.wfile.write(b"x" * 1024)
        except OSError:
            hung_up.set()

    with http_server(route) as server:
        verdict = check_one(server.url("/stream"), deadline_s=4.0)
        # A client reading the body to its end would have met the deadline: timed_out.
        assert verdict.verdict == "ok" and verdict.reason == "HTTP 200"
        assert hung_up.wait(SERVER_LIFETIME_S), "the server never saw the client hang up"
    assert [r[0] for r in server.requests] == ["HEAD", "GET"]


def test_the_user_agent_names_the_checker_and_its_version() -> None:
    with http_server(lambda h: h.reply(200)) as server:
        check_one(server.url("/"))
    assert f"ai-tutor-linkcheck/{__version__}" == USER_AGENT
    assert server.requests[0][2] == USER_AGENT


# ---------------------------------------------------------------- redirects


def test_a_301_to_a_good_page_gives_redirected_with_the_final_url() -> None:
    def route(h: Handler) -> None:
        if h.path == "/old":
            h.reply(301, {"Location": "/new"})
        else:
            h.reply(200)

    with http_server(route) as server:
        verdict = check_one(server.url("/old"))
    assert verdict.verdict == "redirected"
    assert verdict.status == 200
    assert verdict.final_url == server.url("/new")


def test_a_redirect_loop_is_reported_as_broken() -> None:
    def route(h: Handler) -> None:
        h.reply(302, {"Location": "/b" if h.path == "/a" else "/a"})

    with http_server(route) as server:
        verdict = check_one(server.url("/a"))
    assert verdict.verdict == "broken"
    assert verdict.reason == "redirect loop"
    assert len(server.requests) == 2


def test_more_than_five_redirects_are_broken() -> None:
    def route(h: Handler) -> None:
        n = int(h.path.rsplit("/", 1)[-1])
        h.reply(302, {"Location": f"/hop/{n + 1}"})

    with http_server(route) as server:
        verdict = check_one(server.url("/hop/0"))
    assert verdict.verdict == "broken"
    assert "too many redirects" in verdict.reason
    assert len(server.requests) == 6  # the start and five hops, and no seventh request


@pytest.mark.parametrize("target", ["file:///etc/passwd", "javascript:alert(1)", "http://x/%0aSet-Cookie:a"])
def test_a_redirect_to_an_unsafe_url_is_refused(target: str) -> None:
    with http_server(lambda h: h.reply(302, {"Location": target})) as server:
        verdict = check_one(server.url("/go"))
    assert verdict.verdict == "broken"
    assert "unsafe URL refused" in verdict.reason
    assert len(server.requests) == 1


def test_from_a_public_start_a_redirect_to_loopback_is_refused_without_contacting_it() -> None:
    with http_server(lambda h: h.reply(200)) as inner:
        redirect_inside = lambda h: h.reply(302, {"Location": inner.url("/admin")})  # noqa: E731
        with http_server(redirect_inside, host="127.0.0.2") as outer:
            verdict = check_one(outer.url("/"), is_private=public_only("127.0.0.2"))
    assert verdict.verdict == "broken"
    assert "private or local address refused (127.0.0.1)" in verdict.reason
    assert len(outer.requests) == 1
    assert inner.requests == []


def test_from_a_public_start_a_redirect_to_the_link_local_metadata_address_is_refused() -> None:
    metadata = "http://169.254.169.254/latest/meta-data/"

    async def check(url: str) -> tuple[list, list[str]]:
        transport = RecordingTransport()
        try:
            return await check_links([url], is_private=public_only("127.0.0.2"), transport=transport), transport.hosts
        finally:
            await transport.aclose()

    with http_server(lambda h: h.reply(302, {"Location": metadata}), host="127.0.0.2") as outer:
        (verdict,), hosts = asyncio.run(check(outer.url("/")))
    assert verdict.verdict == "broken"
    assert verdict.reason == "redirect to a private or local address refused (169.254.169.254)"
    assert hosts == ["127.0.0.2"]  # refused, not attempted


def test_a_local_start_may_redirect_to_another_local_address() -> None:
    with http_server(lambda h: h.reply(200), host="127.0.0.2") as inner:
        redirect_inside = lambda h: h.reply(307, {"Location": inner.url("/x")})  # noqa: E731
        with http_server(redirect_inside) as outer:
            verdict = check_one(outer.url("/"))
    assert verdict.verdict == "redirected"
    assert verdict.final_url == inner.url("/x")
    assert len(inner.requests) == 1


# ---------------------------------------------------------------- retries


def test_retry_after_one_second_gives_exactly_one_retry_after_waiting_that_second(sleeps: list[float]) -> None:
    def route(h: Handler) -> None:
        if len(h.server.requests) == 1:
            h.reply(429, {"Retry-After": "1"})
        else:
            h.reply(200)

    with http_server(route) as server:
        verdict = check_one(server.url("/busy"))
    assert verdict.verdict == "ok"
    assert len(server.requests) == 2
    assert [s for s in sleeps if s > 0] == [1.0]


def test_retry_after_an_hour_gives_unknown_without_waiting(sleeps: list[float]) -> None:
    with http_server(lambda h: h.reply(503, {"Retry-After": "3600"})) as server:
        verdict = check_one(server.url("/later"))
    assert verdict.verdict == "unknown"
    assert verdict.status == 503
    assert verdict.reason == "HTTP 503: asked to retry after 3600 s (more than 5 s)"
    assert [s for s in sleeps if s > 0] == []
    assert len(server.requests) == 1


def test_a_server_that_keeps_asking_to_wait_is_retried_twice_then_unknown() -> None:
    with http_server(lambda h: h.reply(429, {"Retry-After": "0"})) as server:
        verdict = check_one(server.url("/always-busy"))
    assert verdict.verdict == "unknown"
    assert len(server.requests) == 3


def test_retry_after_is_read_as_seconds_or_as_an_http_date() -> None:
    now = dt.datetime(2026, 1, 5, 12, 0, 0, tzinfo=dt.UTC)
    assert retry_after_seconds("1", now) == 1.0
    assert retry_after_seconds("Mon, 05 Jan 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Mon, 05 Jan 2026 11:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon", now) is None
    assert retry_after_seconds(None, now) is None


# ---------------------------------------------------------------- failures and time


def test_a_server_that_drips_a_byte_every_0_8_s_is_cut_off_by_the_deadline() -> None:
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"  # 32 s to send in full
    sent: list[int] = []

    def drip(conn: socket.socket, stop: threading.Event) -> None:
        read_request(conn)
        for byte in answer:
            conn.sendall(bytes([byte]))
            sent.append(byte)
            if stop.wait(0.8):
                return

    with raw_server(drip) as base:
        verdict = check_one(base + "/slow", deadline_s=2.0)
        assert 0 < len(sent) < len(answer)  # cut off mid-answer, each byte well within httpx's read timeout
    assert verdict.verdict == "timed_out"
    assert verdict.reason == "no complete answer within 2 s"  # the per-link deadline, not a read timeout


def test_a_reset_connection_is_reported_broken_not_raised() -> None:
    def reset(conn: socket.socket, stop: threading.Event) -> None:
        read_request(conn)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    with raw_server(reset) as base:
        verdict = check_one(base + "/reset")
    assert verdict.verdict == "broken"
    assert "reset" in verdict.reason


def test_a_refused_connection_is_reported_broken_not_raised() -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens on this port now
    verdict = check_one(f"http://127.0.0.1:{port}/")
    assert verdict.verdict == "broken"
    assert verdict.reason == "connection refused"


def test_an_unsafe_start_url_is_broken_without_any_request() -> None:
    verdict = check_one("javascript:alert(1)")
    assert verdict.verdict == "broken"
    assert "unsafe URL" in verdict.reason


def test_100_links_to_one_host_never_hold_more_than_2_connections_at_once() -> None:
    def route(h: Handler) -> None:
        time.sleep(0.005)
        h.reply(200)

    with http_server(route) as server:
        urls = [server.url(f"/p{i}") for i in range(100)]
        verdicts = check_links_sync(urls, per_host=2, concurrency=8)
    assert [v.verdict for v in verdicts] == ["ok"] * 100
    assert len(server.requests) == 100
    assert server.max_open_connections <= 2
    assert server.max_in_flight <= 2


def test_waiting_for_a_slot_does_not_count_against_the_deadline() -> None:
    def route(h: Handler) -> None:
        time.sleep(0.1)
        h.reply(200)

    with http_server(route) as server:
        urls = [server.url(f"/q{i}") for i in range(8)]
        verdicts = check_links_sync(urls, per_host=1, deadline_s=0.5)  # 8 x 0.1 s in a row
    assert [v.verdict for v in verdicts] == ["ok"] * 8


# ---------------------------------------------------------------- the API


def test_results_keep_the_input_order_and_duplicates_are_checked_once() -> None:
    def route(h: Handler) -> None:
        h.reply(404 if h.path == "/gone" else 200)

    with http_server(route) as server:
        urls = [server.url("/a"), server.url("/gone"), server.url("/a")]
        verdicts = check_links_sync(urls)
    assert [v.url for v in verdicts] == urls
    assert [v.verdict for v in verdicts] == ["ok", "broken", "ok"]
    assert len(server.requests) == 2


def test_every_verdict_carries_an_aware_utc_time() -> None:
    before = dt.datetime.now(dt.UTC)
    verdict = check_one("file:///etc/passwd")
    assert verdict.checked_at.tzinfo is not None
    assert before <= verdict.checked_at <= dt.datetime.now(dt.UTC)


def test_the_sync_wrapper_also_works_inside_a_running_event_loop() -> None:
    with http_server(lambda h: h.reply(200)) as server:

        async def caller() -> str:
            return check_links_sync([server.url("/")])[0].verdict

        assert asyncio.run(caller()) == "ok"


def test_the_async_api_checks_links_too() -> None:
    with http_server(lambda h: h.reply(200)) as server:
        verdicts = asyncio.run(check_links([server.url("/x")]))
    assert verdicts[0].verdict == "ok"


def test_out_of_range_settings_are_refused() -> None:
    with pytest.raises(InvalidRequest):
        check_links_sync(["https://example.org/"], per_host=0)
    with pytest.raises(InvalidRequest):
        check_links_sync(["https://example.org/"], deadline_s=0)
    with pytest.raises(InvalidRequest, match="list of URLs"):
        check_links_sync("https://example.org/")
