"""safe_url lets through only plain web addresses and returns the string it validated."""

from __future__ import annotations

import ipaddress

import pytest

from mcp_server.domain.urls import is_private_host, safe_url
from mcp_server.errors import UnsafeURL

REFUSED = {
    "an option for the opener": ("-a Calculator", "option"),
    "a long browser option": ("--renderer-cmd-prefix=x", "option"),
    "a file URL": ("file:///etc/passwd", "scheme 'file'"),
    "a javascript URL": ("javascript:alert(1)", "scheme 'javascript'"),
    "a data URL": ("data:text/html,x", "scheme 'data'"),
    "a vbscript URL": ("vbscript:msgbox(1)", "scheme 'vbscript'"),
    "an Office command URL": ("ms-officecmd:", "scheme 'ms-officecmd'"),
    "an ftp URL": ("ftp://example.org/file", "scheme 'ftp'"),
    "a space then an option": ("https://x/a b --flag", "space"),
    "a leading space": (" https://example.org/", "space"),
    "a raw newline": ("https://example.org/\nx", "control character"),
    "a raw tab": ("https://example.org/\tx", "control character"),
    "an encoded newline": ("https://x/%0a", "percent-decoded"),
    "an encoded carriage return": ("https://example.org/a%0D%0ASet-Cookie:x", "percent-decoded"),
    "an encoded NUL": ("https://example.org/%00", "percent-decoded"),
    "a doubly encoded newline": ("https://example.org/%250a", "percent-decoded"),
    "an encoded no-break space": ("https://example.org/%C2%A0", "whitespace"),
    "a right-to-left override": ("https://example.org/\u202egpj.exe", "bidirectional"),
    "a first-strong isolate": ("https://example.org/\u2068x", "bidirectional"),
    "a left-to-right mark": ("https://example.org/\u200ex", "bidirectional"),
    "an encoded right-to-left override": ("https://example.org/%E2%80%AEx", "bidirectional"),
    "a zero-width space": ("https://example.org/\u200bx", "invisible"),
    "a UNC path": ("\\\\server\\share", "UNC"),
    "a scheme-relative URL": ("//example.org/page", "UNC"),
    "a backslash in the host": ("https://example.org\\@evil.example/", "backslash"),
    "user and password": ("https://user:pass@example.org/", "user name or password"),
    "a user name alone": ("https://user@example.org/", "user name or password"),
    "no scheme": ("example.org/page", "no scheme"),
    "no slashes after the scheme": ("https:example.org", "no host"),
    "an empty host": ("https:///path", "no host"),
    "a percent-encoded host": ("https://exa%6Dple.org/", "percent-encoded"),
    "a port out of range": ("https://example.org:70000/", "cannot be parsed"),
    "port 0": ("https://example.org:0/", "port is 0"),
    "an invalid IPv4 host": ("http://1.2.3.999/", "not a valid one"),
    "a host with a quote": ("https://exa'mple.org/", "not a valid host name"),
    "text after an IPv6 host": ("http://[::1]evil:80/", "after its IPv6 host"),
    "an empty string": ("", "empty"),
    "a very long URL": ("https://example.org/" + "a" * 3000, "longer than"),
}


@pytest.mark.parametrize("raw, why", REFUSED.values(), ids=REFUSED.keys())
def test_unsafe_urls_are_refused_with_a_reason(raw: str, why: str) -> None:
    with pytest.raises(UnsafeURL) as caught:
        safe_url(raw)
    assert why in str(caught.value)


def test_every_refusal_says_what_to_do_next() -> None:
    for raw, _ in REFUSED.values():
        with pytest.raises(UnsafeURL) as caught:
            safe_url(raw)
        message = str(caught.value)
        assert message.startswith("refused")
        assert message.count(". ") >= 1, message  # the why, then the fix


CANONICAL = {
    "scheme and host are lowercased": ("HTTPS://Example.ORG/Path", "https://example.org/Path"),
    "an empty path becomes /": ("https://example.org", "https://example.org/"),
    "the default port is dropped": ("https://example.org:443/a", "https://example.org/a"),
    "another port is kept": ("http://example.org:8080/a", "http://example.org:8080/a"),
    "an international host becomes punycode": ("https://bücher.example/", "https://xn--bcher-kva.example/"),
    "non-ASCII path characters are percent-encoded": (
        "https://example.org/päth",
        "https://example.org/p%C3%A4th",
    ),
    "quotes and brackets are percent-encoded": (
        'https://example.org/a"<b>`{c}',
        "https://example.org/a%22%3Cb%3E%60%7Bc%7D",
    ),
    "an encoded space is kept": ("https://example.org/a%20b", "https://example.org/a%20b"),
    "a lone percent sign is encoded": ("https://example.org/100%", "https://example.org/100%25"),
    "escapes are uppercased": ("https://example.org/%c3%a4", "https://example.org/%C3%A4"),
    "query and fragment are kept": (
        "https://example.org/s?q=a&b=c#part",
        "https://example.org/s?q=a&b=c#part",
    ),
    "a hex IPv4 host is made dotted": ("http://0x7f.1/", "http://127.0.0.1/"),
    "a decimal IPv4 host is made dotted": ("http://2130706433/", "http://127.0.0.1/"),
    "an IPv6 host is compressed": ("http://[0:0:0:0:0:0:0:1]:8000/", "http://[::1]:8000/"),
}


@pytest.mark.parametrize("raw, expected", CANONICAL.values(), ids=CANONICAL.keys())
def test_the_url_is_returned_re_serialized_from_its_parts(raw: str, expected: str) -> None:
    assert safe_url(raw) == expected


def test_a_re_serialized_url_is_accepted_again_unchanged() -> None:
    for raw, _ in CANONICAL.values():
        once = safe_url(raw)
        assert safe_url(once) == once


def test_a_safe_url_never_contains_characters_a_command_line_could_split_on() -> None:
    url = safe_url("https://exämple.org/a'b\"c<d>e|f^g`h{i}j?k=l m".replace(" ", "%20"))
    assert url.isascii()
    assert not any(ch in url for ch in ' "<>\\^`{|}')
    assert url.startswith("https://")


PRIVATE = [
    "127.0.0.1",
    "127.0.0.2",
    "::1",
    "169.254.169.254",
    "fe80::1",
    "10.1.2.3",
    "172.16.0.1",
    "192.168.1.1",
    "100.64.0.1",
    "0.0.0.0",
    "::",
    "224.0.0.1",
    "ff02::1",
    "240.0.0.1",
    "fc00::1",
    "::ffff:127.0.0.1",
    "::ffff:169.254.169.254",
    "2002:a9fe:a9fe::1",  # 6to4 around 169.254.169.254
    "64:ff9b::a9fe:a9fe",  # NAT64 around 169.254.169.254
    "localhost",
    "api.localhost",
]
PUBLIC = ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "9.9.9.9"]


@pytest.mark.parametrize("ip", PRIVATE)
def test_private_loopback_link_local_and_reserved_addresses_are_private(ip: str) -> None:
    assert is_private_host(ip)


@pytest.mark.parametrize("ip", PUBLIC)
def test_public_addresses_are_not_private(ip: str) -> None:
    assert not is_private_host(ip)
    assert not is_private_host(ipaddress.ip_address(ip))


def test_a_host_name_must_be_resolved_before_it_can_be_judged() -> None:
    with pytest.raises(ValueError, match="resolve"):
        is_private_host("example.org")
