"""Property: boilerplate injected anywhere into real news is cut out, and every real sentence survives.

The sentences are news sentences written for this test; the injected units are
credits, bylines, datelines, e-mails and © notices as outlets print them.  A
unit is placed between two sentences or between two words of a sentence,
never two units within five words of each other (a notice is never split
around real text), in three shapes: paragraphs on lines, the whole article in
one paragraph, and that paragraph with its punctuation stripped (units then go
between sentences only: without brackets a dateline inside a sentence cannot
be told from its words).  Also: a 1 MB paragraph cleans in linear time.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from index.text.clean import clean_article, clean_text

ROOT = Path(__file__).resolve().parents[3]

SENTENCES = [
    "정부가 내년도 예산안을 656조원 규모로 편성했다고 27일 밝혔다.",
    "연구개발 예산은 29조7천억원으로 다시 늘었다.",
    "기획재정부는 건전재정 기조를 유지하겠다고 설명했다.",
    "서울 아파트값이 석 달 연속 올랐다.",
    "한국부동산원은 강남 지역의 상승 폭이 가장 컸다고 전했다.",
    "테슬라는 슈퍼컴퓨터 도조에 10억 달러를 투자할 계획이다.",
    "삼성전자는 2분기 영업이익이 10조원을 넘었다고 공시했다.",
    "경찰은 운전자를 상대로 정확한 사고 경위를 조사하고 있다.",
    "기상청은 주말까지 전국에 비가 내리겠다고 예보했다.",
    "국회는 12월 2일까지 예산안을 심의해 처리해야 한다.",
    "시민단체들은 정부의 발표를 환영한다는 성명을 냈다.",
    "올해 수출은 지난해보다 8% 늘어난 것으로 집계됐다.",
    "교육부는 다음 학기부터 디지털 교과서를 도입한다고 밝혔다.",
    "중앙은행은 물가 상승세가 꺾일 때까지 금리를 유지하기로 했다.",
    "대표팀은 결승에서 일본을 3대 1로 꺾고 우승했다.",
    "이번 조사에는 전국 성인 1천명이 참여했다.",
]
# (unit, markers that must not survive it)
UNITS = [
    ("(서울=연합뉴스) 홍길동 기자 =", ["연합뉴스", "홍길동"]),
    ("[서울=뉴시스] 김하늘 기자 =", ["뉴시스", "김하늘"]),
    ("【세종=뉴시스】", ["뉴시스", "【"]),
    ("[이데일리 박민수 기자]", ["이데일리", "박민수"]),
    ("머니투데이 이서연 기자", ["머니투데이", "이서연"]),
    ("© News1 정다운 기자", ["©", "News1", "정다운"]),
    ("ⓒ 뉴스1", ["ⓒ"]),
    ("뉴스1 제공", ["뉴스1"]),
    ("(사진=연합뉴스)", ["사진=", "연합뉴스"]),
    ("/사진=게티이미지뱅크", ["사진=", "게티이미지"]),
    ("<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>", ["저작권자", "무단", "학습"]),
    ("Copyright ⓒ 뉴스1. All rights reserved. 무단 전재 및 재배포 금지", ["Copyright", "rights", "무단"]),
    ("무단전재 및 재배포 금지", ["무단"]),
    ("[minsu@yna.co.kr]", ["@"]),
    ("김도윤 기자 doyun@hankyung.com", ["김도윤", "@"]),
    ("▶ 관련기사", ["관련기사", "▶"]),
    ("KBS 뉴스 최지우입니다.", ["KBS", "최지우"]),
    ("영상취재: 오태식", ["영상취재", "오태식"]),
]
_STRIPPED = re.compile(r"[\"'“”‘’「」『』【】［］()\[\]{}<>=]|[.,!?](?=\s|$)")
GAP = 5  # words between two injected units


def strip_punctuation(text: str) -> str:
    return " ".join(_STRIPPED.sub(" ", text).split())


def squeeze(text: str) -> str:
    return "".join(text.split())


@st.composite
def articles(draw, *, within_sentences: bool):
    """(two paragraphs of sentences, {word position: unit index}), the units more than GAP words apart."""
    sentences = draw(st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=8, unique=True))
    cut = draw(st.integers(1, len(sentences) - 1))
    paragraphs = [sentences[:cut], sentences[cut:]]
    boundaries, count = [], 0
    for p in paragraphs:
        for s in p:
            boundaries.append(count)
            count += len(s.split())
    boundaries.append(count)
    allowed = list(range(count + 1)) if within_sentences else boundaries
    picked = draw(st.lists(st.sampled_from(allowed), max_size=6, unique=True))
    chosen: list[int] = []
    for position in sorted(picked):
        if all(abs(position - other) > GAP for other in chosen):
            chosen.append(position)
    units = {position: draw(st.integers(0, len(UNITS) - 1)) for position in chosen}
    return paragraphs, units


def render(paragraphs, units, *, flat: bool) -> str:
    out_paragraphs, position = [], 0
    for paragraph in paragraphs:
        words = []
        for sentence in paragraph:
            for word in sentence.split():
                if position in units:
                    words.append(UNITS[units[position]][0])
                words.append(word)
                position += 1
        out_paragraphs.append(words)
    if position in units:
        out_paragraphs[-1].append(UNITS[units[position]][0])
    texts = [" ".join(words) for words in out_paragraphs]
    return " ".join(texts) if flat else "\n\n".join(texts)


def check(paragraphs, units, text: str, reshape) -> None:
    cleaned = clean_article(text)
    kept = squeeze(cleaned.text)
    for paragraph in paragraphs:
        for sentence in paragraph:
            assert squeeze(reshape(sentence)) in kept, (sentence, text, cleaned.text)
    for index in set(units.values()):
        for marker in UNITS[index][1]:
            assert (reshape(marker).strip() or marker) not in cleaned.text, (marker, text, cleaned.text)
    assert cleaned.removed_chars == cleaned.raw_chars - len(kept)
    assert clean_text(cleaned.text) == cleaned.text


@settings(max_examples=300, deadline=None)
@given(articles(within_sentences=True))
def test_injected_boilerplate_goes_and_every_sentence_stays_in_paragraphs(article):
    paragraphs, units = article
    check(paragraphs, units, render(paragraphs, units, flat=False), lambda s: s)


@settings(max_examples=300, deadline=None)
@given(articles(within_sentences=True))
def test_injected_boilerplate_goes_and_every_sentence_stays_in_one_paragraph(article):
    paragraphs, units = article
    check(paragraphs, units, render(paragraphs, units, flat=True), lambda s: s)


@settings(max_examples=200, deadline=None)
@given(articles(within_sentences=False))
def test_injected_boilerplate_goes_and_every_sentence_stays_without_punctuation(article):
    paragraphs, units = article
    check(paragraphs, units, strip_punctuation(render(paragraphs, units, flat=True)), strip_punctuation)


def test_a_one_megabyte_paragraph_cleans_in_linear_time():
    """A 1 MB one-paragraph article, and 1 MB runs of the characters the patterns look for.

    Run in a subprocess so that a catastrophic (super-linear) pattern fails the
    test at the timeout instead of hanging the suite; the budget is generous
    (linear runs take seconds), it only catches a regex gone quadratic.
    """
    code = """
from index.text.clean import clean_article
news = "정부가 내년도 예산안을 656조원 규모로 편성했다고 27일 밝혔다. (서울=연합뉴스) 홍길동 기자 = " \\
       "기획재정부는 건전재정 기조를 유지한다고 설명했다. 카카오 제공 © News1 김철수 기자 hong@yna.co.kr "
for text in [(news * 8000)[:1_000_000], "가" * 1_000_000, "(" * 1_000_000, "가=" * 500_000, "a@" * 500_000,
             "홍길동 기자 " * 125_000, "무단 전재 및 " * 125_000, "2024.04.05 " * 90_000, "[" * 1_000_000]:
    cleaned = clean_article(text)
    assert cleaned.removed_chars + len("".join(cleaned.text.split())) == cleaned.raw_chars
"""
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=240, capture_output=True)
