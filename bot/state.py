"""Small pieces of bot state: recent questions, feedback, per-user rate limits."""
from __future__ import annotations

import hashlib
import json
import os
import threading
import time
from collections import OrderedDict, deque
from pathlib import Path
from typing import NamedTuple

from pydantic import BaseModel




class AskedQuestion(NamedTuple):
    qid: str
    question: str
    lang: str


class Feedback(BaseModel):
    time: str
    user_id: int
    chat_id: int
    qid: str
    question: str
    vote: str  # "up" | "down"
    page: int
    article_ids: list[str]


def _append_line(path: Path, line: str) -> None:
    """Append one JSON line durably; a torn last line is skipped when reading."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def _read_lines(path: Path, last: int) -> list[dict]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()[-last:]
    except OSError:
        return []
    out = []
    for line in lines:
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return out


class QuestionLog:
    """Questions behind the answers on screen, so "더 보기" and 👍 work after a restart."""

    def __init__(self, path: Path, keep: int = 5000):
        self.path, self.keep = path, keep
        self._items: OrderedDict[str, AskedQuestion] = OrderedDict()
        self._lock = threading.Lock()
        for row in _read_lines(path, keep):
            if {"qid", "question", "lang"} <= row.keys():
                self._items[row["qid"]] = AskedQuestion(row["qid"], row["question"], row["lang"])

    def remember(self, question: str, lang: str) -> AskedQuestion:
        qid = hashlib.blake2b(f"{question}\0{lang}".encode(), digest_size=6).hexdigest()
        item = AskedQuestion(qid, question, lang)
        with self._lock:
            known = qid in self._items
            self._items[qid] = item
            self._items.move_to_end(qid)
            while len(self._items) > self.keep:
                self._items.popitem(last=False)
        if not known:
            _append_line(self.path, json.dumps(item._asdict(), ensure_ascii=False))
        return item

    def get(self, qid: str) -> AskedQuestion | None:
        with self._lock:
            return self._items.get(qid)


class FeedbackLog:
    def __init__(self, path: Path):
        self.path = path
        self._lock = threading.Lock()

    def record(self, feedback: Feedback) -> None:
        with self._lock:
            _append_line(self.path, feedback.model_dump_json())

    def recent(self, last: int = 10) -> list[Feedback]:
        return [Feedback(**row) for row in _read_lines(self.path, last) if "vote" in row]

    def totals(self) -> dict[str, int]:
        counts = {"up": 0, "down": 0}
        for row in _read_lines(self.path, 1_000_000):
            if row.get("vote") in counts:
                counts[row["vote"]] += 1
        return counts


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
