"""Fetch one feed: a conditional GET through the safe fetcher, parsed, with its new :class:`FeedState`.

``fetch_feed`` never raises: every failure (address refused, HTTP error,
timeout, body too large, HTML or broken XML instead of a feed, or a bug) comes
back as ``FetchStatus.ERROR`` with a message and a state whose failure count
and backoff have grown.  ``check_feed_url`` is the stricter first fetch of
``feed add``.
"""
from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlsplit

from index.ingest.feeds_models import (Backoff, FeedFetch, FeedState, FetchStatus, NO_CHANNEL,
                                       iso_time)
from index.ingest.feeds_parse import parse_feed
from index.ingest.fetch import FEED_ACCEPT, FetchError, download

MAX_FEED_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_ITEMS = 200  # items read from one feed body; the rest of the body is not parsed


def conditional_headers(state: FeedState) -> dict[str, str]:
    """If-None-Match / If-Modified-Since from the validators of the last answer."""
    headers = {}
    if state.etag:
        headers["If-None-Match"] = state.etag
    if state.last_modified:
        headers["If-Modified-Since"] = state.last_modified
    return headers


def failed_state(state: FeedState, message: str, now: datetime,
                 backoff: Backoff = Backoff()) -> FeedState:
    """``state`` after one more failure: counted, explained, not due before the backoff ends."""
    failures = state.consecutive_failures + 1
    return state.model_copy(update={
        "consecutive_failures": failures, "last_error": message,
        "last_polled_at": iso_time(now), "next_poll_at": iso_time(now + backoff.delay(failures))})


def _failure(state: FeedState, error: FetchError, now: datetime, backoff: Backoff) -> FeedFetch:
    return FeedFetch(FetchStatus.ERROR, failed_state(state, error.message, now, backoff),
                     error=error.message, error_kind=error.kind)


def _succeeded(state: FeedState, now: datetime, **changes: object) -> FeedState:
    return state.model_copy(update={"consecutive_failures": 0, "last_error": "",
                                    "last_polled_at": iso_time(now), "next_poll_at": "",
                                    **changes})


def _unexpected(exc: Exception) -> FetchError:
    return FetchError(f"피드를 처리하지 못했습니다 (unexpected error: {type(exc).__name__}: {exc})",
                      "network")


def fetch_feed(state: FeedState, *, allow_private: bool = False, timeout: float = 10.0,
               deadline: float = 30.0, max_bytes: int = MAX_FEED_BYTES,
               max_items: int = DEFAULT_MAX_ITEMS, now: datetime | None = None,
               backoff: Backoff = Backoff(), conditional: bool = True) -> FeedFetch:
    """One GET of ``state.url`` (conditional unless ``conditional=False``); never raises.

    OK: ``items`` (at most ``max_items``, one per key) and a state with the new
    validators, the channel title and no failure.  NOT_MODIFIED (304): no items,
    validators kept.  ERROR: see ``error`` / ``error_kind``; the state counts the
    failure and sets ``next_poll_at`` by ``backoff``.
    """
    now = now or datetime.now(timezone.utc)
    try:
        raw = download(state.url, allow_private=allow_private, timeout=timeout,
                       deadline=deadline, max_bytes=max_bytes, accept=FEED_ACCEPT,
                       headers=conditional_headers(state) if conditional else None)
        if raw.not_modified:
            kept = _succeeded(state, now, etag=raw.etag or state.etag,
                              last_modified=raw.last_modified or state.last_modified)
            return FeedFetch(FetchStatus.NOT_MODIFIED, kept, final_url=raw.final_url)
        parsed = parse_feed(raw.body, feed_url=state.url, base_url=raw.final_url,
                            charset=raw.charset, max_items=max_items)
    except FetchError as exc:
        return _failure(state, exc, now, backoff)
    except Exception as exc:  # noqa: BLE001 - one bad feed must never stop the others
        return _failure(state, _unexpected(exc), now, backoff)
    fresh = _succeeded(state, now, etag=raw.etag, last_modified=raw.last_modified,
                       title=parsed.channel.title or state.title,
                       site_url=parsed.channel.site_url or state.site_url)
    return FeedFetch(FetchStatus.OK, fresh, parsed.channel, parsed.items,
                     final_url=raw.final_url, total_items=parsed.total_items)


def url_problem(url: str) -> str:
    """Why ``url`` cannot be a feed address ("" when it looks like one)."""
    if not url or any(ch.isspace() for ch in url):
        return f"피드 주소가 올바르지 않습니다 (malformed URL: {url!r})"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return f"피드 주소가 올바르지 않습니다 (malformed URL: {url!r})"
    if parts.scheme.lower() not in ("http", "https"):
        return (f"http/https 피드 주소만 추가할 수 있습니다 "
                f"(unsupported scheme: {parts.scheme or 'none'})")
    if not parts.hostname:
        return f"피드 주소에 호스트가 없습니다 (no host in URL: {url!r})"
    return ""


def check_feed_url(url: str, *, allow_private: bool = False, timeout: float = 10.0,
                   deadline: float = 20.0, max_bytes: int = MAX_FEED_BYTES,
                   max_items: int = DEFAULT_MAX_ITEMS,
                   now: datetime | None = None) -> FeedFetch:
    """Fetch ``url`` once (unconditionally) to decide whether it may be added as a feed.

    ERROR for a malformed URL, an unreachable host, an HTTP error, a refused
    address, HTML, malformed XML or anything that is not RSS/Atom.  On success
    ``state`` is the row to store: title and site filled in, and *no* validators
    (ETag / Last-Modified), so that the first poll reads the items instead of
    getting a 304.
    """
    url = url.strip()
    now = now or datetime.now(timezone.utc)
    state = FeedState(url=url)
    if problem := url_problem(url):
        return FeedFetch(FetchStatus.ERROR, failed_state(state, problem, now), NO_CHANNEL,
                         error=problem, error_kind="bad_scheme")
    fetched = fetch_feed(state, allow_private=allow_private, timeout=timeout, deadline=deadline,
                         max_bytes=max_bytes, max_items=max_items, now=now, conditional=False)
    if not fetched.ok:
        return fetched
    return fetched._replace(state=fetched.state.model_copy(
        update={"etag": "", "last_modified": "", "last_polled_at": ""}))
