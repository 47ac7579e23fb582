"""The node's routes, one module per area."""
