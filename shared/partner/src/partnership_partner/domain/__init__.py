"""The partner node's rules as plain Python: no database, web framework or broker here."""
