"""AI Tutor: MCP server, domain core and CLI."""
__version__ = "0.1.0"
