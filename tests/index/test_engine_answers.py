"""Answers a reader trusts, end to end: wire copies shown once, questions about time, small talk."""
from __future__ import annotations

import json
import re
from datetime import date

import pytest

from index.engine import Engine
from index.models import Period, SmallTalk
from tests.index.answer_stories import (
    ANNUAL_2023, EARNINGS_2023, EARNINGS_2024, EV_2023, EV_2024, RATES_2023_07, RATES_2024_04, SAME_TOPIC, TIME, UNDATED,
    WIRE, WIRE_MONEYS, WIRE_NEWS1, WIRE_YONHAP,
)

TODAY = date(2024, 4, 6)  # the day after EARNINGS_2024 was published
FARE_QUESTION = "따릉이 1시간권 가격은 얼마로 올라?"


@pytest.fixture(scope="module")
def engine(tmp_path_factory, tokenizer) -> Engine:
    engine = Engine.open(tmp_path_factory.mktemp("answers") / "corpus", tokenizer)
    results = engine.add_articles(WIRE + [SAME_TOPIC] + TIME)
    assert [r.status for r in results] == ["added"] * (len(WIRE) + 1 + len(TIME))
    return engine


def sentences_of(text: str) -> list[str]:
    return [s for s in (re.sub(r"\s+", "", part) for part in re.split(r"(?<=[.!?])\s+", text)) if s]


# ---- wire copies --------------------------------------------------------------------
def test_the_three_copies_are_one_group(engine):
    groups = [{engine.layout.slot_ids[s] for s in group} for group in engine.live.wire.groups()]
    assert groups == [{WIRE_YONHAP.id, WIRE_NEWS1.id, WIRE_MONEYS.id}]  # the same-topic story is not merged


@pytest.mark.parametrize("question", [FARE_QUESTION, "따릉이 요금 인상 이유는?", "따릉이 정기권 가격은?", "따릉이 할인 요금은 유지돼?"])
@pytest.mark.parametrize("k", [3, 5])
def test_copies_never_repeat_a_sentence(engine, question, k):
    hits = engine.ask(question, k=k).hits
    assert hits
    copies = {WIRE_YONHAP.id, WIRE_NEWS1.id, WIRE_MONEYS.id}
    assert len({h.article_id for h in hits} & copies) <= 1  # one copy of the story per answer
    shown = [s for h in hits for s in sentences_of(h.passage)]
    assert len(shown) == len(set(shown))


def test_the_first_hit_is_the_earliest_copy_and_lists_the_others(engine):
    first, *rest = engine.ask(FARE_QUESTION, k=3).hits
    # 연합뉴스 and 뉴스1 are of the 15th (연합뉴스 indexed first), 머니S of the 16th
    assert first.article_id == WIRE_YONHAP.id
    assert [a.source for a in first.also] == ["뉴스1", "머니S"]
    assert [(a.article_id, a.url, a.published) for a in first.also] == [
        (WIRE_NEWS1.id, WIRE_NEWS1.url, "2024-05-15"), (WIRE_MONEYS.id, WIRE_MONEYS.url, "2024-05-16")]
    assert "1천500원" in first.sentence
    assert SAME_TOPIC.id in [h.article_id for h in rest]  # the slot a copy would have taken goes to the next story


def test_also_is_in_the_json(engine):
    data = json.loads(engine.ask(FARE_QUESTION, k=3).model_dump_json())
    assert [a["source"] for a in data["hits"][0]["also"]] == ["뉴스1", "머니S"]
    assert set(data["hits"][0]["also"][0]) == {"article_id", "source", "url", "published"}
    assert all(hit["also"] == [] for hit in data["hits"][1:])


def test_removing_a_copy_updates_the_group(tmp_path, make_engine):
    engine = make_engine(tmp_path / "corpus")
    engine.add_articles(WIRE + [SAME_TOPIC])
    engine.remove(WIRE_NEWS1.id)
    first = engine.ask(FARE_QUESTION, k=3).hits[0]
    assert first.article_id == WIRE_YONHAP.id and [a.source for a in first.also] == ["머니S"]
    engine.remove(WIRE_YONHAP.id)
    first = engine.ask(FARE_QUESTION, k=3).hits[0]
    assert first.article_id == WIRE_MONEYS.id and first.also == []


def test_copies_and_days_survive_the_snapshot(tmp_path, make_engine):
    folder = tmp_path / "corpus"
    engine = make_engine(folder)
    engine.add_articles(WIRE + [SAME_TOPIC, EARNINGS_2023, EARNINGS_2024])
    engine.save_snapshot()
    engine.close()
    again = make_engine(folder)
    assert again.live.generation == again.store.generation() and not again.live.dirty  # loaded, not rebuilt
    first = again.ask(FARE_QUESTION, k=3).hits[0]
    assert first.article_id == WIRE_YONHAP.id and [a.source for a in first.also] == ["뉴스1", "머니S"]
    assert again.ask("어제 발표된 삼성전자 영업이익은?", today=TODAY).hits[0].article_id == EARNINGS_2024.id
    again.add_articles([UNDATED])  # adding after a load keeps slots, days and signatures in step
    assert len(again.live.days) == len(again.layout.slot_ids)
    assert again.ask(FARE_QUESTION, k=3).hits[0].also


