"""Keys, secrets and signed chains as tests need them (what `partnership init` and a partner's
relay make in earnest)."""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

from partnership_shared.events import encode_event
from partnership_shared.events.models import EventBase
from partnership_shared.kernel.chain import body_hash
from partnership_shared.kernel.keys import SigningKey, registry_document

PSEUDONYM_SECRET = "0f3a9c1e7b5d42f8a6c0e9b3d7f1a5c2e8b4d0f6a2c7e1b9d3f5a8c0e6b2d4f7"
"""A pseudonym secret for tests (64 hex digits: strong enough for a partner node)."""


class PartnerKeys:
    """Signing keys of the test partners and the registry of their public keys, on disk."""

    def __init__(self, folder: Path, partners: tuple[str, ...] = ("pup", "ops", "ngo")) -> None:
        self.folder = folder
        self.keys = {partner: SigningKey.generate(partner) for partner in partners}
        for partner, key in self.keys.items():
            key.save(self.key_file(partner))
        self.registry_file = folder / "partner-keys.json"
        self.registry_file.write_text(
            registry_document(key.registry_entry() for key in self.keys.values()), "utf-8"
        )

    def key_file(self, partner: str) -> Path:
        return self.folder / f"{partner}.key"


@cache
def session_keys() -> PartnerKeys:
    """One set of test partner keys for the whole test run (in a temp folder of its own)."""
    return PartnerKeys(Path(tempfile.mkdtemp(prefix="partner-keys-")))


def chained(events: list[EventBase], prev_hash: str | None = None) -> list[EventBase]:
    """The events (of one source, in `seq` order) each naming the hash of the one before."""
    linked = []
    for event in events:
        event = event.model_copy(update={"prev_hash": prev_hash})
        prev_hash = body_hash(encode_event(event))
        linked.append(event)
    return linked
