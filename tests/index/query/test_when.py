"""Time words in questions, read against a fixed day (Monday 20 May 2024)."""
from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from index.models import Period
from index.query.when import read_time, today_in_korea

TODAY = date(2024, 5, 20)  # a Monday


def period_of(question: str, today: date = TODAY) -> tuple[date, date] | None:
    found = read_time(question, today).period
    return (found.start, found.end) if found else None


@pytest.mark.parametrize(
    "question, start, end",
    [
        ("오늘 나온 삼성전자 소식은?", date(2024, 5, 20), date(2024, 5, 20)),
        ("어제 발표된 삼성전자 영업이익은?", date(2024, 5, 19), date(2024, 5, 19)),
        ("그저께 열린 회의 결과는?", date(2024, 5, 18), date(2024, 5, 18)),
        ("그제 사고 원인은?", date(2024, 5, 18), date(2024, 5, 18)),
        ("이번 주 금리 결정은?", date(2024, 5, 20), date(2024, 5, 26)),
        ("이번주 일정은?", date(2024, 5, 20), date(2024, 5, 26)),
        ("지난주 발표된 부동산 대책은?", date(2024, 5, 13), date(2024, 5, 19)),
        ("이번 달 출시된 신차는?", date(2024, 5, 1), date(2024, 5, 31)),
        ("지난달 출시된 신차는?", date(2024, 4, 1), date(2024, 4, 30)),
        ("올해 최저임금 인상률은?", date(2024, 1, 1), date(2024, 12, 31)),
        ("작년에 열린 엑스포 관람객 수는?", date(2023, 1, 1), date(2023, 12, 31)),
        ("지난해 개통한 노선은?", date(2023, 1, 1), date(2023, 12, 31)),
        ("2023년 삼성전자 신제품은?", date(2023, 1, 1), date(2023, 12, 31)),
        ("2023년 3월 삼성전자 실적 발표 내용은?", date(2023, 3, 1), date(2023, 3, 31)),
        ("2023년 3월 15일 발표된 대책은?", date(2023, 3, 15), date(2023, 3, 15)),
        ("3월에 출시된 갤럭시는?", date(2024, 3, 1), date(2024, 3, 31)),
        ("5월 출시된 갤럭시는?", date(2024, 5, 1), date(2024, 5, 31)),  # this month counts
        ("지난 3월 출시된 폰은?", date(2024, 3, 1), date(2024, 3, 31)),
        ("지난 8월 출시된 폰은?", date(2023, 8, 1), date(2023, 8, 31)),  # the most recent August
        ("3일 발표된 대책은?", date(2024, 5, 3), date(2024, 5, 3)),  # news style: a day of this month
        ("지난 25일 열린 회의는?", date(2024, 4, 25), date(2024, 4, 25)),  # not yet this month: last month's
        ("3월 15일 발표된 대책은?", date(2024, 3, 15), date(2024, 3, 15)),
        ("작년 3월 출시된 차는?", date(2023, 3, 1), date(2023, 3, 31)),
        ("올 3월 말 기준금리는?", date(2024, 3, 1), date(2024, 3, 31)),
        ("2024.05.01 공시 내용은?", date(2024, 5, 1), date(2024, 5, 1)),
        ("어제와 오늘 주가는?", date(2024, 5, 19), date(2024, 5, 20)),
        ("최근 3일 동안 판매량은?", date(2024, 5, 18), date(2024, 5, 20)),
        ("What did Samsung announce yesterday?", date(2024, 5, 19), date(2024, 5, 19)),
        ("What happened today in Seoul?", date(2024, 5, 20), date(2024, 5, 20)),
        ("Which rates did the bank change last week?", date(2024, 5, 13), date(2024, 5, 19)),
        ("What cars came out this month?", date(2024, 5, 1), date(2024, 5, 31)),
        ("What did Hyundai launch last month?", date(2024, 4, 1), date(2024, 4, 30)),
        ("What changed this year?", date(2024, 1, 1), date(2024, 12, 31)),
        ("Who won the election last year?", date(2023, 1, 1), date(2023, 12, 31)),
        ("What did Samsung release in March 2023?", date(2023, 3, 1), date(2023, 3, 31)),
        ("What did the court decide in 2023?", date(2023, 1, 1), date(2023, 12, 31)),
        ("What happened on March 15, 2023?", date(2023, 3, 15), date(2023, 3, 15)),
        ("How much were yen deposits at the end of April?", date(2024, 4, 1), date(2024, 4, 30)),  # 4월말
        ("What did the minister say in early May?", date(2024, 5, 1), date(2024, 5, 31)),
        ("Which phones came out in mid-March?", date(2024, 3, 1), date(2024, 3, 31)),
        ("What happened at the end of May?", date(2024, 5, 1), date(2024, 5, 31)),
        ("What was announced at the beginning of February?", date(2024, 2, 1), date(2024, 2, 29)),
    ],
)
def test_time_words_name_a_period(question, start, end):
    assert period_of(question) == (start, end)


