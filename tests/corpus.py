"""Test helpers for corpus folders: the bundled sample, and what a corpus database holds.

The database is read directly with ``sqlite3`` (no engine), so a test can tell
what a run stored, or that it changed nothing, without opening Kiwi.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from index.engine import Engine
from index.engine.admit import clean_body
from index.storage.db import DB_FILENAME

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_ID = "e8d6ecacefe8538e"
SAMPLE_PATH = ROOT / "corpus" / "sample" / f"{SAMPLE_ID}.json"
SAMPLE = json.loads(SAMPLE_PATH.read_text(encoding="utf-8"))  # the bundled article, raw
SAMPLE_TEXT = clean_body(SAMPLE["title"], SAMPLE["raw_text"]).text  # as the corpus stores it
# A question the bundled article answers in more passages than one page (3) holds: for tests of paging.
# (The seed question "머스크가 오픈AI를 고소한 진짜 이유는?" gets one page: every passage passes its own
# relevance test, and the others of the article do not.)
PAGED_QUESTION = "머스크 오픈AI"


def seeded_corpus(folder: Path, tokenizer) -> Path:
    """A corpus folder holding the bundled sample article (added as the bot adds it to an empty corpus)."""
    engine = Engine.open(folder, tokenizer)
    assert engine.seed_if_empty() == 1
    engine.close()
    return folder


def engine_with(folder: Path, tokenizer, articles) -> Engine:
    """An engine over a new corpus folder holding ``articles``."""
    engine = Engine.open(folder, tokenizer)
    engine.add_articles(articles)
    return engine


def stored_rows(corpus: Path) -> dict[str, dict]:
    """Every stored article's columns by id, in the order they were added ({} when there is no database yet)."""
    path = Path(corpus) / DB_FILENAME
    if not path.exists():
        return {}
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        return {row["id"]: dict(row) for row in connection.execute("SELECT * FROM articles ORDER BY seq")}
    finally:
        connection.close()


def stored_ids(corpus: Path) -> list[str]:
    return list(stored_rows(corpus))
