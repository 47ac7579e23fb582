"""The reporting node's metrics: what ingest consumed, dropped and refused, how far behind it is."""

from __future__ import annotations

from prometheus_client import Counter, Histogram

from partnership_shared.kernel.metrics import NodeMetrics

COMMIT_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

SAMPLED = {
    "partnership_consumer_lag": "Entries of a partner stream not yet delivered to the group",
    "partnership_consumer_pending": "Entries delivered to the group and not yet acknowledged",
    "partnership_subscribers_down": "Stream subscribers not running",
    "partnership_gaps_open": "Sources with seqs missing that can still be asked for",
    "partnership_seqs_missing": "Seqs missing that can still be asked for, all sources",
    "partnership_seqs_lost_total": "Seqs a partner can no longer publish again (older than kept)",
    "partnership_replay_requests_total": "Ranges asked for again from the partners",
}


class IngestMetrics:
    def __init__(self, metrics: NodeMetrics) -> None:
        registry = metrics.registry
        self.consumed = Counter(
            "partnership_events_consumed",
            "Events accepted into the event store",
            registry=registry,
        )
        self.deduplicated = Counter(
            "partnership_events_deduplicated",
            "Entries dropped as events already held (delivered more than once)",
            registry=registry,
        )
        self.dead_lettered = Counter(
            "partnership_events_dead_lettered",
            "Entries refused (invalid, foreign, or conflicting with a held seq)",
            registry=registry,
        )
        self.commit_seconds = Histogram(
            "partnership_batch_commit_seconds",
            "Time to validate, store, project and commit one group of batches",
            buckets=COMMIT_BUCKETS,
            registry=registry,
        )
        self.ack_failures = Counter(
            "partnership_ack_failures",
            "Acknowledgements the broker refused (retried; the entries come back if all fail)",
            registry=registry,
        )
        self.sampled = metrics.sampled(SAMPLED)
