"""Publication days in the index, and what a question's time does to the ranking.

* ``SlotDays``: each article slot's publication day (days since 1970-01-01,
  ``NO_DAY`` when unknown), kept beside the layout and saved in the snapshot.
* A named period (어제, 2023년 3월 …) keeps only sentences of articles
  published in it (``END_SLACK_DAYS`` later too: a story is often written up
  the day after). Articles without a date never match. When no article of the
  period answers, every article is searched (the whole question first, date
  words as terms, then without them), and the answer says so.
* 최근/최신/latest: among comparable candidates newer articles win, a
  multiplicative prior of at most ``RECENCY_BOOST`` that halves every
  ``RECENCY_HALF_LIFE_DAYS`` behind the newest candidate. Being multiplicative,
  it never lifts a weak match over a strong one.
"""
from __future__ import annotations

from array import array
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

import numpy as np

from index.models import Hit, Period
from index.query.when import TimeAsk

NO_DAY = int(np.iinfo(np.int32).min)
END_SLACK_DAYS = 1
RECENCY_BOOST = 0.15
RECENCY_HALF_LIFE_DAYS = 30.0
_EPOCH = date(1970, 1, 1)


def day_number(published: str) -> int:
    """Days since 1970-01-01 of an ISO date (``2024-04-05`` or a longer timestamp); ``NO_DAY`` when none."""
    try:
        return (date.fromisoformat(published.strip()[:10]) - _EPOCH).days
    except ValueError:
        return NO_DAY


def day_of(period_day: date) -> int:
    return (period_day - _EPOCH).days


class SlotDays:
    """Publication day per article slot (slots as in :class:`index.search.layout.Layout`)."""

    def __init__(self, values: array | None = None) -> None:
        self.values = values if values is not None else array("i")

    def add(self, published: str) -> int:
        self.values.append(day_number(published))
        return len(self.values) - 1

    def __len__(self) -> int:
        return len(self.values)

    def array(self) -> np.ndarray:
        return np.frombuffer(self.values, dtype=np.int32) if len(self.values) else np.zeros(0, dtype=np.int32)

    @classmethod
    def from_array(cls, values: np.ndarray) -> "SlotDays":
        return cls(array("i", values.astype(np.int32).tobytes()))


class DateBias(NamedTuple):
    """What the ranker applies for one question's time."""

    within: np.ndarray | None  # per slot: the article was published in the period (None: no filter)
    recency: bool
    slot_days: np.ndarray


def period_slots(slot_days: np.ndarray, period: Period) -> np.ndarray:
    """Per slot, whether its article was published in ``period`` (or the day after)."""
    start, end = day_of(period.start), day_of(period.end) + END_SLACK_DAYS
    return (slot_days >= start) & (slot_days <= end)  # NO_DAY is far below any start


def within_period(bias: DateBias | None, scored, doc_slot: np.ndarray, ids: np.ndarray, values: np.ndarray, k: int):
    """The ``k`` best sentences of the period (ranker hook); ``ids, values`` unchanged without a period.

    Only the sentences that matched are looked at (``doc_slot``: each sentence's slot), never the whole corpus.
    """
    if bias is None or bias.within is None:
        return ids, values
    docs, scores = scored.matched()
    slots = doc_slot[docs]
    keep = (scores > 0) & (slots < len(bias.within))
    keep[keep] = bias.within[slots[keep]]
    kept, kept_scores = docs[keep], scores[keep]
    if len(kept) == 0:
        return ids[:0], values[:0]
    order = np.lexsort((kept, -kept_scores))[:k]  # best first, ties: lower id first
    return kept[order].astype(ids.dtype, copy=False), kept_scores[order]


def recency_factor(bias: DateBias | None, slots: np.ndarray) -> np.ndarray | float:
    """Per candidate, the score multiplier for 최근/최신 (ranker hook); 1.0 without."""
    if bias is None or not bias.recency or len(slots) == 0:
        return 1.0
    days = bias.slot_days[slots].astype(np.float64)
    dated = bias.slot_days[slots] != NO_DAY
    if not dated.any():
        return 1.0
    behind = days[dated].max() - days
    return np.where(dated, 1.0 + RECENCY_BOOST * 0.5 ** (behind / RECENCY_HALF_LIFE_DAYS), 1.0)


class DatedHits(NamedTuple):
    hits: list[Hit]
    period: Period | None
    fallback: bool  # no article of the period answered: hits from every article
    recency: bool
    note: str


_ELSEWHERE = {  # (english, some hits dated, some undated): where the hits shown instead come from
    (False, True, False): " 다른 날짜의 기사에서 찾았습니다.",
    (False, False, True): " 날짜가 없는 기사에서 찾았습니다.",
    (False, True, True): " 다른 날짜의 기사와 날짜가 없는 기사에서 찾았습니다.",
    (True, True, False): " These come from other dates.",
    (True, False, True): " These come from undated articles.",
    (True, True, True): " These come from other dates and from undated articles.",
}


def no_article_note(period: Period, english: bool, hits: list[Hit]) -> str:
    """The period has no article; the ``hits`` shown instead are from other dates, or undated (a corpus
    imported without dates: "다른 날짜" would say what nobody knows)."""
    label = period.label or f"{period.start.isoformat()}–{period.end.isoformat()}"
    dated = [bool(h.published) for h in hits]
    elsewhere = _ELSEWHERE.get((english, any(dated), not all(dated)), "") if hits else ""
    if english:
        return f"No article from {label}." + elsewhere
    return f"{label}에 해당하는 기사가 없습니다." + elsewhere


def search_dated(view, asked: TimeAsk, question: str, search: Callable[[object, str], list[Hit]],
                 english: bool = False) -> DatedHits:
    """Run ``search(view, text)`` with the question's time applied; fall back to every article when the period has none.

    ``view`` is an :class:`IndexView` (with ``layout`` and ``days``). The
    time-aware search ranks ``asked.rest`` (the date words blanked out); the
    fallback ranks the whole ``question`` first, so that a year the corpus has
    no articles of still counts as a term ("1950년에 일어난 전쟁은?"), then,
    when that finds nothing (오늘, 2022 unknown to the corpus), ``asked.rest``.
    """
    if asked.period is None and not asked.recency:
        return DatedHits(search(view, question), None, False, False, "")
    slot_days = view.days.array() if view.days is not None else np.zeros(len(view.layout.slot_ids), np.int32)
    within = period_slots(slot_days, asked.period) if asked.period is not None else None
    hits = []
    if within is None or within.any():
        hits = search(view._replace(dates=DateBias(within, asked.recency, slot_days)), asked.rest)
    if asked.period is None or hits:
        return DatedHits(hits, asked.period, False, asked.recency, "")
    everywhere = view._replace(dates=DateBias(None, asked.recency, slot_days))
    hits = search(everywhere, question) or search(everywhere, asked.rest)
    return DatedHits(hits, asked.period, True, asked.recency, no_article_note(asked.period, english, hits))
