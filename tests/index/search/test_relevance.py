"""Every shown passage earns its place (issue 12, item 5), on articles written for the test."""
from __future__ import annotations

import pytest

from index.models import Article
from index.search.ranker import RankParams
from tests.corpus import engine_with

BIKE = Article(
    id="bike-fare",
    title="따릉이 이용요금 내달부터 인상",
    source="서울신문",
    text=(
        "서울시 공공자전거 따릉이의 이용요금이 다음 달부터 오른다.\n\n"
        "서울시는 따릉이 1시간권 요금을 1천원에서 2천원으로, 2시간권은 2천원에서 3천원으로 올린다고 27일 밝혔다.\n\n"
        "정기권 가격은 그대로 유지된다.\n\n"
        "시는 요금 인상분을 자전거 정비와 대여소 확충에 쓸 계획이다."
    ),
)
STOCKS = Article(
    id="wall-street",
    title="뉴욕증시, 기술주 강세에 상승 마감",
    source="연합뉴스",
    text=(
        "뉴욕증시의 주요 지수가 기술주 강세에 일제히 올랐다.\n\n"
        "다우존스 30 산업평균지수는 전장보다 0.5% 오른 3만8천선에서 거래를 마쳤다.\n\n"
        "나스닥지수는 1.2% 올라 사상 최고치를 다시 썼다.\n\n"
        "시장은 다음 주 발표될 고용 지표에 주목하고 있다."
    ),
)
PRICES = Article(
    id="consumer-prices",
    title="소비자물가 석 달째 3%대 상승",
    source="뉴스1",
    text=(
        "지난달 소비자물가가 1년 전보다 3.1% 올랐다.\n\n"
        "통계청에 따르면 석유류와 외식 가격이 물가 상승을 이끌었다.\n\n"
        "채소 가격은 한 달 전보다 얼마간 내렸지만 과일값은 여전히 높다.\n\n"
        "정부는 하반기 물가 안정 대책을 내놓을 예정이다."
    ),
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory, tokenizer):
    return engine_with(tmp_path_factory.mktemp("relevance") / "corpus", tokenizer, [BIKE, STOCKS, PRICES])


def test_filler_from_other_stories_is_not_shown(engine):
    """Asked about the bike fare, no stock-market or inflation sentence fills [2] and [3]."""
    hits = engine.ask("따릉이 1시간권은 얼마로 올라?", k=3).hits
    assert hits and "2천원" in hits[0].passage
    assert {h.article_id for h in hits} == {"bike-fare"}


def test_without_the_per_passage_test_the_filler_comes_back(engine):
    """The premise: the other stories do match 오르 (올라), so only the test keeps them out."""
    loose = RankParams(min_relative=0.0, later_coverage=0.0, min_concepts=0)
    engine.rank_params = loose
    try:
        hits = engine.ask("따릉이 1시간권은 얼마로 올라?", k=3).hits
    finally:
        engine.rank_params = RankParams()
    assert {h.article_id for h in hits} - {"bike-fare"}


def test_a_question_on_one_story_is_answered_from_it(engine):
    hits = engine.ask("나스닥 지수 얼마나 올랐어?", k=3).hits
    assert hits and hits[0].article_id == "wall-street" and "1.2%" in hits[0].passage
    assert {h.article_id for h in hits} == {"wall-street"}


@pytest.mark.parametrize("question", ["김치찌개 맛있게 끓이는 법", "best pizza recipe", "what is the capital of France?"])
def test_off_topic_gets_no_passage(engine, question):
    assert engine.ask(question, k=3).hits == []
