"""The performance benchmark behind `make bench`: see ``python -m bench --help`` and BENCHMARKS.md."""
