"""Benchmark suite: synthetic corpora (bench.generate) and the harness (bench.run).

`make bench-quick` / `make bench` run `python -m bench.run --sizes ...`; see docs/performance.md.
"""
