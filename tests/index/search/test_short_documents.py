"""A very short document must not win on a couple of rare terms (issue 12)."""
from __future__ import annotations

import pytest

from index.ingest.importers import read_path
from index.models import Article
from tests.corpus import engine_with
from tests.index.test_engine import SEED

# Word soups of the kind the property tests generate: a few of the question's words, nothing else.
SOUPS = [
    Article(id="soup-1", title="예산안을", text="밝혔다도조최대 주주 테슬라?4월"),
    Article(id="soup-2", title="도조", text="도조요.."),
    Article(id="soup-3", title="투자", text="뉴욕머스크오픈에이아이5일뉴욕최대 주주투자4월Open AI뉴욕10억도조투자정부는!"),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory, tokenizer):
    seed = [p.article for p in read_path(SEED)]
    return engine_with(tmp_path_factory.mktemp("short") / "corpus", tokenizer, seed + SOUPS)


@pytest.mark.parametrize("question", ["테슬라가 도조에 투자하는 금액은?", "테슬라는 도조에 얼마를 투자하나?"])
def test_the_real_article_outranks_word_soups(engine, question):
    hits = engine.ask(question, k=3).hits
    assert hits and not hits[0].article_id.startswith("soup"), [(h.article_id, h.sentence) for h in hits]
    assert "10억 달러" in hits[0].passage


# A news brief (단신) is short too, but it is an article: a title and sentences that say the whole story.
LONG_STORY = Article(
    id="long-bus", title="내년 하반기 상암동에서 무인 자율주행버스 다닌다", source="가상일보", published="2026-11-20",
    text=(
        "내년 하반기부터 서울 상암동 디지털미디어시티 일대 일반도로에서 운전자가 없는 무인 자율주행버스가 다닌다. "
        "국토교통부와 서울시는 자율주행 시범지구 조성을 위한 업무협약을 맺었다고 20일 밝혔다. "
        "무인 자율주행버스는 지하철 6호선 디지털미디어시티역을 기점으로 상암 일대 주요 거점을 순환한다. "
        "서울시는 자율주행 기술의 핵심인 통신망 확충에 나서고 신호등 정보를 차량에 실시간으로 보낸다. "
        "국토부는 보행자 위험을 감지해 알려주는 도로 인프라를 촘촘하게 설치할 계획이다. "
        "서울시는 무인버스 운행 실증이 끝나면 호출형 버스 형태로 대중교통 소외지역에 도입할 방침이다."
    ),
)
BRIEF = Article(
    id="brief-bus", title="강남구 자율주행 버스 노선 개통", source="가상일보", published="2026-12-02",
    text="서울 강남구에서 새로운 자율주행 버스 노선이 2일 개통됐다. 버스는 강남역과 삼성역 사이를 하루 20회 운행한다.",
)


# Other news from 강남구, so that the district is a common word, as it is in a real corpus.
DISTRICT_NEWS = [
    Article(id=f"district-{i}", title=title, source="가상일보", published=f"2026-11-1{i}", text=" ".join(
        f"{sentence} 강남구는 {topic} 관련 민원이 늘어 담당 부서를 새로 꾸렸다고 밝혔다." for sentence in (
            f"서울 강남구가 {topic} 대책을 내놓았다.", f"강남구 주민들은 {topic} 문제를 오래전부터 제기해 왔다.",
            f"구청은 {topic} 현황을 조사해 다음 달 결과를 공개할 예정이다.",
        )))
    for i, (title, topic) in enumerate([("강남구 아파트 재건축 속도", "재건축"), ("강남구 겨울 축제 개막", "축제"),
                                        ("강남구 학원가 교통 혼잡", "학원가 혼잡"), ("강남구 공원 확충 계획", "공원")])
]


@pytest.fixture(scope="module")
def brief_engine(tmp_path_factory, tokenizer):
    seed = [p.article for p in read_path(SEED)]
    articles = seed + SOUPS + DISTRICT_NEWS + [LONG_STORY, BRIEF]
    return engine_with(tmp_path_factory.mktemp("brief") / "corpus", tokenizer, articles)


@pytest.mark.parametrize("question, phrase", [
    ("강남구 자율주행 버스 노선 어디서 어디까지야?", "강남역과 삼성역"),
    ("자율주행 버스 노선 어디에 생겼어?", "강남구"),
    ("새 자율주행 버스 어디서 운행해?", "강남구"),
])
def test_a_short_brief_that_holds_the_question_outranks_a_long_story_that_holds_part_of_it(brief_engine, question, phrase):
    """Shortness lowers what BM25's length normalisation gives a short article, not the share of the question
    its title and text hold: a brief pasted with /add is found when asked about."""
    hits = brief_engine.ask(question, k=3).hits
    assert hits and hits[0].article_id == "brief-bus", [(h.article_id, h.sentence) for h in hits]
    assert phrase in hits[0].passage


def test_word_soups_still_lose_beside_a_brief(brief_engine):
    hits = brief_engine.ask("테슬라는 도조에 얼마를 투자하나?", k=3).hits
    assert hits and hits[0].article_id not in {"soup-1", "soup-2", "soup-3"} and "10억 달러" in hits[0].passage
