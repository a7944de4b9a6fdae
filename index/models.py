"""Typed domain values shared by the index, the CLI and the bot."""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import NamedTuple

from pydantic import BaseModel, Field


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Article(BaseModel):
    """One news article as stored in ``corpus/<id>.json``."""

    id: str
    title: str
    text: str
    source: str = ""
    published: str = ""  # ISO date (YYYY-MM-DD) or empty when unknown
    url: str = ""
    author: str = ""
    added_at: str = Field(default_factory=now_iso)

    def content_hash(self) -> str:
        """Hash of the cleaned text, used to find duplicate articles."""
        normalized = "".join(self.text.split())
        return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:32]


class Hit(BaseModel):
    """A passage answering a question, with what is needed to cite it."""

    article_id: str
    title: str
    source: str
    published: str
    url: str
    passage: str
    sentence: str
    matched: list[str]
    score: float


class Answer(BaseModel):
    question: str
    hits: list[Hit]
    took_ms: float


class AddResult(NamedTuple):
    """Outcome of adding one article."""

    status: str  # "added" | "duplicate" | "skipped"
    article_id: str
    title: str
    sentences: int = 0
    reason: str = ""  # why it was a duplicate or skipped
