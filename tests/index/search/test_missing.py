"""A passage from an article that never names what the question names says so (``Hit.missing``)."""
from __future__ import annotations

import pytest

from index.ingest.importers import read_path
from index.models import Article
from index.query.parse import parse_question
from tests.corpus import engine_with
from tests.index.test_engine import SEED

COSMETICS = Article(
    id="cosmetics", title="아모레퍼시픽 1분기 영업이익 27% 감소", source="가상일보", published="2026-05-09",
    text=(
        "아모레퍼시픽그룹의 1분기 영업이익이 27% 감소했다. 그룹은 올해 1분기 매출 1조6643억원과 영업이익 "
        "2781억원을 기록했다고 9일 밝혔다. 중국인 관광객 감소와 면세 채널 부진이 실적을 끌어내렸다. "
        "국내 사업 영업이익은 약 33% 줄어든 1575억원이었다. 해외 사업은 아시아 지역 성장에 힘입어 매출이 늘었다."
    ),
)
PHONES = Article(
    id="phones", title="삼성전자, 새 스마트폰 공개", source="가상일보", published="2026-05-10",
    text=(
        "삼성전자가 10일 서울에서 새 스마트폰을 공개했다. 새 제품은 카메라와 배터리 성능을 크게 높였다. "
        "회사는 다음 달부터 국내에서 판매를 시작한다. 출고가는 전작과 같은 수준으로 정해졌다. "
        "업계는 하반기 판매 경쟁이 치열해질 것으로 내다봤다."
    ),
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory, tokenizer):
    seed = [p.article for p in read_path(SEED)]
    return engine_with(tmp_path_factory.mktemp("missing") / "corpus", tokenizer, seed + [COSMETICS, PHONES])


def test_another_companys_results_say_the_company_is_not_in_the_article(engine):
    hits = engine.ask("삼성전자 1분기 영업이익 얼마야?", k=3).hits
    assert hits and hits[0].article_id == "cosmetics", [(h.article_id, h.sentence) for h in hits]
    assert hits[0].missing == ["삼성전자"]


def test_an_article_that_names_everything_lists_nothing(engine):
    hits = engine.ask("아모레퍼시픽 1분기 영업이익 얼마야?", k=3).hits
    assert hits and hits[0].article_id == "cosmetics" and hits[0].missing == []
    seed = engine.ask("테슬라는 도조에 얼마를 투자하나?", k=3).hits
    assert seed and seed[0].missing == []


def test_only_names_are_listed_not_the_words_of_the_question(engine):
    """The cosmetics article never says 장소 (nor 발표): a question's frame is answered in other words."""
    hits = engine.ask("아모레퍼시픽 영업이익 발표 장소는?", k=3).hits
    assert hits and all(h.missing == [] for h in hits if h.article_id == "cosmetics")
    hits = engine.ask("삼성전자 1분기 영업이익 기록 장소는?", k=3).hits
    assert [h.missing for h in hits if h.article_id == "cosmetics"] == [["삼성전자"]]


def test_a_latin_name_is_listed_as_the_question_typed_it(engine):
    hits = engine.ask("LG 1분기 영업이익 얼마야?", k=3).hits
    assert hits and hits[0].article_id == "cosmetics" and hits[0].missing == ["LG"]


def test_names_are_marked_when_the_question_is_parsed(engine):
    terms = {t.token: t for t in parse_question("삼성전자 1분기 영업이익 얼마야?", engine.tokenizer)}
    assert terms["삼성전자"].proper and not terms["분기"].proper
    assert all(not t.proper for t in parse_question("why did Musk sue OpenAI?", engine.tokenizer))
