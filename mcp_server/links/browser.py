"""Open a link in the learner's browser, safely, or say plainly that it cannot be done here.

Every URL goes through `safe_url` first; a refused URL raises `UnsafeURL` and no program is
started at all. The opener is started without a shell, with the URL as one argv entry:

- Linux and BSD: `xdg-open URL`. xdg-open has no `--` end-of-options marker (its manual says
  it cannot handle arguments that begin with "-"), so we rely on `safe_url`, which only lets
  through strings that start with `http://` or `https://` and contain no whitespace.
- macOS: `/usr/bin/open URL`. `open` reads `--args` as "pass the rest to the application",
  not as an end-of-options marker, so again the `http` prefix guarantee is what keeps the URL
  from being read as an option.
- Windows: `rundll32.exe url.dll,FileProtocolHandler URL`, by its full path under SystemRoot.
  No `cmd /c start` (cmd would interpret `&`, `^` and `%` in the URL); the re-serialized URL
  holds no spaces or quotes, so `subprocess` passes it to rundll32 unchanged. The handler
  would open any registered protocol, which is why only http and https reach it.

The launcher is a parameter so tests can observe every call without starting a browser.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from mcp_server.domain.urls import safe_url
from mcp_server.errors import UnsafeURL

Launcher = Callable[[Sequence[str]], object]


class OpenResult(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    opened: bool
    how: str  # the opener used, or "none"
    url: str  # the validated, re-serialized URL
    message: str


def _popen(argv: Sequence[str]) -> object:
    """Start the opener detached, without a shell, and without waiting for it."""
    kwargs: dict[str, object] = {
        "stdin": subprocess.DEVNULL,
        "stdout": subprocess.DEVNULL,
        "stderr": subprocess.DEVNULL,
        "close_fds": True,
        "shell": False,
    }
    if os.name == "posix":
        kwargs["start_new_session"] = True
    return subprocess.Popen(list(argv), **kwargs)  # type: ignore[call-overload]


def _not_opened(url: str, why: str) -> OpenResult:
    return OpenResult(
        opened=False,
        how="none",
        url=url,
        message=f"Not opened: {why}. Open this address yourself: {url}",
    )


def open_url(
    url: str,
    *,
    launcher: Launcher | None = None,
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    which: Callable[[str], str | None] | None = None,
) -> OpenResult:
    """Open `url` in the default browser; raise `UnsafeURL` (before any launch) if it is unsafe.

    Returns `opened=False` with the URL and the reason when no browser is reachable: an SSH
    session, a Linux session without DISPLAY or WAYLAND_DISPLAY, or no opener installed.
    `platform`, `environ` and `which` default to the running system; tests pass their own.
    """
    checked = safe_url(url)
    launch = launcher or _popen
    plat = platform or sys.platform
    env = os.environ if environ is None else environ
    find = which or shutil.which

    if env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"):
        return _not_opened(checked, "this is an SSH session, so a browser would open on the remote machine")

    argv: list[str]
    if plat == "darwin":
        argv = ["/usr/bin/open", checked]
        how = "open"
    elif plat.startswith("win") or plat == "cygwin":
        root = env.get("SystemRoot") or env.get("SYSTEMROOT") or r"C:\Windows"
        argv = [os.path.join(root, "System32", "rundll32.exe"), "url.dll,FileProtocolHandler", checked]
        how = "rundll32 url.dll,FileProtocolHandler"
    else:
        if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
            return _not_opened(
                checked, "there is no graphical session here (neither DISPLAY nor WAYLAND_DISPLAY is set)"
            )
        opener = find("xdg-open")
        if not opener:
            return _not_opened(
                checked, "xdg-open is not installed, so there is no way to reach the default browser"
            )
        argv = [opener, checked]
        how = "xdg-open"

    # Belt and braces: the argv's last entry is exactly the validated URL, which starts with
    # http:// or https:// and so can never be read as an option.
    if argv[-1] != checked or not checked.startswith(("http://", "https://")):
        raise UnsafeURL(
            f"refused URL {checked!r}: it did not survive validation unchanged. Report this as a bug"
        )
    try:
        launch(argv)
    except OSError as e:
        return _not_opened(checked, f"{how} could not be started ({e.strerror or e})")
    return OpenResult(opened=True, how=how, url=checked, message=f"Opened {checked} in the default browser.")
