"""The node kernel: what every service of the partnership reuses."""
