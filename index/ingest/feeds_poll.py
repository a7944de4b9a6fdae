"""Poll one feed: fetch it, turn each new item into an :class:`Article`, politely.

``poll_feed`` fetches the feed (conditionally), skips every item the caller
already knows (``is_known`` of any of its keys), and for at most ``max_items``
new ones uses the feed's own full text when it is the whole article or else
downloads the item's page once, through the safe fetcher and the extractor,
waiting on a :class:`HostPacer` before every request to a host.  One bad item
never stops the others, and a bad feed comes back as an ERROR fetch: the
function does not raise (except what ``is_known`` itself raises).
"""
from __future__ import annotations

import threading
import time
from datetime import datetime, timezone
from typing import Callable
from urllib.parse import urlsplit

from index.ingest.extract import FetchedPage, fetch_article, readable_domain
from index.ingest.feeds_fetch import DEFAULT_MAX_ITEMS, MAX_FEED_BYTES, fetch_feed
from index.ingest.feeds_models import (Backoff, FeedChannel, FeedItem, FeedPoll, FeedState,
                                       ItemOutcome, ItemResult)
from index.ingest.feeds_parse import normalize_url
from index.ingest.fetch import FetchError
from index.models import Article

MAX_NEW_ITEMS = 20  # new items turned into articles per poll of one feed; the rest wait
MAX_PAGE_BYTES = 5 * 1024 * 1024


class HostPacer:
    """At least ``min_delay`` seconds between the starts of two requests to one host.

    Thread-safe: concurrent callers each reserve the next free slot of the host,
    then sleep outside the lock.  ``clock`` and ``sleep`` are injectable for tests.
    """

    def __init__(self, min_delay: float = 1.0, *,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.min_delay = min_delay
        self._clock = clock
        self._sleep = sleep
        self._next_free: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, url: str) -> float:
        """Sleep until a request to ``url``'s host is allowed; return the seconds slept."""
        host = (urlsplit(url).hostname or "").lower()
        with self._lock:
            now = self._clock()
            start = max(now, self._next_free.get(host, now))
            self._next_free[host] = start + self.min_delay
        delay = start - now
        if delay > 0:
            self._sleep(delay)
        return max(delay, 0.0)


def item_keys(item: FeedItem) -> tuple[str, ...]:
    """The identities of an item known before its page is read: its key, then its link."""
    keys = [item.key]
    if item.link:
        keys.append(normalize_url(item.link))
    return tuple(dict.fromkeys(keys))


def _outlet(page: FetchedPage, channel: FeedChannel) -> str:
    """og:site_name of the page, else the outlet named by the feed, else the page's domain."""
    from_meta = page.source and page.source != readable_domain(page.canonical_url)
    return page.source if from_meta else (channel.outlet or page.source)


def article_from_feed(item: FeedItem, channel: FeedChannel) -> Article:
    """The article the feed carries whole (``item.full_content``); its page is not read."""
    return Article(id="", title=item.title, text=item.full_content,
                   source=channel.outlet or (readable_domain(item.link) if item.link else ""),
                   published=item.published, url=item.link, author=item.author)


def article_from_page(page: FetchedPage, item: FeedItem, channel: FeedChannel) -> Article:
    """The article of the item's page; metadata from the page first, then from the feed.

    A page title that is the feed's title plus more ("제목 : 경제 : 뉴스 : 한겨레")
    gives way to the feed's.
    """
    title = page.title or item.title
    if item.title and title != item.title and title.startswith(item.title):
        title = item.title
    return Article(id="", title=title, text=page.text,
                   source=_outlet(page, channel), published=page.published or item.published,
                   url=page.canonical_url or page.final_url, author=page.author or item.author)


def article_for_item(item: FeedItem, channel: FeedChannel, *, allow_private: bool = False,
                     timeout: float = 10.0, deadline: float = 30.0,
                     max_bytes: int = MAX_PAGE_BYTES, pacer: HostPacer | None = None) -> Article:
    """The item as an :class:`Article` (id "", text as extracted: the engine cleans it).

    The feed's full text when it is the whole article (``feeds_parse.is_whole_article``),
    else the item's page, downloaded once.  Raises ``FetchError``: ``no_link`` for an
    item with neither, and whatever the page gives (an image: ``not_html``, a 404:
    ``http_status``, no article text: ``no_text`` ...).
    """
    if item.full_content:
        return article_from_feed(item, channel)
    if not item.link:
        raise FetchError("항목에 링크도 본문도 없어 기사를 가져올 수 없습니다 "
                         "(feed item has neither a link nor its full text)", "no_link")
    if pacer is not None:
        pacer.wait(item.link)
    page = fetch_article(item.link, allow_private=allow_private, timeout=timeout,
                         deadline=deadline, max_bytes=max_bytes)
    return article_from_page(page, item, channel)


