"""URL safety: the one gate every link passes before it is opened, fetched or recorded.

`safe_url` accepts a plain `http`/`https` URL and returns it re-serialized from its parsed
parts, so the string used afterwards is exactly the string that was validated: lowercased
scheme and host, IDNA (punycode) host, default port dropped, path, query and fragment
percent-quoted so that only RFC 3986 characters remain (no spaces, quotes or controls).

Everything else raises `UnsafeURL` whose message says what is wrong and what to do.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import unicodedata
from collections.abc import Iterable
from urllib.parse import unquote_to_bytes, urlsplit

import idna  # IDNA 2008 with UTS 46 mapping; a dependency of httpx

from ..errors import UnsafeURL

MAX_URL_LENGTH = 2048

ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}

# Characters that reorder how text is displayed, so a URL could show one thing and open another.
BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)]  # LRE RLE PDF LRO RLO
    + [chr(c) for c in range(0x2066, 0x206A)]  # LRI RLI FSI PDI
    + ["\u200e", "\u200f", "\u061c"]  # LRM RLM ALM
)

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_ASCII_HOST = re.compile(
    r"^[a-z0-9_](?:[a-z0-9_\-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_\-]*[a-z0-9_])?)*\.?$"
)
_HEX = frozenset("0123456789abcdefABCDEF")

# RFC 3986: unreserved and sub-delims, plus what each component may hold literally.
_UNRESERVED = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
_SUB_DELIMS = frozenset("!$&'()*+,;=")
_PATH_SAFE = _UNRESERVED | _SUB_DELIMS | frozenset(":@/")
_QUERY_SAFE = _PATH_SAFE | frozenset("?")


def _refuse(raw: str, why: str, fix: str) -> UnsafeURL:
    shown = raw if len(raw) <= 120 else raw[:117] + "..."
    return UnsafeURL(f"refused URL {shown!r}: {why}. {fix}")


def _bad_char(ch: str) -> str | None:
    """Why `ch` may not appear in a URL (raw or percent-decoded), or None if it may."""
    if ch in BIDI_CONTROLS:
        return f"a bidirectional control character (U+{ord(ch):04X}) that can make it display differently"
    cat = unicodedata.category(ch)
    if cat == "Cc":
        return f"a control character (U+{ord(ch):04X})"
    if cat in ("Zs", "Zl", "Zp"):
        return f"whitespace (U+{ord(ch):04X})"
    if cat == "Cf":
        return f"an invisible formatting character (U+{ord(ch):04X})"
    return None


def _decoded_forms(text: str) -> list[str]:
    """`text` percent-decoded once, twice and three times (to catch %250a as well as %0a)."""
    forms = []
    current = text
    for _ in range(3):
        if "%" not in current:
            break
        # Control bytes are ASCII, so they survive decoding as themselves; invalid UTF-8
        # becomes U+FFFD, which is harmless.
        decoded = unquote_to_bytes(current).decode("utf-8", errors="replace")
        if decoded == current:
            break
        forms.append(decoded)
        current = decoded
    return forms


def _check_characters(raw: str, text: str, where: str) -> None:
    for ch in text:
        why = _bad_char(ch)
        if why is None:
            continue
        if where == "raw" and ch == " ":
            raise _refuse(
                raw, "it contains a space", "Remove the spaces, or write a space inside the path as %20"
            )
        if where == "raw":
            raise _refuse(
                raw, f"it contains {why}", "Copy the URL again from its source, without hidden characters"
            )
        # Percent-encoded spaces (%20) are common in real paths and cannot split an argument
        # once encoded; every other encoded whitespace or control character is refused.
        if ch == " ":
            continue
        raise _refuse(
            raw,
            f"once percent-decoded it contains {why}",
            "A real page address never needs this; check where the URL came from",
        )


def _canonical_ipv4(host: str) -> str | None:
    """The dotted-quad form of a host a browser would read as IPv4 (e.g. `0x7f.1`), or None."""
    last = host.rstrip(".").rsplit(".", 1)[-1]
    if not last:
        return None
    looks_numeric = last.isdigit() or (last[:2] == "0x" and all(c in _HEX for c in last[2:]))
    if not looks_numeric:
        return None
    try:
        return socket.inet_ntoa(socket.inet_aton(host.rstrip(".")))
    except OSError:
        return ""  # numeric-looking but not a valid address


def _encode_host(raw: str, host: str) -> str:
    if not host:
        raise _refuse(raw, "it has no host", "Write a full address such as https://example.org/page")
    if host.startswith("[") and host.endswith("]"):
        if "%" in host:
            raise _refuse(raw, "its IPv6 host has a zone id", "Link to a public address instead")
        try:
            ip6 = ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            raise _refuse(
                raw, "its IPv6 host is not valid", "Check the address between the brackets"
            ) from None
        return f"[{ip6.compressed}]"
    if "%" in host:
        raise _refuse(raw, "its host is percent-encoded", "Write the host name plainly, e.g. example.org")
    lowered = host.lower()
    if lowered.isascii():
        ipv4 = _canonical_ipv4(lowered)
        if ipv4 == "":
            raise _refuse(raw, "its host looks like an IP address but is not a valid one", "Fix the host")
        if ipv4:
            return ipv4
        ascii_host = lowered
    else:
        try:
            ascii_host = idna.encode(lowered, uts46=True).decode("ascii")
        except (idna.IDNAError, UnicodeError) as e:
            raise _refuse(
                raw, f"its host is not a valid international domain name ({e})", "Fix the host"
            ) from None
    if len(ascii_host) > 253 or not _ASCII_HOST.match(ascii_host):
        raise _refuse(raw, f"its host {ascii_host!r} is not a valid host name", "Fix the host")
    return ascii_host


def _quote(part: str, safe: frozenset[str]) -> str:
    """Percent-quote `part`, keeping valid %XX escapes and the characters in `safe`."""
    out = []
    i = 0
    while i < len(part):
        ch = part[i]
        if ch == "%" and i + 2 < len(part) and part[i + 1] in _HEX and part[i + 2] in _HEX:
            out.append("%" + part[i + 1 : i + 3].upper())
            i += 3
            continue
        if ch in safe:
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8"))
        i += 1
    return "".join(out)


def safe_url(raw: str) -> str:
    """Validate `raw` and return it re-serialized; raise `UnsafeURL` saying why and what to do."""
    if not isinstance(raw, str):
        raise UnsafeURL(f"refused URL {raw!r}: it is not a string. Pass the address as text")
    if not raw:
        raise UnsafeURL("refused an empty URL. Pass a full address such as https://example.org/page")
    if len(raw) > MAX_URL_LENGTH:
        raise _refuse(
            raw, f"it is longer than {MAX_URL_LENGTH} characters", "Use a shorter link to the same page"
        )
    if raw[0] == "-":
        raise _refuse(
            raw,
            "it starts with '-', so a program could read it as an option",
            "Pass a URL starting with https://",
        )
    if raw.startswith(("\\\\", "//", "\\/", "/\\")):
        raise _refuse(
            raw,
            "it is a network (UNC) path or has no scheme",
            "Pass a web address starting with https://",
        )
    _check_characters(raw, raw, "raw")
    if "\\" in raw:
        raise _refuse(raw, "it contains a backslash", "Use forward slashes; a web address never needs '\\'")

    match = _SCHEME.match(raw)
    if not match:
        raise _refuse(raw, "it has no scheme", "Write the full address, starting with https://")
    scheme = match.group(1).lower()
    if scheme not in ALLOWED_SCHEMES:
        raise _refuse(
            raw,
            f"the scheme {scheme!r} is not allowed (only http and https are opened or checked)",
            "Link to a web page instead",
        )
    rest = raw[match.end() :]
    if not rest.startswith("//"):
        raise _refuse(raw, "it has no host after the scheme", "Write it as https://host/path")

    _check_characters(raw, "".join(_decoded_forms(raw)), "decoded")

    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as e:
        raise _refuse(raw, f"it cannot be parsed ({e})", "Check the host and port") from None
    netloc = parts.netloc
    if "@" in netloc:
        raise _refuse(
            raw,
            "it contains a user name or password (user:pass@host)",
            "Remove the part before '@'; credentials never belong in a shared link",
        )

    hostport = netloc
    if hostport.startswith("["):
        end = hostport.find("]")
        if end < 0:
            raise _refuse(raw, "its IPv6 host has no closing bracket", "Fix the host")
        host_text = hostport[: end + 1]
        after = hostport[end + 1 :]
        if after and not (after[0] == ":" and after[1:].isdigit()):
            raise _refuse(raw, "it has text after its IPv6 host", "Write it as http://[address]:port/path")
    else:
        host_text = hostport.rsplit(":", 1)[0] if ":" in hostport else hostport
    host = _encode_host(raw, host_text)
    if port is not None and port == 0:
        raise _refuse(raw, "its port is 0", "Remove the port or use a real one")

    netloc_out = host if port in (None, DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _quote(parts.path, _PATH_SAFE) or "/"
    url = f"{scheme}://{netloc_out}{path}"
    if parts.query:
        url += "?" + _quote(parts.query, _QUERY_SAFE)
    if parts.fragment:
        url += "#" + _quote(parts.fragment, _QUERY_SAFE)
    return url


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in ipaddress.IPv6Network("64:ff9b::/96"):  # NAT64 well-known prefix
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def is_private_host(ip: str | ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether `ip` is an address a public link must never lead to.

    True for loopback, link-local (169.254/16, fe80::/10), private, shared (100.64/10),
    unspecified, multicast and reserved addresses, also when an IPv4 address is embedded in
    IPv6 (::ffff:a.b.c.d, 6to4, Teredo, NAT64), and for the names `localhost` and
    `*.localhost`. Any other host name raises ValueError: resolve it first and check each
    address it resolves to.
    """
    if isinstance(ip, str):
        text = ip.strip("[]")
        if "%" in text:  # zone id, e.g. fe80::1%eth0
            text = text.split("%", 1)[0]
        try:
            addr: ipaddress.IPv4Address | ipaddress.IPv6Address = ipaddress.ip_address(text)
        except ValueError:
            name = text.lower().rstrip(".")
            if name == "localhost" or name.endswith(".localhost"):
                return True
            raise ValueError(f"{ip!r} is not an IP address; resolve it and check each address") from None
    else:
        addr = ip
    candidates: list[ipaddress.IPv4Address | ipaddress.IPv6Address] = [addr]
    if isinstance(addr, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(addr)
        if embedded is not None:
            candidates.append(embedded)
    return any(
        a.is_loopback
        or a.is_link_local
        or a.is_private
        or a.is_unspecified
        or a.is_multicast
        or a.is_reserved
        or not a.is_global
        for a in candidates
    )


def canonical(raw: str) -> str:
    """The one form links are compared in (allowed links, verdicts, opened resources): the
    `safe_url` serialization, scheme https, no trailing slash. An unsafe URL compares as its
    stripped text, so it can only ever match itself."""
    try:
        url = safe_url(raw.strip())
    except UnsafeURL:
        return raw.strip()
    if url.startswith("http://"):
        url = "https://" + url[len("http://"):]
    return url.rstrip("/")


def canonical_set(urls: Iterable[str]) -> set[str]:
    return {canonical(u) for u in urls}
