"""The articles an engine keeps in memory for answers, and the cheaper reads ranking needs of the rest."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from index.models import Article, ArticleCard, Excerpt
from index.storage.articles import ArticleStore

ARTICLE_CACHE = 512  # articles kept in memory for passages (the rest are read from the database)
SMALL_KEPT = 20_000  # citation cards and candidate sentences kept (a few MB)


class ArticleMemory:
    """Recently shown articles (least recently used dropped first) in front of the article store."""

    def __init__(self, store: ArticleStore, kept: int = ARTICLE_CACHE):
        self.store, self.kept = store, kept
        self._articles: OrderedDict[str, Article] = OrderedDict()
        self._cards: OrderedDict[str, ArticleCard] = OrderedDict()
        self._excerpts: OrderedDict[Excerpt, str] = OrderedDict()
        self._lock = threading.Lock()

    def articles_of(self, article_ids: list[str]) -> dict[str, Article]:
        """Articles by id, the ones not in memory read in one query (and kept in memory).

        They are what answers show: cleaned text and citation fields, ``raw_text`` left out (""); whatever
        needs the text as received reads it from the store (``store.get``, ``store.get_stored``).
        """
        with self._lock:
            found = {i: self._articles[i] for i in article_ids if i in self._articles}
            for article_id in found:
                self._articles.move_to_end(article_id)
        missing = [i for i in dict.fromkeys(article_ids) if i not in found]
        fetched = self.store.get_many(missing, raw_text=False) if missing else {}
        with self._lock:
            _keep(self._articles, fetched, self.kept)
        return found | fetched

    def cards_of(self, article_ids: list[str]) -> dict[str, ArticleCard]:
        """Citation fields by id, without the texts: from memory, one query for the rest."""
        with self._lock:
            cards = {i: self._card(i) for i in article_ids if i in self._articles or i in self._cards}
        missing = [i for i in dict.fromkeys(article_ids) if i not in cards]
        fetched = self.store.cards(missing) if missing else {}
        with self._lock:
            _keep(self._cards, fetched, SMALL_KEPT)
        return cards | fetched

    def _card(self, article_id: str) -> ArticleCard:
        if article_id in self._articles:
            a = self._articles[article_id]
            return ArticleCard(a.id, a.title, a.source, a.published, a.url)
        self._cards.move_to_end(article_id)
        return self._cards[article_id]

    def excerpts_of(self, wanted: list[Excerpt]) -> list[str | None]:
        """Spans of articles' texts (None for an article not stored): cut from the articles in memory, the
        rest by the database, so a candidate sentence does not read its whole article out."""
        with self._lock:
            out = [self._excerpt(e) for e in wanted]
        rest = [i for i, text in enumerate(out) if text is None]
        cut = self.store.excerpts([wanted[i] for i in rest]) if rest else []
        for i, text in zip(rest, cut):
            out[i] = text
        with self._lock:
            _keep(self._excerpts, {wanted[i]: text for i, text in zip(rest, cut) if text is not None}, SMALL_KEPT)
        return out

    def _excerpt(self, wanted: Excerpt) -> str | None:
        if wanted.article_id in self._articles:
            return self._articles[wanted.article_id].text[wanted.start : wanted.end]
        if wanted in self._excerpts:
            self._excerpts.move_to_end(wanted)
            return self._excerpts[wanted]
        return None

    def forget(self, article_ids: Iterable[str]) -> None:
        """Drop what memory holds of these articles (they changed or left the store)."""
        gone = set(article_ids)
        with self._lock:
            for article_id in gone:
                self._articles.pop(article_id, None)
                self._cards.pop(article_id, None)
            for key in [k for k in self._excerpts if k.article_id in gone]:
                del self._excerpts[key]


def _keep(memory: OrderedDict, fresh: dict, kept: int) -> None:
    """Put ``fresh`` into an LRU ``memory`` of at most ``kept`` entries."""
    for key, value in fresh.items():
        memory[key] = value
        memory.move_to_end(key)
    while len(memory) > kept:
        memory.popitem(last=False)
