"""Drafting indicators, deviation explanations and critiques behind the deterministic checks.

The rules a draft follows: docs/rules.md §9.
"""
