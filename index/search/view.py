"""What the ranker may read of the index: a small read-only view, never the engine itself."""
from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from index.bm25.okapi import BM25Index
from index.models import Article
from index.search.dated import DateBias, SlotDays
from index.search.layout import Layout
from index.search.wire import WireIndex


class IndexView(NamedTuple):
    sentences: BM25Index  # one document per sentence
    articles: BM25Index  # one document per article (title + body), numbered by slot
    layout: Layout  # sentence ids to articles and text spans
    article: Callable[[str], Article | None]  # article lookup by id
    wire: WireIndex | None = None  # copies of one story (index/search/wire.py)
    days: SlotDays | None = None  # publication day per slot (index/search/dated.py)
    dates: DateBias | None = None  # this question's period filter and recency prior, if any
    articles_of: Callable[[list[str]], dict[str, Article]] | None = None  # many at once (one database query)

    def articles_at(self, slots: list[int]) -> dict[int, Article]:
        """The articles of ``slots`` (removed ones left out), fetched together when the view can."""
        ids = {slot: self.layout.slot_ids[slot] for slot in slots if self.layout.slot_ids[slot]}
        if self.articles_of is None:
            found = {slot: self.article(article_id) for slot, article_id in ids.items()}
            return {slot: a for slot, a in found.items() if a is not None}
        by_id = self.articles_of(list(ids.values()))
        return {slot: by_id[article_id] for slot, article_id in ids.items() if article_id in by_id}
