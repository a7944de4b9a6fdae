"""Bot commands, shared by Telegram and the console chat.

``COMMANDS`` is the one list of commands: it feeds ``setMyCommands``, the
dispatcher and ``/help`` (a test checks that they agree).
"""
from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from typing import NamedTuple

from bot import format as fmt
from bot.service import Reply, Service, StatusSink, User
from bot.synonyms import synonym_command
from bot.texts import t
from index.ingest.fetch import FetchError
from index.ingest.importers import parse_bytes, parse_plain
from index.models import AddResult
from index.storage.articles import is_safe_id

URL = re.compile(r"^https?://\S+$|^[a-z][a-z0-9+.-]*://\S+$", re.IGNORECASE)
LIST_PAGE = 20
SUPPORTED_UPLOADS = (".txt", ".md", ".html", ".htm", ".jsonl", ".json")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # what the Bot API lets a bot download


class Command(NamedTuple):
    name: str
    admin: bool
    ko: str
    en: str
    example: str


COMMANDS: tuple[Command, ...] = (
    Command("ask", False, "기사에서 답 찾기", "ask a question", "/ask 머스크가 오픈AI를 고소한 이유는?"),
    Command("help", False, "사용법", "how to use the bot", "/help"),
    Command("start", False, "시작 안내", "welcome", "/start"),
    Command("add", True, "기사 추가 (관리자)", "add an article (admin)", "/add https://news.example/article"),
    Command("list", True, "기사 목록 (관리자)", "list articles (admin)", "/list 2"),
    Command("remove", True, "기사 삭제 (관리자)", "remove an article (admin)", "/remove e8d6ecacefe8538e"),
    Command("stats", True, "색인 통계 (관리자)", "index figures (admin)", "/stats"),
    Command("reload", True, "기사 폴더 다시 읽기 (관리자)", "reread the corpus folder (admin)", "/reload"),
    Command("feedback", True, "사용자 의견 보기 (관리자)", "read feedback (admin)", "/feedback"),
    Command("synonym", True, "동의어 관리 (관리자)", "manage synonyms (admin)", "/synonym add 고소, 소송"),
)
BY_NAME = {c.name: c for c in COMMANDS}

ADD_USAGE = (
    "사용법 (usage):\n<code>/add\n제목\n출처: 머니투데이\n날짜: 2024-04-05\nURL: https://…\n본문…</code>\n"
    "또는 <code>/add https://뉴스/기사주소</code>, 또는 파일(.txt .md .html .jsonl)을 캡션 <code>/add</code> 와 함께 보내세요."
)


def help_text(lang: str, is_admin: bool) -> str:
    if lang == "en":
        lines = ["<b>Korean news Q&amp;A bot</b>", "Ask a question in a private chat, or with /ask in a group.", ""]
    else:
        lines = ["<b>한국어 뉴스 질문응답 봇</b>", "개인 대화에서는 그냥 질문하고, 그룹에서는 /ask 로 물어보세요.", ""]
    for command in COMMANDS:
        if command.admin and not is_admin and lang == "en":
            continue
        desc = command.en if lang == "en" else command.ko
        lines.append(f"/{command.name} — {fmt.escape(desc)}\n   <code>{fmt.escape(command.example)}</code>")
    return "\n".join(lines)


def describe_results(results: list[AddResult]) -> str:
    lines = []
    for r in results[:20]:
        title = fmt.escape(fmt.shorten(r.title, 80))
        if r.status == "added":
            lines.append(f"✅ 추가됨 <code>{fmt.escape(r.article_id)}</code> {title} ({r.sentences}문장)")
        elif r.status == "duplicate":
            lines.append(f"↩️ 이미 있음 <code>{fmt.escape(r.article_id)}</code> {title}")
        else:
            lines.append(f"⚠️ 건너뜀: {fmt.escape(fmt.shorten(r.reason, 120))}")
    counts = {s: sum(r.status == s for r in results) for s in ("added", "duplicate", "skipped")}
    lines.append(f"추가 {counts['added']} · 중복 {counts['duplicate']} · 건너뜀 {counts['skipped']}")
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


