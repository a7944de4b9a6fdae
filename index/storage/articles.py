"""Articles in the corpus database: lookups, duplicates, insertion order and a change counter.

An article is a duplicate when it has the same id, is known by the same URL
(requested, redirected or canonical), or has the same cleaned text from the
same outlet. The same text from another outlet is a wire copy and is kept.

``generation`` counts committed changes; the engine compares it with the one
its index was built at to notice what another process (the CLI, the bot) did.
"""
from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from index.models import Article, ArticleCard, Excerpt
from index.storage.db import DB_FILENAME, Database

INDEX_DIRNAME = ".index"
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
EXCERPTS_PER_QUERY = 190  # five parameters each: within the 999 of older SQLite builds
_COLUMNS = ("id", "title", "text", "raw_text", "source", "published", "url", "author", "added_at", "cleaner_version")
_SHOWN_COLUMNS = tuple(c for c in _COLUMNS if c != "raw_text")
# An article's date for retention: published when known, else the day it was added.
AGE_ORDER = "CASE WHEN published != '' THEN published ELSE substr(added_at, 1, 10) END, seq"


class CorpusError(Exception):
    """A problem with the corpus or an article in it."""


class StoredArticle(NamedTuple):
    """An article with what the store keeps beside it."""

    article: Article
    index_key: str  # content key the index tokens were made for
    removed_chars: int
    raw_chars: int


class CatalogEntry(NamedTuple):
    article_id: str
    index_key: str
    published: str = ""


def is_safe_id(article_id: str) -> bool:
    return bool(_SAFE_ID.match(article_id)) and ".." not in article_id


def make_id(article: Article) -> str:
    basis = article.url or (article.title + "\n" + article.text)
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:16]


def normalize_url(url: str) -> str:
    url = url.strip()
    url = re.sub(r"#.*$", "", url)
    url = re.sub(r"^https?://(www\.)?", "", url, flags=re.IGNORECASE)
    return url.rstrip("/").lower()


def index_key(title: str, text: str) -> str:
    """What the index depends on: the title and the cleaned text."""
    return hashlib.sha256((title + "\n" + text).encode("utf-8")).hexdigest()[:32]


def _article(row: tuple) -> Article:
    return Article(**dict(zip(_COLUMNS, row)))


