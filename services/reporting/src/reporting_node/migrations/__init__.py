"""Alembic migrations of the reporting node's database (applied at start, see `main`)."""
