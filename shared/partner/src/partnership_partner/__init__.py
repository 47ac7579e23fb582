"""The common core of the partner nodes (PUP, OPS, NGO): see docs/partner.md."""
