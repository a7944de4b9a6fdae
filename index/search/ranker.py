"""From a question to ranked, non-overlapping passages.

Plain sentence BM25 is the first stage. The second stage re-scores the best
candidate sentences with what sentence BM25 ignores:

* the article: a BM25 score of the whole article (title + body) for the
  question, so a sentence from the article that is about the question wins
  over a stray match elsewhere;
* the neighbours: the best BM25 score of the sentences just before and
  after (answers often sit next to the sentence that repeats the question);
* coverage: the IDF-weighted share of the question's terms the sentence
  holds, so matching most of the question beats repeating one rare word.

Question words (왜, 언제, 무엇 …) are dropped before any of this.
"""
from __future__ import annotations

import math
import re
from typing import NamedTuple

import numpy as np
from pydantic import BaseModel

from index.models import Hit
from index.query.parse import QueryTerm
from index.search.dated import recency_factor, within_period
from index.search.passage import build_passage
from index.search.view import IndexView
from index.search.wire import attach_also, collapse_copies


class RankParams(BaseModel):
    """Ranking knobs, tuned on KorQuAD dev (see README, "Ranking")."""

    k1: float = 1.2
    b: float = 0.75
    article_k1: float = 1.2
    article_b: float = 0.75
    candidates: int = 100
    w_context: float = 0.2
    w_coverage: float = 1.0
    w_article: float = 1.0
    min_coverage: float = 0.35  # share of the question's IDF mass the best passage must hold
    min_score: float = 0.0  # and its sentence BM25 score (coverage alone decides, see calibrate_threshold.py)
    w_answer_type: float = 0.3  # the sentence holds the kind of thing asked for (a date for 언제 …)
    min_relative: float = 0.4  # later hits must score at least this share of the first
    max_passage_chars: int = 400


class Candidate(NamedTuple):
    doc: int
    slot: int
    score: float
    bm25: float
    matched: frozenset[str]
    window_coverage: float
    helpful: frozenset[int]  # neighbouring sentences that hold question terms


