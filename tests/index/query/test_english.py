"""English questions and synonyms answered from Korean articles (issue: aliases, transliteration, lexicon)."""
from __future__ import annotations

import pytest

from index.measure.evaluate import load_squad
from index.ingest.importers import read_path
from index.query.parse import parse_question
from tests.index.test_engine import SEED

# The sentence (or its passage) that answers each question, by a phrase it holds.
ENGLISH = {
    "why did Musk sue OpenAI?": ("블랙홀", "소송을 건 이유"),
    "Why is Elon Musk suing OpenAI?": ("블랙홀", "소송을 건 이유"),
    "How much will Tesla invest in the Dojo supercomputer?": ("10억 달러",),
    "Where did Ethan Knight go?": ("엑스에이아이(xAI)에 몸담았다",),
    "Who is the largest shareholder of OpenAI?": ("대주주인 마이크로소프트",),
    "How much are top AI engineers paid?": ("천만달러", "보상"),
}
OFF_TOPIC_ENGLISH = ["what is the capital of France?", "Who won the World Cup in 2018?", "best pizza recipe"]


@pytest.fixture(scope="module")
def seed_engine(tmp_path_factory, tokenizer):
    from index.engine import Engine

    engine = Engine.open(tmp_path_factory.mktemp("english") / "corpus", tokenizer)
    engine.add_articles([p.article for p in read_path(SEED)])
    return engine


def top3_holds(answer, phrases) -> bool:
    return any(phrase in hit.passage for hit in answer.hits[:3] for phrase in phrases)


@pytest.mark.parametrize("question", list(ENGLISH))
def test_english_questions_find_the_korean_answer(seed_engine, question):
    answer = seed_engine.ask(question, k=3)
    assert answer.hits, question
    assert top3_holds(answer, ENGLISH[question]), [h.sentence for h in answer.hits]


@pytest.mark.parametrize("question", OFF_TOPIC_ENGLISH)
def test_off_topic_english_gets_no_hits(seed_engine, question):
    assert seed_engine.ask(question, k=3).hits == []


def test_question_words_are_dropped_in_both_languages(seed_engine):
    english = {t.token for t in parse_question("why did Musk sue OpenAI?", seed_engine.tokenizer, seed_engine.query_resources())}
    assert not english & {"why", "did"} and {"머스크", "소송"} <= english
    korean = {t.token for t in parse_question("왜 머스크는 언제 소송했나?", seed_engine.tokenizer, seed_engine.query_resources())}
    assert not korean & {"왜", "언제"} and {"머스크", "소송"} <= korean


def test_expansions_weigh_less_than_typed_words(seed_engine):
    terms = {t.token: t for t in parse_question("머스크 고소", seed_engine.tokenizer, seed_engine.query_resources())}
    assert terms["고소"].weight == 1.0 and terms["머스크"].weight == 1.0
    assert 0 < terms["소송"].weight < 1.0 and terms["소송"].concept == "고소"


def test_aliases_are_mined_from_the_corpus_both_ways(seed_engine):
    aliases = seed_engine.aliases
    assert "에단 나이트" in aliases.lookup("Ethan Knight")
    assert "dojo" in [a.lower() for a in aliases.lookup("도조")]
    assert "도조" in aliases.lookup("Dojo")


def test_korean_synonym_finds_the_other_word(seed_engine):
    # The article says 소송을 건; the reader says 고소한.
    answer = seed_engine.ask("머스크가 오픈AI를 고소한 이유", k=3)
    assert any("소송" in hit.matched for hit in answer.hits)


def test_synonyms_file_is_edited_and_applied(make_engine, tmp_path):
    engine = make_engine(tmp_path / "syn")
    engine.add_articles([p.article for p in read_path(SEED)])
    assert engine.ask("휴머노이드 로봇 분야", k=1).hits  # baseline: 휴머노이드 is in the article
    assert not engine.ask("인간형 분야에 접목하는 방안", k=1).hits or "휴머노이드" not in engine.ask("인간형 분야에 접목하는 방안", k=1).hits[0].matched
    assert engine.add_synonyms(["인간형", "휴머노이드"])
    assert not engine.add_synonyms(["휴머노이드", "인간형"])  # already there
    text = (tmp_path / "syn" / "synonyms.txt").read_text(encoding="utf-8")
    assert "인간형" in text and "고소" in text  # the defaults were kept
    hits = engine.ask("인간형 분야에 접목하는 방안", k=1).hits
    assert hits and "휴머노이드" in hits[0].matched
    reopened = make_engine(tmp_path / "syn")
    assert "휴머노이드" in reopened.ask("인간형 분야에 접목하는 방안", k=1).hits[0].matched


def test_english_still_works_among_many_other_articles(tmp_path, tokenizer, korquad_path):
    """The seed among 140 other articles (KorQuAD's Wikipedia pages as distractors)."""
    from index.engine import Engine

    articles, _ = load_squad(korquad_path)
    engine = Engine.open(tmp_path / "many", tokenizer)
    engine.add_articles([p.article for p in read_path(SEED)] + articles)
    for question, phrases in ENGLISH.items():
        answer = engine.ask(question, k=3)
        assert top3_holds(answer, phrases), (question, [h.sentence[:60] for h in answer.hits])
