"""The in-memory index of a corpus: sentence and article BM25, the layout, the mined aliases.

It knows nothing of the database: the engine hands it tokenized articles and
asks it to forget removed ones. ``generation`` is the store's change counter it
reflects (-1: not known), saved with the snapshot so that a start with nothing
changed loads the snapshot and reads nothing else.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import numpy as np

from index.bm25.okapi import BM25Index, BM25Params
from index.models import Article, ArticleCard, Excerpt
from index.query.aliases import AliasTable
from index.search.dated import SlotDays
from index.search.layout import Layout
from index.search.ranker import RankParams
from index.search.view import IndexView
from index.search.wire import WireIndex
from index.storage.cache import CachedTokens
from index.storage.snapshot import load_array, read_snapshot_params, save_arrays, write_snapshot

SMALL_BATCH = 64  # sentences: fewer go to the delta segment, more are merged in one bulk step
LAYOUT_ARRAYS = ("slot_first", "slot_count", "doc_slot", "doc_start", "doc_end", "doc_byte_start", "doc_byte_end")
WIRE_ARRAYS = ("wire_sig", "wire_size", "wire_day", "wire_links")


class Indexed(NamedTuple):
    """An article ready for the index: its id, the key its tokens were made for, and the tokens."""

    article_id: str
    key: str
    tokens: CachedTokens
    published: str = ""  # the article's ISO date, for the period filter and wire copies


class LiveIndex:
    def __init__(self, params: RankParams):
        self.params = params
        self.sentences = BM25Index(BM25Params(params.k1, params.b))
        self.articles = BM25Index(BM25Params(params.article_k1, params.article_b))
        self.articles.vocab = self.sentences.vocab  # one vocabulary: term ids are shared
        self.layout = Layout()
        self.aliases = AliasTable()  # mined from the articles: 오픈에이아이(Open AI)
        self.days = SlotDays()  # publication day per slot
        self.wire = WireIndex()  # copies of one story (signatures and links per slot)
        self.keys: dict[str, str] = {}  # article id -> content key it was indexed with
        self.generation = -1
        self.dirty = False

    def view(self, article: Callable[[str], Article | None], articles_of: Callable[[list[str]], dict[str, Article]],
             cards_of: Callable[[list[str]], dict[str, ArticleCard]],
             excerpts_of: Callable[[list[Excerpt]], list[str | None]]) -> IndexView:
        return IndexView(self.sentences, self.articles, self.layout, article, articles_of, cards_of, excerpts_of,
                         self.wire, self.days)

    def __contains__(self, article_id: str) -> bool:
        return article_id in self.layout.slot_of

    # ---- changes ---------------------------------------------------------------
    def add(self, batch: list[Indexed]) -> None:
        if not batch:
            return
        tokenized = [item.tokens for item in batch]
        sentence_lists = [tokens for cached in tokenized for tokens in cached.tokens]
        if len(sentence_lists) < SMALL_BATCH:
            docs = self.sentences.add_documents(sentence_lists)
            self.articles.add_documents(
                [list(c.title_tokens) + [t for tokens in c.tokens for t in tokens] for c in tokenized]
            )
        else:
            lengths, flat = self.sentences.term_ids(sentence_lists)
            docs = self.sentences.add_bulk_ids(lengths, flat)
            self.articles.add_bulk_ids(*self._article_ids(tokenized, lengths, flat))
        first = docs.start
        slots = []
        for item in batch:
            slots.append(self.layout.add_article(item.article_id, item.tokens.spans, first, item.tokens.byte_spans))
            first += len(item.tokens.spans)
            self.aliases.add_pairs(item.tokens.aliases, item.article_id)
            self.keys[item.article_id] = item.key
            self.days.add(item.published)
        bodies = [[t for tokens in item.tokens.tokens for t in tokens] for item in batch]
        self.wire.add_many(slots, bodies, [self.days.values[s] for s in slots])
        self.dirty = True

    def _article_ids(self, tokenized: list[CachedTokens], lengths, flat):
        """Article documents (title + all sentences) as term ids, reusing the sentences' ids."""
        title_lengths, title_flat = self.sentences.term_ids([c.title_tokens for c in tokenized])
        counts = np.array([len(c.spans) for c in tokenized], dtype=np.int64)
        article_of_sentence = np.repeat(np.arange(len(tokenized)), counts)
        per_article = np.bincount(article_of_sentence, weights=lengths, minlength=len(tokenized)).astype(np.int64)
        body_ends, title_ends = np.cumsum(per_article), np.cumsum(title_lengths)
        pieces = []
        for i in range(len(tokenized)):
            pieces.append(title_flat[title_ends[i] - title_lengths[i] : title_ends[i]])
            pieces.append(flat[body_ends[i] - per_article[i] : body_ends[i]])
        return title_lengths + per_article, np.concatenate(pieces) if pieces else flat[:0]

    def remove(self, article_id: str) -> bool:
        removed = self.layout.remove_article(article_id)
        if removed is None:
            return False
        slot, docs = removed
        self.sentences.remove_documents(docs)
        self.articles.remove_documents([slot])
        self.aliases.remove_article(article_id)
        self.wire.remove(slot)
        self.keys.pop(article_id, None)
        self.dirty = True
        return True

    def needs_compaction(self) -> bool:
        return self.layout.dead_slots > max(100, self.layout.live_slots // 4)

    # ---- snapshot --------------------------------------------------------------
    def expectation(self, tokenizer_version: str, store_id: str) -> dict:
        return {"tokenizer": tokenizer_version, "bm25": self.sentences.params.as_dict(), "store": store_id}

    def save(self, index_dir: Path, tokenizer_version: str, store_id: str) -> None:
        def fill(folder: Path) -> dict:
            self.sentences.save(folder / "sentences")
            self.articles.save(folder / "articles")
            catalog = [[aid, self.keys.get(aid, "")] for aid in self.layout.slot_ids]
            (folder / "catalog.json").write_text(json.dumps(catalog, ensure_ascii=False), encoding="utf-8")
            save_arrays(folder, **self.layout.arrays(), slot_day=self.days.array(), **self.wire.arrays())
            (folder / "aliases.json").write_text(self.aliases.to_json(), encoding="utf-8")
            return {**self.expectation(tokenizer_version, store_id), "generation": self.generation}

        write_snapshot(index_dir, fill)
        self.dirty = False

    @classmethod
    def load(cls, index_dir: Path, params: RankParams, tokenizer_version: str, store_id: str) -> "LiveIndex | None":
        """The saved index; None when there is none or it cannot be trusted."""
        live = cls(params)
        found = read_snapshot_params(index_dir, live.expectation(tokenizer_version, store_id))
        if found is None:
            return None
        folder, saved = found
        try:
            catalog = json.loads((folder / "catalog.json").read_text(encoding="utf-8"))
            sentences = BM25Index.load(folder / "sentences")
            articles = BM25Index.load(folder / "articles", sentences.vocab, sentences.terms_digest)  # one vocabulary
            layout = Layout.from_arrays([c[0] for c in catalog], {n: load_array(folder, n) for n in LAYOUT_ARRAYS})
            aliases = AliasTable.from_json((folder / "aliases.json").read_text(encoding="utf-8"))
            days = SlotDays.from_array(load_array(folder, "slot_day"))
            wire = WireIndex.from_arrays({n: load_array(folder, n) for n in WIRE_ARRAYS}, len(layout.slot_ids))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if sentences.n_docs != len(layout.doc_slot) or articles.n_docs != len(layout.slot_ids):
            return None
        if len(days) != len(layout.slot_ids):
            return None
        live.sentences, live.articles, live.layout, live.aliases = sentences, articles, layout, aliases
        live.days, live.wire = days, wire
        live.keys = {c[0]: c[1] for c in catalog if c[0]}
        live.generation = int(saved.get("generation", -1))
        return live
