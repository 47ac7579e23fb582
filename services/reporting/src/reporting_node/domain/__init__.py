"""The reporting node's rules, free of I/O: what each event contributes and how figures are read."""
