"""Drafting indicators, deviation explanations and critiques behind the deterministic checks.

The rules a draft follows: docs/rules.md §9.

A task is a TaskSpec in drafting/tasks/ (its subject, answer model, prompt, checks, offline engine,
apply step and text rendering); gate.run_task looks it up, drafts with a model or offline, and
accepts nothing the task's checks block. Every gated result goes to the audit log (audit.py).
"""
