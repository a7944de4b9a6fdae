"""The front door: :class:`Engine` opens a corpus, adds and removes articles, and answers questions."""
from index.engine.front import Engine

__all__ = ["Engine"]
