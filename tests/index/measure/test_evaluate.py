"""How answers are scored: the first passage, the top 3, the hit's sentence, and any article's first passage."""
from __future__ import annotations

import pytest

from index.measure.evaluate import Question, score_hits
from index.models import Hit


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
