"""Pages of a partner node's workspace as a browser gets them: a caseworker signed in through
the login page (a session cookie), forms sent with their hidden fields."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

PAGE = {"Accept": "text/html"}
PASSWORD = "Praca-w-partnerstwie-2013"


class Browser:
    def __init__(self, client: TestClient) -> None:
        self.client = client

    def get(self, path: str, **params: str) -> str:
        # No `params` when none are given: an empty one would drop the path's own query.
        answer = self.client.get(path, params=params or None, headers=PAGE)
        assert answer.status_code == 200, (path, answer.status_code, answer.text[:2000])
        return answer.text

    def post(self, path: str, form: str, data: dict[str, Any], expect: int = 303) -> Any:
        """Send `data` through the form at `path` (its hidden fields kept, as a browser does)."""
        hidden = dict(re.findall(r'type="hidden" name="(csrf|form_key)" value="([^"]*)"', form))
        answer = self.client.post(
            path, data={**hidden, **data}, headers=PAGE, follow_redirects=False
        )
        assert answer.status_code == expect, (path, answer.status_code, answer.text[:3000])
        return answer


def signed_in_browser(node: TestClient, username: str = "anna") -> Browser:
    """A caseworker's browser: the account made, signed in at /login, the test's token dropped."""
    access = node.app.state.access  # type: ignore[attr-defined]
    assert node.portal is not None
    node.portal.call(
        lambda: access.add_account(username, "caseworker", password=PASSWORD, one_time=False)
    )
    node.headers.pop("Authorization", None)
    node.headers["Accept-Language"] = "pl-PL,pl;q=0.9"  # a browser in Poland
    signed = node.post(
        "/login",
        data={"username": username, "password": PASSWORD, "next": "/"},
        follow_redirects=False,
    )
    assert signed.status_code == 303, signed.text
    return Browser(node)


def card_of(answer: Any) -> str:
    """The client's id in the card a form went back to (`/clients/<id>?done=…`)."""
    return str(answer.headers["location"]).split("/")[2].split("?")[0]
