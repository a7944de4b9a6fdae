"""The token cache: each article's sentence spans and tokens, a compressed blob in the ``tokens`` table.

An entry is valid for one index key (title + cleaned text) and one tokenizer
version; anything else is re-made by the tokenizer, so a start never
re-tokenizes what it already has. Entries go with their article (a foreign key
with ``ON DELETE CASCADE``).
"""
from __future__ import annotations

import json
import sqlite3
import zlib
from typing import NamedTuple

from index.storage.db import Database

TOKEN_CACHE_FORMAT = 3  # part of the cache key: entries of another format are re-made


class CachedTokens(NamedTuple):
    """Sentences of one article as the tokenizer made them."""

    title_tokens: tuple[str, ...]
    spans: list[tuple[int, int]]
    tokens: list[tuple[str, ...]]
    aliases: tuple[tuple[str, str], ...] = ()  # (hangul, latin) pairs mined from the text
    byte_spans: tuple[tuple[int, int], ...] = ()  # the spans in the text's UTF-8 bytes (empty: not known)


def encode_tokens(cached: CachedTokens) -> bytes:
    payload = {
        "title": list(cached.title_tokens),
        "spans": [list(span) for span in cached.spans],
        "tokens": [list(t) for t in cached.tokens],
        "aliases": [list(pair) for pair in cached.aliases],
        "bytes": [list(span) for span in cached.byte_spans],
    }
    return zlib.compress(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)


def decode_tokens(blob: bytes) -> CachedTokens | None:
    try:
        data = json.loads(zlib.decompress(blob).decode("utf-8"))
        spans = [(int(s), int(e)) for s, e in data["spans"]]
        tokens = [tuple(t) for t in data["tokens"]]
        if len(spans) != len(tokens):
            return None
        byte_spans = [(int(s), int(e)) for s, e in data.get("bytes", [])]  # entries of earlier versions have none
        return CachedTokens(tuple(data["title"]), spans, tokens, tuple((h, l) for h, l in data["aliases"]),
                            tuple(byte_spans) if len(byte_spans) == len(spans) else ())
    except (zlib.error, ValueError, KeyError, TypeError):
        return None


class TokenCache:
    def __init__(self, db: Database, tokenizer_version: str):
        self.db = db
        self.version = f"{tokenizer_version}.{TOKEN_CACHE_FORMAT}"

    def get(self, article_id: str, key: str) -> CachedTokens | None:
        return self.get_many([(article_id, key)]).get(article_id)

    def get_many(self, wanted: list[tuple[str, str]]) -> dict[str, CachedTokens]:
        """Valid entries for (article id, index key) pairs, by article id."""
        keys = dict(wanted)
        found: dict[str, CachedTokens] = {}
        ids = list(keys)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.db.query(
                f"SELECT article_id, index_key, tokenizer, data FROM tokens WHERE article_id IN ({','.join('?' * len(chunk))})",
                tuple(chunk),
            )
            for article_id, key, version, blob in rows:
                if key == keys[article_id] and version == self.version:
                    cached = decode_tokens(blob)
                    if cached is not None:
                        found[article_id] = cached
        return found

    def put(self, tx: sqlite3.Connection, article_id: str, key: str, cached: CachedTokens) -> None:
        """Store an entry inside the caller's transaction (the article's row must exist)."""
        tx.execute(
            "INSERT INTO tokens (article_id, index_key, tokenizer, data) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (article_id) DO UPDATE SET index_key = excluded.index_key, "
            "tokenizer = excluded.tokenizer, data = excluded.data",
            (article_id, key, self.version, encode_tokens(cached)),
        )
