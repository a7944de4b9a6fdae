"""The folder corpus of earlier versions (``corpus/<id>.json`` + ``.index/tokens/``) moved into the database.

Runs the first time such a folder is opened. Every article (and its token
cache entry, when it is still valid) goes in one transaction; the old files are
deleted only after that transaction has committed, so a crash at any moment
leaves either the folder as it was or the database with every article. An
article already in the database (a run that crashed after the commit) is
skipped, and its file deleted.
"""
from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import NamedTuple

from pydantic import ValidationError

from index.models import Article
from index.storage.articles import ArticleStore, StoredArticle, index_key, is_safe_id
from index.storage.cache import CachedTokens, TokenCache

log = logging.getLogger(__name__)
LEGACY_TOKEN_FORMAT = 2


class Migration(NamedTuple):
    moved: int  # articles now in the database
    skipped: list[str]  # files that could not be read (left in place)


def legacy_files(root: Path) -> list[Path]:
    return sorted(p for p in root.glob("*.json") if p.is_file()) if root.is_dir() else []


def _legacy_tokens(root: Path, article_id: str, key: str, tokenizer_version: str) -> CachedTokens | None:
    path = root / ".index" / "tokens" / f"{article_id}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["tokenizer"] != f"{tokenizer_version}.{LEGACY_TOKEN_FORMAT}" or data["key"] != key:
            return None
        spans = [(int(s), int(e)) for s, e in data["spans"]]
        tokens = [tuple(t) for t in data["tokens"]]
        aliases = tuple((h, l) for h, l in data.get("aliases", []))
        return CachedTokens(tuple(data["title"]), spans, tokens, aliases) if len(spans) == len(tokens) else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def migrate_folder(store: ArticleStore, cache: TokenCache, tokenizer_version: str) -> Migration:
    """Move ``store.root/*.json`` articles into ``store``; their text came in clean, so it is also the raw text."""
    files = legacy_files(store.root)
    if not files:
        return Migration(0, [])
    readable: list[tuple[Path, Article]] = []
    skipped: list[str] = []
    for path in files:
        try:
            article = Article.model_validate_json(path.read_bytes())
        except (ValidationError, ValueError, OSError) as error:
            skipped.append(f"{path.name}: {error.__class__.__name__}")
            continue
        if not is_safe_id(article.id):
            skipped.append(f"{path.name}: invalid id")
            continue
        readable.append((path, article))
    moved = 0
    with store.db.transaction() as tx:
        for _, article in readable:
            if store.find_duplicate(article) is not None:
                continue  # already moved by a run that stopped before deleting the files
            article = article.model_copy(update={"raw_text": article.raw_text or article.text})
            key = index_key(article.title, article.text)
            store.insert(tx, StoredArticle(article, key, 0, 0))
            cached = _legacy_tokens(store.root, article.id, key, tokenizer_version)
            if cached is not None:
                cache.put(tx, article.id, key, cached)
            moved += 1
        if moved:
            store.bump_generation(tx)
    for path, _ in readable:  # committed: the files are no longer needed
        path.unlink(missing_ok=True)
    shutil.rmtree(store.root / ".index" / "tokens", ignore_errors=True)
    (store.root / ".index" / "write.lock").unlink(missing_ok=True)
    log.info("moved %d articles from %s/*.json into %s", moved, store.root, store.db.path.name)
    for problem in skipped:
        log.warning("not moved (left in place): %s", problem)
    return Migration(moved, skipped)
