"""Storage: the journal folder (layout, the event log, the profile, owned files), the
curated knowledge loader, and YAML with file:line errors."""
