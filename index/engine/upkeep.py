"""Keeping a corpus: cleaning again when the cleaner changes, retention, export, stats, the sample article.

Functions over the engine (a :class:`Corpus`); each change is one
database transaction, and the index follows at the next ``sync``.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Protocol

from index.bm25.okapi import BM25Index
from index.engine.admit import clean_body, visible_chars
from index.models import AddResult, Article, CorpusStats, Retention
from index.storage.articles import ArticleStore, StoredArticle, index_key
from index.text.clean import CLEANER_VERSION
from index.text.tokenize import Tokenizer


class Corpus(Protocol):
    """What upkeep needs of the engine (which calls these functions)."""

    store: ArticleStore
    retention: Retention
    tokenizer: Tokenizer
    lock: object

    @property
    def sentences(self) -> BM25Index: ...

    def forget_cached(self, article_ids: Iterable[str]) -> None: ...

    def remove_many(self, article_ids: list[str], counter: str = "") -> list[Article]: ...

    def add_articles(self, articles: Iterable[Article]) -> list[AddResult]: ...

log = logging.getLogger(__name__)
SAMPLE_DIR = Path(__file__).resolve().parents[2] / "corpus" / "sample"
EXPORT_FIELDS = ("id", "title", "text", "raw_text", "source", "published", "url", "author", "added_at",
                 "cleaner_version")
RETENTION_COUNTER = "retention_removed"


def reclean(engine: Corpus, batch: int = 200, everything: bool = False) -> int:
    """Clean again, from the raw text, every article another cleaner version made (``everything``: all of them).

    How many changed; the index picks the new text up at the next ``sync`` (its content key changed).
    """
    ids = engine.store.with_other_cleaner("" if everything else CLEANER_VERSION, everything)
    changed = 0
    for start in range(0, len(ids), batch):
        stored = engine.store.get_stored(ids[start : start + batch])
        with engine.store.db.transaction() as tx:
            for item in stored.values():
                article = item.article
                body = clean_body(article.title, article.raw_text or article.text)
                text, removed = body.text, body.removed_chars
                if visible_chars(text) == 0:  # never let a new rule empty a stored article
                    text, removed = article.text, max(0, body.raw_chars - visible_chars(article.text))
                updated = article.model_copy(update={"text": text, "cleaner_version": CLEANER_VERSION})
                engine.store.update_text(tx, StoredArticle(updated, index_key(updated.title, text), removed,
                                                           body.raw_chars))
                changed += text != article.text
            engine.store.bump_generation(tx)
        engine.forget_cached(stored)
    if ids:
        log.info("cleaned %d articles again with cleaner %s (%d changed)", len(ids), CLEANER_VERSION, changed)
    return changed


def apply_retention(engine: Corpus, today: date | None = None) -> list[Article]:
    """Remove what KEEP_DAYS and MAX_ARTICLES no longer keep: oldest first, in one transaction."""
    retention = engine.retention
    if not retention.active:
        return []
    day = (today or date.today()).isoformat()
    doomed = engine.store.expired(retention.keep_days, retention.max_articles, day)
    if not doomed:
        return []
    gone = engine.remove_many(doomed, counter=RETENTION_COUNTER)
    log.info("retention removed %d articles", len(gone))
    return gone


def export_lines(engine: Corpus) -> Iterator[str]:
    """Every stored article as one JSON line (``add --jsonl`` of these lines restores the corpus)."""
    for article in engine.store.iter_all():
        yield json.dumps({name: getattr(article, name) for name in EXPORT_FIELDS}, ensure_ascii=False)


def export_jsonl(engine: Corpus, out: IO[str]) -> int:
    count = 0
    for line in export_lines(engine):
        out.write(line + "\n")
        count += 1
    return count


def stats(engine: Corpus) -> CorpusStats:
    removed, raw, over = engine.store.totals()
    with engine.lock:
        sentence_stats = engine.sentences.stats()
        return CorpusStats(
            articles=engine.store.count(),
            sentences=engine.sentences.n_alive,
            terms=sentence_stats["terms"],
            postings=sentence_stats["postings"],
            avg_sentence_tokens=sentence_stats["avgdl"],
            removed_chars=removed,
            raw_chars=raw,
            over_cleaned=over,
            retention_removed=int(engine.store.db.meta(RETENTION_COUNTER, "0")),
            feeds=engine.store.db.scalar("SELECT count(*) FROM feeds", default=0),
            tokenizer=engine.tokenizer.version,
            cleaner=CLEANER_VERSION,
        )


def sample_articles(folder: Path = SAMPLE_DIR) -> list[Article]:
    """The bundled sample articles (``corpus/sample/*.json``)."""
    return [Article.model_validate_json(p.read_bytes()) for p in sorted(folder.glob("*.json"))]


def seed_if_empty(engine: Corpus, folder: Path = SAMPLE_DIR) -> int:
    """An empty corpus gets the bundled sample articles, so a new bot answers at once; how many were added."""
    if engine.store.count() or not folder.is_dir():
        return 0
    results = engine.add_articles(sample_articles(folder))
    added = sum(r.status == "added" for r in results)
    log.info("the corpus was empty: added the bundled sample article(s) %s", [r.article_id for r in results])
    return added
