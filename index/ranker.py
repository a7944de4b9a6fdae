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
from typing import TYPE_CHECKING, NamedTuple

import numpy as np
from pydantic import BaseModel

from index.models import Hit
from index.passage import build_passage
from index.query import QueryTerm, parse_question

if TYPE_CHECKING:  # pragma: no cover
    from index.engine import Engine


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
    min_relative: float = 0.4  # later hits must score at least this share of the first
    max_passage_chars: int = 400


class Candidate(NamedTuple):
    doc: int
    slot: int
    score: float
    bm25: float
    matched: frozenset[str]
    window_coverage: float


class Ranker:
    def __init__(self, engine: "Engine", params: RankParams):
        self.engine = engine
        self.params = params

    @staticmethod
    def concepts(terms: list[QueryTerm]) -> list[list[tuple[str, float]]]:
        groups: dict[str, list[tuple[str, float]]] = {}
        for t in terms:
            groups.setdefault(t.concept, []).append((t.token, t.weight))
        return list(groups.values())

    def search(self, question: str, k: int) -> list[Hit]:
        terms = parse_question(question, self.engine.tokenizer, self.engine.query_resources())
        if not terms or self.engine.sentences.n_alive == 0:
            return []
        candidates = self.rank(terms)
        if not candidates or not self.is_relevant(candidates[0]):
            return []
        return self.passages(candidates, terms, k)

    def rank(self, terms: list[QueryTerm]) -> list[Candidate]:
        sentences, layout, params = self.engine.sentences, self.engine.layout, self.params
        concepts = self.concepts(terms)
        ids, values, dense = sentences.search_concepts(concepts, params.candidates)
        if len(ids) == 0:
            return []
        _, _, article_dense = self.engine.articles_bm25.search_concepts(concepts, 1)
        top_bm25 = float(values[0]) or 1.0
        slots = [layout.doc_slot[d] for d in ids]
        article_scores = np.array([article_dense[s] for s in slots])
        top_article = float(article_scores.max()) or 1.0
        coverage_of = self.coverage_function(terms)
        postings = {t.token: sentences.postings(t.token)[0] for t in terms}
        out = []
        for doc, bm25, slot, article_score in zip(ids.tolist(), values.tolist(), slots, article_scores):
            doc_range = layout.sentence_range(slot)
            neighbours = [d for d in (doc - 1, doc + 1) if d in doc_range]
            context = max((float(dense[d]) for d in neighbours), default=0.0)
            matched = frozenset(t for t, docs in postings.items() if _holds(docs, doc))
            window = matched | {t for t, docs in postings.items() for d in neighbours if _holds(docs, d)}
            coverage = coverage_of(matched)
            window_coverage = coverage_of(window)
            score = (
                bm25 / top_bm25
                + params.w_context * context / top_bm25
                + params.w_coverage * coverage
                + params.w_article * article_score / top_article
            )
            out.append(Candidate(doc, slot, score, bm25, matched, window_coverage))
        out.sort(key=lambda c: (-c.score, c.doc))
        return out

    def term_mass(self, term: QueryTerm) -> tuple[float, bool]:
        """A term's weight in the question (its IDF × weight) and whether the corpus knows it.

        A word the corpus has never seen counts with the highest possible IDF:
        it is the most specific word of the question, not one to ignore, so
        "비트코인 전망" does not match on 전망 alone.
        """
        sentences = self.engine.sentences
        term_id = sentences.vocab.get(term.token)
        if term_id is not None and sentences.df[term_id] > 0:
            return sentences.idf(term.token) * term.weight, True
        return math.log((sentences.n_alive + 0.5) / 0.5) * term.weight, False

    def coverage_function(self, terms: list[QueryTerm]):
        """IDF-weighted share of the question's concepts that a set of matched terms covers.

        Alternatives of one concept (소송/고소/제소 for "sue") cover it once, at
        the best alternative matched; a concept's full mass is its best
        alternative the corpus knows (unknown spellings only when none is known).
        """
        masses = {t.token: self.term_mass(t) for t in terms}
        concepts: dict[str, list[str]] = {}
        for t in terms:
            concepts.setdefault(t.concept, []).append(t.token)
        full = {}
        for concept, tokens in concepts.items():
            known = [masses[x][0] for x in tokens if masses[x][1]]
            full[concept] = max(known) if known else max(masses[x][0] for x in tokens)
        total = sum(full.values()) or 1.0

        def coverage(matched) -> float:
            got = 0.0
            for concept, tokens in concepts.items():
                hits = [masses[x][0] for x in tokens if x in matched]
                if hits:
                    got += min(max(hits), full[concept])
            return got / total

        return coverage

    def is_relevant(self, best: Candidate) -> bool:
        return best.window_coverage >= self.params.min_coverage and best.bm25 >= self.params.min_score

    def passages(self, candidates: list[Candidate], terms: list[QueryTerm], k: int) -> list[Hit]:
        engine, layout = self.engine, self.engine.layout
        hits: list[Hit] = []
        taken: dict[int, list[range]] = {}
        for cand in candidates:
            if len(hits) >= k:
                break
            if hits and cand.score < self.params.min_relative * candidates[0].score:
                break
            article = engine.article(layout.slot_ids[cand.slot])
            if article is None:
                continue
            doc_range = layout.sentence_range(cand.slot)
            if any(cand.doc in r for r in taken.get(cand.slot, [])):
                continue
            passage = build_passage(
                article.text, layout, cand.doc, doc_range, taken.get(cand.slot, []), self.params.max_passage_chars
            )
            taken.setdefault(cand.slot, []).append(passage.docs)
            start, end = layout.span(cand.doc)
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


def _holds(sorted_docs: np.ndarray, doc: int) -> bool:
    """Whether ``doc`` is in a sorted postings list."""
    pos = int(np.searchsorted(sorted_docs, doc))
    return pos < len(sorted_docs) and int(sorted_docs[pos]) == doc
