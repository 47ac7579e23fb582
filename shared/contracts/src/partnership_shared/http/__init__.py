"""What every node's HTTP side shares: errors in the reader's language (validation, 404, 405,
500, as JSON for programs and as a page for browsers) and `/docs` served offline."""
