"""One module per `jixiao` subcommand; each exposes `register(subparsers)`.

Keep imports of heavy libraries (docx, openai, streamlit) inside the handlers so that
`jixiao check` starts fast.
"""
