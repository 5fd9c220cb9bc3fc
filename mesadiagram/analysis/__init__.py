"""Reasoning about a threat model with networkx: layout, paths, coverage, cut sets, risk.

No Qt here: the CLI and tests use it headless.
"""
