"""Links: URL safety, opening in the learner's browser, and checking that links still work.

Pure building blocks: no `mcp`, no journal I/O. The server records what they return.
"""

from mcp_server.links.browser import OpenResult, open_url
from mcp_server.links.checker import USER_AGENT, LinkVerdict, check_links, check_links_sync
from mcp_server.links.urls import is_private_host, safe_url

__all__ = [
    "USER_AGENT",
    "LinkVerdict",
    "OpenResult",
    "check_links",
    "check_links_sync",
    "is_private_host",
    "open_url",
    "safe_url",
]
