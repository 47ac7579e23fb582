"""The PUP partner node."""
