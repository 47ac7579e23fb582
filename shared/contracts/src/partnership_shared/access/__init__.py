"""Accounts and access, the same on every node: who may sign in, with which role, and what was done.

* `roles` — caseworker, coordinator, auditor, admin; which a node admits.
* `tables` — accounts, sessions and API tokens, failed logins, the audit log (`define_access`).
* `passwords` — argon2 hashes, one-time passwords, what counts as too weak.
* `service` — signing in, tokens and their expiry and revocation, the slowing of failed logins,
  accounts (the core of the CLI's `partnership users` and of the admin's API).
* `audit` — who read or changed which client's data, from where; append-only.
* `gate` — the ASGI middleware: nothing but health and the login answers without credentials.
* `routes` — login and password pages, token, account and audit routes; `require` and
  `read_or_write`, the dependencies that admit roles; `install`, which puts an app behind the gate.
* `bootstrap` — what a node does on start: its first admin, its service account's token.
"""
