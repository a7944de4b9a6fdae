"""Index state kept beside the corpus, in ``corpus/.index/``.

Everything here is derived from the articles and may be deleted at any time::

    .index/
      write.lock                 cross-process lock for writers (bot, CLI)
      tokens/<article id>.json   token cache: sentence spans and tokens of one
                                 article, keyed by content hash + tokenizer version
      snapshot/                  the built index, loaded at start-up
        params.json              written last: format, tokenizer version, BM25
                                 params and a BLAKE2b checksum of every file
        catalog.json             articles in index order: [id, content hash]
        sentences/ articles/     BM25 arrays (.npy) + bm25.json (terms, counts)
        doc_*.npy                per sentence: article number, position, span

A snapshot whose checksums or versions do not match is ignored and rebuilt
from the token cache, which is itself re-made per article when stale.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import NamedTuple

from index.storage.atomic import atomic_write_text

TOKEN_CACHE_FORMAT = 2  # part of the cache key: entries of another format are re-made


class CachedTokens(NamedTuple):
    """Sentences of one article as the tokenizer made them."""

    title_tokens: tuple[str, ...]
    spans: list[tuple[int, int]]
    tokens: list[tuple[str, ...]]
    aliases: tuple[tuple[str, str], ...] = ()  # (hangul, latin) pairs mined from the text


def article_key(title: str, text: str) -> str:
    return hashlib.sha256((title + "\n" + text).encode("utf-8")).hexdigest()[:32]


class TokenCache:
    def __init__(self, index_dir: Path, tokenizer_version: str):
        self.dir = index_dir / "tokens"
        self.version = f"{tokenizer_version}.{TOKEN_CACHE_FORMAT}"

    def _path(self, article_id: str) -> Path:
        return self.dir / f"{article_id}.json"

    def get(self, article_id: str, key: str) -> CachedTokens | None:
        try:
            data = json.loads(self._path(article_id).read_text(encoding="utf-8"))
            if data["tokenizer"] != self.version or data["key"] != key:
                return None
            spans = [(int(s), int(e)) for s, e in data["spans"]]
            tokens = [tuple(t) for t in data["tokens"]]
            if len(spans) != len(tokens):
                return None
            aliases = tuple((h, l) for h, l in data.get("aliases", []))
            return CachedTokens(tuple(data["title"]), spans, tokens, aliases)
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, article_id: str, key: str, cached: CachedTokens) -> None:
        payload = {
            "tokenizer": self.version,
            "key": key,
            "title": list(cached.title_tokens),
            "spans": [list(span) for span in cached.spans],
            "tokens": [list(t) for t in cached.tokens],
            "aliases": [list(pair) for pair in cached.aliases],
        }
        # not fsynced: a torn cache file fails to parse or match and is simply re-made
        atomic_write_text(self._path(article_id), json.dumps(payload, ensure_ascii=False), durable=False)

    def drop(self, article_id: str) -> None:
        self._path(article_id).unlink(missing_ok=True)
