"""Tables of the reporting node (changed only through the Alembic migrations beside them).

* `event`: the event store — every accepted event whole, with columns read off it for queries
  (as the record now stands: a correction changes `day`, `dim`, `amount` and `standing`, never the
  body); unique by `event_id` and by `(source_id, seq)`; a correction `refers_to` its original.
* `dead_letter`: entries that could not be accepted, with the reason, digest and size (bodies
  kept within a bound: `reporting_node.store.dead_letters`).
* `source_progress`: per source, the highest contiguous `seq`, the highest seen, counts, and what
  the partner's last heartbeat announced (published up to, kept from).
* `lost_range`: seqs a partner can no longer publish again (older than its outbox keeps).
* `chain_held`, `chain_expected`: events waiting for a partner's signed checkpoint to vouch for
  them, and the hashes of missing events the signed chain already names (see
  `partnership_shared.kernel.chain`).
* projections, all derivable from `event` (`rebuild_projections` does so): `person_fact`,
  `service_attendee`, `person`, `programme_set`, `tally` (daily and monthly counts `n` and
  amounts, and person marks) and `tally_gap` (see `reporting_node.domain.persons`); `programme`
  and `edition` (the announcement that stands), `family_fact` (families' enrolments, exits and
  tripartite contracts), `coordination_fact` (plan revisions, referrals and their answers,
  overlaps and data conflicts: `reporting_node.domain.coordination`);
  `projection_state` says which version of the rules built them (a new one rebuilds at start).
* accounts, sessions and tokens, failed logins and the audit log (`partnership_shared.access`).

Days are whole numbers `RRRRMMDD`; hours and money are whole hundredths (grosze), so sums are
exact in SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from partnership_shared.access.tables import define_access
from partnership_shared.kernel.database import new_metadata

metadata = new_metadata()

AutoId = BigInteger().with_variant(Integer, "sqlite")

event = Table(
    "event",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("source_id", String(40), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("type", String(60), nullable=False),
    Column("version", SmallInteger, nullable=False),
    Column("partner_kind", String(8), nullable=False),
    Column("client", String(64)),
    Column("day", Integer, nullable=False),
    Column("dim", String(200), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("stream", String(80), nullable=False),
    Column("entry_id", String(40), nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("refers_to", String(36)),
    Column("standing", String(10), nullable=False, server_default=""),
    UniqueConstraint("source_id", "seq", name="uq_event_source_seq"),
    Index("ix_event_client_day", "client", "day"),
    # Partial: corrections are few, and an index entry for every other event would cost ingest.
    Index(
        "ix_event_refers_to",
        "refers_to",
        sqlite_where=text("refers_to IS NOT NULL"),
        postgresql_where=text("refers_to IS NOT NULL"),
    ),
)

dead_letter = Table(
    "dead_letter",
    metadata,
    Column("id", AutoId, primary_key=True, autoincrement=True),
    Column("stream", String(80), nullable=False),
    Column("entry_id", String(40), nullable=False),
    Column("reason", Text, nullable=False),
    Column("event_id", String(36)),
    Column("body", LargeBinary, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("digest", String(64), nullable=False, server_default=""),
    Column("size", BigInteger, nullable=False, server_default="0"),
    Column("redriven_at", DateTime(timezone=True)),
    UniqueConstraint("stream", "entry_id", name="uq_dead_letter_stream_entry"),
)

source_progress = Table(
    "source_progress",
    metadata,
    Column("source_id", String(40), primary_key=True),
    Column("partner_kind", String(8), nullable=False),
    Column("contiguous_seq", BigInteger, nullable=False),
    Column("highest_seq", BigInteger, nullable=False),
    Column("events", BigInteger, nullable=False),
    Column("gaps_detected", BigInteger, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("announced_seq", BigInteger, nullable=False, server_default="0"),
    Column("kept_from_seq", BigInteger),
    Column("heartbeat_at", DateTime(timezone=True)),
)

lost_range = Table(
    "lost_range",
    metadata,
    Column("source_id", String(40), primary_key=True),
    Column("from_seq", BigInteger, primary_key=True),
    Column("to_seq", BigInteger, nullable=False),
    Column("noticed_at", DateTime(timezone=True), nullable=False),
)

chain_held = Table(
    "chain_held",
    metadata,
    Column("source_id", String(40), primary_key=True),
    Column("hash", String(64), primary_key=True),
    Column("seq", BigInteger, nullable=False),
    Column("prev_hash", String(64)),
    Column("event_id", String(36), nullable=False),
    Column("stream", String(80), nullable=False),
    Column("entry_id", String(40), nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Index("ix_chain_held_source_id", "source_id", "seq"),
)

chain_expected = Table(
    "chain_expected",
    metadata,
    Column("source_id", String(40), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("hash", String(64), nullable=False),
    Column("learned_at", DateTime(timezone=True), nullable=False),
)

person_fact = Table(
    "person_fact",
    metadata,
    Column("client", String(64), primary_key=True),
    Column("event_id", String(36), primary_key=True),
    Column("what", String(16), nullable=False),
    Column("partner_kind", String(8), nullable=False),
    Column("day", Integer, nullable=False),
    Column("ref", String(36), nullable=False),
    Column("kind", String(200), nullable=False),
    Column("label", String(40), nullable=False),
    Column("extra", String(16), nullable=False),
    Column("flag", Boolean, nullable=False),
    sqlite_with_rowid=False,
)

service_attendee = Table(
    "service_attendee",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("client", String(64), primary_key=True),
    Index("ix_service_attendee_client", "client"),
    sqlite_with_rowid=False,
)

person = Table(
    "person",
    metadata,
    Column("client", String(64), primary_key=True),
    Column("bucket", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

programme_set = Table(
    "programme_set",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=False),
    Column("programmes", Text, nullable=False, unique=True),
)

tally = Table(
    "tally",
    metadata,
    Column("grain", SmallInteger, primary_key=True),
    Column("day", Integer, primary_key=True),
    Column("metric", String(24), primary_key=True),
    Column("bucket", BigInteger, primary_key=True),
    Column("scope", String(8), primary_key=True),
    Column("dim", String(250), primary_key=True),
    Column("n", BigInteger, nullable=False),
    Column("amount", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

tally_gap = Table(
    "tally_gap",
    metadata,
    Column("metric", String(24), primary_key=True),
    Column("bucket", BigInteger, primary_key=True),
    Column("scope", String(8), primary_key=True),
    Column("dim", String(250), primary_key=True),
    Column("left_day", Integer, primary_key=True),
    Column("right_day", Integer, primary_key=True),
    Column("n", BigInteger, nullable=False),
    sqlite_with_rowid=False,
)

programme = Table(
    "programme",
    metadata,
    Column("programme_id", String(36), primary_key=True),
    Column("source_id", String(40), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("code", String(60), nullable=False),
    Column("name", String(200), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("lead_partner", String(40), nullable=False),
    Column("funding_total", BigInteger),
    Column("co_financing", BigInteger),
    Column("co_financing_source", String(10)),
    Column("own_contribution", BigInteger),
)

edition = Table(
    "edition",
    metadata,
    Column("edition_id", String(36), primary_key=True),
    Column("source_id", String(40), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("programme_id", String(36), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("label", String(12), nullable=False),
    Column("trade", String(200)),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("provider", String(40), nullable=False),
    Column("capacity", Integer, nullable=False),
)

family_fact = Table(
    "family_fact",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("family", String(64), nullable=False),
    Column("what", String(10), nullable=False),
    Column("partner_kind", String(8), nullable=False),
    Column("day", Integer, nullable=False),
    Column("kind", String(40), nullable=False),
    Column("members", Text, nullable=False),
    Index("ix_family_fact_family", "family"),
)

coordination_fact = Table(
    "coordination_fact",
    metadata,
    Column("event_id", String(36), primary_key=True),
    Column("what", String(10), nullable=False),
    Column("ref", String(36), nullable=False),
    Column("client", String(64), nullable=False),
    Column("partner", String(40), nullable=False),
    Column("partner_kind", String(8), nullable=False),
    Column("other", String(81), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("day", Integer, nullable=False),
    Column("seq", Integer, nullable=False),
    Column("detail", Text, nullable=False),
)

projection_state = Table(
    "projection_state",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("rebuilt_at", DateTime(timezone=True), nullable=False),
)

PROJECTIONS = (
    person_fact,
    service_attendee,
    person,
    programme_set,
    tally,
    tally_gap,
    programme,
    edition,
    family_fact,
    coordination_fact,
)
"""What `rebuild_projections` empties and derives again from the event store."""

DAY, MONTH = 0, 1
"""`tally.grain`: a row for one day, or for a whole month (`day` is then its first day)."""

access = define_access(metadata)