class Commands:
    def __init__(self, service: Service):
        self.service = service

    async def run(self, name: str, args: str, user: User, status: StatusSink) -> list[Reply]:
        command = BY_NAME.get(name)
        if command is None:
            return [Reply(fmt.escape(t("ko", "unknown_command")))]
        if command.admin and not user.is_admin:
            return [Reply(fmt.escape(t("ko", "admin_only")))]
        if name in ("help", "start"):
            return [Reply(help_text("ko", user.is_admin))]
        if name == "ask":
            return await self.service.ask(args, user)
        if not self.service.ready:
            return [Reply(fmt.escape(t("ko", "loading")))]
        handler = getattr(self, f"cmd_{name}")
        return [Reply(await handler(args.strip(), status))]

    async def cmd_add(self, args: str, status: StatusSink) -> str:
        if not args:
            return ADD_USAGE
        first = args.split(maxsplit=1)[0]
        if URL.match(first) and len(args.split()) == 1:
            return await self._add_url(first, status)
        parsed = parse_plain(args, "message")
        if parsed.article is None:
            return f"⚠️ 추가하지 못했습니다: {fmt.escape(parsed.error)}\n\n{ADD_USAGE}"
        result = await asyncio.to_thread(self.service.engine.add_article, parsed.article)
        return describe_results([result])

    async def _add_url(self, url: str, status: StatusSink) -> str:
        await status(f"🌐 가져오는 중… {fmt.escape(fmt.shorten(url, 200))}")
        try:
            result = await asyncio.to_thread(
                self.service.engine.add_url, url, allow_private=self.service.settings.allow_private_urls
            )
        except FetchError as error:
            return f"⚠️ 기사를 가져오지 못했습니다: {fmt.escape(error.message)}"
        return describe_results([result])

    async def import_document(self, filename: str, data: bytes, status: StatusSink) -> str:
        parsed = await asyncio.to_thread(lambda: list(parse_bytes(data, filename)))
        results = [AddResult("skipped", "", p.where, reason=f"{p.where}: {p.error}") for p in parsed if p.article is None]
        articles = [p.article for p in parsed if p.article is not None]
        await status(f"📥 {len(articles)}건 가져오는 중…")
        added = await run_with_progress(
            lambda progress: self.service.engine.add_articles(articles, progress=progress),
            status,
            lambda done, total: f"📥 가져오는 중… {done}/{total}",
        )
        await asyncio.to_thread(self.service.engine.save_snapshot)
        return describe_results(results + added)

    async def cmd_list(self, args: str, status: StatusSink) -> str:
        page = int(args) if args.isdigit() and int(args) > 0 else 1
        store = self.service.engine.store
        total = await asyncio.to_thread(store.count)
        pages = max(1, -(-total // LIST_PAGE))
        page = min(page, pages)
        chunk = await asyncio.to_thread(store.page, (page - 1) * LIST_PAGE, LIST_PAGE)
        lines = [f"<b>기사 {total}건</b> ({page}/{pages}쪽)"]
        for a in chunk:
            meta = " · ".join(x for x in (a.source, a.published) if x)
            lines.append(f"<code>{fmt.escape(a.id)}</code> {fmt.escape(fmt.shorten(a.title, 70))} {fmt.escape(meta)}")
        if page < pages:
            lines.append(f"다음: /list {page + 1}")
        return "\n".join(lines)

    async def cmd_remove(self, args: str, status: StatusSink) -> str:
        if not args or not is_safe_id(args):
            return "사용법: <code>/remove 기사ID</code> (ID는 /list 에서 확인)"
        removed = await asyncio.to_thread(self.service.engine.remove, args)
        if removed is None:
            return f"⚠️ <code>{fmt.escape(args)}</code> 기사가 없습니다."
        await asyncio.to_thread(self.service.engine.save_snapshot)
        return f"🗑 삭제됨 <code>{fmt.escape(removed.id)}</code> {fmt.escape(fmt.shorten(removed.title, 80))}"

    async def cmd_stats(self, args: str, status: StatusSink) -> str:
        stats = await asyncio.to_thread(self.service.engine.stats)
        totals = await asyncio.to_thread(self.service.feedback.totals)
        lines = [f"{fmt.escape(str(k))}: {fmt.escape(str(v))}" for k, v in stats.model_dump().items()]
        lines.append(f"feedback: 👍 {totals['up']} · 👎 {totals['down']}")
        return "\n".join(lines)

    async def cmd_reload(self, args: str, status: StatusSink) -> str:
        before, after = await asyncio.to_thread(self.service.engine.reload)
        return f"🔄 다시 읽었습니다: 기사 {before} → {after}건"

    async def cmd_feedback(self, args: str, status: StatusSink) -> str:
        totals = await asyncio.to_thread(self.service.feedback.totals)
        recent = await asyncio.to_thread(self.service.feedback.recent, 10)
        lines = [f"<b>의견</b> 👍 {totals['up']} · 👎 {totals['down']}"]
        for item in reversed(recent):
            mark = "👍" if item.vote == "up" else "👎"
            ids = ", ".join(item.article_ids) or "-"
            lines.append(f"{mark} {fmt.escape(item.time[:16])} {fmt.escape(fmt.shorten(item.question, 60))} [{fmt.escape(ids)}]")
        if not recent:
            lines.append("아직 의견이 없습니다.")
        return "\n".join(lines)

    async def cmd_synonym(self, args: str, status: StatusSink) -> str:
        return await asyncio.to_thread(synonym_command, self.service.engine, args)
