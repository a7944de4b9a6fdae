"""Following feeds: add, list, remove, and poll them into the corpus.

A poll fetches every due feed (conditional GET), fetches each new item's page
once, adds the articles through the engine (cleaned, duplicates refused), and
records every item it looked at, so no item is ever fetched twice. One failing
feed is recorded (``last_error``, backoff) and never stops the others.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, NamedTuple

from index.ingest.feeds import FeedState, HostPacer, ItemOutcome, ItemResult, check_feed_url, poll_feed
from index.models import AddStatus, FeedOptions
from index.storage.feeds import FeedStore

if TYPE_CHECKING:  # pragma: no cover - the engine passes itself in; a real import would be circular
    from index.engine.front import Engine

log = logging.getLogger(__name__)


class FeedAdded(NamedTuple):
    ok: bool
    message: str  # what to tell the admin (Korean, then English in parentheses, on a refusal)
    state: FeedState | None = None


class FeedReport(NamedTuple):
    """What one poll of one feed did."""

    url: str
    title: str
    added: list[tuple[str, str]]  # (article id, title) stored by this poll
    duplicates: int
    failed: int
    error: str  # the feed itself failed ("" when it was fetched)
    not_modified: bool
    deferred: int  # new items left for the next poll


def feed_store(engine: "Engine") -> FeedStore:
    return FeedStore(engine.store.db)


def states_of(store: FeedStore) -> list[FeedState]:
    return [FeedState.model_validate(feed.state) for feed in store.all()]


def feed_states(engine: "Engine") -> list[FeedState]:
    return states_of(feed_store(engine))


def add_feed(engine: "Engine", url: str, options: FeedOptions) -> FeedAdded:
    """Fetch ``url`` once; follow it when it is an RSS or Atom feed."""
    url = url.strip()
    store = feed_store(engine)
    if store.get(url) is not None:
        return FeedAdded(False, f"이미 구독 중인 피드입니다 (already followed): {url}")
    check = check_feed_url(url, allow_private=options.allow_private, timeout=options.timeout,
                           deadline=options.deadline, max_bytes=options.max_bytes)
    if not check.ok:
        return FeedAdded(False, check.error)
    if not store.add(url, check.state.model_dump()):
        return FeedAdded(False, f"이미 구독 중인 피드입니다 (already followed): {url}")
    return FeedAdded(True, f"{check.state.title or url}: {check.total_items} items", check.state)


def remove_feed(engine: "Engine", url: str) -> bool:
    return feed_store(engine).remove(url.strip())


def poll_feeds(engine: "Engine", options: FeedOptions, now: datetime | None = None, due_only: bool = True,
               progress: Callable[[FeedReport], None] | None = None) -> list[FeedReport]:
    """One pass over the feeds (those due, unless ``due_only`` is False)."""
    now = now or datetime.now(timezone.utc)
    pacer = HostPacer(options.host_delay)
    reports = []
    for state in feed_states(engine):
        if due_only and not state.is_due(now):
            continue
        try:
            report = poll_one(engine, state, options, pacer)
        except Exception as error:  # noqa: BLE001 - one broken feed must never stop the others
            log.exception("polling %s failed", state.url)
            report = FeedReport(state.url, state.title, [], 0, 0, f"{error.__class__.__name__}: {error}", False, 0)
        reports.append(report)
        if progress:
            progress(report)
    return reports


def _is_known(engine: "Engine", store: FeedStore) -> Callable[[str], bool]:
    """An item seen by any feed's poll, or whose URL an article is already known by."""
    def known(key: str) -> bool:
        return store.knows_item(key) or (is_web_url(key) and engine.store.find_url(key) is not None)

    return known


def is_web_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def poll_one(engine: "Engine", state: FeedState, options: FeedOptions, pacer: HostPacer) -> FeedReport:
    store = feed_store(engine)
    poll = poll_feed(state, _is_known(engine, store), pacer=pacer, allow_private=options.allow_private,
                     max_items=options.max_items, timeout=options.timeout, deadline=options.deadline,
                     max_feed_bytes=options.max_bytes, max_page_bytes=options.max_bytes)
    ready = [r for r in poll.results if r.outcome is ItemOutcome.ARTICLE and r.article is not None]
    urls = {r.article.url: tuple(k for k in r.keys if is_web_url(k)) for r in ready}
    results = engine.add_articles([r.article for r in ready], extra_urls=urls)
    by_item = {id(r): result for r, result in zip(ready, results)}
    added = [(res.article_id, res.title) for res in results if res.status == AddStatus.ADDED]
    new_state = poll.state.model_copy(update={"articles_added": poll.state.articles_added + len(added)})
    with engine.store.db.transaction() as tx:
        for item in poll.results:
            store.remember(tx, state.url, item.keys, *_item_record(item, by_item.get(id(item))))
        store.save(tx, state.url, new_state.model_dump())
    duplicates = sum(1 for r in poll.results if r.outcome is ItemOutcome.DUPLICATE)
    duplicates += sum(1 for res in results if res.status == AddStatus.DUPLICATE)
    failed = len(poll.failures) + sum(1 for res in results if res.status == AddStatus.SKIPPED)
    return FeedReport(state.url, new_state.title or state.url, added, duplicates, failed,
                      poll.fetch.error, poll.fetch.status.value == "not_modified", poll.deferred)


def _item_record(item: ItemResult, result) -> tuple[str, str, str]:
    """(status, article id, detail) of one item for ``feed_items``."""
    if item.outcome is ItemOutcome.FAILED:
        return "failed", "", item.error
    if item.outcome is ItemOutcome.DUPLICATE or result is None:
        return "duplicate", "", ""
    return result.status.value, result.article_id, result.reason


def set_digest(engine: "Engine", chat_id: int, wanted: bool) -> None:
    feed_store(engine).set_digest(chat_id, wanted)


def digest_chats(engine: "Engine") -> list[int]:
    return feed_store(engine).digest_chats()
