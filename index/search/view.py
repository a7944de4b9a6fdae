"""What the ranker may read of the index: a small read-only view, never the engine itself."""
from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from index.bm25.okapi import BM25Index
from index.models import Article, ArticleCard, Excerpt
from index.search.dated import DateBias, SlotDays
from index.search.layout import Layout
from index.search.wire import WireIndex


class IndexView(NamedTuple):
    sentences: BM25Index  # one document per sentence
    articles: BM25Index  # one document per article (title + body), numbered by slot
    layout: Layout  # sentence ids to articles and text spans
    article: Callable[[str], Article | None]  # article lookup by id
    articles_of: Callable[[list[str]], dict[str, Article]]  # many at once (one database query)
    cards_of: Callable[[list[str]], dict[str, ArticleCard]]  # citation fields only, texts not read
    excerpts_of: Callable[[list[Excerpt]], list[str | None]]  # spans of texts, whole texts not read
    wire: WireIndex | None = None  # copies of one story (index/search/wire.py)
    days: SlotDays | None = None  # publication day per slot (index/search/dated.py)
    dates: DateBias | None = None  # this question's period filter and recency prior, if any

    def articles_at(self, slots: list[int]) -> dict[int, Article]:
        """The articles of ``slots`` (removed ones left out), fetched together."""
        return self._by_slot(slots, self.articles_of)

    def cards_at(self, slots: list[int]) -> dict[int, ArticleCard]:
        """Title, source, date and link of the articles of ``slots`` (removed ones left out), texts not read."""
        return self._by_slot(slots, self.cards_of)

    def _by_slot(self, slots: list[int], read: Callable[[list[str]], dict]) -> dict[int, object]:
        """What ``read`` gives for the article ids of ``slots``, by slot (removed articles left out)."""
        ids = {slot: self.layout.slot_ids[slot] for slot in slots if self.layout.slot_ids[slot]}
        by_id = read(list(ids.values()))
        return {slot: by_id[article_id] for slot, article_id in ids.items() if article_id in by_id}

    def sentence_texts(self, docs: list[int]) -> list[str]:
        """Each sentence's text ("" for a removed article's), without reading whole articles."""
        slots = [self.layout.doc_slot[d] for d in docs]
        wanted = [(d, self.layout.slot_ids[s]) for d, s in zip(docs, slots)]
        cut = self.excerpts_of([Excerpt(i, *self.layout.span(d), *self.layout.byte_span(d)) for d, i in wanted if i])
        texts = iter(cut)
        return [(next(texts) or "") if i else "" for _, i in wanted]
