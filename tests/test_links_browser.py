"""open_url starts a browser only for a validated web address, with an argv list and no shell."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from mcp_server.errors import UnsafeURL
from mcp_server.links import browser
from mcp_server.links.browser import open_url

DESKTOP = {"DISPLAY": ":0"}


class RecordingLauncher:
    def __init__(self, error: OSError | None = None):
        self.calls: list[Sequence[str]] = []
        self.error = error

    def __call__(self, argv: Sequence[str]) -> None:
        self.calls.append(argv)
        if self.error:
            raise self.error


def which_xdg_open(name: str) -> str | None:
    return "/usr/bin/xdg-open" if name == "xdg-open" else None


def open_on_linux_desktop(url: str, launcher: RecordingLauncher, **env: str):
    return open_url(
        url,
        launcher=launcher,
        platform="linux",
        environ={**DESKTOP, **env},
        which=which_xdg_open,
    )


UNSAFE = {
    "an option for open": "-a Calculator",
    "a browser option": "--renderer-cmd-prefix=x",
    "a file URL": "file:///etc/passwd",
    "a javascript URL": "javascript:alert(1)",
    "a data URL": "data:text/html,x",
    "a space and an option": "https://x/a b --flag",
    "an encoded newline": "https://x/%0a",
    "bidi control characters": "https://example.org/\u202eexe.pdf\u202c",
    "a UNC path": "\\\\server\\share",
    "an Office command URL": "ms-officecmd:",
}


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
@pytest.mark.parametrize("raw", UNSAFE.values(), ids=UNSAFE.keys())
def test_an_unsafe_url_is_refused_and_no_program_is_started(raw: str, platform: str) -> None:
    launcher = RecordingLauncher()
    with pytest.raises(UnsafeURL):
        open_url(raw, launcher=launcher, platform=platform, environ=DESKTOP, which=which_xdg_open)
    assert launcher.calls == []


def test_a_good_url_starts_xdg_open_once_with_an_argv_list_on_linux() -> None:
    launcher = RecordingLauncher()
    result = open_on_linux_desktop("HTTPS://Example.org/Page?q=1", launcher)
    assert result.opened is True
    assert result.how == "xdg-open"
    assert result.url == "https://example.org/Page?q=1"
    assert launcher.calls == [["/usr/bin/xdg-open", "https://example.org/Page?q=1"]]
    assert isinstance(launcher.calls[0], list)


def test_the_browser_gets_the_validated_string_not_the_raw_one() -> None:
    launcher = RecordingLauncher()
    open_on_linux_desktop('https://bücher.example/a"b', launcher)
    assert launcher.calls[0][-1] == "https://xn--bcher-kva.example/a%22b"


def test_macos_uses_open_with_the_url_as_its_only_argument() -> None:
    launcher = RecordingLauncher()
    result = open_url("https://example.org/", launcher=launcher, platform="darwin", environ={})
    assert result.opened is True
    assert launcher.calls == [["/usr/bin/open", "https://example.org/"]]


def test_windows_uses_rundll32_by_full_path_without_cmd() -> None:
    launcher = RecordingLauncher()
    env = {"SystemRoot": "C:\\Windows"}
    result = open_url("https://example.org/a&b=1", launcher=launcher, platform="win32", environ=env)
    assert result.opened is True
    (argv,) = launcher.calls
    assert argv[0].endswith("rundll32.exe") and argv[0].startswith("C:\\Windows")
    assert argv[1:] == ["url.dll,FileProtocolHandler", "https://example.org/a&b=1"]
    assert not any("cmd" in part.lower() for part in argv)


def test_without_a_display_it_returns_the_url_unopened() -> None:
    launcher = RecordingLauncher()
    result = open_url(
        "https://example.org/", launcher=launcher, platform="linux", environ={}, which=which_xdg_open
    )
    assert result.opened is False
    assert result.url == "https://example.org/"
    assert "https://example.org/" in result.message
    assert "DISPLAY" in result.message
    assert launcher.calls == []


def test_a_wayland_session_counts_as_a_display() -> None:
    launcher = RecordingLauncher()
    result = open_url(
        "https://example.org/",
        launcher=launcher,
        platform="linux",
        environ={"WAYLAND_DISPLAY": "wayland-0"},
        which=which_xdg_open,
    )
    assert result.opened is True
    assert len(launcher.calls) == 1


@pytest.mark.parametrize("platform", ["linux", "darwin", "win32"])
def test_in_an_ssh_session_it_returns_the_url_unopened(platform: str) -> None:
    launcher = RecordingLauncher()
    result = open_url(
        "https://example.org/",
        launcher=launcher,
        platform=platform,
        environ={**DESKTOP, "SSH_CONNECTION": "10.0.0.1 5000 10.0.0.2 22"},
        which=which_xdg_open,
    )
    assert result.opened is False
    assert "SSH" in result.message and "https://example.org/" in result.message
    assert launcher.calls == []


def test_without_xdg_open_it_returns_the_url_unopened() -> None:
    launcher = RecordingLauncher()
    result = open_url(
        "https://example.org/", launcher=launcher, platform="linux", environ=DESKTOP, which=lambda _: None
    )
    assert result.opened is False
    assert "xdg-open" in result.message
    assert launcher.calls == []


def test_an_opener_that_fails_to_start_is_reported_not_raised() -> None:
    launcher = RecordingLauncher(error=FileNotFoundError(2, "No such file or directory"))
    result = open_on_linux_desktop("https://example.org/", launcher)
    assert result.opened is False
    assert "https://example.org/" in result.message
    assert len(launcher.calls) == 1


def test_the_default_launcher_starts_a_process_without_a_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[object, dict[str, object]]] = []

    class FakePopen:
        def __init__(self, argv: object, **kwargs: object):
            seen.append((argv, kwargs))

    monkeypatch.setattr(browser.subprocess, "Popen", FakePopen)
    result = open_url("https://example.org/", platform="linux", environ=DESKTOP, which=which_xdg_open)
    assert result.opened is True
    ((argv, kwargs),) = seen
    assert argv == ["/usr/bin/xdg-open", "https://example.org/"]
    assert kwargs["shell"] is False
