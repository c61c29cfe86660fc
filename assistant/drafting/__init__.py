"""Drafting indicators, deviation explanations and critiques behind the deterministic checks (issue 4)."""
