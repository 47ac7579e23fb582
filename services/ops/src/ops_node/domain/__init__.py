"""The OPS's own domain: benefit decisions under their legal basis, social contracts."""
