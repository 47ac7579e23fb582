"""Ingest: partner streams → event store and projections, one transaction per batch."""
