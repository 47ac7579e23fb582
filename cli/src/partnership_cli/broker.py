"""Who may do what on the broker: one user per partner, one for the reporting node, nobody else.

Redis 7 ACLs (Valkey alike), with selectors so that a command allowed on one key is not allowed
on another:

* a partner appends to its own stream and its heartbeats only (`%W~`: write, never read); trims
  its own stream below what every group has read (XINFO GROUPS, XPENDING, XTRIM on that key
  alone); and reads, as a consumer group member, the replay requests addressed to it and the
  other partners' streams (its timeline). A group member needs XACK and XGROUP CREATE, which
  Redis counts as writes, so those keys are in a selector that has no XADD.
* the reporting node reads and acknowledges the partner streams and heartbeats (the same group
  commands, plus XLEN, XRANGE, XREVRANGE and XINFO for its status page and its supervisor),
  appends replay requests and dead letters, and nothing else. So only it can ask a partner to
  publish again.
* the `default` user is off: a connection without credentials can do nothing.

Passwords are stored in the ACL file as SHA-256 digests (`#…`), never in clear.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from partnership_shared.kernel.streams import (
    DEAD_LETTER_STREAM,
    heartbeat_stream,
    partner_stream,
    replay_request_stream,
)

REPORTING_USER = "reporting"
CONNECTION = "+ping +hello +auth +client|setinfo +client|setname +client|id"
"""What every client sends while connecting (redis-py and FastStream)."""
GROUP_READER = "+xreadgroup +xack +xautoclaim +xclaim +xgroup|create +xpending +xinfo|stream"
STATUS_READER = "+xlen +xrange +xrevrange +xinfo|groups"
TRIMMER = "+xinfo|groups +xinfo|stream +xpending +xtrim"
"""What a partner's relay needs to keep its own stream bounded."""


def _keys(patterns: Sequence[str], prefix: str = "~") -> str:
    return " ".join(f"{prefix}{pattern}" for pattern in patterns)


def partner_rule(partner: str, partners: Sequence[str]) -> str:
    """The ACL rule (after `user <name> on <password>`) of a partner's node."""
    own = [partner_stream(partner), heartbeat_stream(partner)]
    others = [partner_stream(other) for other in partners if other != partner]
    read = [replay_request_stream(partner), *others]
    return (
        f"resetkeys resetchannels -@all {CONNECTION} +xadd {_keys(own, '%W~')} "
        f"({TRIMMER} ~{partner_stream(partner)}) ({GROUP_READER} {_keys(read)})"
    )


def reporting_rule(partners: Sequence[str]) -> str:
    """The ACL rule of the reporting node."""
    requests = [replay_request_stream(partner) for partner in partners]
    read = [partner_stream(p) for p in partners] + [heartbeat_stream(p) for p in partners]
    return (
        f"resetkeys resetchannels -@all {CONNECTION} +xadd "
        f"{_keys([*requests, DEAD_LETTER_STREAM], '%W~')} "
        f"({GROUP_READER} {STATUS_READER} {_keys(read)})"
    )


def acl_rules(partners: Sequence[str]) -> dict[str, str]:
    """Every broker user of the partnership and its rule, the reporting node's first."""
    rules = {REPORTING_USER: reporting_rule(partners)}
    rules.update({partner: partner_rule(partner, partners) for partner in partners})
    return rules


def acl_file(passwords: Mapping[str, str], partners: Sequence[str]) -> str:
    """An ACL file for these users' passwords (stored hashed) with the default user off."""
    lines = ["user default off resetkeys resetchannels -@all"]
    for user, rule in acl_rules(partners).items():
        digest = hashlib.sha256(passwords[user].encode()).hexdigest()
        lines.append(f"user {user} on #{digest} {rule}")
    return "\n".join(lines) + "\n"