@pytest.mark.parametrize(
    "question",
    [
        "3일간 열린 축제 방문객은?",  # a duration
        "3일 동안 이어진 파업은?",
        "주 4일 근무제 도입 기업은?",  # a count of days a week
        "주4일제 도입 기업은?",
        "3일 만에 매진된 공연은?",
        "2023년 매출은?",  # the figure of 2023, reported in 2024
        "삼성전자 2023년 매출은?",
        "작년 영업이익은 얼마?",
        "지난해 수출액은?",
        "지난달 수출은 얼마나 늘었나?",
        "2023년 3월 수출 실적은?",
        "2023년 기준 인구는?",
        "전년 대비 증가율은?",  # 전년 대비 is a comparison, not last year
        "전월 대비 물가는?",
        "오늘날 AI의 한계는?",  # 오늘 inside a word
        "6월 출시 예정인 폰은?",  # asked in May: the coming June, not last year's
        "25일 발표 예정인 정책은?",  # later this month
        "What was last year's revenue?",
        "Samsung revenue in 2023",
        "What may the court decide?",  # may is not May
        "Who may lead the party in the end?",
        "Students who apply early may get a discount?",  # early may: the modal, not May
        "How late may I submit?",
        "Sales at the end of March",  # the figure of March, as 3월 매출
        "Will protesters march again?",
        "유럽연합 27개국 정상회의 결과는?",
    ],
)
def test_not_a_question_date(question):
    assert read_time(question, TODAY).period is None


def test_a_year_that_qualifies_a_figure_stays_a_term():
    asked = read_time("2023년 매출은?", TODAY)
    assert asked.spans == () and asked.rest == "2023년 매출은?"


def test_this_years_target_is_this_year():
    """올해 in the question is a date (articles of this year); 올해 목표 in an article's text is not read at all."""
    assert period_of("올해 목표 매출은?") == (date(2024, 1, 1), date(2024, 12, 31))


@pytest.mark.parametrize(
    "question", ["최근 반도체 수출 동향은?", "최신 금리 소식은?", "요즘 집값은?", "What is the latest on Tesla?", "recent news on Danuri"]
)
def test_recency_words(question):
    asked = read_time(question, TODAY)
    assert asked.recency and asked.period is None


@pytest.mark.parametrize("question", ["최신형 아이폰 가격은?", "최근접 행성은?", "삼성전자 영업이익은?"])
def test_no_recency_inside_other_words(question):
    assert not read_time(question, TODAY).recency


def test_date_words_are_blanked_out_of_the_rest():
    asked = read_time("어제 발표된 삼성전자 영업이익은?", TODAY)
    assert asked.rest == "   발표된 삼성전자 영업이익은?"
    assert asked.spans == ((0, 2),)
    assert len(asked.rest) == len("어제 발표된 삼성전자 영업이익은?")


def test_particles_go_with_the_date_words_but_not_into_the_label():
    asked = read_time("지난달에 출시된 차는?", TODAY)
    assert asked.period.label == "지난달"
    assert asked.rest.startswith("    ") and "출시된" in asked.rest


def test_recency_and_period_together():
    asked = read_time("최근 3년간 출생아 수는?", TODAY)
    assert asked.recency and asked.period is not None and asked.period.end == TODAY


def test_an_explicit_period_overrides_the_one_found():
    chosen = Period(start=date(2020, 1, 1), end=date(2020, 1, 31), label="2020년 1월")
    asked = read_time("어제 발표된 실적은?", TODAY, period=chosen)
    assert asked.period == chosen and "어제" not in asked.rest


def test_bare_days_roll_back_across_months_and_years():
    assert period_of("31일 발표된 정책은?", date(2024, 3, 5)) is None  # ahead this month
    assert period_of("지난 31일 발표된 정책은?", date(2024, 3, 5)) == (date(2024, 1, 31),) * 2  # Feb has no 31st
    assert period_of("지난달 출시된 차는?", date(2024, 1, 10)) == (date(2023, 12, 1), date(2023, 12, 31))
    assert period_of("지난주 회의는?", date(2024, 1, 3)) == (date(2023, 12, 25), date(2023, 12, 31))


def test_invalid_dates_are_ignored():
    assert period_of("2023년 2월 30일 발표는?") == (date(2023, 2, 1), date(2023, 2, 28))  # no such day: the month
    assert period_of("13월 출시된 폰은?") is None


def test_today_in_korea_is_a_date():
    assert isinstance(today_in_korea(), date)


@given(st.text(alphabet="어제오늘지난주달해년월일최근 0123456789가나다랑의에는lastweekyesterday", max_size=40))
def test_any_text_reads_safely(text):
    asked = read_time(text, TODAY)
    assert len(asked.rest) == len(text)
    for start, end in asked.spans:
        assert asked.rest[start:end].strip() == ""
    assert [s for s in asked.spans] == sorted(asked.spans)
    if asked.period is not None:
        assert asked.period.start <= asked.period.end
