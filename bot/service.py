"""The bot's pipeline, independent of Telegram: the console chat uses it too.

An answer is computed once, with every result it can page through, and kept
in the answer store: "더 보기" and "이전" page through what was stored, votes
name the articles that were shown, and neither re-runs the search. Blocking
steps (Kiwi, scoring, file I/O) run in worker threads.
"""
from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import NamedTuple

from bot import format as fmt
from bot.callbacks import PageData, VoteData
from bot.highlight import passages_bold
from bot.state_db import open_db_state
from bot.state import BotState, RateLimiter, ShownHit, StoredAnswer, Tally, Vote, VoteRecord
from bot.texts import Lang, t
from index.engine import Engine
from index.models import Hit
from index.settings import Settings
from index.text.tokenize import Tokenizer, load_kiwi

log = logging.getLogger(__name__)

PAGE_SIZE = 3
MAX_PAGES = 5
INLINE_RESULTS = 5


class User(NamedTuple):
    id: int
    chat_id: int
    is_admin: bool
    lang: Lang = Lang.KO
    private: bool = True


class Button(NamedTuple):
    label: str
    data: str  # callback data, encoded by bot.callbacks


class Reply(NamedTuple):
    text: str  # Telegram HTML, any length (the sender splits it)
    buttons: tuple[tuple[Button, ...], ...] = ()


class Answered(NamedTuple):
    replies: list[Reply]
    answer: StoredAnswer | None = None  # None when nothing was searched (empty, too long, too fast)


class VoteOutcome(NamedTuple):
    text: str  # a short notice (plain text, for a callback answer)
    keyboard: Reply | None  # the page's buttons, showing the new state


StatusSink = Callable[[str], Awaitable[None]]


def shown_hits(hits: list[Hit], tokenizer: Tokenizer, read: int | None = None) -> list[ShownHit]:
    """The hits as an answer shows them. The bold of the first ``read`` (all by default) is read now, by one
    Kiwi batch; the others keep their matched terms, and are read when their page is asked for (Kiwi takes
    about 5 ms a passage: most answers are never paged)."""
    now = hits if read is None else hits[:read]
    bolds = passages_bold(tokenizer, [(hit.passage, hit.matched) for hit in now])
    return [
        ShownHit(
            article_id=hit.article_id, title=hit.title, source=hit.source, published=hit.published, url=hit.url,
            passage=hit.passage, sentence=hit.sentence, bold=bolds[i] if i < len(bolds) else [],
            bold_pending=i >= len(bolds), matched=sorted(hit.matched), also=list(hit.also),
            missing=list(hit.missing),
        )
        for i, hit in enumerate(hits)
    ]


def page_bold(answer: StoredAnswer, page: int, tokenizer: Tokenizer) -> dict[int, list[tuple[int, int]]]:
    """The bold of a page's passages not read yet, by their position in the answer ({} when all were)."""
    shown = range(PAGE_SIZE * page, min(PAGE_SIZE * (page + 1), len(answer.hits)))
    unread = [i for i in shown if answer.hits[i].bold_pending]
    if not unread:
        return {}
    return dict(zip(unread, passages_bold(tokenizer, [(answer.hits[i].passage, answer.hits[i].matched) for i in unread])))


