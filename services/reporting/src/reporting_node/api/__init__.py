"""The reporting node's HTTP API (`/api/v1`): thin routes over the store's queries."""