def _result(item: FeedItem, channel: FeedChannel, seen: set[str],
            is_known: Callable[[str], bool], fetch_options: dict) -> ItemResult:
    keys = item_keys(item)
    fetches_page = not item.full_content and bool(item.link)
    try:
        article = article_for_item(item, channel, **fetch_options)
    except FetchError as exc:
        return ItemResult(item, ItemOutcome.FAILED, keys, error=exc.message,
                          error_kind=exc.kind, fetched_page=fetches_page)
    except Exception as exc:  # noqa: BLE001 - one bad item must never stop the others
        return ItemResult(item, ItemOutcome.FAILED, keys, fetched_page=fetches_page,
                          error=f"항목을 처리하지 못했습니다 (unexpected error: "
                                f"{type(exc).__name__}: {exc})", error_kind="network")
    canonical = normalize_url(article.url) if article.url else ""
    if canonical and canonical not in keys:
        keys = (*keys, canonical)
        if canonical in seen or is_known(canonical):  # the same article under another link
            return ItemResult(item, ItemOutcome.DUPLICATE, keys, fetched_page=fetches_page)
    return ItemResult(item, ItemOutcome.ARTICLE, keys, article, fetched_page=fetches_page)


def poll_feed(state: FeedState, is_known: Callable[[str], bool], *,
              pacer: HostPacer | None = None, allow_private: bool = False,
              max_items: int = MAX_NEW_ITEMS, max_feed_items: int = DEFAULT_MAX_ITEMS,
              timeout: float = 10.0, deadline: float = 30.0,
              max_feed_bytes: int = MAX_FEED_BYTES, max_page_bytes: int = MAX_PAGE_BYTES,
              budget: float | None = None, now: datetime | None = None,
              backoff: Backoff = Backoff(),
              clock: Callable[[], float] = time.monotonic) -> FeedPoll:
    """One poll of one feed (due or not: ``state.is_due`` is the caller's check).

    ``is_known(key)`` says whether an item key / link / canonical URL was seen
    before; remember every key of every result, ARTICLE, DUPLICATE or FAILED
    alike, so that no item is ever fetched twice.  ``max_items`` new items at
    most are handled (feed order; the rest are ``deferred`` to the next poll, as
    are those left when ``budget`` seconds have passed; the state then keeps no
    validators, so that the next poll reads them instead of getting a 304).  ``state.articles_added``
    is left to the caller, who knows how many articles it stored.
    """
    pacer = pacer or HostPacer(0.0)
    started = clock()
    pacer.wait(state.url)
    fetched = fetch_feed(state, allow_private=allow_private, timeout=timeout, deadline=deadline,
                         max_bytes=max_feed_bytes, max_items=max_feed_items,
                         now=now or datetime.now(timezone.utc), backoff=backoff)
    if not fetched.items:
        return FeedPoll(fetched, (), fetched.state)
    fresh = [item for item in fetched.items if not any(map(is_known, item_keys(item)))]
    options = dict(allow_private=allow_private, timeout=timeout, deadline=deadline,
                   max_bytes=max_page_bytes, pacer=pacer)
    seen: set[str] = set()
    results: list[ItemResult] = []
    for item in fresh[:max_items]:
        if budget is not None and clock() - started > budget:
            break
        if seen.intersection(item_keys(item)):  # another item of this poll had its link
            result = ItemResult(item, ItemOutcome.DUPLICATE, item_keys(item))
        else:
            result = _result(item, fetched.channel, seen, is_known, options)
        seen.update(result.keys)
        results.append(result)
    deferred = len(fresh) - len(results)
    state = fetched.state
    if deferred:  # a 304 next time would hide the items left over: read the feed again
        state = state.model_copy(update={"etag": "", "last_modified": ""})
    return FeedPoll(fetched, tuple(results), state,
                    skipped_known=len(fetched.items) - len(fresh), deferred=deferred)
