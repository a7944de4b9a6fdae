"""The corpus folder: one JSON file per article, written atomically.

Format (``corpus/<id>.json``, UTF-8, pretty-printed)::

    {"id": "...", "title": "...", "text": "paragraph\\n\\nparagraph",
     "source": "머니투데이", "published": "2024-04-05", "url": "",
     "author": "박준식", "added_at": "2024-04-05T00:00:00+00:00"}

Index state derived from the corpus lives in ``corpus/.index/`` and can be
deleted at any time; it is rebuilt from the articles.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from pathlib import Path

from filelock import FileLock
from pydantic import ValidationError

from index.models import Article
from index.storage.atomic import atomic_write_text, fsync_dir, fsync_files

INDEX_DIRNAME = ".index"
_SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")


class CorpusError(Exception):
    """A problem with the corpus folder or an article in it."""


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


class CorpusStore:
    """Articles on disk plus in-memory lookups for duplicates."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.articles: dict[str, Article] = {}
        self._by_url: dict[str, str] = {}
        self._by_hash: dict[str, str] = {}
        self.load_errors: list[str] = []

    @property
    def index_dir(self) -> Path:
        return self.root / INDEX_DIRNAME

    def lock(self, timeout: float = 60.0) -> FileLock:
        """A lock shared by every process writing to this corpus (bot, CLI)."""
        self.index_dir.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.index_dir / "write.lock"), timeout=timeout)

    def load(self) -> "CorpusStore":
        self.articles.clear()
        self._by_url.clear()
        self._by_hash.clear()
        self.load_errors = []
        if not self.root.exists():
            return self
        for path in sorted(self.root.glob("*.json")):
            try:
                article = Article.model_validate_json(path.read_bytes())
            except (ValidationError, ValueError, OSError) as error:
                self.load_errors.append(f"{path.name}: {error.__class__.__name__}")
                continue
            self._remember(article)
        return self

    def _remember(self, article: Article) -> None:
        self.articles[article.id] = article
        if article.url:
            self._by_url[normalize_url(article.url)] = article.id
        self._by_hash[article.content_hash()] = article.id

    def path_of(self, article_id: str) -> Path:
        if not is_safe_id(article_id):
            raise CorpusError(f"invalid article id: {article_id!r}")
        return self.root / f"{article_id}.json"

    def find_duplicate(self, article: Article, extra_urls: tuple[str, ...] = ()) -> str | None:
        """The id of an article already here with the same id, url or cleaned text."""
        if article.id in self.articles:
            return article.id
        for url in (article.url, *extra_urls):
            if url and normalize_url(url) in self._by_url:
                return self._by_url[normalize_url(url)]
        return self._by_hash.get(article.content_hash())

    def find_url(self, url: str) -> str | None:
        return self._by_url.get(normalize_url(url)) if url else None

    def save(self, article: Article) -> None:
        self.save_many([article])

    def save_many(self, articles: list[Article]) -> None:
        """Write each article atomically and durably; the folder is synced once at the end."""
        for article in articles:
            payload = json.dumps(article.model_dump(), ensure_ascii=False, indent=2) + "\n"
            atomic_write_text(self.path_of(article.id), payload, durable=False)
        if articles:
            fsync_files([self.path_of(a.id) for a in articles])
            fsync_dir(self.root)
        for article in articles:
            self._remember(article)

    def remove(self, article_id: str) -> Article | None:
        article = self.articles.pop(article_id, None)
        if article is None:
            return None
        self.path_of(article_id).unlink(missing_ok=True)
        fsync_dir(self.root)
        self._by_url = {u: i for u, i in self._by_url.items() if i != article_id}
        self._by_hash = {h: i for h, i in self._by_hash.items() if i != article_id}
        return article

    def sweep_leftovers(self, min_age: float = 60.0) -> int:
        """Delete temporary files a killed writer left behind (never loaded, only disk)."""
        removed, now = 0, time.time()
        candidates = list(self.root.glob(".*.tmp")) + list(self.index_dir.glob("tokens/.*.tmp"))
        candidates += [p for p in self.index_dir.glob("snapshot.*-*") if p.is_dir()]
        for path in candidates:
            try:
                if now - path.stat().st_mtime < min_age:
                    continue  # maybe a live writer's
                shutil.rmtree(path) if path.is_dir() else path.unlink()
                removed += 1
            except OSError:
                continue
        return removed

    def signature(self) -> tuple[int, int]:
        """Changes when an article file is added, replaced or removed (by anyone)."""
        try:
            return self.root.stat().st_mtime_ns, sum(1 for p in os.scandir(self.root) if p.name.endswith(".json"))
        except FileNotFoundError:
            return 0, 0

    def __len__(self) -> int:
        return len(self.articles)

    def ordered(self) -> list[Article]:
        return sorted(self.articles.values(), key=lambda a: (a.added_at, a.id))
