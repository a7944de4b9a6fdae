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
    articles_of: Callable[[list[str]], dict[str, Article]]  # many at once (one database query)
    wire: WireIndex | None = None  # copies of one story (index/search/wire.py)
    days: SlotDays | None = None  # publication day per slot (index/search/dated.py)
    dates: DateBias | None = None  # this question's period filter and recency prior, if any

    def articles_at(self, slots: list[int]) -> dict[int, Article]:
        """The articles of ``slots`` (removed ones left out), fetched together."""
        ids = {slot: self.layout.slot_ids[slot] for slot in slots if self.layout.slot_ids[slot]}
        by_id = self.articles_of(list(ids.values()))
        return {slot: by_id[article_id] for slot, article_id in ids.items() if article_id in by_id}
