"""A very short document must not win on a couple of rare terms (issue 12)."""
from __future__ import annotations

import pytest

from index.ingest.importers import read_path
from index.models import Article
from tests.index.test_engine import SEED

# Word soups of the kind the property tests generate: a few of the question's words, nothing else.
SOUPS = [
    Article(id="soup-1", title="예산안을", text="밝혔다도조최대 주주 테슬라?4월"),
    Article(id="soup-2", title="도조", text="도조요.."),
    Article(id="soup-3", title="투자", text="뉴욕머스크오픈에이아이5일뉴욕최대 주주투자4월Open AI뉴욕10억도조투자정부는!"),
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory, tokenizer):
    from index.engine import Engine

    engine = Engine.open(tmp_path_factory.mktemp("short") / "corpus", tokenizer)
    engine.add_articles([p.article for p in read_path(SEED)] + SOUPS)
    return engine


@pytest.mark.parametrize("question", ["테슬라가 도조에 투자하는 금액은?", "테슬라는 도조에 얼마를 투자하나?"])
def test_the_real_article_outranks_word_soups(engine, question):
    hits = engine.ask(question, k=3).hits
    assert hits and not hits[0].article_id.startswith("soup"), [(h.article_id, h.sentence) for h in hits]
    assert "10억 달러" in hits[0].passage
