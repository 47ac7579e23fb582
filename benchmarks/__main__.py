"""`make bench`: every benchmark in turn, each printing its figure next to its target.

python -m benchmarks [name ...]      # e.g. python -m benchmarks relay write_path
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

ALL = (
    "relay",
    "write_path",
    "access",
    "search",
    "coordination",
    "ingest",
    "recovery",
    "summary",
)


def main(names: list[str]) -> int:
    failures = 0
    for name in names or ALL:
        if importlib.util.find_spec(f"benchmarks.{name}") is None:
            print(f"== {name}: no such benchmark")
            failures += 1
            continue
        print(f"== {name}", flush=True)
        failures += subprocess.call([sys.executable, "-m", f"benchmarks.{name}"]) != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
