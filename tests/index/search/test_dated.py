"""Publication days per slot, the period filter, the recency prior and the fallback."""
from __future__ import annotations

from datetime import date
from typing import NamedTuple

import numpy as np

from index.bm25.okapi import BM25Index
from index.models import Hit, Period
from index.query.when import read_time
from index.search.dated import (
    END_SLACK_DAYS, NO_DAY, RECENCY_BOOST, DateBias, SlotDays, day_number, period_slots, recency_factor,
    search_dated, within_period,
)
from index.search.layout import Layout


def test_day_number():
    assert day_number("1970-01-02") == 1
    assert day_number("2024-04-05T09:30:00+09:00") == day_number("2024-04-05")
    assert day_number("") == NO_DAY and day_number("어제") == NO_DAY and day_number("2024-13-01") == NO_DAY


def test_slot_days_round_trip():
    days = SlotDays()
    assert [days.add(p) for p in ("2024-04-05", "", "2023-01-01")] == [0, 1, 2]
    again = SlotDays.from_array(days.array())
    assert list(again.values) == list(days.values) and again.values[1] == NO_DAY


def layout_of(sentences_per_article: list[int]) -> Layout:
    layout = Layout()
    doc = 0
    for i, n in enumerate(sentences_per_article):
        layout.add_article(f"a{i}", [(0, 1)] * n, doc)
        doc += n
    return layout


def test_period_slots_are_the_articles_published_in_it():
    slot_days = np.array([day_number("2024-05-19"), day_number("2024-05-20"), NO_DAY], dtype=np.int32)
    asked = Period(start=date(2024, 5, 19), end=date(2024, 5, 19))
    assert period_slots(slot_days, asked).tolist() == [True, True, False]
    later = Period(start=date(2024, 5, 21), end=date(2024, 5, 22))
    assert not period_slots(slot_days, later).any()  # undated never matches
    assert END_SLACK_DAYS == 1  # the article of the 20th is in the 19th's period: a story written up the next day


def test_within_period_keeps_the_best_of_the_period():
    index = BM25Index.build([["금리"], ["금리", "금리"], ["환율"], ["금리", "동결"]])
    doc_slot = np.asarray(layout_of([2, 1, 1]).doc_slot, dtype=np.int32)  # sentences 0, 1 | 2 | 3
    within = np.array([True, False, True])  # per article: the second is out of the period
    with index.score([[("금리", 1.0)]]) as scored:
        ids, values = scored.top(10)
        assert ids[0] == 1  # unfiltered, the second sentence is best
        bias = DateBias(within, False, np.zeros(0))
        kept, kept_values = within_period(bias, scored, doc_slot, ids, values, 10)
        assert kept.tolist() == [1, 0, 3] and list(kept_values) == sorted(kept_values, reverse=True)
        first_only = within_period(DateBias(np.array([False, True]), False, np.zeros(0)), scored, doc_slot, ids, values, 10)
        assert len(first_only[0]) == 0  # the third article is beyond the mask: out; the second has no 금리
        same = within_period(None, scored, doc_slot, ids, values, 10)
        assert same[0] is ids


def test_recency_factor():
    slot_days = np.array([100, 70, 40, NO_DAY], dtype=np.int32)
    factor = recency_factor(DateBias(None, True, slot_days), np.array([0, 1, 2, 3]))
    assert factor[0] == 1 + RECENCY_BOOST and factor[0] > factor[1] > factor[2] > 1.0 and factor[3] == 1.0
    assert recency_factor(DateBias(None, False, slot_days), np.array([0, 1])) == 1.0
    assert recency_factor(None, np.array([0])) == 1.0


def hit(article_id: str, published: str = "") -> Hit:
    return Hit(article_id=article_id, title="", source="", published=published, url="", passage="", sentence="",
               matched=[], score=1.0)


class View(NamedTuple):
    """The view :func:`search_dated` reads, and each article's date (for the hits of :func:`fake_search`)."""

    layout: Layout
    days: SlotDays
    dates: DateBias | None = None
    published: tuple[str, ...] = ()


def view_with(published: list[str]) -> View:
    days = SlotDays()
    for p in published:
        days.add(p)
    return View(layout_of([1] * len(published)), days, None, tuple(published))


