"""``ask --json`` / ``ask --batch`` as a user runs them: wire copies under ``also``, small talk without hits."""
from __future__ import annotations

import json

import pytest

from tests.index.answer_stories import EARNINGS_2023, EARNINGS_2024, SAME_TOPIC, WIRE
from tests.index.test_cli import ok, run

SMALL_TALK = ["안녕하세요 반가워요", "고마워", "help", "ㅋㅋㅋ", "뭐해?"]
FARE_QUESTION = "따릉이 1시간권 가격은 얼마로 올라?"
YESTERDAY = "어제 발표된 삼성전자 영업이익은?"


@pytest.fixture(scope="module")
def batch_answers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-answers")
    corpus = folder / "corpus"
    jsonl = folder / "wire.jsonl"
    fields = ("title", "text", "source", "published", "url")
    jsonl.write_text("".join(json.dumps({f: getattr(a, f) for f in fields}, ensure_ascii=False) + "\n"
                             for a in WIRE + [SAME_TOPIC, EARNINGS_2023, EARNINGS_2024]), encoding="utf-8")
    ok(run(corpus, "add", "--jsonl", str(jsonl)))
    questions = folder / "questions.txt"
    questions.write_text("\n".join([FARE_QUESTION, *SMALL_TALK, YESTERDAY]) + "\n", encoding="utf-8")
    lines = ok(run(corpus, "ask", "--batch", str(questions), "--today", "2024-04-06")).stdout.splitlines()
    return [json.loads(line) for line in lines]


def test_ask_json_lists_the_other_copies(batch_answers):
    first = batch_answers[0]["hits"][0]
    assert first["source"] == "연합뉴스"
    assert [a["source"] for a in first["also"]] == ["뉴스1", "머니S"]
    assert all(set(a) == {"article_id", "source", "url", "published"} for a in first["also"])


def test_small_talk_gets_no_hits(batch_answers):
    answers = batch_answers[1:-1]
    assert [a["question"] for a in answers] == SMALL_TALK
    assert [a["hits"] for a in answers] == [[]] * len(SMALL_TALK)
    assert [a["small_talk"] for a in answers] == ["greeting", "thanks", "help", "laugh", "chat"]


def test_today_reads_yesterday(batch_answers):
    answer = batch_answers[-1]
    assert answer["period"] == {"start": "2024-04-05", "end": "2024-04-05", "label": "어제"}
    assert answer["hits"][0]["published"] == "2024-04-05" and not answer["period_fallback"]


def test_text_answer_names_copies_notes_and_small_talk():
    from datetime import date

    from index.cli.ask import format_answer
    from index.models import AlsoCarried, Answer, Hit, Period, SmallTalk

    also = [AlsoCarried(article_id="b", source="뉴스1", url="", published="2024-05-15")]
    hit = Hit(article_id="a", title="따릉이 요금", source="연합뉴스", published="2024-05-15", url="", passage="요금이 오른다.",
              sentence="요금이 오른다.", matched=[], score=1.0, also=also)
    period = Period(start=date(2022, 1, 1), end=date(2022, 12, 31), label="2022년")
    note = "2022년에 해당하는 기사가 없습니다. 다른 날짜의 기사에서 찾았습니다."
    text = format_answer(Answer(question="q", hits=[hit], took_ms=1.0, period=period, period_fallback=True, note=note))
    assert "같은 기사: 뉴스1" in text and note in text
    chat = format_answer(Answer(question="고마워", hits=[], took_ms=0.1, small_talk=SmallTalk.THANKS))
    assert "small talk: thanks" in chat and "찾지 못했습니다" not in chat
