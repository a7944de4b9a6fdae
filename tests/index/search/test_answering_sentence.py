"""The sentence a hit shows as its answer: the one holding what the question asks for, inside the passage.

News leads with the fact a question turns on and gives the figure or the
date in the next sentence. The articles are written for the test.
"""
from __future__ import annotations

import pytest

from index.models import Article
from index.query.answers import expected_answer
from index.search.layout import Layout
from index.search.passage import answering_sentence
from tests.corpus import engine_with

LANDSLIDE = Article(
    id="landslide-budget",
    title="가리왕산 경기장 산사태 예방 나선다",
    source="강원일보",
    text=(
        "강원도가 정선 가리왕산 알파인 경기장의 산사태 예방대책을 마련하고 실시설계 용역에 착수했다.\n\n"
        "예방 사업비는 5억8천400만원으로 도비와 군비가 절반씩 들어간다.\n\n"
        "공사는 장마가 시작되기 전에 마무리할 계획이다."
    ),
)
VILLAGE = Article(
    id="garden-village",
    title="김나영, 아들과 텃밭 가꾸기 도전",
    source="스포츠서울",
    text=(
        "방송인 김나영이 아들과 함께 텃밭을 가꾸며 주말을 보냈다.\n\n"
        "두 사람이 지난 5일 찾은 곳은 서울 종로구 평창동의 한 주말농장이었다.\n\n"
        "아들은 새참에만 관심을 보여 웃음을 자아냈다."
    ),
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory, tokenizer):
    return engine_with(tmp_path_factory.mktemp("answering") / "corpus", tokenizer, [LANDSLIDE, VILLAGE])


def test_the_amount_asked_for_is_the_hit_sentence(engine):
    hit = engine.ask("정선 가리왕산 알파인 경기장 산사태 예방대책 실시설계 용역 사업비 얼마야?", k=1).hits[0]
    assert "5억8천400만원" in hit.sentence
    assert "산사태 예방대책" in hit.passage and "5억8천400만원" in hit.passage


def test_the_date_asked_for_is_the_hit_sentence(engine):
    hit = engine.ask("김나영 아들이랑 텃밭 가꾼 게 언제야?", k=1).hits[0]
    assert "지난 5일" in hit.sentence


def test_a_place_or_a_person_does_not_move_the_sentence(engine):
    """The place and person patterns also match headings and bylines: the best sentence stays."""
    hit = engine.ask("김나영이 아들이랑 텃밭 가꾼 동네 어디야?", k=1).hits[0]
    assert hit.sentence.startswith("방송인 김나영이 아들과 함께 텃밭을")


def test_a_question_that_names_no_kind_of_answer_keeps_the_best_sentence(engine):
    hit = engine.ask("김나영 아들 텃밭 가꾸기", k=1).hits[0]
    assert hit.sentence.startswith("방송인 김나영이 아들과 함께 텃밭을")


def _layout(sentences: list[str]) -> tuple[str, Layout]:
    text, spans = "", []
    for sentence in sentences:
        spans.append((len(text), len(text) + len(sentence)))
        text += sentence + " "
    layout = Layout()
    layout.add_article("a", spans, 0)
    return text, layout


def test_the_nearest_answering_neighbour_wins_and_the_following_one_first():
    text, layout = _layout(["작년 매출은 3억원이었다.", "회사는 신제품을 내놓았다.", "올해 매출은 5억원이다.", "주가도 올랐다."])
    expected = expected_answer("신제품 낸 회사 매출 얼마야?")
    assert answering_sentence(text, layout, 1, range(0, 4), expected) == 2
    assert answering_sentence(text, layout, 1, range(0, 2), expected) == 0  # only the one before is in the passage
    assert answering_sentence(text, layout, 1, range(1, 2), expected) == 1  # none in the passage: the sentence itself
    assert answering_sentence(text, layout, 2, range(0, 4), expected) == 2  # it answers itself
    assert answering_sentence(text, layout, 1, range(0, 4), None) == 1


def test_only_a_question_asking_in_so_many_words_for_a_figure_moves_it():
    text, layout = _layout(["회사는 신제품을 내놓았다.", "출시는 2024년 3월이었다.", "대표는 김철수 씨다."])
    assert answering_sentence(text, layout, 0, range(0, 3), expected_answer("신제품 출시 언제야?")) == 1
    assert answering_sentence(text, layout, 0, range(0, 3), expected_answer("신제품 출시 시기는?")) == 0  # 시기: not firm
    assert answering_sentence(text, layout, 0, range(0, 3), expected_answer("신제품 낸 회사 대표 누구야?")) == 0


def test_a_bare_digit_is_no_amount():
    text, layout = _layout(["회장의 연봉이 공개됐다.", "그는 지난 3일 취임했다.", "연봉은 3억원이다."])
    expected = expected_answer("신임 회장 연봉 얼마야?")
    assert answering_sentence(text, layout, 0, range(0, 2), expected) == 0  # "3일" is no amount
    assert answering_sentence(text, layout, 0, range(0, 3), expected) == 2
