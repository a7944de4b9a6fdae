"""Question words read the way the corpus reads them (issue 12, item 7), on articles written for the test."""
from __future__ import annotations

import pytest

from index.models import Article
from index.query.parse import parse_question
from index.query.vocabulary import IndexVocabulary, corpus_merges, pieces_of, strip_format_characters
from tests.corpus import engine_with

HUNET = Article(
    id="hunet-4day",
    title="휴넷, 다음 달부터 주4일제 전면 도입",
    text=(
        "교육기업 휴넷은 다음 달부터 주4일제를 전면 도입한다고 밝혔다.\n\n"
        "조영탁 휴넷 대표는 이날 기자간담회에서 \"직원들이 금요일마다 쉬게 된다\"고 말했다.\n\n"
        "휴넷은 지난해 격주로 금요일 휴무를 시범 운영했다."
    ),
)
OTHER = Article(
    id="other-4day",
    title="중소기업 주4일제 실험 확산",
    text=(
        "주4일제를 시험하는 중소기업이 늘고 있다.\n\n"
        "고용노동부는 주 4일 근무제 도입 기업에 장려금을 지원한다고 밝혔다.\n\n"
        "한 제조업체 관계자는 \"생산성이 떨어지지 않았다\"고 말했다."
    ),
)

WEATHER = Article(
    id="weather",
    title="전국 대체로 맑고 일교차 커",
    text=(
        "목요일인 오늘은 전국이 대체로 맑겠다.\n\n"
        "아침 최저기온은 3∼10도, 낮 최고기온은 15∼21도로 예보됐다.\n\n"
        "기상청은 낮과 밤의 기온 차가 크니 건강 관리에 유의해야 한다고 당부했다.\n\n"
        "미세먼지 농도는 전 권역에서 보통 수준을 보이겠다."
    ),
)


@pytest.fixture(scope="module")
def engine(tmp_path_factory, tokenizer):
    return engine_with(tmp_path_factory.mktemp("vocabulary") / "corpus", tokenizer, [HUNET, OTHER, WEATHER])


def test_kiwi_breaks_the_name_in_a_short_question(tokenizer):
    """The premise: alone, 휴넷 is 휴 + 넷; inside the article's sentence it is one noun."""
    assert "휴넷" not in tokenizer.tokens("휴넷 주4일제")
    assert "휴넷" in tokenizer.tokens("교육기업 휴넷은 다음 달부터 주4일제를 전면 도입한다고 밝혔다.")


def test_question_takes_the_corpus_token(engine):
    vocabulary = IndexVocabulary(engine.sentences)
    tokens = [t.token for t in parse_question("휴넷 주4일제", engine.tokenizer, None, vocabulary)]
    assert "휴넷" in tokens and "휴" not in tokens and "넷" not in tokens


@pytest.mark.parametrize("question", ["휴넷 주4일제", "휴\u200b넷 주4일제", "휴넷\u2060 주4일제 언제부터?"])
def test_short_question_with_an_unknown_name_finds_its_article(engine, question):
    answer = engine.ask(question, k=3)
    assert answer.hits and answer.hits[0].article_id == "hunet-4day"
    assert "휴넷" in answer.hits[0].matched


def test_format_characters_inside_words_are_removed():
    assert strip_format_characters("휴\u200b넷\u00ad은 \ufeff주4일제\u200d") == "휴넷은 주4일제"


class FakeVocabulary:
    """Document frequencies and co-occurrence counts given by the test."""

    def __init__(self, frequency: dict[str, int], together: dict[tuple[str, ...], int]):
        self._frequency, self._together = frequency, together

    def knows(self, token: str) -> bool:
        return self._frequency.get(token, 0) > 0

    def frequency(self, token: str) -> int:
        return self._frequency.get(token, 0)

    def together(self, tokens: tuple[str, ...]) -> int:
        return self._together.get(tokens, 0)


def test_the_corpus_reading_that_is_more_common_wins(tokenizer):
    text = "휴넷 주4일제"
    analysed = pieces_of(tokenizer.read(text)[1])
    rare_merge = FakeVocabulary({"휴넷": 1, "휴": 50, "넷": 40}, {("휴", "넷"): 9})
    assert corpus_merges(text, analysed, rare_merge) == []  # the articles mostly write 휴 + 넷 too
    common_merge = FakeVocabulary({"휴넷": 9, "휴": 50, "넷": 40}, {("휴", "넷"): 1})
    assert [(m.token, m.replaces) for m in corpus_merges(text, analysed, common_merge)] == [("휴넷", ("휴", "넷"))]


def test_particles_and_whole_word_compounds_are_not_merged(tokenizer):
    """명의 (명 + the particle 의) and 정상회담 (정상 + 회담: two whole words) keep Kiwi's reading."""
    vocabulary = FakeVocabulary({"명의": 30, "명": 99, "정상회담": 30, "정상": 40, "회담": 40}, {})
    for text in ("46명의 클래스에서", "정상회담 언제 해?"):
        assert corpus_merges(text, pieces_of(tokenizer.read(text)[1]), vocabulary) == []


def test_vocabulary_counts_live_sentences_as_the_postings_do(engine):
    """``frequency`` and ``together`` count the sentences the postings hold, without copying every list."""
    first, second = engine.tokenizer.tokens(HUNET.text.split("\n")[0])[:2]  # two words of one sentence
    with engine.lock:
        index = engine.sentences
        vocabulary = IndexVocabulary(index)
        held = {t: set(index.postings(t)[0].tolist()) for t in (first, second, "기온", "없는말")}
        for token, docs in held.items():
            assert vocabulary.frequency(token) == len(docs)
        for pair in ((first, second), ("기온", first), (first, first), ("기온", "없는말"), ()):
            expected = len(set.intersection(*(held[t] for t in pair))) if pair else 0
            assert vocabulary.together(pair) == expected, pair
        assert vocabulary.together((first, second)) > 0


@pytest.mark.parametrize("question", ["휴넷 근황", "조영탁 대표 근황", "휴넷 주4일제 도입"])
def test_a_question_reads_the_same_with_or_without_its_question_mark(engine, question):
    """The whole question is read once: the second reading for single words (word + 는) once cut
    근황 at the end of an unpunctuated question into 근 + 황, two full-weight terms."""
    vocabulary = IndexVocabulary(engine.sentences)
    resources = engine.query_resources()

    def terms(text):
        return sorted((t.token, t.weight) for t in parse_question(text, engine.tokenizer, resources, vocabulary))

    assert terms(question) == terms(question + "?")
