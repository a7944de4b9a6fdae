"""How answers are scored: the first passage, the top 3, the hit's sentence, and any article's first passage."""
from __future__ import annotations

import pytest

from index.measure.evaluate import Question, score_hits
from index.models import AlsoCarried, Hit


def hit(article_id: str, passage: str, sentence: str = "") -> Hit:
    return Hit(article_id=article_id, title="t", source="s", published="", url="", passage=passage,
               sentence=sentence or passage, matched=[], score=1.0)


def test_each_figure_counts_what_it_says():
    asked = Question("a", "경찰관 몇 명이었어?", ("70명",))
    results = [
        (asked, [hit("a", "경찰관 70명이 함께했다.")]),  # right everywhere
        (asked, [hit("b", "경찰관 70명이 동행했다."), hit("a", "경찰관 70명이 함께했다.")]),  # another outlet first
        (asked, [hit("a", "등굣길이었다. 경찰관 70명이 함께했다.", sentence="등굣길이었다.")]),  # passage, not sentence
        (asked, []),  # no answer
    ]
    scores = score_hits(results, elapsed=0.0)
    assert scores.answer_at_1 == pytest.approx(2 / 4)
    assert scores.answer_at_3 == pytest.approx(3 / 4)
    assert scores.sentence_at_1 == pytest.approx(1 / 4)
    assert scores.any_article_at_1 == pytest.approx(3 / 4)
    assert scores.mrr_at_10 == pytest.approx((1 + 0.5 + 1) / 4)


def test_a_wire_copy_listing_the_asked_article_counts_apart():
    """copies@1: the first hit is another outlet's copy of the story and lists the asked article under ``also``."""
    asked = Question("a", "경찰관 몇 명이었어?", ("70명",))
    copy = hit("b", "경찰관 70명이 함께했다.").model_copy(
        update={"also": [AlsoCarried(article_id="a", source="뉴스1", url="", published="")]})
    results = [(asked, [copy]), (asked, [hit("c", "경찰관 70명이 동행했다.")]), (asked, [hit("a", "경찰관 70명이 함께했다.")])]
    scores = score_hits(results, elapsed=0.0)
    assert scores.answer_at_1 == pytest.approx(1 / 3)  # strict: the right article itself
    assert scores.copy_at_1 == pytest.approx(2 / 3)  # or the copy that lists it
    assert scores.any_article_at_1 == pytest.approx(3 / 3)


def test_missing_at_1_counts_first_passages_that_list_a_name():
    asked = Question("a", "삼성전자 영업이익은?", ("2781억원",))
    lacking = hit("b", "영업이익 2781억원.").model_copy(update={"missing": ["삼성전자"]})
    later = hit("c", "영업이익 2781억원.").model_copy(update={"missing": ["삼성전자"]})
    results = [(asked, [lacking]), (asked, [hit("a", "영업이익 2781억원."), later]), (asked, [])]
    assert score_hits(results, elapsed=0.0).missing_at_1 == pytest.approx(1 / 3)  # the first passage only
