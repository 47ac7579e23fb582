"""Handlers: what the node does with each command, over a unit of work (only the caller commits)."""
