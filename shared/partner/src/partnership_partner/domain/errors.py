"""What can be wrong with a request, said in terms of the field concerned.

A rule that refuses something raises one of these with the field at fault, a message code and the
values the message needs; the words are chosen in the reader's language only when the answer is
written (`partnership_partner.domain.messages`). Nothing is stored when one is raised.
"""

from __future__ import annotations


class Rejected(Exception):
    """The request cannot be carried out as it stands (HTTP 422)."""

    status_code = 422

    def __init__(self, field: str, code: str, **params: object) -> None:
        super().__init__(f"{field}: {code} {params}")
        self.field = field
        self.code = code
        self.params = params


class NotFound(Rejected):
    """The request names something this node does not hold (HTTP 404)."""

    status_code = 404


class Conflict(Rejected):
    """Well-formed, but the records do not allow it (HTTP 409): not enrolled, already ended…"""

    status_code = 409


class ConfirmationNeeded(Rejected):
    """Beyond a plausibility limit: accepted only with an explicit confirmation and its reason."""


class Duplicate(Conflict):
    """The same record is already there: accepted again only with a confirmation and its reason."""
