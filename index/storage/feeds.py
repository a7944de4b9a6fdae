"""Followed feeds and the items seen in them, in the corpus database.

A feed row holds its :class:`FeedState` (validators, failures, backoff) as JSON.
An item row is written for every item a poll looked at, whether it became an
article, was a duplicate or failed, so that no item is ever fetched twice.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import NamedTuple

from index.models import now_iso
from index.storage.db import Database

DIGEST_KEY = "feed_digest_chats"  # meta: chats (admins) that asked for a digest of what feeds brought


class StoredFeed(NamedTuple):
    url: str
    state: dict  # a FeedState as JSON (the ingest layer's model; storage does not import it)
    added_at: str


class FeedStore:
    def __init__(self, db: Database):
        self.db = db

    def get(self, url: str) -> StoredFeed | None:
        rows = self.db.query("SELECT url, state, added_at FROM feeds WHERE url = ?", (url,))
        return StoredFeed(rows[0][0], json.loads(rows[0][1]), rows[0][2]) if rows else None

    def all(self) -> list[StoredFeed]:
        rows = self.db.query("SELECT url, state, added_at FROM feeds ORDER BY added_at, url")
        return [StoredFeed(url, json.loads(state), added) for url, state, added in rows]

    def add(self, url: str, state: dict) -> bool:
        """False when the feed is already followed."""
        with self.db.transaction() as tx:
            if tx.execute("SELECT 1 FROM feeds WHERE url = ?", (url,)).fetchone():
                return False
            tx.execute("INSERT INTO feeds (url, state, added_at) VALUES (?, ?, ?)",
                       (url, json.dumps(state, ensure_ascii=False), now_iso()))
        return True

    def save(self, tx: sqlite3.Connection, url: str, state: dict) -> None:
        tx.execute("UPDATE feeds SET state = ? WHERE url = ?", (json.dumps(state, ensure_ascii=False), url))

    def remove(self, url: str) -> bool:
        with self.db.transaction() as tx:
            return tx.execute("DELETE FROM feeds WHERE url = ?", (url,)).rowcount > 0

    def knows_item(self, key: str) -> bool:
        """Whether any feed's poll has already looked at an item with this identity (key, link or canonical URL)."""
        return bool(self.db.scalar("SELECT 1 FROM feed_items WHERE item_key = ? LIMIT 1", (key,)))

    def remember(self, tx: sqlite3.Connection, feed_url: str, keys: Iterable[str], status: str,
                 article_id: str = "", detail: str = "") -> None:
        seen_at = now_iso()
        for key in dict.fromkeys(keys):
            tx.execute(
                "INSERT OR IGNORE INTO feed_items (feed_url, item_key, article_id, status, detail, seen_at) "
                "VALUES (?, ?, ?, ?, ?, ?)", (feed_url, key, article_id, status, detail[:500], seen_at))

    # ---- digests --------------------------------------------------------------
    def digest_chats(self) -> list[int]:
        return [int(c) for c in json.loads(self.db.meta(DIGEST_KEY, "[]"))]

    def set_digest(self, chat_id: int, wanted: bool) -> None:
        with self.db.transaction() as tx:
            row = tx.execute("SELECT value FROM meta WHERE key = ?", (DIGEST_KEY,)).fetchone()
            chats = set(json.loads(row[0])) if row else set()
            chats = chats | {chat_id} if wanted else chats - {chat_id}
            self.db.set_meta(tx, DIGEST_KEY, json.dumps(sorted(chats)))
