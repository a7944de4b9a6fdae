"""What kind of answer a question asks for, and whether a sentence holds one that the question does not."""
from __future__ import annotations

import re

import pytest

from index.query.answers import ExpectedAnswer, expected_answer


@pytest.mark.parametrize("question, kind", [
    ("창원 사건 언제 있었어?", "date"),
    ("신차 출시 시기는?", "date"),
    ("택시기사가 못 받은 요금 얼마야?", "amount"),  # the 시기 inside 택시기사 asks for no date
    ("경찰관 몇 명이었어?", "count"),
    ("수술은 몇 시간 걸렸어?", "count"),  # hours taken, not a time of day
    ("첫 방송 몇 시에 해?", "date"),
    ("블루스는 몇분의 몇 박자야?", "count"),  # a fraction, not minutes
    ("신임 회장 누구야?", "person"),
    ("텃밭 가꾼 동네 어디야?", "place"),
    ("강아지 이름이 뭐야?", "name"),
    ("김나영 아들 텃밭", None),
    ("피해자 몇 살이야?", "count"),
    ("How old was the boy?", "count"),
    ("몇 세기에 지어졌어?", "date"),  # a century, not an age
    ("When did the painter die?", "date"),
    ("So when is the launch?", "date"),
    ("Do you know when the store opens?", "date"),
    ("Until when does the exhibition run?", "date"),
    ("What was the CO2 level when the windows were left open?", None),  # when joins two clauses: no date asked
    ("What did the police find out when they searched the house?", None),
    ("So when's the vote?", "date"),
    ("The ceremony was held when?", "date"),
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
    ("신차 출시 날짜는?", True),
    ("황금기에 접어든 시기는?", False),  # told in words as often as in figures ("종전 후")
    ("가장 큰 규모는?", False),
])
def test_whether_the_question_asks_in_so_many_words(question, firm):
    assert expected_answer(question).firm is firm


def test_a_person_is_no_figure_whatever_the_wording():
    assert not ExpectedAnswer("person", re.compile("씨"), "언제온사람누구야?").firm


def test_a_strict_search_wants_a_real_amount():
    expected = expected_answer("신임 회장 연봉 얼마야?")
    assert expected.search("그는 지난 3일 취임했다.")  # a digit hints at an amount (the ranking feature)
    assert not expected.search("그는 지난 3일 취임했다.", strict=True)
    assert expected.search("연봉은 3억원이다.", strict=True)


def test_noon_and_midnight_are_times():
    assert expected_answer("투신사고 언제 일어났어?").search("사고는 정오께 일어났다.")


def test_how_long_asks_for_a_length_of_time():
    assert expected_answer("프로포폴을 상온에 얼마나 방치했대?").search("60여 시간 방치했다.", strict=True)
    assert expected_answer("How many days did it take?").search("시판 37일 만에 돌파했다.", strict=True)
    assert expected_answer("How many cups a day are safe?").search("하루 3잔 미만의 커피는", strict=True)
    assert not expected_answer("연봉 얼마야?").search("지난 3일 취임했다.", strict=True)
    assert expected_answer("How much did condo fees rise?").search("콘도 이용료는 12.7％ 올랐다.", strict=True)


@pytest.mark.parametrize("sentence, holds", [
    ("피해자 A(31)씨의 변호인은 기자회견을 열었다.", True),  # the news way of giving an age
    ("숨진 소년(14·남)은 현장에서 발견됐다.", True),
    ("김모(45·회사원)씨가 붙잡혔다.", True),
    ("21세기 들어 처음이다.", False),
    ("3세트 만에 경기를 끝냈다.", False),
    ("아내는 그보다 9세 연하다.", True),
    ("사건은 3일(현지시간) 일어났다.", False),
    ("피해자는 3일 숨졌다.", False),
    ("민주당(170)은 법안을 단독 처리했다.", False),  # seats, not an age: a bracketed age is 1 to 119
    ("최고령 김모(103)씨가 투표했다.", True),
])
def test_an_age_is_years_or_the_number_in_brackets_after_a_name(sentence, holds):
    expected = expected_answer("광주 폭행 피해자 몇 살이야?")
    assert expected.firm
    assert expected.search(sentence, strict=True) is holds


def test_a_counter_that_starts_with_se_is_no_age():
    """몇 세대 asks for households and 몇 세트 for sets: their own counters, not 살 or 세."""
    households = expected_answer("그 아파트에 몇 세대가 살아?")
    assert households.search("120세대가 입주했다.", strict=True)
    assert not households.search("3세트 만에 이겼다.", strict=True)
    sets = expected_answer("테니스 결승 몇 세트 만에 이겼어?")
    assert sets.search("3세트 만에 이겼다.", strict=True) and not sets.search("9세 연하다.", strict=True)
