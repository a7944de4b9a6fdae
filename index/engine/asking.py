"""Answering a question: small talk, time words, the search and the period filter around it."""
from __future__ import annotations

import re
import time
import unicodedata
from datetime import date
from typing import Protocol

from index.models import Answer, Period
from index.query.parse import QueryResources, parse_question
from index.query.smalltalk import small_talk
from index.query.vocabulary import IndexVocabulary
from index.query.when import read_time, today_in_korea
from index.query.words import answer_type, is_english_question
from index.search.dated import search_dated
from index.search.ranker import RankParams, Ranker
from index.search.view import IndexView
from index.text.tokenize import Tokenizer


class Searchable(Protocol):
    tokenizer: Tokenizer
    rank_params: RankParams
    lock: object

    def query_resources(self) -> QueryResources: ...

    def view(self) -> IndexView: ...


def answer_question(engine: Searchable, question: str, k: int = 3, *, expand: bool = True,
                    period: Period | None = None, today: date | None = None) -> Answer:
    """The ``k`` best passages (see :meth:`index.engine.front.Engine.ask`)."""
    started = time.perf_counter()
    talk = small_talk(question)  # hook (query/smalltalk.py)
    if talk is not None:
        return Answer(question=question, hits=[], took_ms=round((time.perf_counter() - started) * 1000, 3),
                      small_talk=talk)
    asked = read_time(question, today or today_in_korea(), period)  # hook (query/when.py): date words are not terms
    resources, expected = engine.query_resources() if expand else None, answer_type(question)

    def search(view, text: str):
        terms = parse_question(text, engine.tokenizer, resources, IndexVocabulary(view.sentences))
        params = engine.rank_params.for_english() if is_english_question(text) else engine.rank_params  # as parsed
        return Ranker(view, params).search(terms, k, expected)

    with engine.lock:  # hook (search/dated.py): period filter, fallback to all articles, recency prior
        found = search_dated(engine.view(), asked, question, search, english=is_english_question(question))
    hits = [h.model_copy(update={"missing": [typed_form(question, m) for m in h.missing]}) if h.missing else h
            for h in found.hits]
    return Answer(question=question, hits=hits, took_ms=round((time.perf_counter() - started) * 1000, 3),
                  period=found.period, period_fallback=found.fallback, recency=found.recency, note=found.note)


def typed_form(question: str, token: str) -> str:
    """``token`` as the question wrote it (tokens are NFKC and lower case: "lg" → "LG"), else the token."""
    found = re.search(re.escape(token), unicodedata.normalize("NFKC", question), re.IGNORECASE)
    return found.group(0) if found else token
