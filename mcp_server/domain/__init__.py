"""The pure core: models, the event schema, the graph, the learner fold, the planner,
progress, scoring and memory, post rules and rendering. No I/O, and no `mcp`, `yaml` or
`httpx` (a test walks the imports to keep it so)."""
