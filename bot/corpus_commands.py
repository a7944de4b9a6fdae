"""Admin commands that change or list the corpus: /add (text, URL, file), /list, /remove."""
from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from typing import NamedTuple

from bot import format as fmt
from bot.service import Service, StatusSink
from bot.texts import Html, Lang, t
from index.ingest.fetch import FetchError
from index.ingest.importers import parse_bytes, parse_plain
from index.models import AddResult
from index.storage.articles import is_safe_id

URL = re.compile(r"^https?://\S+$|^[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)
LIST_PAGE = 20
SUPPORTED_UPLOADS = (".txt", ".md", ".html", ".htm", ".jsonl", ".json")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # what the Bot API lets a bot download
SHOWN_RESULTS = 20


class DownloadError(Exception):
    """The file of an upload could not be fetched; ``reason`` is safe to show."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Upload(NamedTuple):
    filename: str
    size: int
    fetch: Callable[[], Awaitable[bytes]]  # raises DownloadError


def describe_results(results: list[AddResult], lang: Lang) -> str:
    lines = []
    for r in results[:SHOWN_RESULTS]:
        title = fmt.shorten(r.title, 80)
        if r.status == "added":
            lines.append(t(lang, "added", id=r.article_id, title=title, sentences=r.sentences))
        elif r.status == "duplicate":
            lines.append(t(lang, "duplicate", id=r.article_id, title=title))
        else:
            lines.append(t(lang, "skipped", reason=fmt.shorten(r.reason, 120)))
    counts = {s: sum(r.status == s for r in results) for s in ("added", "duplicate", "skipped")}
    lines.append(t(lang, "add_summary", **counts))
    return "\n".join(lines)


async def run_with_progress(work: Callable, status: StatusSink, label: Callable[[int, int], str], every: float = 1.0):
    """Run ``work(progress)`` in a thread, reporting progress through ``status``."""
    latest = [0, 0]

    def progress(done: int, total: int) -> None:
        latest[0], latest[1] = done, total

    task = asyncio.ensure_future(asyncio.to_thread(work, progress))
    shown = None
    while not task.done():
        await asyncio.wait({task}, timeout=every)
        if not task.done() and latest[1] and tuple(latest) != shown:
            shown = tuple(latest)
            await status(label(*shown))
    return task.result()


class CorpusCommands:
    def __init__(self, service: Service):
        self.service = service

    @property
    def engine(self):
        return self.service.engine

    async def add(self, args: str, lang: Lang, status: StatusSink) -> str:
        if not args:
            return t(lang, "add_usage")
        words = args.split()
        if len(words) == 1 and URL.match(words[0]):
            return await self._add_url(words[0], lang, status)
        parsed = parse_plain(args, "message")
        if parsed.article is None:
            return t(lang, "add_failed", reason=parsed.error, usage=Html(t(lang, "add_usage")))
        result = await asyncio.to_thread(self.engine.add_article, parsed.article)
        return describe_results([result], lang)

    async def _add_url(self, url: str, lang: Lang, status: StatusSink) -> str:
        await status(t(lang, "fetching", url=fmt.shorten(url, 200)))
        try:
            result = await asyncio.to_thread(
                self.engine.add_url, url, allow_private=self.service.settings.allow_private_urls
            )
        except FetchError as error:
            return t(lang, "fetch_failed", reason=error.message)
        return describe_results([result], lang)

    async def upload(self, upload: Upload, lang: Lang, status: StatusSink) -> str:
        if not upload.filename.lower().endswith(SUPPORTED_UPLOADS):
            return t(lang, "unsupported_file", kinds=", ".join(SUPPORTED_UPLOADS))
        if upload.size > MAX_UPLOAD_BYTES:
            return t(lang, "file_too_big")
        await status(t(lang, "downloading"))
        try:
            data = await upload.fetch()
        except DownloadError as error:
            return t(lang, "download_failed", reason=error.reason)
        return await self.import_bytes(upload.filename, data, lang, status)

    async def import_bytes(self, filename: str, data: bytes, lang: Lang, status: StatusSink) -> str:
        parsed = await asyncio.to_thread(lambda: list(parse_bytes(data, filename)))
        results = [AddResult("skipped", "", p.where, reason=f"{p.where}: {p.error}") for p in parsed if p.article is None]
        articles = [p.article for p in parsed if p.article is not None]
        await status(t(lang, "importing", count=len(articles)))
        added = await run_with_progress(
            lambda progress: self.engine.add_articles(articles, progress=progress),
            status,
            lambda done, total: t(lang, "import_progress", done=done, total=total),
        )
        await asyncio.to_thread(self.engine.save_snapshot)
        return describe_results(results + added, lang)

    async def list(self, args: str, lang: Lang) -> str:
        page = int(args) if args.isdigit() and int(args) > 0 else 1
        store = self.engine.store
        total = await asyncio.to_thread(store.count)
        pages = max(1, -(-total // LIST_PAGE))
        page = min(page, pages)
        lines = [t(lang, "list_header", count=total, page=page, pages=pages)]
        for a in await asyncio.to_thread(store.page, (page - 1) * LIST_PAGE, LIST_PAGE):
            meta = " · ".join(x for x in (a.source, a.published) if x)
            lines.append(f"<code>{fmt.escape(a.id)}</code> {fmt.escape(fmt.shorten(a.title, 70))} {fmt.escape(meta)}")
        if page < pages:
            lines.append(t(lang, "list_next", page=page + 1))
        return "\n".join(lines)

    async def remove(self, args: str, lang: Lang) -> str:
        if not args or not is_safe_id(args):
            return t(lang, "remove_usage")
        removed = await asyncio.to_thread(self.engine.remove, args)
        if removed is None:
            return t(lang, "remove_missing", id=args)
        await asyncio.to_thread(self.engine.save_snapshot)
        return t(lang, "removed", id=removed.id, title=fmt.shorten(removed.title, 80))
