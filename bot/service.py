"""The bot's pipeline, independent of Telegram: the console chat uses it too.

Every blocking step (Kiwi, scoring, file I/O, fetching) runs in a worker
thread through ``asyncio.to_thread``; the event loop only waits.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import NamedTuple

from bot import format as fmt
from index.settings import Settings
from bot.state import Feedback, FeedbackLog, QuestionLog, RateLimiter
from bot.texts import t
from index.engine import Engine
from index.models import now_iso
from index.query.words import is_english_question
from index.text.tokenize import Tokenizer, load_kiwi

log = logging.getLogger(__name__)

PAGE_SIZE = 3
MAX_PAGES = 5


class User(NamedTuple):
    id: int
    chat_id: int
    is_admin: bool


class Button(NamedTuple):
    label: str
    data: str  # callback data, at most 64 bytes


class Reply(NamedTuple):
    text: str  # Telegram HTML
    buttons: tuple[tuple[Button, ...], ...] = ()


StatusSink = Callable[[str], Awaitable[None]]


def language_of(text: str) -> str:
    return "en" if is_english_question(text) else "ko"


class Service:
    def __init__(self, settings: Settings, kiwi_loader: Callable | None = None):
        self.settings = settings
        self._kiwi_loader = kiwi_loader
        self.engine = None
        self.questions = QuestionLog(settings.state_dir / "questions.jsonl")
        self.feedback = FeedbackLog(settings.state_dir / "feedback.jsonl")
        self.limiter = RateLimiter(settings.user_rate_limit, settings.user_rate_window)

    # ---- start-up --------------------------------------------------------
    def load(self) -> None:
        """Load Kiwi and the index (blocking; call from a thread)."""
        kiwi = (self._kiwi_loader or load_kiwi)()
        engine = Engine.open(self.settings.corpus_dir, Tokenizer(kiwi), retention=self.settings.retention)
        if self.settings.sample_corpus:
            engine.seed_if_empty()
        engine.query_resources()  # load the expansion dictionaries now, not on the first question
        self.engine = engine

    async def start(self) -> None:
        await asyncio.to_thread(self.load)

    @property
    def ready(self) -> bool:
        return self.engine is not None

    def is_admin(self, user_id: int) -> bool:
        return user_id in self.settings.admin_ids

    # ---- asking ------------------------------------------------------------
    async def ask(self, question: str, user: User) -> list[Reply]:
        question = question.strip()
        lang = language_of(question)
        if not question:
            return [Reply(t(lang, "empty_question"))]
        if len(question) > self.settings.max_question_chars:
            return [Reply(t(lang, "too_long", length=len(question), limit=self.settings.max_question_chars))]
        wait = self.limiter.check(user.id)
        if wait:
            if not self.limiter.should_warn(user.id):
                return []
            return [Reply(t(lang, "slow_down", seconds=max(1, round(wait))))]
        if not self.ready:
            return [Reply(t(lang, "loading"))]
        asked = await asyncio.to_thread(self.questions.remember, question, lang)
        page = await self._page(asked.qid, question, lang, 0)
        messages = fmt.split_messages(page.blocks)
        replies = [Reply(text) for text in messages[:-1]]
        replies.append(Reply(messages[-1], page.buttons))
        return replies

    class _Page(NamedTuple):
        blocks: list[str]
        buttons: tuple[tuple[Button, ...], ...]
        article_ids: list[str]

    async def _page(self, qid: str, question: str, lang: str, page: int) -> "Service._Page":
        wanted = PAGE_SIZE * (page + 1) + 1
        answer = await asyncio.to_thread(self.engine.ask, question, wanted)
        hits = answer.hits[PAGE_SIZE * page : PAGE_SIZE * (page + 1)]
        if not hits:
            key = "no_hits" if page == 0 else "no_more"
            header = fmt.answer_blocks(question, [])[0]
            return self._Page([f"{header}\n{fmt.escape(t(lang, key))}\n{fmt.escape(t(lang, 'no_hits_hint'))}"], (), [])
        blocks = fmt.answer_blocks(question, hits, first_number=PAGE_SIZE * page + 1)
        if page:
            blocks[0] += f"  <i>({fmt.escape(t(lang, 'page', page=page + 1))})</i>"
        row = [Button("👍", f"f:{qid}:{page}:u"), Button("👎", f"f:{qid}:{page}:d")]
        if len(answer.hits) > PAGE_SIZE * (page + 1) and page + 1 < MAX_PAGES:
            row.append(Button(t(lang, "more"), f"m:{qid}:{page + 1}"))
        return self._Page(blocks, (tuple(row),), [h.article_id for h in hits])

    async def more(self, qid: str, page: int) -> Reply | None:
        """The next page of an answer, to edit into the message; None when expired."""
        asked = self.questions.get(qid)
        if asked is None or not self.ready or not 0 < page < MAX_PAGES:
            return None
        result = await self._page(qid, asked.question, asked.lang, page)
        return Reply(fmt.split_messages(result.blocks)[0], result.buttons)

    async def vote(self, qid: str, page: int, vote: str, user: User) -> str:
        asked = self.questions.get(qid)
        if asked is None or not self.ready:
            return t("ko", "expired")
        result = await self._page(qid, asked.question, asked.lang, page)
        record = Feedback(
            time=now_iso(), user_id=user.id, chat_id=user.chat_id, qid=qid, question=asked.question,
            vote="up" if vote == "u" else "down", page=page, article_ids=result.article_ids,
        )
        await asyncio.to_thread(self.feedback.record, record)
        return t(asked.lang, "thanks")

    def lang_of_qid(self, qid: str) -> str:
        asked = self.questions.get(qid)
        return asked.lang if asked else "ko"
