"""The corpus database: an older store gains the indexes of the current schema, and says so once."""
from __future__ import annotations

import logging
import sqlite3

from index.storage.db import DB_FILENAME, Database


def index_names(path) -> set[str]:
    with sqlite3.connect(path) as connection:
        return {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}


def test_an_older_store_gets_the_missing_index_and_a_log_line_once(tmp_path, caplog):
    Database(tmp_path / DB_FILENAME)
    path = tmp_path / DB_FILENAME
    assert "articles_by_cleaner" in index_names(path)
    with sqlite3.connect(path) as connection:
        connection.execute("DROP INDEX articles_by_cleaner")  # as a store of the previous version has it
    with caplog.at_level(logging.INFO, logger="index.storage.db"):
        Database(path)
    assert "articles_by_cleaner" in index_names(path)
    assert [r.getMessage() for r in caplog.records if "articles_by_cleaner" in r.getMessage()]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="index.storage.db"):
        Database(path)
    assert not [r for r in caplog.records if r.name == "index.storage.db"]


def test_a_new_store_logs_nothing(tmp_path, caplog):
    with caplog.at_level(logging.INFO, logger="index.storage.db"):
        Database(tmp_path / DB_FILENAME)
    assert not [r for r in caplog.records if r.name == "index.storage.db"]
