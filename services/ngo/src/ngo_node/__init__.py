"""The NGO partner node."""