class ArticleStore:
    """The articles of one corpus folder, in ``corpus.sqlite3``."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.db = Database(self.root / DB_FILENAME)

    @property
    def index_dir(self) -> Path:
        """Derived state (the index snapshot), safe to delete."""
        return self.root / INDEX_DIRNAME

    # ---- reading --------------------------------------------------------------
    def get(self, article_id: str) -> Article | None:
        rows = self.db.query(f"SELECT {', '.join(_COLUMNS)} FROM articles WHERE id = ?", (article_id,))
        return _article(rows[0]) if rows else None

    def get_many(self, article_ids: list[str], *, raw_text: bool = True) -> dict[str, Article]:
        """The stored articles among ``article_ids``, by id (one query per 500 ids).

        ``raw_text=False`` leaves the text as received out (``raw_text`` is then ""): what answers show
        needs only the cleaned text, and the raw copy would double what each look-up reads.
        """
        columns = _COLUMNS if raw_text else _SHOWN_COLUMNS
        articles = (Article(**dict(zip(columns, row))) for row in self._rows_of(", ".join(columns), article_ids))
        return {article.id: article for article in articles}

    def cards(self, article_ids: list[str]) -> dict[str, ArticleCard]:
        """Title, source, date and link of the stored articles among ``article_ids`` (their texts are not read)."""
        rows = self._rows_of("id, title, source, published, url", article_ids, table="articles INDEXED BY articles_cards")
        return {row[0]: ArticleCard(*row) for row in rows}

    def _rows_of(self, columns: str, article_ids: list[str], table: str = "articles") -> Iterator[tuple]:
        """``columns`` of the stored articles among ``article_ids``, one query per 500 ids (``table``: the table,
        with an ``INDEXED BY`` when the planner would not pick the covering index on its own)."""
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            yield from self.db.query(f"SELECT {columns} FROM {table} WHERE id IN ({marks})", tuple(chunk))

    def excerpts(self, wanted: list[Excerpt]) -> list[str | None]:
        """``text[start:end]`` of each wanted span (None when its article is not stored), cut by SQLite: a long
        article's text is not read out whole for one sentence of it. A span whose UTF-8 bytes are known is cut by
        bytes: by characters, SQLite counts them from the start of the text (140 µs at the end of a long article)."""
        out: list[str | None] = [None] * len(wanted)
        unsure: list[int] = []
        for first in range(0, len(wanted), EXCERPTS_PER_QUERY):
            chunk = wanted[first : first + EXCERPTS_PER_QUERY]
            rows = ",".join("(?, ?, ?, ?, ?)" for _ in chunk)
            values = tuple(v for i, e in enumerate(chunk) for v in (first + i, e.article_id, *_cut_of(e)))
            for position, piece in self.db.query(
                f"WITH wanted(position, id, by_bytes, first, size) AS (VALUES {rows}) "
                "SELECT wanted.position, CASE WHEN wanted.by_bytes THEN substr(CAST(articles.text AS BLOB), "
                "wanted.first, wanted.size) ELSE substr(articles.text, wanted.first, wanted.size) END "
                "FROM wanted JOIN articles ON articles.id = wanted.id", values,
            ):
                text, e = _as_text(piece), wanted[position]
                if text is not None and len(text) == e.end - e.start:
                    out[position] = text
                else:  # substr stops at a NUL character, or the bytes are not the span's: cut as Python does
                    unsure.append(position)
        if unsure:
            whole = self.get_many(list({wanted[i].article_id for i in unsure}), raw_text=False)
            for i in unsure:
                e = wanted[i]
                out[i] = whole[e.article_id].text[e.start : e.end] if e.article_id in whole else None
        return out

    def get_stored(self, article_ids: list[str]) -> dict[str, StoredArticle]:
        found: dict[str, StoredArticle] = {}
        for row in self._rows_of(f"{', '.join(_COLUMNS)}, index_key, removed_chars, raw_chars", article_ids):
            article = _article(row[: len(_COLUMNS)])
            found[article.id] = StoredArticle(article, *row[len(_COLUMNS) :])
        return found

    def count(self) -> int:
        return self.db.scalar("SELECT count(*) FROM articles", default=0)

    def catalog(self) -> list[CatalogEntry]:
        """Every article's id, index key and date, in the order they were added."""
        return [CatalogEntry(*row) for row in self.db.query("SELECT id, index_key, published FROM articles ORDER BY seq")]

    def page(self, offset: int, limit: int) -> list[Article]:
        rows = self.db.query(f"SELECT {', '.join(_COLUMNS)} FROM articles ORDER BY seq LIMIT ? OFFSET ?", (limit, offset))
        return [_article(row) for row in rows]

    def iter_all(self, batch: int = 500) -> Iterator[Article]:
        last = 0
        while True:
            rows = self.db.query(
                f"SELECT seq, {', '.join(_COLUMNS)} FROM articles WHERE seq > ? ORDER BY seq LIMIT ?", (last, batch)
            )
            if not rows:
                return
            for row in rows:
                yield _article(row[1:])
            last = rows[-1][0]

    def generation(self) -> int:
        return int(self.db.meta("generation", "0"))

    def totals(self) -> tuple[int, int, int]:
        """(characters removed as boilerplate, raw characters, articles that lost more than a third)."""
        row = self.db.query(
            "SELECT coalesce(sum(removed_chars), 0), coalesce(sum(raw_chars), 0), "
            "coalesce(sum(removed_chars * 3 > raw_chars AND raw_chars > 0), 0) FROM articles"
        )[0]
        return int(row[0]), int(row[1]), int(row[2])

    # ---- duplicates -----------------------------------------------------------
    def find_duplicate(self, article: Article, extra_urls: Iterable[str] = ()) -> str | None:
        """The id of a stored article this one duplicates: same id, a shared URL, or same text and outlet."""
        if self.db.scalar("SELECT 1 FROM articles WHERE id = ?", (article.id,)):
            return article.id
        for url in (article.url, *extra_urls):
            if url:
                found = self.db.scalar("SELECT article_id FROM article_urls WHERE url_key = ?", (normalize_url(url),))
                if found:
                    return found
        return self.db.scalar(
            "SELECT id FROM articles WHERE content_hash = ? AND source = ?", (article.content_hash(), article.source)
        )

    def find_url(self, url: str) -> str | None:
        if not url:
            return None
        return self.db.scalar("SELECT article_id FROM article_urls WHERE url_key = ?", (normalize_url(url),))

    # ---- writing (inside a transaction of ``db``) --------------------------------
    def insert(self, tx: sqlite3.Connection, stored: StoredArticle, urls: Iterable[str] = ()) -> None:
        a = stored.article
        if not is_safe_id(a.id):
            raise CorpusError(f"invalid article id: {a.id!r}")
        tx.execute(
            f"INSERT INTO articles ({', '.join(_COLUMNS)}, content_hash, index_key, removed_chars, raw_chars) "
            f"VALUES ({', '.join('?' * (len(_COLUMNS) + 4))})",
            (*(getattr(a, c) for c in _COLUMNS), a.content_hash(), stored.index_key, stored.removed_chars, stored.raw_chars),
        )
        for url in {normalize_url(u) for u in (a.url, *urls) if u}:
            tx.execute("INSERT OR IGNORE INTO article_urls (url_key, article_id) VALUES (?, ?)", (url, a.id))

    def update_text(self, tx: sqlite3.Connection, stored: StoredArticle) -> None:
        """Replace an article's cleaned text (a re-clean) and what depends on it."""
        a = stored.article
        tx.execute(
            "UPDATE articles SET title = ?, text = ?, cleaner_version = ?, content_hash = ?, index_key = ?, "
            "removed_chars = ?, raw_chars = ? WHERE id = ?",
            (a.title, a.text, a.cleaner_version, a.content_hash(), stored.index_key, stored.removed_chars,
             stored.raw_chars, a.id),
        )

    def delete(self, tx: sqlite3.Connection, article_id: str) -> bool:
        return tx.execute("DELETE FROM articles WHERE id = ?", (article_id,)).rowcount > 0

    def bump_generation(self, tx: sqlite3.Connection) -> None:
        self.db.add_to_meta(tx, "generation", 1)

    # ---- upkeep ---------------------------------------------------------------
    def with_other_cleaner(self, version: str, everything: bool = False) -> list[str]:
        """Ids of articles cleaned by another cleaner version than ``version`` (``everything``: all ids)."""
        if everything:
            return [row[0] for row in self.db.query("SELECT id FROM articles ORDER BY seq")]
        return [row[0] for row in self.db.query(  # two ranges of the index (``!=`` would read every row)
            "SELECT id FROM articles WHERE cleaner_version < ? OR cleaner_version > ? ORDER BY +seq", (version, version))]

    def expired(self, keep_days: int, max_articles: int, today: str) -> list[str]:
        """Ids retention removes: older than ``keep_days`` before ``today`` (YYYY-MM-DD), and beyond the newest ``max_articles``."""
        doomed: list[str] = []
        if keep_days > 0:
            doomed += [row[0] for row in self.db.query(
                "SELECT id FROM articles WHERE (CASE WHEN published != '' THEN published ELSE substr(added_at, 1, 10) END)"
                " < date(?, ?) ORDER BY seq", (today, f"-{keep_days} days"))]
        if max_articles > 0:
            surplus = self.count() - len(doomed) - max_articles
            if surplus > 0:
                taken = set(doomed)
                for (article_id,) in self.db.query(f"SELECT id FROM articles ORDER BY {AGE_ORDER}"):
                    if surplus <= 0:
                        break
                    if article_id not in taken:
                        doomed.append(article_id)
                        surplus -= 1
        return list(dict.fromkeys(doomed))

    def close(self) -> None:
        self.db.close()


def _cut_of(wanted: Excerpt) -> tuple[int, int, int]:
    """(by bytes, first, size) for SQLite's substr, which counts from 1."""
    if wanted.byte_start >= 0:
        return 1, wanted.byte_start + 1, wanted.byte_end - wanted.byte_start
    return 0, wanted.start + 1, wanted.end - wanted.start


def _as_text(piece: str | bytes | None) -> str | None:
    if isinstance(piece, bytes):
        try:
            return piece.decode("utf-8")
        except UnicodeDecodeError:
            return None
    return piece
