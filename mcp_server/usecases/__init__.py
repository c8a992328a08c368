"""One module per command: learn (/learn), check (/check), link (/link), status (the
read-only views). Each takes a `context.Workspace` — the journal, its graph and the outside
collaborators — and returns pydantic answers. They import the domain and storage, never
the faces (server, cli) or each other's internals."""
