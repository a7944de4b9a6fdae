"""What kind of answer a question asks for, and whether a sentence holds one that the question does not."""
from __future__ import annotations

import pytest

from index.query.answers import expected_answer


@pytest.mark.parametrize("question, kind", [
    ("창원 사건 언제 있었어?", "date"),
    ("신차 출시 시기는?", "date"),
    ("택시기사가 못 받은 요금 얼마야?", "amount"),  # the 시기 inside 택시기사 asks for no date
    ("경찰관 몇 명이었어?", "count"),
    ("신임 회장 누구야?", "person"),
    ("텃밭 가꾼 동네 어디야?", "place"),
    ("강아지 이름이 뭐야?", "name"),
    ("김나영 아들 텃밭", None),
])
def test_the_kind_of_answer_asked_for(question, kind):
    expected = expected_answer(question)
    assert (expected.kind if expected else None) == kind


def test_a_sentence_answers_only_with_what_the_question_does_not_already_say():
    expected = expected_answer("9급 공무원 시험 경쟁률 몇 대 일이야?")
    assert not expected.search("지방직 9급 공무원 시험이 치러졌다.")
    assert expected.search("경쟁률은 14.2대 1을 기록했다.")


@pytest.mark.parametrize("question, firm", [
    ("창원 사건 언제 있었어?", True),
    ("경찰관 몇 명이었어?", True),
    ("How many babies were saved?", True),
    ("예방 예산 얼마야?", True),
    ("황금기에 접어든 시기는?", False),  # told in words as often as in figures ("종전 후")
    ("가장 큰 규모는?", False),
])
def test_whether_the_question_asks_in_so_many_words(question, firm):
    assert expected_answer(question).firm is firm
