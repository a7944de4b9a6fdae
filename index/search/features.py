"""What the second stage knows about each candidate sentence: one row of features.

Every feature is scaled to about [0, 1] within one question, so that one set
of weights (:class:`index.search.ranker.RankParams`) serves every question:

* ``bm25`` — the sentence's BM25 score over the best one's;
* ``context`` — the best BM25 score of the sentences just before and after, same scale;
* ``coverage`` / ``window_coverage`` — the IDF-weighted share of the question's
  concepts the sentence (the sentence with its neighbours) holds;
* ``article`` — the BM25 score of the whole article (title + body) over the best candidate article's,
  in proportion to the article's length up to ``REAL_ARTICLE_TOKENS`` (BM25's length normalisation
  favours a line of words);
* ``article_coverage`` / ``title_coverage`` — the share of the question's concepts
  found anywhere in the article, in its title, whatever the article's length: a share is not
  inflated by shortness, and a news brief (단신) that holds the question is an answer (news
  articles cut to two-sentence briefs: scaled up to 60 tokens they lost 3.6 points of answer@1;
  those briefs hold 31 tokens and more, so at 30 the scaling no longer touches them, but a
  shorter notice pasted with /add still counts whole: tests/index/search/test_short_documents.py);
* ``answer_type`` — 1 when the sentence holds the kind of thing asked for (a date for 언제 …);
* ``lead`` — 1 for an article's first sentence, 1/2 for the second …;
* ``short_article`` — how far the article falls short of that length. BM25's length
  normalisation lets a document of a few words win on a couple of rare terms; no article
  of the development data is that short, so its weight is set, not fitted (the length, 30
  tokens, chosen on news cut to two-sentence briefs: 60 answered fewer of them, 20 no more);
* ``window_concepts`` — how many of the question's concepts the window holds (each
  counts once): for the relevance test, not for ranking;
* ``window_dominant`` — whether the window holds the question's dominant concept (one that
  alone carries a large share of its IDF mass), or the question has none: for the relevance
  test, not for ranking;
* ``typed_context`` — ``answer_type`` times ``context``: the sentence holding the kind of
  answer asked for, next to the one that repeats the question.
* ``beyond_title`` — the coverage of the question's concepts the article's title lacks: a news
  lead repeats the title; the sentence with the answer holds the question's other words.
* ``article_held`` — the IDF-weighted share of the question's concepts found anywhere in the article,
  whatever its length: for the relevance test, not for ranking (an article about the question holds most
  of its words; "파이썬 리스트 정렬 방법" matched on 리스트 and 방법 in an article on Myanmar does not).

Tried and dropped (scripts/tune_rank.py --ablate, README "Ranking"): the
proximity of the matched words inside the sentence, and ``answer_type``
times the window's coverage: neither moved a held-out figure.
"""
from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from index.bm25.okapi import BM25Index
from index.query.answers import ExpectedAnswer
from index.query.parse import QueryTerm
from index.query.words import GENERIC_QUESTION_WORDS

FEATURES = (
    "bm25", "context", "coverage", "window_coverage", "article", "article_coverage", "title_coverage",
    "answer_type", "lead", "short_article", "typed_context", "window_concepts", "beyond_title",
    "window_dominant", "article_held",
)
REAL_ARTICLE_TOKENS = 30  # an article shorter than this (in tokens, title included) counts as short (news: 64 and up)


class Evidence(NamedTuple):
    """Raw evidence about ``n`` candidate sentences of one question (arrays of length ``n``)."""

    ids: np.ndarray  # sentence ids
    slots: np.ndarray  # their articles
    bm25: np.ndarray
    context: np.ndarray  # best neighbour's BM25
    article: np.ndarray  # article BM25
    member: np.ndarray  # (3, terms, n): term in the sentence, the previous one, the next one
    has_prev: np.ndarray
    has_next: np.ndarray
    position: np.ndarray  # index of the sentence in its article
    article_member: np.ndarray  # (terms, n): term anywhere in the article
    title_member: np.ndarray  # (terms, n): term in the title
    article_tokens: np.ndarray  # length of the article in tokens
    texts: list[str]  # the sentences' text


def term_mass(sentences: BM25Index, term: QueryTerm) -> tuple[float, bool]:
    """A term's weight in the question (its IDF × weight) and whether the corpus knows it.

    A word the corpus has never seen counts with the highest possible IDF:
    it is the most specific word of the question, not one to ignore, so
    "비트코인 전망" does not match on 전망 alone. Unless it only says "news
    about" (:data:`index.query.words.GENERIC_QUESTION_WORDS`): then it counts
    for nothing, so "머스크 근황" asks about 머스크 even where no article says 근황.
    """
    if sentences.knows(term.token):
        return sentences.idf(term.token) * term.weight, True
    if term.concept in GENERIC_QUESTION_WORDS:  # 근황 in "머스크 근황" says "news about", however rare the word
        return 0.0, False
    return math.log((sentences.n_alive + 0.5) / 0.5) * term.weight, False


class ConceptMass(NamedTuple):
    """Each concept's rows (alternatives) and full mass, and each row's own mass."""

    groups: dict[str, list[int]]
    mass: np.ndarray  # per row (term)
    full: dict[str, float]  # per concept: its best alternative the corpus knows (unknown ones when none is)
    known: dict[str, bool]  # per concept: some alternative is known to the corpus

    @property
    def total(self) -> float:
        return sum(self.full.values()) or 1.0


