"""Small talk is told apart from questions, and no real question is taken for small talk."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, strategies as st

from index.models import SmallTalk
from index.query.smalltalk import MAX_CHARS, normalize_chat, small_talk

ROOT = Path(__file__).resolve().parents[3]
NEWS_QUESTIONS = ROOT.parent / "shared" / "eval" / "news_dev_questions.jsonl"  # optional, read-only


@pytest.mark.parametrize(
    "message, kind",
    [
        ("안녕하세요 반가워요", SmallTalk.GREETING),
        ("안녕", SmallTalk.GREETING),
        ("안녕하세용~", SmallTalk.GREETING),
        ("반갑습니다!", SmallTalk.GREETING),
        ("좋은 아침", SmallTalk.GREETING),
        ("잘 자", SmallTalk.GREETING),
        ("hi", SmallTalk.GREETING),
        ("Hello there!", SmallTalk.GREETING),
        ("good night", SmallTalk.GREETING),
        ("고마워", SmallTalk.THANKS),
        ("고마워!", SmallTalk.THANKS),
        ("감사합니다", SmallTalk.THANKS),
        ("정말 감사해요 😊", SmallTalk.THANKS),
        ("봇아 고마워 ㅎㅎ", SmallTalk.THANKS),
        ("@newsqa_bot 고마워요", SmallTalk.THANKS),
        ("수고하셨습니다", SmallTalk.THANKS),
        ("thanks", SmallTalk.THANKS),
        ("Thank you so much!", SmallTalk.THANKS),
        ("help", SmallTalk.HELP),
        ("/help", SmallTalk.HELP),
        ("도움말", SmallTalk.HELP),
        ("도와줘", SmallTalk.HELP),
        ("사용법 알려줘", SmallTalk.HELP),
        ("어떻게 써?", SmallTalk.HELP),
        ("what can you do?", SmallTalk.HELP),
        ("안녕 도와줘", SmallTalk.HELP),  # help wins: the reader wants the help text
        ("ㅋㅋㅋ", SmallTalk.LAUGH),
        ("ㅎㅎ", SmallTalk.LAUGH),
        ("ㅋㅋㅋㅋㅋㅋㅋ", SmallTalk.LAUGH),
        ("하하하", SmallTalk.LAUGH),
        ("lol", SmallTalk.LAUGH),
        ("뭐해?", SmallTalk.CHAT),
        ("너 뭐해", SmallTalk.CHAT),
        ("누구세요?", SmallTalk.CHAT),
        ("오케이", SmallTalk.CHAT),
        ("ㅇㅋ", SmallTalk.CHAT),
        ("ok", SmallTalk.CHAT),
        ("how are you?", SmallTalk.CHAT),
    ],
)
def test_small_talk_kinds(message, kind):
    assert small_talk(message) == kind


REAL_QUESTIONS = [
    "감사원 감사 결과는?",
    "안녕 프로젝트 예산은?",
    "하이브 주가는?",
    "하이닉스 영업이익은?",
    "헬로비전 가입자 수는?",
    "바이든 대통령 발언은?",
    "바이오 주가 전망",
    "네이버 주가는?",
    "예산은 얼마?",
    "도움 받은 기업은?",
    "감사 결과 발표는 언제?",
    "고마워요 캠페인 주최는?",
    "굿모닝증권 사장은?",
    "최고 금리는?",
    "How does the four-day week work?",
    "Who are the new ministers?",
    "help desk outage cause?",
    "Thanks to what did exports rise?",
    "hi-tech exports 2023",
    "오늘 서울 날씨 어때?",
    "뭐해서 돈 벌었대?",
    "머스크가 오픈AI를 고소한 진짜 이유는?",
    "테슬라",
    "삼성",
]


@pytest.mark.parametrize("question", REAL_QUESTIONS)
def test_real_questions_are_not_small_talk(question):
    assert small_talk(question) is None


def test_news_dev_questions_are_not_small_talk():
    if not NEWS_QUESTIONS.is_file():
        pytest.skip(f"news questions not available at {NEWS_QUESTIONS} (../shared is optional)")
    questions = [json.loads(line)["q"] for line in NEWS_QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    assert len(questions) > 200
    assert [q for q in questions if small_talk(q)] == []


def test_korquad_questions_are_not_small_talk(korquad_path):
    data = json.loads(korquad_path.read_text(encoding="utf-8"))
    questions = [qa["question"] for d in data["data"] for p in d["paragraphs"] for qa in p["qas"]]
    assert [q for q in questions if small_talk(q)] == []


def test_long_messages_are_never_small_talk():
    assert small_talk("고마워 " * 20) is None
    assert len("고마워 " * 20) > MAX_CHARS


def test_fillers_alone_are_not_small_talk():
    assert small_talk("정말 너무") is None
    assert small_talk("") is None
    assert small_talk("?!") is None


def test_normalize_keeps_laughter_jamo():
    assert normalize_chat("ㅋㅋ!! ＨＩ @bot") == "ㅋㅋ hi"


@given(st.text(max_size=60))
def test_any_text_classifies_safely(text):
    assert small_talk(text) in (None, *SmallTalk)


@given(st.sampled_from(REAL_QUESTIONS), st.sampled_from(["고마워", "안녕", "ㅋㅋ", "thanks"]))
def test_chat_words_around_a_question_leave_a_question(question, chat):
    assert small_talk(f"{chat} {question}") is None
