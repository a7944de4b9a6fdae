"""What the ranker may read of the index: a small read-only view, never the engine itself."""
from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from index.bm25.okapi import BM25Index
from index.models import Article
from index.search.layout import Layout


class IndexView(NamedTuple):
    sentences: BM25Index  # one document per sentence
    articles: BM25Index  # one document per article (title + body), numbered by slot
    layout: Layout  # sentence ids to articles and text spans
    article: Callable[[str], Article | None]  # article lookup by id