# ---- time in the question --------------------------------------------------------------
def test_yesterday_picks_yesterdays_article(engine):
    assert engine.ask("삼성전자 영업이익은?", today=TODAY).hits[0].article_id == EARNINGS_2023.id  # without a date
    answer = engine.ask("어제 발표된 삼성전자 영업이익은?", today=TODAY)
    assert answer.hits[0].article_id == EARNINGS_2024.id
    assert answer.period == Period(start=date(2024, 4, 5), end=date(2024, 4, 5), label="어제")
    assert not answer.period_fallback and answer.note == ""
    assert all(h.article_id == EARNINGS_2024.id for h in answer.hits)  # only articles of that day


def test_a_year_and_month_picks_that_months_article(engine):
    assert engine.ask("현대차 유럽 전기차 판매 소식은?", today=TODAY).hits[0].article_id == EV_2024.id
    answer = engine.ask("2023년 3월 현대차 유럽 전기차 판매 소식은?", today=TODAY)
    assert answer.hits[0].article_id == EV_2023.id and answer.period.label == "2023년 3월"


def test_recent_picks_the_newest(engine):
    assert engine.ask("한국은행 기준금리 동결 소식은?", today=TODAY).hits[0].article_id == RATES_2023_07.id
    answer = engine.ask("최근 한국은행 기준금리 동결 소식은?", today=TODAY)
    assert answer.recency and answer.period is None
    assert answer.hits[0].article_id == RATES_2024_04.id
    assert engine.ask("What is the latest on the rate freeze?", today=TODAY).recency


def test_a_period_without_articles_falls_back_with_a_note(engine):
    answer = engine.ask("2022년 삼성전자 영업이익은?", today=TODAY)
    assert answer.period_fallback and answer.period.label == "2022년"
    assert answer.note == "2022년에 해당하는 기사가 없습니다. 다른 날짜의 기사에서 찾았습니다."
    assert answer.hits and answer.hits[0].article_id in {EARNINGS_2023.id, EARNINGS_2024.id}


def test_undated_articles_never_match_a_period_but_survive_the_fallback(engine):
    answer = engine.ask("오늘 기준금리 뜻은?", today=TODAY)
    assert answer.period_fallback and UNDATED.id in [h.article_id for h in answer.hits]
    in_2023 = engine.ask("2023년 기준금리 뜻은?", today=TODAY)
    assert UNDATED.id not in [h.article_id for h in in_2023.hits] and not in_2023.period_fallback


def test_a_year_that_qualifies_a_figure_is_a_term(engine):
    answer = engine.ask("LG전자 2023년 매출은?", today=TODAY)
    assert answer.period is None and answer.hits[0].article_id == ANNUAL_2023.id
    assert "2023" in answer.hits[0].matched


def test_date_words_are_not_terms(engine):
    answer = engine.ask("어제 발표된 삼성전자 영업이익은?", today=TODAY)
    assert "어제" not in answer.hits[0].matched and "삼성전자" in answer.hits[0].matched


def test_an_explicit_period_overrides_the_question(engine):
    asked = Period(start=date(2023, 4, 1), end=date(2023, 4, 30), label="2023년 4월")
    answer = engine.ask("어제 발표된 삼성전자 영업이익은?", period=asked, today=TODAY)
    assert answer.period == asked and answer.hits[0].article_id == EARNINGS_2023.id


def test_every_citation_has_its_date(engine):
    for question in ("어제 발표된 삼성전자 영업이익은?", "최근 한국은행 기준금리 동결 소식은?", FARE_QUESTION):
        for hit in engine.ask(question, today=TODAY).hits:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", hit.published) or hit.article_id == UNDATED.id


# ---- small talk ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "message, kind",
    [("안녕하세요 반가워요", SmallTalk.GREETING), ("고마워", SmallTalk.THANKS), ("고마워!", SmallTalk.THANKS),
     ("help", SmallTalk.HELP), ("ㅋㅋㅋ", SmallTalk.LAUGH), ("뭐해?", SmallTalk.CHAT)],
)
def test_small_talk_gets_no_hits(engine, message, kind):
    answer = engine.ask(message)
    assert answer.hits == [] and answer.small_talk == kind and answer.note == ""
    assert json.loads(answer.model_dump_json())["hits"] == []


def test_a_question_that_starts_like_small_talk_is_answered(engine):
    answer = engine.ask("고마워 근데 따릉이 1시간권 가격은?")
    assert answer.small_talk is None and answer.hits


def test_this_year_in_an_articles_text_is_not_its_date(engine):
    """EV_2023 says "올해 … 목표" in its text, but it was published in 2023: 올해 in a 2024 question is not it."""
    assert engine.ask("현대차 유럽 전기차 판매 목표는?", today=TODAY).hits[0].article_id == EV_2023.id
    answer = engine.ask("올해 현대차 유럽 전기차 판매 목표는?", today=TODAY)
    assert answer.period.label == "올해" and not answer.period_fallback
    assert [h.article_id for h in answer.hits] == [EV_2024.id]