class Ranker:
    """Ranks sentences of a read-only :class:`IndexView`; knows nothing of the engine."""

    def __init__(self, view: IndexView, params: RankParams):
        self.view = view
        self.params = params

    @staticmethod
    def concepts(terms: list[QueryTerm]) -> list[list[tuple[str, float]]]:
        groups: dict[str, list[tuple[str, float]]] = {}
        for t in terms:
            groups.setdefault(t.concept, []).append((t.token, t.weight))
        return list(groups.values())

    def search(self, terms: list[QueryTerm], k: int, expected: "re.Pattern | None" = None) -> list[Hit]:
        """The ``k`` best passages for the parsed question (``expected``: what a sentence must hold)."""
        if not terms or self.view.sentences.n_alive == 0:
            return []
        candidates = self.rank(terms, expected)
        if not candidates or not self.is_relevant(candidates[0]):
            return []
        shown = collapse_copies(candidates, self.view)  # hook (search/wire.py): one copy per story, others in `also`
        return attach_also(self.passages(shown.candidates, terms, k), shown)

    def rank(self, terms: list[QueryTerm], expected: "re.Pattern | None" = None) -> list[Candidate]:
        """Candidates re-scored with article, neighbour and coverage evidence, best first (vectorised).

        ``expected`` is what kind of answer is asked for (a date for 언제, a number for 얼마 …).
        """
        sentences, layout, params = self.view.sentences, self.view.layout, self.params
        concepts = self.concepts(terms)
        query = sentences.query(concepts)
        ids, values = query.top(params.candidates)  # exact top k, pruned (MaxScore)
        if self.view.dates is not None and self.view.dates.within is not None:  # hook (search/dated.py)
            with sentences.score(concepts) as scored:  # a period filter ranks every sentence of the period
                ids, values = within_period(self.view.dates, scored, ids, values, params.candidates)
        if len(ids) == 0:
            return []
        slots = np.array([layout.doc_slot[d] for d in ids.tolist()], dtype=np.int64)
        first = np.array([layout.slot_first[s] for s in slots.tolist()], dtype=np.int64)
        count = np.array([layout.slot_count[s] for s in slots.tolist()], dtype=np.int64)
        has_prev, has_next = ids - 1 >= first, ids + 1 < first + count
        before, after = np.split(query.scores(np.concatenate([ids - 1, ids + 1])), 2)
        context = np.maximum(np.where(has_prev, before, 0.0), np.where(has_next, after, 0.0))
        article_scores = self.view.articles.scores_of(concepts, slots)
        tokens = [t.token for t in terms]
        around = np.concatenate([ids - 1, ids, ids + 1])  # previous, sentence, next
        member = np.zeros((3, len(tokens), len(ids)), dtype=bool)  # sentence, previous, next
        for row, token in enumerate(tokens):
            held = sentences.contains(token, around).reshape(3, len(ids))
            member[0, row], member[1, row], member[2, row] = held[1], held[0], held[2]
        window = member[0] | (member[1] & has_prev) | (member[2] & has_next)
        prev_helps, next_helps = (member[1] & has_prev).any(axis=0), (member[2] & has_next).any(axis=0)
        coverage_of = self.coverage_function(terms)
        coverage, window_coverage = coverage_of(member[0]), coverage_of(window)
        top_bm25 = float(values[0]) or 1.0
        top_article = float(article_scores.max()) or 1.0
        scores = (
            values / top_bm25
            + params.w_context * context / top_bm25
            + params.w_coverage * coverage
            + params.w_article * article_scores / top_article
        )
        if expected is not None and params.w_answer_type:
            texts = [self._sentence_text(int(d), int(s)) for d, s in zip(ids, slots)]
            scores = scores + params.w_answer_type * np.array([bool(expected.search(t)) for t in texts])
        scores = scores * recency_factor(self.view.dates, slots)  # hook (search/dated.py): 최근 prefers newer
        order = np.lexsort((ids, -scores))
        return [
            Candidate(
                int(ids[i]), int(slots[i]), float(scores[i]), float(values[i]),
                frozenset(tokens[r] for r in np.flatnonzero(member[0, :, i])), float(window_coverage[i]),
                frozenset(int(d) for d, ok in ((ids[i] - 1, prev_helps[i]), (ids[i] + 1, next_helps[i])) if ok),
            )
            for i in order.tolist()
        ]

    def _sentence_text(self, doc: int, slot: int) -> str:
        article = self.view.article(self.view.layout.slot_ids[slot])
        start, end = self.view.layout.span(doc)
        return article.text[start:end] if article else ""

    def term_mass(self, term: QueryTerm) -> tuple[float, bool]:
        """A term's weight in the question (its IDF × weight) and whether the corpus knows it.

        A word the corpus has never seen counts with the highest possible IDF:
        it is the most specific word of the question, not one to ignore, so
        "비트코인 전망" does not match on 전망 alone.
        """
        sentences = self.view.sentences
        if sentences.knows(term.token):
            return sentences.idf(term.token) * term.weight, True
        return math.log((sentences.n_alive + 0.5) / 0.5) * term.weight, False

    def coverage_function(self, terms: list[QueryTerm]):
        """IDF-weighted share of the question's concepts held, from a (terms × candidates) match matrix.

        Alternatives of one concept (소송/고소/제소 for "sue") cover it once, at
        the best alternative matched; a concept's full mass is its best
        alternative the corpus knows (unknown spellings only when none is known).
        """
        masses = [self.term_mass(t) for t in terms]
        groups: dict[str, list[int]] = {}
        for row, t in enumerate(terms):
            groups.setdefault(t.concept, []).append(row)
        full = {}
        for concept, rows in groups.items():
            known = [masses[r][0] for r in rows if masses[r][1]]
            full[concept] = max(known) if known else max(masses[r][0] for r in rows)
        total = sum(full.values()) or 1.0
        mass = np.array([m for m, _ in masses])

        def coverage(matched: np.ndarray) -> np.ndarray:
            got = np.zeros(matched.shape[1])
            for concept, rows in groups.items():
                best = (matched[rows] * mass[rows, None]).max(axis=0)
                got += np.minimum(best, full[concept])
            return got / total

        return coverage

    def is_relevant(self, best: Candidate) -> bool:
        return best.window_coverage >= self.params.min_coverage and best.bm25 >= self.params.min_score

    def passages(self, candidates: list[Candidate], terms: list[QueryTerm], k: int) -> list[Hit]:
        view, layout = self.view, self.view.layout
        hits: list[Hit] = []
        taken: dict[int, list[range]] = {}
        shown: set[str] = set()  # a sentence repeated in an article (or a copied article) is shown once
        for cand in candidates:
            if len(hits) >= k:
                break
            if hits and cand.score < self.params.min_relative * candidates[0].score:
                break
            article = view.article(layout.slot_ids[cand.slot])
            if article is None:
                continue
            doc_range = layout.sentence_range(cand.slot)
            if any(cand.doc in r for r in taken.get(cand.slot, [])):
                continue
            start, end = layout.span(cand.doc)
            sentence_key = "".join(article.text[start:end].split())
            if sentence_key in shown:
                continue
            shown.add(sentence_key)
            passage = build_passage(
                article.text, layout, cand.doc, doc_range, taken.get(cand.slot, []), self.params.max_passage_chars,
                cand.helpful,
            )
            taken.setdefault(cand.slot, []).append(passage.docs)
            hits.append(
                Hit(
                    article_id=article.id,
                    title=article.title,
                    source=article.source,
                    published=article.published,
                    url=article.url,
                    passage=passage.text,
                    sentence=article.text[start:end],
                    matched=sorted(cand.matched, key=lambda t: [q.token for q in terms].index(t)),
                    score=round(cand.score, 6),
                )
            )
        return hits
