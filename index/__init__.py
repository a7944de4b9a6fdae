"""Korean news question answering: articles in, passages with citations out.

The public API is :class:`Engine` (open a corpus, add articles, ask) and the
values it hands back. Inside, each layer imports only the layers below it:

    models, text      → bm25, storage → query → search → engine → measure → cli (and bot/)
    ingest            (beside them: bytes and files in, Articles out)
"""
from index.engine import Engine
from index.models import AddResult, Answer, Article, Hit

__all__ = ["AddResult", "Answer", "Article", "Engine", "Hit"]
