"""The model layer: settings, a robust OpenAI-compatible client and structured-output parsing.

Nothing here imports the openai SDK at module load: `jixiao check` must start fast.
"""
