"""Typed domain values shared by the index, the CLI and the bot."""
from __future__ import annotations

import hashlib
from datetime import date, datetime, timezone
from enum import Enum
from typing import NamedTuple

from pydantic import BaseModel, Field


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Article(BaseModel):
    """One news article: its cleaned text, the raw text it came in as, and its metadata."""

    id: str
    title: str
    text: str  # cleaned: paragraphs separated by a blank line
    source: str = ""
    published: str = ""  # ISO date (YYYY-MM-DD) or empty when unknown
    url: str = ""
    author: str = ""
    added_at: str = Field(default_factory=now_iso)
    raw_text: str = ""  # the text as received, before cleaning ("" when it came in clean)
    cleaner_version: str = ""  # the cleaner that made ``text`` from ``raw_text``

    def content_hash(self) -> str:
        """Hash of the cleaned text (white space ignored), used to find duplicate articles."""
        normalized = "".join(self.text.split())
        return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:32]


class ArticleCard(NamedTuple):
    """What ranking and citing need of an article without its text: read for many candidates at once."""

    id: str
    title: str
    source: str
    published: str
    url: str


class Excerpt(NamedTuple):
    """A span of an article's cleaned text, asked for without reading the whole text out."""

    article_id: str
    start: int
    end: int
    byte_start: int = -1  # the same span in the text's UTF-8 bytes (-1: not known, cut by characters)
    byte_end: int = -1


class AlsoCarried(BaseModel):
    """Another outlet's copy of a hit's story (a wire copy: nearly the same text)."""

    article_id: str
    source: str
    url: str
    published: str


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
    also: list[AlsoCarried] = Field(default_factory=list)  # the same story as carried by other outlets
    missing: list[str] = Field(default_factory=list)  # the question's names its article never says


class SmallTalk(str, Enum):
    """A message that is chat, not a question about the news."""

    GREETING = "greeting"  # 안녕하세요, hi, 잘 자
    THANKS = "thanks"  # 고마워, 감사합니다, thanks
    HELP = "help"  # help, 도움말, 사용법
    LAUGH = "laugh"  # ㅋㅋㅋ, ㅎㅎ, lol
    CHAT = "chat"  # 뭐해?, 응, ok


class Period(BaseModel):
    """Days a question asks about (both ends included), and the words that named them."""

    model_config = {"frozen": True}

    start: date
    end: date
    label: str = ""  # as typed: "어제", "2023년 3월", "last week"

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


class Answer(BaseModel):
    question: str
    hits: list[Hit]
    took_ms: float
    small_talk: SmallTalk | None = None  # the message was chat: no passages, on purpose
    period: Period | None = None  # the time the question named; hits come from articles published then
    period_fallback: bool = False  # no article of ``period`` answered: the hits come from all articles
    recency: bool = False  # 최근/최신/latest: newer articles were preferred
    note: str = ""  # what to tell the reader about the above ("2023년 3월에 해당하는 기사가 없습니다 …")


class AddStatus(str, Enum):
    ADDED = "added"
    DUPLICATE = "duplicate"
    SKIPPED = "skipped"


class AddResult(NamedTuple):
    """Outcome of adding one article."""

    status: AddStatus  # compares equal to "added", "duplicate", "skipped"
    article_id: str
    title: str
    sentences: int = 0
    reason: str = ""  # why it was a duplicate or skipped
    removed_chars: int = 0  # characters the cleaner removed as boilerplate (credits, bylines …)
    raw_chars: int = 0  # characters it came in with (white space not counted)

    @property
    def over_cleaned(self) -> bool:
        """More than a third of the article was removed as boilerplate: kept, but worth a look."""
        return self.raw_chars > 0 and self.removed_chars * 3 > self.raw_chars


class Retention(NamedTuple):
    """How long articles stay (``KEEP_DAYS``, ``MAX_ARTICLES``); 0 turns a limit off."""

    keep_days: int = 0
    max_articles: int = 0

    @property
    def active(self) -> bool:
        return self.keep_days > 0 or self.max_articles > 0


class FeedOptions(NamedTuple):
    """How feeds are polled (``FEED_*`` settings)."""

    allow_private: bool = False  # ALLOW_PRIVATE_URLS
    max_items: int = 20  # new items fetched per feed per poll; the rest wait for the next poll
    host_delay: float = 1.0  # seconds between two requests to one host
    max_bytes: int = 5 * 1024 * 1024  # largest feed or page downloaded
    timeout: float = 10.0  # connect / read timeout of one request, seconds
    deadline: float = 30.0  # whole download of one feed or page, seconds


class CorpusStats(BaseModel):
    """What ``stats`` shows: the corpus, the index, cleaning and retention."""

    articles: int
    sentences: int
    terms: int
    postings: int
    avg_sentence_tokens: float
    removed_chars: int  # boilerplate removed by the cleaner, over all stored articles
    raw_chars: int
    over_cleaned: int  # articles that lost more than a third as boilerplate
    retention_removed: int  # articles retention (KEEP_DAYS, MAX_ARTICLES) has removed so far
    feeds: int
    tokenizer: str
    cleaner: str
