"""Bot state behind small typed interfaces: stored answers, votes, rate limits, chat tails,
questions in flight.

Records are pydantic models. :class:`AnswerStore` and :class:`VoteStore` are
what the rest of the bot sees; their backend is the corpus's SQLite database
(bot/state_db.py).
"""
from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import Counter, OrderedDict, deque
from contextlib import asynccontextmanager
from enum import StrEnum
from pathlib import Path
from typing import AsyncIterator, NamedTuple, Protocol

from pydantic import AliasChoices, BaseModel, Field, ValidationError

from index.models import AlsoCarried, now_iso

ANSWERS_KEPT = 2000  # answers whose pages and votes still work; older ones are "expired"


class ShownHit(BaseModel):
    """A passage as an answer showed it: what to cite and which spans were bold."""

    article_id: str
    title: str
    source: str = ""
    published: str = ""
    url: str = ""
    passage: str
    sentence: str = ""
    bold: list[tuple[int, int]] = []
    bold_pending: bool = False  # not read yet (a page past the first, until it is asked for); an older bot shows none
    matched: list[str] = []  # the question's terms the passage holds, for the bold of a page read later
    also: list[AlsoCarried] = []  # the same story from other outlets (wire copies)
    missing: list[str] = []  # the question's names the article never says (index.models.Hit.missing)


class StoredAnswer(BaseModel):
    """An answer with every result it can page through, and where it was shown."""

    answer_id: str
    question: str
    lang: str
    hits: list[ShownHit]
    chat_id: int = 0
    note: str = ""  # said above the passages (a period with no article: "…에 해당하는 기사가 없습니다")
    question_message_id: int | None = None
    message_ids: list[int] = []
    time: str = Field(default_factory=now_iso)

    def with_bold(self, bold: dict[int, list[tuple[int, int]]]) -> "StoredAnswer":
        """This answer with the bold read for the pending hits at the positions in ``bold``."""
        hits = [h.model_copy(update={"bold": bold[i], "bold_pending": False}) if i in bold and h.bold_pending else h
                for i, h in enumerate(self.hits)]
        return self.model_copy(update={"hits": hits})


class Vote(StrEnum):
    UP = "up"
    DOWN = "down"
    NONE = "none"  # a vote taken back


class VoteRecord(BaseModel):
    """One user's current vote on one answer (the latest record of a pair wins)."""

    time: str = Field(default_factory=now_iso)
    user_id: int
    chat_id: int
    answer_id: str = Field(validation_alias=AliasChoices("answer_id", "qid"))
    question: str
    vote: Vote
    page: int = 0
    article_ids: list[str] = []


class Tally(NamedTuple):
    up: int = 0
    down: int = 0


class AnswerStore(Protocol):
    def put(self, answer: StoredAnswer) -> None: ...
    def put_bold(self, answer_id: str, bold: dict[int, list[tuple[int, int]]]) -> None: ...
    def get(self, answer_id: str) -> StoredAnswer | None: ...
    def for_question(self, chat_id: int, message_id: int) -> StoredAnswer | None: ...


class VoteStore(Protocol):
    def current(self, answer_id: str, user_id: int) -> Vote: ...
    def record(self, vote: VoteRecord) -> None: ...
    def tally(self, answer_id: str) -> Tally: ...
    def totals(self) -> Tally: ...
    def recent(self, last: int) -> list[VoteRecord]: ...


class BotState(NamedTuple):
    answers: AnswerStore
    votes: VoteStore


# ---- reading files of earlier versions ---------------------------------------------------------


def read_records(path: Path, model: type[BaseModel]) -> list:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []
    records = []
    for line in lines:
        try:
            records.append(model.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError):
            continue  # a torn last line, or a row of an older format
    return records


# ---- in memory only ----------------------------------------------------------------------


class RateLimiter:
    """At most ``limit`` questions per user in any ``window`` seconds."""

    def __init__(self, limit: int, window: float, clock=time.monotonic):
        self.limit, self.window, self.clock = limit, window, clock
        self._seen: dict[int, deque[float]] = {}
        self._warned: dict[int, float] = {}
        self._lock = threading.Lock()

    def check(self, user_id: int) -> float:
        """0 when the question may go ahead, else seconds to wait."""
        now = self.clock()
        with self._lock:
            times = self._seen.setdefault(user_id, deque())
            while times and now - times[0] >= self.window:
                times.popleft()
            if len(times) >= self.limit:
                return max(0.1, self.window - (now - times[0]))
            times.append(now)
            return 0.0

    def should_warn(self, user_id: int) -> bool:
        """Warn once per window, not once per flooded message."""
        now = self.clock()
        with self._lock:
            if now - self._warned.get(user_id, -1e9) < self.window:
                return False
            self._warned[user_id] = now
            return True


class ChatTail:
    """The newest message id seen in each chat, to tell whether an answer is still the last message."""

    def __init__(self, keep: int = 10_000):
        self.keep = keep
        self._last: OrderedDict[int, int] = OrderedDict()
        self._lock = threading.Lock()

    def seen(self, chat_id: int, message_id: int) -> None:
        with self._lock:
            if message_id > self._last.get(chat_id, 0):
                self._last[chat_id] = message_id
                self._last.move_to_end(chat_id)
            while len(self._last) > self.keep:
                self._last.popitem(last=False)

    def is_last(self, chat_id: int, message_id: int) -> bool:
        with self._lock:
            return self._last.get(chat_id) == message_id


class QuestionsInFlight:
    """One lock per question message: an edit of a question waits until the answer to its
    earlier text has been sent and remembered, so it can find (and edit) that answer."""

    def __init__(self):
        self._locks: dict[tuple[int, int], asyncio.Lock] = {}
        self._holders: Counter[tuple[int, int]] = Counter()

    @asynccontextmanager
    async def handling(self, chat_id: int, message_id: int) -> AsyncIterator[None]:
        key = (chat_id, message_id)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._holders[key] += 1
        try:
            async with lock:
                yield
        finally:
            self._holders[key] -= 1
            if not self._holders[key]:
                del self._holders[key], self._locks[key]

    def __len__(self) -> int:
        return len(self._locks)
