"""What can go wrong with a staff member's request, said in terms of the field concerned."""

from __future__ import annotations


class RequestRejected(Exception):
    """A request that changes nothing; `field` names the input at fault."""

    status_code = 422

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFound(RequestRejected):
    status_code = 404


class Conflict(RequestRejected):
    """The request is well-formed but the records do not allow it (e.g. not enrolled)."""

    status_code = 409
