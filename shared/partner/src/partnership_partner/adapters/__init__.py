"""Adapters: the node's tables, repositories and queries, and its consumer of other partners."""
