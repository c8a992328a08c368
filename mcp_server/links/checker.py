"""Check that links still lead somewhere, politely and within a bounded time.

`check_links` returns one `LinkVerdict` per URL, in the order given, and never raises for a
network problem: a refused or reset connection is a verdict like any other.

How one link is checked:
- `safe_url` first; an unsafe URL is `broken` without any request.
- HEAD; when HEAD is refused (400, 403, 405, 501) the same URL again with GET, of which at
  most `GET_READ_LIMIT` bytes are read before the connection is closed.
- Redirects are followed by hand, at most `max_redirects` hops. Each target goes through
  `safe_url` again (so `file:` or `javascript:` are refused) and, unless the start URL itself
  was on a private or local address, its host is resolved and refused if any address is
  private, loopback, link-local and so on (`is_private_host`). A URL seen twice is a loop.
- 429 and 503 with a `Retry-After` of at most `max_retry_after_s` are retried after that
  wait, at most twice; a longer wait gives `unknown` at once.
- The deadline covers the whole check of a link: lookups, every request, every hop, every
  retry wait. Time spent queueing for a free slot does not count, so a long list of links to
  one host does not time out merely because the host gets two requests at a time.

Concurrency: at most `concurrency` requests at once overall and `per_host` per host name,
through one shared httpx transport whose connection pool has the same overall limit.

Requests go straight to that transport rather than through `httpx.AsyncClient`: even with
`follow_redirects=False`, the client parses every Location header to prepare the next
request, and a value such as `javascript:alert(1)` makes it raise before the status can be
read. The transport hands back status and headers untouched, and `safe_url` judges the
Location. This also means no proxy is taken from the environment; pass a `transport` built
with `proxy=` where one is needed.

Known limit: the host is resolved here and again by httpx when it connects, so a DNS answer
that changes in between (rebinding) is not caught. This checker reads status codes only.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import errno
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import aclosing, asynccontextmanager
from typing import Literal
from urllib.parse import urljoin, urlsplit

import httpx
from pydantic import BaseModel, ConfigDict, field_validator

from mcp_server import __version__
from mcp_server.domain.urls import is_private_host, safe_url
from mcp_server.errors import InvalidRequest, UnsafeURL

USER_AGENT = f"ai-tutor-linkcheck/{__version__}"
GET_READ_LIMIT = 4096  # bytes of a GET body read before closing
MAX_RETRIES = 2  # for 429 and 503 with an acceptable Retry-After
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
HEAD_REFUSED = frozenset({400, 403, 405, 501})  # then try GET

Verdict = Literal["ok", "redirected", "broken", "unknown", "timed_out"]
Resolver = Callable[[str, int], Awaitable[list[str]]]
IsPrivate = Callable[[str], bool]


class LinkVerdict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str  # as given
    verdict: Verdict
    status: int | None = None  # the last HTTP status seen, if any
    final_url: str | None = None  # where the redirects ended, when there were any
    reason: str  # short, for a person
    checked_at: dt.datetime  # timezone-aware, UTC

    @field_validator("checked_at")
    @classmethod
    def _aware(cls, v: dt.datetime) -> dt.datetime:
        if v.tzinfo is None:
            raise ValueError("checked_at must be timezone-aware")
        return v


class _Outcome(Exception):
    """Ends the check of one link with a verdict."""

    def __init__(self, verdict: Verdict, reason: str, status: int | None = None):
        super().__init__(reason)
        self.verdict: Verdict = verdict
        self.reason = reason
        self.status = status


class _Budget:
    """The time a link may still spend on lookups, requests and retry waits."""

    def __init__(self, seconds: float):
        self.left = seconds

    @asynccontextmanager
    async def spend(self) -> AsyncIterator[None]:
        if self.left <= 0:
            raise TimeoutError
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            async with asyncio.timeout(self.left):
                yield
        finally:
            self.left -= loop.time() - started


def retry_after_seconds(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay in seconds or an HTTP date), or None."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(int(text))
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


async def _system_resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen and len(seen) < 8:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _describe(exc: BaseException) -> str:
    """A short reason for a failed request."""
    chain = _chain(exc)
    for e in chain:
        if isinstance(e, ConnectionRefusedError) or getattr(e, "errno", None) == errno.ECONNREFUSED:
            return "connection refused"
    for e in chain:
        if isinstance(e, ConnectionResetError) or getattr(e, "errno", None) == errno.ECONNRESET:
            return "connection reset by the server"
    for e in chain:
        if isinstance(e, ssl.SSLCertVerificationError):
            return f"TLS certificate not accepted ({e.verify_message})"
        if isinstance(e, ssl.SSLError):
            return "TLS handshake failed"
        if isinstance(e, socket.gaierror):
            return "host name not found"
    if isinstance(exc, httpx.RemoteProtocolError):
        return "no valid HTTP answer (connection closed early or malformed response)"
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect ({exc})"[:160]
    if isinstance(exc, httpx.ReadError | httpx.WriteError):
        return "the connection broke during the request"
    return f"{type(exc).__name__}: {exc}"[:160]


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


def _classify(status: int) -> tuple[Verdict, str]:
    if 200 <= status < 300:
        return "ok", f"HTTP {status}"
    if status in (404, 410):
        return "broken", f"HTTP {status} ({'not found' if status == 404 else 'gone'})"
    if status >= 500:
        return "broken", f"HTTP {status} (server error)"
    if status in (401, 407):
        return "unknown", f"HTTP {status}: the page needs a login"
    if status == 403:
        return "unknown", "HTTP 403: the site refused an automated check"
    if status == 429:
        return "unknown", "HTTP 429: rate limited"
    if 400 <= status < 500:
        return "unknown", f"HTTP {status}: the site refused the request"
    return "unknown", f"HTTP {status}: not a final answer"


class _Checker:
    def __init__(
        self,
        transport: httpx.AsyncBaseTransport,
        *,
        user_agent: str,
        deadline_s: float,
        max_redirects: int,
        concurrency: int,
        per_host: int,
        max_retry_after_s: float,
        resolver: Resolver,
        is_private: IsPrivate,
    ):
        self.transport = transport
        self.headers = {"User-Agent": user_agent, "Accept": "*/*", "Accept-Encoding": "identity"}
        # httpx's own timeouts are per connect/read/write; the per-link deadline is the real bound.
        self.timeouts = httpx.Timeout(deadline_s).as_dict()
        self.deadline_s = deadline_s
        self.max_redirects = max_redirects
        self.per_host = per_host
        self.max_retry_after_s = max_retry_after_s
        self.resolver = resolver
        self.is_private = is_private
        self.slots = asyncio.Semaphore(concurrency)
        self.host_slots: dict[str, asyncio.Semaphore] = {}
        self.lookups: dict[tuple[str, int], asyncio.Task[list[str]]] = {}

    # ------------------------------------------------------------ one link

    async def check(self, raw: str) -> LinkVerdict:
        budget = _Budget(self.deadline_s)
        try:
            verdict, status, final_url, reason = await self._follow(raw, budget)
        except _Outcome as o:
            verdict, status, final_url, reason = o.verdict, o.status, None, o.reason
        except TimeoutError:
            verdict, status, final_url = "timed_out", None, None
            reason = f"no complete answer within {self.deadline_s:g} s"
        return LinkVerdict(
            url=raw,
            verdict=verdict,
            status=status,
            final_url=final_url,
            reason=reason,
            checked_at=dt.datetime.now(dt.UTC),
        )

    async def _follow(self, raw: str, budget: _Budget) -> tuple[Verdict, int | None, str | None, str]:
        try:
            url = safe_url(raw)
        except UnsafeURL as e:
            raise _Outcome("broken", f"unsafe URL, not checked: {e}") from None
        start_local = any(self._private(ip) for ip in await self._resolve(url, budget))
        seen = {_without_fragment(url)}  # the fragment never reaches the server
        hops = 0
        method = "HEAD"
        while True:
            try:
                status, location, method = await self._fetch(url, method, budget)
            except _Outcome as o:
                if hops:  # keep where the redirects led
                    return o.verdict, o.status, url, f"{o.reason} (after {hops} redirect(s))"
                raise
            if status not in REDIRECT_STATUSES:
                break
            if not location:
                return "broken", status, url, f"HTTP {status} redirect without a Location header"
            try:
                target = safe_url(urljoin(url, location.strip()))
            except UnsafeURL as e:
                return "broken", status, url, f"redirect to an unsafe URL refused: {e}"
            if _without_fragment(target) in seen:
                return "broken", status, target, "redirect loop"
            hops += 1
            if hops > self.max_redirects:
                return "broken", status, url, f"too many redirects (more than {self.max_redirects})"
            if not start_local:
                bad = [ip for ip in await self._resolve(target, budget) if self._private(ip)]
                if bad:
                    return (
                        "broken",
                        status,
                        target,
                        f"redirect to a private or local address refused ({bad[0]})",
                    )
            seen.add(_without_fragment(target))
            url = target

        verdict, reason = _classify(status)
        if hops == 0:
            return verdict, status, None, reason
        if verdict == "ok":
            return "redirected", status, url, f"{reason} after {hops} redirect(s)"
        return verdict, status, url, f"{reason} after {hops} redirect(s)"

    async def _fetch(self, url: str, method: str, budget: _Budget) -> tuple[int, str | None, str]:
        """Status and Location of `url`, after the HEAD-to-GET fallback and any retries."""
        retries = 0
        while True:
            status, headers = await self._request(method, url, budget)
            if method == "HEAD" and status in HEAD_REFUSED:
                method = "GET"
                status, headers = await self._request(method, url, budget)
            if status in (429, 503):
                wait = retry_after_seconds(headers.get("retry-after"))
                if wait is None:
                    if status == 429:
                        raise _Outcome("unknown", "HTTP 429: rate limited, with no Retry-After", status)
                    return status, headers.get("location"), method  # a 503 like any 5xx
                if wait > self.max_retry_after_s:
                    raise _Outcome(
                        "unknown",
                        f"HTTP {status}: asked to retry after {wait:.0f} s"
                        f" (more than {self.max_retry_after_s:g} s)",
                        status,
                    )
                if retries >= MAX_RETRIES:
                    raise _Outcome("unknown", f"HTTP {status} still after {MAX_RETRIES} retries", status)
                if wait >= budget.left:
                    raise _Outcome(
                        "unknown", f"HTTP {status}: retry wait {wait:g} s exceeds the time left", status
                    )
                retries += 1
                async with budget.spend():
                    await asyncio.sleep(wait)
                continue
            return status, headers.get("location"), method

    async def _request(self, method: str, url: str, budget: _Budget) -> tuple[int, httpx.Headers]:
        host = urlsplit(url).hostname or ""
        host_slot = self.host_slots.setdefault(host, asyncio.Semaphore(self.per_host))
        async with host_slot, self.slots, budget.spend():
            try:
                request = httpx.Request(
                    method, url, headers=self.headers, extensions={"timeout": self.timeouts}
                )
                response = await self.transport.handle_async_request(request)
                try:
                    # Read the body up to its end or GET_READ_LIMIT bytes. Reaching the end (at
                    # once for HEAD) lets the connection be reused; stopping early closes it.
                    received = 0
                    async with aclosing(response.aiter_raw()) as body:  # type: ignore[type-var]
                        async for chunk in body:
                            received += len(chunk)
                            if received >= GET_READ_LIMIT:
                                break
                    return response.status_code, response.headers
                finally:
                    await response.aclose()
            except httpx.TimeoutException:
                raise _Outcome("timed_out", "the server stopped answering") from None
            except (httpx.HTTPError, httpx.InvalidURL) as e:
                raise _Outcome("broken", _describe(e)) from None

    # ------------------------------------------------------------ addresses

    def _private(self, ip: str) -> bool:
        try:
            return bool(self.is_private(ip))
        except ValueError:
            return True  # not an address we can judge: treat it as private

    async def _resolve(self, url: str, budget: _Budget) -> list[str]:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme == "https" else 80)
        key = (host, port)
        task = self.lookups.get(key)
        if task is None:
            task = asyncio.ensure_future(self.resolver(host, port))
            task.add_done_callback(lambda t: t.cancelled() or t.exception())
            self.lookups[key] = task
        try:
            async with budget.spend():
                addresses = await asyncio.shield(task)
        except socket.gaierror as e:
            if e.errno == socket.EAI_AGAIN:
                raise _Outcome("unknown", f"DNS lookup of {host} failed for now") from None
            raise _Outcome("broken", f"host name {host} not found") from None
        except OSError as e:
            if isinstance(e, TimeoutError):
                raise
            raise _Outcome("unknown", f"DNS lookup of {host} failed ({e})") from None
        if not addresses:
            raise _Outcome("broken", f"host name {host} has no address")
        return list(addresses)

    def close(self) -> None:
        for task in self.lookups.values():
            task.cancel()


async def check_links(
    urls: Iterable[str],
    *,
    deadline_s: float = 10.0,
    max_redirects: int = 5,
    concurrency: int = 8,
    per_host: int = 2,
    max_retry_after_s: float = 5.0,
    user_agent: str = USER_AGENT,
    resolver: Resolver | None = None,
    is_private: IsPrivate | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> list[LinkVerdict]:
    """Check every URL; one verdict each, in the order given (duplicates are checked once).

    `resolver(host, port)` returns the host's IP addresses (default: the system resolver);
    `is_private(ip)` says whether an address is off limits for a redirect from a public start
    (default: `is_private_host`). `transport` replaces the httpx transport made here (with a
    pool of `concurrency` connections); the caller keeps ownership and closes it.
    """
    if deadline_s <= 0:
        raise InvalidRequest(f"deadline_s must be positive, got {deadline_s}")
    if max_redirects < 0:
        raise InvalidRequest(f"max_redirects must be 0 or more, got {max_redirects}")
    if concurrency < 1 or per_host < 1:
        raise InvalidRequest(f"concurrency and per_host must be at least 1, got {concurrency} and {per_host}")
    if max_retry_after_s < 0:
        raise InvalidRequest(f"max_retry_after_s must be 0 or more, got {max_retry_after_s}")
    if isinstance(urls, str):
        raise InvalidRequest("check_links takes a list of URLs, not a single string")
    urls = list(urls)
    unique = list(dict.fromkeys(urls))
    if not unique:
        return []

    own_transport = transport is None
    pool = transport or httpx.AsyncHTTPTransport(
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
        retries=0,
    )
    checker = _Checker(
        pool,
        user_agent=user_agent,
        deadline_s=deadline_s,
        max_redirects=max_redirects,
        concurrency=concurrency,
        per_host=per_host,
        max_retry_after_s=max_retry_after_s,
        resolver=resolver or _system_resolve,
        is_private=is_private or is_private_host,
    )
    try:
        verdicts = await asyncio.gather(*(checker.check(u) for u in unique))
    finally:
        checker.close()
        if own_transport:
            await pool.aclose()
    by_url = dict(zip(unique, verdicts, strict=True))
    return [by_url[u] for u in urls]


def check_links_sync(urls: Iterable[str], **kwargs: object) -> list[LinkVerdict]:
    """`check_links` for synchronous callers; safe to call while an event loop is running."""
    if not isinstance(urls, str):  # a lone string is refused by check_links
        urls = list(urls)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(check_links(urls, **kwargs))  # type: ignore[arg-type]
    # Inside a running loop (an async caller that used the sync API): use a worker thread.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(check_links(urls, **kwargs))).result()  # type: ignore[arg-type]
