"""Feeds in: RSS 2.0, RSS 1.0 and Atom, fetched politely, their new items turned into Articles.

The public API (store-agnostic: the caller persists ``FeedState`` and the item keys)::

    check = check_feed_url(url, allow_private=...)          # `feed add`: FeedFetch, ERROR if refused
    poll = poll_feed(state, is_known, pacer=HostPacer(1.0), allow_private=..., max_items=20)
    poll.state                      # FeedState to persist (validators, failures, backoff)
    poll.results                    # ItemResult per new item: ARTICLE / DUPLICATE / FAILED + keys

Lower level: ``fetch_feed`` (one conditional GET, parsed), ``article_for_item``,
``parse_feed``.  Modules: feeds_models (types), feeds_parse (bytes -> items),
feeds_fetch (the feed GET, backoff, ``feed add`` checks), feeds_poll (items -> articles).
"""
from __future__ import annotations

from index.ingest.feeds_fetch import (DEFAULT_MAX_ITEMS, MAX_FEED_BYTES, check_feed_url,
                                      conditional_headers, failed_state, fetch_feed, url_problem)
from index.ingest.feeds_models import (Backoff, FeedChannel, FeedFetch, FeedItem, FeedPoll,
                                       FeedState, FetchStatus, ItemOutcome, ItemResult,
                                       iso_time, parse_time)
from index.ingest.feeds_parse import (ParsedFeed, html_to_text, is_whole_article, item_key,
                                      normalize_url, outlet_name, parse_feed)
from index.ingest.feeds_poll import (MAX_NEW_ITEMS, HostPacer, article_for_item, item_keys,
                                     poll_feed)

__all__ = [
    "Backoff", "FeedChannel", "FeedFetch", "FeedItem", "FeedPoll", "FeedState", "FetchStatus",
    "HostPacer", "ItemOutcome", "ItemResult", "ParsedFeed", "DEFAULT_MAX_ITEMS",
    "MAX_FEED_BYTES", "MAX_NEW_ITEMS", "article_for_item", "check_feed_url",
    "conditional_headers", "failed_state", "fetch_feed", "html_to_text", "is_whole_article",
    "item_key", "item_keys", "iso_time", "normalize_url", "outlet_name", "parse_feed",
    "parse_time", "poll_feed", "url_problem",
]
