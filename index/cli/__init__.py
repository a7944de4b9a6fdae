"""``python -m index``: a thin command line over :class:`index.engine.Engine`.

Every command is documented in the README (a test checks that).
"""
from index.cli.app import build_parser, main

__all__ = ["build_parser", "main"]