def fake_search(view, text: str) -> list[Hit]:
    """Hits: the articles the filter lets through (all without one), with their dates."""
    within = view.dates.within if view.dates is not None and view.dates.within is not None else None
    return [hit(a, p) for i, (a, p) in enumerate(zip(view.layout.slot_ids, view.published)) if within is None or within[i]]


TODAY = date(2024, 5, 20)


def test_no_time_words_no_change():
    found = search_dated(view_with(["2024-05-19", ""]), read_time("금리는?", TODAY), "금리는?", fake_search)
    assert [h.article_id for h in found.hits] == ["a0", "a1"] and found.period is None and found.note == ""


def test_a_period_filters():
    found = search_dated(view_with(["2024-05-19", "2023-05-19", ""]), read_time("어제 금리는?", TODAY), "어제 금리는?",
                         fake_search)
    assert [h.article_id for h in found.hits] == ["a0"]
    assert found.period.label == "어제" and not found.fallback and found.note == ""


def test_an_empty_period_falls_back_with_a_note():
    found = search_dated(view_with(["2023-05-19", ""]), read_time("어제 금리는?", TODAY), "어제 금리는?", fake_search)
    assert [h.article_id for h in found.hits] == ["a0", "a1"]  # the undated article is not dropped by the fallback
    assert found.fallback and found.note == "어제에 해당하는 기사가 없습니다. 다른 날짜의 기사와 날짜가 없는 기사에서 찾았습니다."
    english = search_dated(view_with(["2023-05-19"]), read_time("rates yesterday?", TODAY), "rates yesterday?",
                           fake_search, english=True)
    assert english.note == "No article from yesterday. These come from other dates."


def test_the_note_says_when_the_hits_instead_are_undated():
    """A corpus imported without dates: its hits come from no known date, not from "other dates"."""
    undated = search_dated(view_with(["", ""]), read_time("어제 금리는?", TODAY), "어제 금리는?", fake_search)
    assert undated.fallback and undated.note == "어제에 해당하는 기사가 없습니다. 날짜가 없는 기사에서 찾았습니다."
    mixed = search_dated(view_with(["2023-05-19", ""]), read_time("rates yesterday?", TODAY), "rates yesterday?",
                         fake_search, english=True)
    assert mixed.note == "No article from yesterday. These come from other dates and from undated articles."
    dated = search_dated(view_with(["2023-05-19"]), read_time("어제 금리는?", TODAY), "어제 금리는?", fake_search)
    assert dated.note == "어제에 해당하는 기사가 없습니다. 다른 날짜의 기사에서 찾았습니다."


def test_a_period_whose_articles_do_not_answer_falls_back():
    texts = []

    def picky(view, text):  # articles of the period exist but none answers
        texts.append(text)
        return [] if view.dates is not None and view.dates.within is not None else [hit("a1")]

    found = search_dated(view_with(["2024-05-19", "2023-01-01"]), read_time("어제 금리는?", TODAY), "어제 금리는?", picky)
    assert [h.article_id for h in found.hits] == ["a1"] and found.fallback
    assert texts == ["   금리는?", "어제 금리는?"]  # the fallback searches the date words too


def test_the_fallback_drops_the_date_words_when_they_find_nothing():
    texts = []

    def literal(view, text):  # only the question without its date words finds anything
        texts.append(text)
        return [hit("a0")] if "어제" not in text and (view.dates is None or view.dates.within is None) else []

    found = search_dated(view_with(["2023-01-01"]), read_time("어제 금리는?", TODAY), "어제 금리는?", literal)
    assert [h.article_id for h in found.hits] == ["a0"] and found.fallback
    assert texts == ["어제 금리는?", "   금리는?"]  # no article of the day: no filtered search at all


def test_nothing_anywhere():
    found = search_dated(view_with(["2023-05-19"]), read_time("어제 금리는?", TODAY), "어제 금리는?", lambda view, text: [])
    assert found.hits == [] and found.fallback and found.note == "어제에 해당하는 기사가 없습니다."


def test_recency_only_sets_the_prior():
    seen = []

    def record(view, text):
        seen.append(view.dates)
        return []

    found = search_dated(view_with(["2024-05-19"]), read_time("최근 금리는?", TODAY), "최근 금리는?", record)
    assert found.recency and not found.fallback and seen[0].recency and seen[0].within is None