def concept_mass(sentences: BM25Index, terms: list[QueryTerm]) -> ConceptMass:
    """The question's concepts and their weights, once per question for every function below."""
    masses = [term_mass(sentences, t) for t in terms]
    groups: dict[str, list[int]] = {}
    for row, t in enumerate(terms):
        groups.setdefault(t.concept, []).append(row)
    full, known = {}, {}
    for concept, rows in groups.items():
        known_masses = [masses[r][0] for r in rows if masses[r][1]]
        full[concept] = max(known_masses) if known_masses else max(masses[r][0] for r in rows)
        known[concept] = bool(known_masses)
    return ConceptMass(groups, np.array([m for m, _ in masses]), full, known)


def coverage_function(masses: ConceptMass) -> Callable[[np.ndarray], np.ndarray]:
    """IDF-weighted share of the question's concepts held, from a (terms × candidates) match matrix.

    Alternatives of one concept (소송/고소/제소 for "sue") cover it once, at
    the best alternative matched; a concept's full mass is its best
    alternative the corpus knows (unknown spellings only when none is known).
    """
    rows, starts = _grouped_rows(masses)
    weights = masses.mass[rows, None]
    caps = np.array([masses.full[c] for c in masses.groups])[:, None]
    total = masses.total

    def coverage(matched: np.ndarray) -> np.ndarray:
        if len(rows) == 0:
            return np.zeros(matched.shape[1])
        best = np.minimum(np.maximum.reduceat(matched[rows] * weights, starts, axis=0), caps)  # concepts × candidates
        got = np.zeros(matched.shape[1])
        for held in best:  # one concept after another (a sum over axis 0 may pair them up: not the same last bit)
            got += held
        return got / total

    return coverage


def _grouped_rows(masses: ConceptMass) -> tuple[np.ndarray, np.ndarray]:
    """The term rows concept after concept, and where each concept's rows start (for ``reduceat``)."""
    groups = list(masses.groups.values())
    rows = np.array([r for members in groups for r in members], dtype=np.int64)
    starts = np.cumsum([0] + [len(members) for members in groups[:-1]]).astype(np.int64)
    return rows, starts


def dominant_function(masses: ConceptMass, share: float) -> Callable[[np.ndarray], np.ndarray]:
    """1 where the candidates hold the question's dominant concept, or where it has none (else 0).

    The dominant concept is the one a corpus knows that alone carries ``share`` of the question's IDF
    mass: 따릉이 in "따릉이 1시간권 얼마로 올라?". A passage without it matches only the question's
    common words (1, 시간, 오르), however many of them.
    """
    groups, _, full, known = masses
    dominant = [c for c in groups if known[c] and full[c] >= share * masses.total] if share > 0 else []

    def holds(matched: np.ndarray) -> np.ndarray:
        if not dominant:
            return np.ones(matched.shape[1])
        return matched[groups[dominant[0]]].any(axis=0).astype(np.float64)

    return holds


def concept_function(masses: ConceptMass) -> Callable[[np.ndarray], np.ndarray]:
    """How many of the question's concepts are held (each counts once, whatever its IDF; 소식, 근황 … too, though
    the relevance test does not ask for them: they are also words of titles, as in "'인어 이야기'를 부른 가수는?")."""
    rows, starts = _grouped_rows(masses)

    def share(matched: np.ndarray) -> np.ndarray:
        if len(rows) == 0:
            return np.zeros(matched.shape[1])
        return np.logical_or.reduceat(matched[rows], starts, axis=0).sum(axis=0).astype(np.float64)

    return share


def feature_matrix(
    evidence: Evidence, coverage_of: Callable[[np.ndarray], np.ndarray], concept_count: Callable[[np.ndarray], np.ndarray],
    expected: ExpectedAnswer | None, holds_dominant: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    """(candidates × FEATURES) for one question."""
    e = evidence
    window = window_member(e)
    top_bm25 = float(e.bm25.max()) or 1.0
    top_article = float(e.article.max()) or 1.0
    trust = np.minimum(1.0, e.article_tokens / REAL_ARTICLE_TOKENS)  # article-level evidence of a real article
    article_held = coverage_of(e.article_member)  # whatever the article's length (the relevance test)
    columns = {
        "bm25": e.bm25 / top_bm25,
        "context": e.context / top_bm25,
        "coverage": coverage_of(e.member[0]),
        "window_coverage": coverage_of(window),
        "article": trust * e.article / top_article,
        "article_coverage": article_held,
        "title_coverage": coverage_of(e.title_member),
        "answer_type": np.array([bool(expected.search(t)) for t in e.texts], dtype=float)
        if expected is not None else np.zeros(len(e.ids)),
        "lead": 1.0 / (1.0 + e.position),
        "short_article": 1.0 - trust,
    }
    columns["window_concepts"] = concept_count(window)
    columns["typed_context"] = columns["answer_type"] * np.minimum(columns["context"], 1.0)
    columns["beyond_title"] = coverage_of(e.member[0] & ~e.title_member)
    columns["window_dominant"] = holds_dominant(window) if holds_dominant is not None else np.ones(len(e.ids))
    columns["article_held"] = article_held
    return np.column_stack([columns[name] for name in FEATURES])


def window_member(evidence: Evidence) -> np.ndarray:
    """(terms × candidates): the term is in the sentence, or in a neighbour of the same article."""
    e = evidence
    return e.member[0] | (e.member[1] & e.has_prev) | (e.member[2] & e.has_next)


def normalize_title(title: str) -> str:
    """A title as tokens are written: NFKC, lower case."""
    return unicodedata.normalize("NFKC", title).lower()


def in_title(token: str, title: str) -> bool:
    """Whether the title holds the token's text (tokens of one character are too ambiguous to tell)."""
    return len(token) >= 2 and token in title
