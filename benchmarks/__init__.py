"""Benchmarks of the partnership platform (`make bench`, or `python -m benchmarks.<name>`).

Each reports the median of several runs next to a reference measured in the same run.
"""
