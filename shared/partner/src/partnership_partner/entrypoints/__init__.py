"""Entrypoints: the node's HTTP API, route by area, over the handlers."""