class Service:
    def __init__(self, settings: Settings, kiwi_loader: Callable | None = None, state: BotState | None = None):
        self.settings = settings
        self._kiwi_loader = kiwi_loader
        self.engine: Engine | None = None
        self.state = state or open_db_state(settings.corpus_dir, settings.state_dir)
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

    # ---- asking (call only when ready: the commands' gate checks) -------------------------
    async def ask(self, question: str, user: User) -> Answered:
        question = fmt.strip_format(question).strip()
        if not question:
            return Answered([Reply(t(user.lang, "empty_question"))])
        if len(question) > self.settings.max_question_chars:
            limit = self.settings.max_question_chars
            return Answered([Reply(t(user.lang, "too_long", length=len(question), limit=limit))])
        wait = self.limiter.check(user.id)
        if wait:
            if not self.limiter.should_warn(user.id):
                return Answered([])
            return Answered([Reply(t(user.lang, "slow_down", seconds=max(1, round(wait))))])
        answer = await asyncio.to_thread(self._answer, question, user)
        return Answered([self.render(answer, 0, Tally(), user)], answer)

    def _answer(self, question: str, user: User) -> StoredAnswer:
        found = self.engine.ask(question, PAGE_SIZE * MAX_PAGES)
        answer = StoredAnswer(
            answer_id=secrets.token_hex(6), question=question, lang=user.lang, chat_id=user.chat_id,
            hits=shown_hits(found.hits, self.engine.tokenizer, read=PAGE_SIZE), note=found.note,
        )
        self.state.answers.put(answer)
        return answer

    async def inline(self, query: str, user: User) -> list[ShownHit]:
        """Passages for an inline query (``@bot 질문`` in any chat); none for an empty or too long one."""
        query = fmt.strip_format(query).strip()
        if not query or len(query) > self.settings.max_question_chars:
            return []
        found = await asyncio.to_thread(self.engine.ask, query, INLINE_RESULTS)
        return await asyncio.to_thread(shown_hits, found.hits, self.engine.tokenizer)

    async def remember(self, answer: StoredAnswer, chat_id: int, question_message_id: int | None,
                       message_ids: list[int]) -> StoredAnswer:
        """Note where an answer was shown (for edits of the question and fresh pages)."""
        shown = answer.model_copy(
            update={"chat_id": chat_id, "question_message_id": question_message_id, "message_ids": message_ids}
        )
        await asyncio.to_thread(self.state.answers.put, shown)
        return shown

    def answer(self, answer_id: str) -> StoredAnswer | None:
        return self.state.answers.get(answer_id)

    def for_question(self, chat_id: int, message_id: int) -> StoredAnswer | None:
        return self.state.answers.for_question(chat_id, message_id)

    # ---- pages and votes ----------------------------------------------------------------
    def render(self, answer: StoredAnswer, page: int, tally: Tally, viewer: User) -> Reply:
        """One page of a stored answer, with its vote and paging buttons."""
        lang = Lang(answer.lang)
        hits = answer.hits[PAGE_SIZE * page : PAGE_SIZE * (page + 1)]
        if not hits:
            said = t(lang, "no_hits" if page == 0 else "no_more")
            if page == 0 and answer.note:
                said += f" <i>{fmt.escape(answer.note)}</i>"
            return Reply(f"{fmt.question_header(answer.question)}\n{said}\n{t(lang, 'no_hits_hint')}")
        blocks = fmt.answer_blocks(answer.question, hits, first_number=PAGE_SIZE * page + 1, lang=lang)
        if page:
            blocks[0] += f"  <i>({t(lang, 'page', page=page + 1)})</i>"
        if answer.note:
            blocks[0] += f"\n<i>{fmt.escape(answer.note)}</i>"
        return Reply("\n\n".join(blocks), self.keyboard(answer, page, tally, viewer))

    def keyboard(self, answer: StoredAnswer, page: int, tally: Tally, viewer: User) -> tuple[tuple[Button, ...], ...]:
        lang = Lang(answer.lang)
        mine = self.state.votes.current(answer.answer_id, viewer.id) if viewer.private else Vote.NONE
        votes = tuple(
            Button(_vote_label(emoji, count, viewer.private and mine == vote), VoteData(answer.answer_id, page, vote).encode())
            for emoji, vote, count in (("👍", Vote.UP, tally.up), ("👎", Vote.DOWN, tally.down))
        )
        paging = []
        if page > 0:
            paging.append(Button(t(lang, "prev"), PageData(answer.answer_id, page - 1).encode()))
        if len(answer.hits) > PAGE_SIZE * (page + 1) and page + 1 < MAX_PAGES:
            paging.append(Button(t(lang, "more"), PageData(answer.answer_id, page + 1).encode()))
        return (votes, tuple(paging)) if paging else (votes,)

    async def page(self, data: PageData, viewer: User) -> Reply | None:
        """The page a button asks for; None when the answer is no longer stored."""
        return await asyncio.to_thread(self._page, data, viewer)

    def _page(self, data: PageData, viewer: User) -> Reply | None:
        answer = self.answer(data.answer_id)
        if answer is None or not 0 <= data.page < MAX_PAGES:
            return None
        bold = page_bold(answer, data.page, self.engine.tokenizer)
        if bold:  # kept (the bold only), so the page reads the same the next time
            self.state.answers.put_bold(answer.answer_id, bold)
            answer = answer.with_bold(bold)
        return self.render(answer, data.page, self.state.votes.tally(answer.answer_id), viewer)

    async def vote(self, data: VoteData, voter: User) -> VoteOutcome:
        """One vote per user per answer: the same button again takes it back, the other switches it."""
        answer = self.answer(data.answer_id)
        if answer is None:
            return VoteOutcome(t(voter.lang, "expired"), None)
        before = self.state.votes.current(answer.answer_id, voter.id)
        after = Vote.NONE if before == data.vote else data.vote
        shown = answer.hits[PAGE_SIZE * data.page : PAGE_SIZE * (data.page + 1)]
        record = VoteRecord(
            user_id=voter.id, chat_id=voter.chat_id, answer_id=answer.answer_id, question=answer.question,
            vote=after, page=data.page, article_ids=list(dict.fromkeys(h.article_id for h in shown)),
        )
        await asyncio.to_thread(self.state.votes.record, record)
        key = "vote_taken_back" if after == Vote.NONE else "vote_thanks" if before == Vote.NONE else "vote_switched"
        tally = self.state.votes.tally(answer.answer_id)
        keyboard = Reply("", self.keyboard(answer, data.page, tally, voter))
        return VoteOutcome(fmt.strip_html(t(voter.lang, key)), keyboard)


def _vote_label(emoji: str, count: int, mine: bool) -> str:
    if mine:
        return f"{emoji} ✓"
    return f"{emoji} {count}" if count else emoji
