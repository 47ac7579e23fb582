"""The reporting node's database: the event store, the projections and the queries over them."""
