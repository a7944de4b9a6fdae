"""Chat-typed questions (issue 12, item 3): no spaces, two syllables swapped, on the seed article."""
from __future__ import annotations

import pytest

from index.measure.typed import swap_syllables, without_spaces
from index.query.parse import parse_question
from index.query.swaps import repair_swaps, swap_candidates
from index.query.vocabulary import IndexVocabulary
from index.text.tokenize import Tokenizer
from tests.index.test_engine import SEED


@pytest.fixture(scope="module")
def seed_engine(tmp_path_factory, tokenizer):
    from index.engine import Engine
    from index.ingest.importers import read_path

    engine = Engine.open(tmp_path_factory.mktemp("typed") / "corpus", tokenizer)
    engine.add_articles([p.article for p in read_path(SEED)])
    return engine


@pytest.mark.parametrize(
    "question, phrase",
    [
        ("테슬라가도조에투자하는금액은?", "10억 달러"),  # no spaces
        ("테슬라가 도조에 투하자는 금액은?", "10억 달러"),  # 투자 typed 투하
        ("에단나이트는어디로옮겼나?", "xAI"),
        ("머스크가 오픈AI를 고소한 진짜 이는유?", "소송"),  # 이유 typed 이는... one swap across 이유는
    ],
)
def test_chat_typed_questions_find_the_answer(seed_engine, question, phrase):
    hits = seed_engine.ask(question, k=3).hits
    assert hits and any(phrase in h.passage for h in hits), [h.sentence for h in hits]


def test_a_swap_is_put_back_only_towards_words_the_corpus_knows(seed_engine):
    knows = seed_engine.sentences.knows
    read = seed_engine.tokenizer.word_readings
    assert repair_swaps("테슬라가 도조에 투하자는 금액은?", read, knows) == "테슬라가 도조에 투자하는 금액은?"
    assert repair_swaps("테슬라가 도조에 투자하는 금액은?", read, knows) == "테슬라가 도조에 투자하는 금액은?"
    assert repair_swaps("도조", read, lambda token: False) == "도조"  # nothing known: nothing changed


class CountingKiwi:
    """The real Kiwi, counting the words it is asked to analyse."""

    def __init__(self, kiwi):
        self.kiwi, self.analysed = kiwi, 0

    def analyze(self, texts, top_n):
        self.analysed += len(texts)
        return self.kiwi.analyze(texts, top_n=top_n)

    def tokenize(self, text):
        self.tokenized = getattr(self, "tokenized", 0) + 1
        return self.kiwi.tokenize(text)


def test_word_readings_are_kiwis_and_remembered(kiwi):
    counting = CountingKiwi(kiwi)
    tokenizer = Tokenizer(counting)
    words = ["투하자는", "투자하는", "투하자는"]
    first = tokenizer.word_readings(words)
    assert counting.analysed == 2  # each distinct word once
    assert first[0] == first[2]
    _, score = kiwi.analyze("투자하는", top_n=1)[0]
    assert first[1].tokens == ("투자",) and first[1].score == pytest.approx(score)
    assert tokenizer.word_readings(words + ["도조"]) == first + tokenizer.word_readings(["도조"])
    assert counting.analysed == 3  # only 도조 was new


def test_a_question_read_ahead_with_its_words_is_read_once_and_the_same(kiwi):
    question = "테슬라가 도조에 투하자는 금액은?"
    expected = Tokenizer(kiwi).read(question)
    counting = CountingKiwi(kiwi)
    tokenizer = Tokenizer(counting)
    tokenizer.word_readings(["테슬라가", "도조에"], prefetch=question)
    assert counting.analysed == 3  # the two words and the question, one batch
    assert tokenizer.read(question) == expected
    assert not hasattr(counting, "tokenized")  # taken from the batch
    assert tokenizer.read(question) == expected and counting.tokenized == 1  # once: then read again


class ReadApart(Tokenizer):
    """A tokenizer that never reads the question in the word batch (the path before the prefetch)."""

    def word_readings(self, words, prefetch=None):
        return super().word_readings(words)


@pytest.mark.parametrize("question", ["테슬라가 도조에 투자하는 금액은?", "테슬라가 도조에 투하자는 금액은?"])
def test_parsing_a_question_asks_kiwi_once(seed_engine, kiwi, question):
    vocabulary = IndexVocabulary(seed_engine.view().sentences)
    expected = parse_question(question, ReadApart(kiwi), None, vocabulary)
    counting = CountingKiwi(kiwi)
    assert parse_question(question, Tokenizer(counting), None, vocabulary) == expected
    # the question was read in the swap repair's batch, unless a swap changed it (then it is read again)
    assert getattr(counting, "tokenized", 0) == (0 if "투자하는" in question else 1)


def test_swap_candidates_and_the_typed_sample():
    assert swap_candidates("투자하는") == ["자투하는", "투하자는", "투자는하"]
    assert swap_candidates("아아") == []
    assert without_spaces("테슬라가 도조에 투자") == "테슬라가도조에투자"
    import random

    swapped = swap_syllables("테슬라가 도조에", random.Random(1))
    assert sorted(swapped) == sorted("테슬라가 도조에") and swapped != "테슬라가 도조에" and swapped.count(" ") == 1
