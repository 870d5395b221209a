"""Benchmarks that are run by hand and recorded in ``docs/benchmarks.md`` (not tests)."""
