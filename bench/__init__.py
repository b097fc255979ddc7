"""Benchmark of the built site in Chromium: page loads (cold and warm) and slider-to-figure latency.

Run it with ``python -m bench.run`` (see bench/README.md).
"""
