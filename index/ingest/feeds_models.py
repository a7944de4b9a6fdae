"""Typed values of feed ingest: a feed's state, its channel, its items, the outcome of a fetch or a poll.

All pure data, store-agnostic: the caller persists :class:`FeedState` (one row
per feed) and the keys of :class:`ItemResult` (one row per item, whether it
became an article or failed, so that no item is ever fetched twice).
Timestamps are ISO 8601 strings in UTC (``index.models.now_iso``), "" for never.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import NamedTuple

from pydantic import BaseModel

from index.models import Article


def parse_time(value: str) -> datetime | None:
    """The datetime of an ISO string ("" -> None); naive values are taken as UTC."""
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def iso_time(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


class FeedState(BaseModel):
    """What is remembered about one feed between polls."""

    url: str  # as the admin added it (the feed's identity; redirects do not change it)
    title: str = ""  # the channel title, from the last successful fetch
    site_url: str = ""  # the channel's <link>
    etag: str = ""  # validators of the last 200 answer, sent back as If-None-Match ...
    last_modified: str = ""  # ... and If-Modified-Since
    consecutive_failures: int = 0
    last_error: str = ""  # human-readable (Korean, then English in parentheses); "" after a success
    last_polled_at: str = ""
    next_poll_at: str = ""  # "" or a time: not due before it (backoff after failures)
    articles_added: int = 0  # the caller adds what it stored (the engine may refuse duplicates)

    def is_due(self, now: datetime, slack: timedelta = timedelta(minutes=1)) -> bool:
        """True when the feed may be polled at ``now``.

        ``slack`` lets a periodic job whose ticks drift by a few seconds still poll a
        feed whose backoff ends right at the tick.
        """
        due = parse_time(self.next_poll_at)
        return due is None or now + slack >= due


class Backoff(NamedTuple):
    """Delay before polling a failing feed again: ``base * 2**(failures - 1)``, at most ``cap``."""

    base: timedelta = timedelta(minutes=15)
    cap: timedelta = timedelta(hours=24)

    def delay(self, failures: int) -> timedelta:
        if failures <= 0:
            return timedelta(0)
        if failures > 40:  # 2**40 periods is far past any cap; avoids huge integers
            return self.cap
        return min(self.cap, self.base * 2 ** (failures - 1))


class FetchStatus(str, Enum):
    OK = "ok"
    NOT_MODIFIED = "not_modified"  # 304: nothing new, no items
    ERROR = "error"


class FeedChannel(NamedTuple):
    """The feed's own metadata."""

    title: str  # "연합뉴스 - 경제"
    site_url: str  # the channel's <link> ("" when absent)
    outlet: str  # the outlet named by the title ("연합뉴스"); see feeds_parse.outlet_name
    version: str  # feedparser's version: "rss20", "rss10", "atom10" ...


NO_CHANNEL = FeedChannel("", "", "", "")


class FeedItem(NamedTuple):
    """One entry of a feed, as the feed describes it."""

    key: str  # identity: guid, else link, else a hash of the content (see feeds_parse.item_key)
    link: str  # absolute (resolved against the feed's URL); "" when the item has none
    title: str
    published: str  # YYYY-MM-DD as written in the feed (its own time zone), or ""
    summary: str  # plain text of <description> / <summary>
    full_content: str  # the whole article as plain text (paragraphs split by blank lines), or ""
    feed_title: str
    author: str = ""
    guid: str = ""  # as written in the feed


class FeedFetch(NamedTuple):
    """The outcome of one fetch of a feed. ``state`` is what to persist."""

    status: FetchStatus
    state: FeedState
    channel: FeedChannel = NO_CHANNEL
    items: tuple[FeedItem, ...] = ()  # at most max_items, one per key, in feed order
    error: str = ""  # == state.last_error when status is ERROR
    error_kind: str = ""  # a FetchError kind ("http_status", "not_feed" ...)
    final_url: str = ""  # after redirects
    total_items: int = 0  # items the feed held before the max_items cap (as far as read)

    @property
    def ok(self) -> bool:
        return self.status is not FetchStatus.ERROR


class ItemOutcome(str, Enum):
    ARTICLE = "article"  # ``article`` is ready to be added
    DUPLICATE = "duplicate"  # its page's canonical URL is already known
    FAILED = "failed"  # ``error`` says why; remember the keys anyway (never fetched again)


class ItemResult(NamedTuple):
    item: FeedItem
    outcome: ItemOutcome
    keys: tuple[str, ...]  # every identity to remember: item key, link, canonical URL
    article: Article | None = None
    error: str = ""
    error_kind: str = ""
    fetched_page: bool = False  # whether the item's page was downloaded


class FeedPoll(NamedTuple):
    """One poll of one feed: the fetch, what happened to each new item, the state to persist."""

    fetch: FeedFetch
    results: tuple[ItemResult, ...]
    state: FeedState
    skipped_known: int = 0  # items whose key was already known
    deferred: int = 0  # new items left for the next poll (over max_items)

    @property
    def articles(self) -> list[Article]:
        return [r.article for r in self.results if r.article is not None]

    @property
    def failures(self) -> list[ItemResult]:
        return [r for r in self.results if r.outcome is ItemOutcome.FAILED]
