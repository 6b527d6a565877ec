"""Benchmarks and their instruments. Nothing in the product imports this package: the load
benchmark runs the portal with bench.load.settings, and its scripts set Django up themselves."""
