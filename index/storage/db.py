"""The corpus database: one SQLite file (WAL mode), shared safely by the bot and the CLI.

One writer at a time and many readers, across processes: every change runs in
one ``BEGIN IMMEDIATE`` transaction, so a crash leaves the database as it was
before the transaction or after it, never half-written. Each thread gets its own
connection (readers never wait for a writer in WAL mode).

Tables (``SCHEMA``): ``articles`` (raw and cleaned text with all metadata),
``article_urls`` (every URL an article is known by), ``tokens`` (the token cache,
a blob per article), ``feeds`` and ``feed_items``, ``feedback`` and ``questions``
(the bot's), and ``meta`` (the change counter, retention figures).
"""
from __future__ import annotations

import logging
import re
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

log = logging.getLogger(__name__)
DB_FILENAME = "corpus.sqlite3"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 30_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    raw_text TEXT NOT NULL,
    source TEXT NOT NULL DEFAULT '',
    published TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    added_at TEXT NOT NULL,
    cleaner_version TEXT NOT NULL DEFAULT '',
    removed_chars INTEGER NOT NULL DEFAULT 0,
    raw_chars INTEGER NOT NULL DEFAULT 0,
    content_hash TEXT NOT NULL,
    index_key TEXT NOT NULL,
    feed_url TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS articles_by_hash ON articles (content_hash, source);
CREATE INDEX IF NOT EXISTS articles_by_age ON articles (published, added_at);
-- citations without the texts: a row's source, date and link sit after text and raw_text, which SQLite
-- would walk page by page to reach them (a fetched page's raw HTML runs to tens of kB); read by cards()
CREATE INDEX IF NOT EXISTS articles_cards ON articles (id, title, source, published, url);
CREATE INDEX IF NOT EXISTS articles_by_cleaner ON articles (cleaner_version);
CREATE TABLE IF NOT EXISTS article_urls (
    url_key TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS article_urls_by_article ON article_urls (article_id);
CREATE TABLE IF NOT EXISTS tokens (
    article_id TEXT PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    index_key TEXT NOT NULL,
    tokenizer TEXT NOT NULL,
    data BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS feeds (
    url TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS feed_items (
    feed_url TEXT NOT NULL REFERENCES feeds (url) ON DELETE CASCADE,
    item_key TEXT NOT NULL,
    article_id TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    seen_at TEXT NOT NULL,
    PRIMARY KEY (feed_url, item_key)
);
CREATE INDEX IF NOT EXISTS feed_items_by_key ON feed_items (item_key);
CREATE TABLE IF NOT EXISTS feedback (
    answer_id TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    vote TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    record TEXT NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);
CREATE INDEX IF NOT EXISTS feedback_by_time ON feedback (changed_at);
CREATE TABLE IF NOT EXISTS questions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    answer_id TEXT NOT NULL UNIQUE,
    chat_id INTEGER NOT NULL DEFAULT 0,
    question_message_id INTEGER,
    asked_at TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS questions_by_message ON questions (chat_id, question_message_id);
"""


class Database:
    """A SQLite file with one connection per thread; ``transaction()`` for every write."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._guard = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._create_schema()

    def _create_schema(self) -> None:
        connection = self.connection()
        missing = _missing_indexes(connection)
        if missing:  # an older store: a new index reads every article once (seconds at 100k articles)
            log.info("adding %s to the corpus database (once; it reads every article)", ", ".join(missing))
        connection.executescript(SCHEMA)  # IF NOT EXISTS: idempotent, commits on its own
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise RuntimeError(f"{self.path} was written by a newer version (schema {version})")
        if version < SCHEMA_VERSION:
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        connection.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('store_id', ?)", (uuid.uuid4().hex,))

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (autocommit mode: transactions are explicit)."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                         check_same_thread=False)
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            self._local.connection = connection
            with self._guard:
                self._connections.append(connection)
        return connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (``BEGIN IMMEDIATE``): committed whole, or rolled back whole."""
        connection = self.connection()
        if connection.in_transaction:  # nested: part of the enclosing transaction
            yield connection
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")

    def query(self, sql: str, parameters: tuple = ()) -> list[tuple]:
        return self.connection().execute(sql, parameters).fetchall()

    def scalar(self, sql: str, parameters: tuple = (), default=None):
        row = self.connection().execute(sql, parameters).fetchone()
        return default if row is None else row[0]

    # ---- meta ---------------------------------------------------------------
    def meta(self, key: str, default: str = "") -> str:
        return self.scalar("SELECT value FROM meta WHERE key = ?", (key,), default)

    def set_meta(self, connection: sqlite3.Connection, key: str, value: str) -> None:
        connection.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           (key, value))

    def add_to_meta(self, connection: sqlite3.Connection, key: str, amount: int) -> None:
        current = connection.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        self.set_meta(connection, key, str(int(current[0] if current else 0) + amount))

    def close(self) -> None:
        with self._guard:
            for connection in self._connections:
                try:
                    connection.close()
                except sqlite3.Error:
                    pass
            self._connections.clear()
        self._local = threading.local()


def _missing_indexes(connection: sqlite3.Connection) -> list[str]:
    """The indexes of ``SCHEMA`` on ``articles`` that an existing database lacks (none for a new one)."""
    tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "articles" not in tables:
        return []
    have = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    wanted = re.findall(r"^CREATE INDEX IF NOT EXISTS (\w+) ON articles ", SCHEMA, flags=re.MULTILINE)
    return [name for name in wanted if name not in have]
