"""Bold on whole morphemes: never inside a number (``<b>1</b><b>1</b>억``) or a word."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.format import highlight
from bot.highlight import bold_spans, passage_bold, passages_bold
from tests.bot.checks import NUMBERS_ARTICLE, bold_inside_a_word

TEXT = NUMBERS_ARTICLE.text.replace("\n\n", " ")


def bolded(tokenizer, text: str, matched: list[str]) -> list[str]:
    return [text[a:b] for a, b in passage_bold(tokenizer, text, matched)]


def test_a_number_is_bold_whole_or_not_at_all(tokenizer):
    assert bolded(tokenizer, "예산 11억원을", ["1", "억"]) == []  # the question asked about 1억, not 11억
    assert bolded(tokenizer, "예산 11억원을", ["11", "억"]) == ["11억"]
    assert bolded(tokenizer, "예산 11억원을", ["11"]) == ["11억"]  # 11억 is one number
    assert bolded(tokenizer, "관람객 2만4576명", ["5"]) == []
    assert bolded(tokenizer, "관람객 2만4576명", ["2", "만"]) == []  # 2만 is not 2만4576
    assert bolded(tokenizer, "관람객 2만4576명", ["2", "만", "4576"]) == ["2만4576"]
    assert bolded(tokenizer, "1,000억 달러", ["1,000", "억", "달러"]) == ["1,000억", "달러"]


def test_words_are_whole_morphemes(tokenizer):
    assert bolded(tokenizer, "OpenAI와 AI 기업", ["ai", "기업"]) == ["AI", "기업"]  # not the AI of OpenAI
    assert bolded(tokenizer, "휴머노이드 분야에 AI를", ["휴머노이드", "분야"]) == ["휴머노이드", "분야"]
    assert bolded(tokenizer, "머스크가 말했다", ["머스크"]) == ["머스크"]  # the particle stays plain
    assert bolded(tokenizer, "주가가 올랐다", ["오르"]) == ["올"]  # the stem, where Kiwi puts it
    assert bolded(tokenizer, "관람객 3만 명", ["명", "관람객"]) == ["관람객"]  # one letter alone is not bold


def test_touching_morphemes_are_one_bold():
    from index.text.tokenize import Morpheme

    morphemes = [Morpheme(0, 2, "오픈", "NNG"), Morpheme(2, 4, "ai", "SL"), Morpheme(5, 7, "기업", "NNG")]
    assert bold_spans(morphemes, ["오픈", "ai", "기업"]) == [(0, 4), (5, 7)]
    assert highlight("오픈AI 기업", [(0, 4), (5, 7)]) == "<b>오픈AI</b> <b>기업</b>"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["1", "5", "11", "111", "2", "4576", "만", "억", "3", "2000", "60", "1만",
                                 "관람객", "예산", "축제", "12", "13", "10", "000", "15000", "1,000"]), max_size=8))
def test_no_bold_starts_or_ends_inside_a_number(tokenizer, matched):
    spans = passage_bold(tokenizer, TEXT, matched)
    assert bold_inside_a_word(TEXT, spans) == []


def test_an_answers_passages_are_bold_as_each_on_its_own(tokenizer):
    passages = [(TEXT, ["관람객", "2000"]), ("머스크가 오픈AI를 고소했다.", ["머스크", "오픈", "ai"]), ("", ["x"]), (TEXT, [])]
    assert passages_bold(tokenizer, passages) == [passage_bold(tokenizer, p, m) for p, m in passages]
