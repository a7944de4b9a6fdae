"""``ask --json`` / ``ask --batch`` as a user runs them: wire copies under ``also``, small talk without hits."""
from __future__ import annotations

import json

import pytest

from tests.index.answer_stories import SAME_TOPIC, WIRE
from tests.index.test_cli import ok, run

SMALL_TALK = ["안녕하세요 반가워요", "고마워", "help", "ㅋㅋㅋ", "뭐해?"]
FARE_QUESTION = "따릉이 1시간권 가격은 얼마로 올라?"


@pytest.fixture(scope="module")
def batch_answers(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-answers")
    corpus = folder / "corpus"
    jsonl = folder / "wire.jsonl"
    fields = ("title", "text", "source", "published", "url")
    jsonl.write_text("".join(json.dumps({f: getattr(a, f) for f in fields}, ensure_ascii=False) + "\n"
                             for a in WIRE + [SAME_TOPIC]), encoding="utf-8")
    ok(run(corpus, "add", "--jsonl", str(jsonl)))
    questions = folder / "questions.txt"
    questions.write_text("\n".join([FARE_QUESTION, *SMALL_TALK]) + "\n", encoding="utf-8")
    lines = ok(run(corpus, "ask", "--batch", str(questions))).stdout.splitlines()
    return [json.loads(line) for line in lines]


def test_ask_json_lists_the_other_copies(batch_answers):
    first = batch_answers[0]["hits"][0]
    assert first["source"] == "연합뉴스"
    assert [a["source"] for a in first["also"]] == ["뉴스1", "머니S"]
    assert all(set(a) == {"article_id", "source", "url", "published"} for a in first["also"])


def test_small_talk_gets_no_hits(batch_answers):
    answers = batch_answers[1:]
    assert [a["question"] for a in answers] == SMALL_TALK
    assert [a["hits"] for a in answers] == [[]] * len(SMALL_TALK)
    assert [a["small_talk"] for a in answers] == ["greeting", "thanks", "help", "laugh", "chat"]
