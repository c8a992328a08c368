"""Links: URL safety, opening in the learner's browser, and checking that links still work.

Pure building blocks: no `mcp`, no journal I/O. The server records what they return.
Names are loaded on first use, so starting the server does not import httpx.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "USER_AGENT": "checker",
    "LinkVerdict": "checker",
    "check_links": "checker",
    "check_links_sync": "checker",
    "OpenResult": "browser",
    "open_url": "browser",
    "is_private_host": "urls",
    "safe_url": "urls",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'mcp_server.links' has no attribute {name!r}")
    return getattr(importlib.import_module(f"mcp_server.links.{_WHERE[name]}"), name)
