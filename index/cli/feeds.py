"""``feed add|list|poll|remove``: following RSS and Atom feeds from the command line."""
from __future__ import annotations

import json
import sys
from index.cli.common import open_engine
from pathlib import Path

from index.engine.feeds import FeedReport, add_feed, poll_feeds, remove_feed, states_of
from index.ingest.feeds import url_problem
from index.storage.articles import ArticleStore
from index.storage.feeds import FeedStore


def cmd_feed(args) -> int:
    return {"add": feed_add, "list": feed_list, "poll": feed_poll, "remove": feed_remove}[args.action](args)


def feed_add(args) -> int:
    problem = url_problem(args.url)
    if problem:  # before loading Kiwi
        print(f"feed add: {problem}", file=sys.stderr)
        return 1
    engine = open_engine(args.settings, args.corpus, index=False)
    added = add_feed(engine, args.url, args.settings.feed_options)
    if not added.ok:
        print(f"feed add: {added.message}", file=sys.stderr)
        return 1
    print(f"following {args.url}  ({added.message})")
    return 0


LIST_FIELDS = ("url", "title", "articles_added", "last_polled_at", "last_error", "consecutive_failures",
               "next_poll_at")


def feed_list(args) -> int:
    states = states_of(FeedStore(ArticleStore(Path(args.corpus)).db))  # no Kiwi needed
    rows = [{name: getattr(state, name) for name in LIST_FIELDS} for state in states]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for row in rows:
        status = f"error ({row['consecutive_failures']}x): {row['last_error']}" if row["last_error"] else "ok"
        print(f"{row['url']}  {row['title'] or '-'}  articles {row['articles_added']}  "
              f"last polled {row['last_polled_at'] or 'never'}  {status}")
    print(f"{len(rows)} feeds")
    return 0


def feed_poll(args) -> int:
    engine = open_engine(args.settings, args.corpus, index=False)
    reports = poll_feeds(engine, args.settings.feed_options, due_only=False, progress=print_report)
    if not reports:
        print("no feeds: add one with `python -m index feed add URL`")
    added = sum(len(r.added) for r in reports)
    print(f"polled {len(reports)} feeds: {added} articles added, {sum(bool(r.error) for r in reports)} feeds failed")
    return 0


def print_report(report: FeedReport) -> None:
    if report.error:
        print(f"failed     {report.url}: {report.error}")
        return
    state = "not modified" if report.not_modified else f"{len(report.added)} added"
    extra = f", {report.duplicates} duplicates, {report.failed} failed" + (
        f", {report.deferred} left for the next poll" if report.deferred else "")
    print(f"polled     {report.title} <{report.url}>: {state}{extra}")
    for article_id, title in report.added:
        print(f"  added    {article_id}  {title[:60]}")


def feed_remove(args) -> int:
    engine = open_engine(args.settings, args.corpus, index=False)
    if not remove_feed(engine, args.url):
        print(f"feed remove: not following {args.url}", file=sys.stderr)
        return 1
    print(f"stopped following {args.url}")
    return 0
