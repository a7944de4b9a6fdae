"""``/feed add URL``, ``/feed list``, ``/feed remove URL``, ``/feed poll``, ``/feed digest on|off`` (admins),
and the digest of what a poll brought."""
from __future__ import annotations

import asyncio

from bot import format as fmt
from bot.service import Service, StatusSink, User
from bot.texts import Lang, t
from index.engine.feeds import FeedReport, add_feed, feed_states, poll_feeds, remove_feed, set_digest

SHOWN_TITLES = 5  # per feed, in a poll's outcome and in a digest


def describe_reports(reports: list[FeedReport], lang: Lang) -> str:
    """What a poll did, feed by feed ("" when no feed brought anything and none failed)."""
    lines = []
    for report in reports:
        if report.error:
            lines.append(t(lang, "feed_failed", title=report.title, error=fmt.shorten(report.error, 160)))
        elif report.added:
            lines.append(t(lang, "feed_added_articles", title=report.title, count=len(report.added)))
            lines += [f"  · {fmt.escape(fmt.shorten(title, 70))}" for _, title in report.added[:SHOWN_TITLES]]
    return "\n".join(lines)


class FeedCommands:
    def __init__(self, service: Service):
        self.service = service

    @property
    def options(self):
        return self.service.settings.feed_options

    async def run(self, args: str, user: User, status: StatusSink) -> str:
        action, _, rest = args.strip().partition(" ")
        action, rest = action.lower(), rest.strip()
        if action == "add" and rest:
            await status(t(user.lang, "feed_checking", url=fmt.shorten(rest, 200)))
            added = await asyncio.to_thread(add_feed, self.service.engine, rest, self.options)
            if not added.ok:
                return t(user.lang, "feed_refused", reason=added.message)
            return t(user.lang, "feed_following", title=added.state.title or rest, url=rest)
        if action == "remove" and rest:
            removed = await asyncio.to_thread(remove_feed, self.service.engine, rest)
            return t(user.lang, "feed_removed" if removed else "feed_unknown", url=rest)
        if action == "list":
            return await self.listing(user.lang)
        if action == "poll":
            await status(t(user.lang, "feed_polling"))
            reports = await asyncio.to_thread(poll_feeds, self.service.engine, self.options, due_only=False)
            added = sum(len(r.added) for r in reports)
            summary = t(user.lang, "feed_poll_summary", feeds=len(reports), added=added,
                        failed=sum(bool(r.error) for r in reports))
            return "\n".join(x for x in (summary, describe_reports(reports, user.lang)) if x)
        if action == "digest" and rest.lower() in ("on", "off"):
            await asyncio.to_thread(set_digest, self.service.engine, user.chat_id, rest.lower() == "on")
            return t(user.lang, "feed_digest_on" if rest.lower() == "on" else "feed_digest_off")
        return t(user.lang, "feed_usage")

    async def listing(self, lang: Lang) -> str:
        states = await asyncio.to_thread(feed_states, self.service.engine)
        if not states:
            return t(lang, "feed_none")
        lines = [t(lang, "feed_list_header", count=len(states))]
        for state in states:
            lines.append(t(lang, "feed_list_line", title=state.title or state.url, url=state.url,
                           added=state.articles_added, polled=(state.last_polled_at or "-")[:16]))
            if state.last_error:
                lines.append(t(lang, "feed_list_error", failures=state.consecutive_failures,
                               error=fmt.shorten(state.last_error, 160)))
        return "\n".join(lines)
