"""Prometheus metrics of a node (`prometheus-client`), served at `/metrics`.

Each app has a registry of its own rather than the library's global one: a test process builds
many apps, and their series must not collide. Figures that live in a database (events written,
outbox rows waiting) are sampled by the node's own loops and exported as they were last read.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

REQUEST_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0)


class Sampled(Collector):
    """Values read elsewhere (a database, the broker) and exported as last read.

    `set(name, value, **labels)` stores a sample; names ending in `_total` are counters.
    """

    def __init__(self, documentation: dict[str, str]) -> None:
        self._documentation = documentation
        self._values: dict[str, dict[tuple[tuple[str, str], ...], float]] = {
            name: {} for name in documentation
        }

    def set(self, name: str, value: float, **labels: str) -> None:
        self._values[name][tuple(sorted(labels.items()))] = value

    def get(self, name: str, **labels: str) -> float | None:
        return self._values[name].get(tuple(sorted(labels.items())))

    def collect(self) -> Iterator[Metric]:
        for name, samples in self._values.items():
            label_names = sorted({key for labels in samples for key, _ in labels})
            family: CounterMetricFamily | GaugeMetricFamily
            if name.endswith("_total"):
                family = CounterMetricFamily(
                    name.removesuffix("_total"), self._documentation[name], labels=label_names
                )
            else:
                family = GaugeMetricFamily(name, self._documentation[name], labels=label_names)
            for labels, value in samples.items():
                values = dict(labels)
                family.add_metric([values.get(key, "") for key in label_names], value)
            yield family


class NodeMetrics:
    """The series every node has (HTTP requests), and room for the node's own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "partnership_http_requests",
            "HTTP requests answered, by method, route template and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.request_seconds = Histogram(
            "partnership_http_request_duration_seconds",
            "Time to answer an HTTP request, by method and route template",
            ["method", "route"],
            buckets=REQUEST_BUCKETS,
            registry=self.registry,
        )

    def sampled(self, documentation: dict[str, str]) -> Sampled:
        """A collector of sampled values, registered with this node's registry."""
        collector = Sampled(documentation)
        self.registry.register(collector)
        return collector

    def exposition(self) -> bytes:
        """The text format Prometheus scrapes."""
        return generate_latest(self.registry)
