"""The OPS partner node."""
