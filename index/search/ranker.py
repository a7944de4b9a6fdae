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
from index.query.answers import ExpectedAnswer
from index.query.parse import QueryTerm
from index.query.words import GENERIC_QUESTION_WORDS
from index.search.dated import recency_factor, within_period
from index.search.features import (
    FEATURES, ConceptMass, Evidence, concept_function, concept_mass, coverage_function, dominant_function,
    feature_matrix, in_title, normalize_title, window_member,
)
from index.search.passage import answering_sentence, build_passage
from index.search.view import IndexView
from index.search.wire import attach_also, collapse_copies


class RankParams(BaseModel):
    """Ranking knobs: BM25 parameters and the weight of each feature (see scripts/tune_rank.py)."""

    k1: float = 1.2
    b: float = 0.75
    article_k1: float = 1.2
    article_b: float = 0.75
    candidates: int = 35  # BM25 sentences re-ranked: 50 and 100 answered no better (news, KorQuAD), 25 worse on news
    w_bm25: float = 1.0
    w_context: float = 0.5
    w_coverage: float = 0.83
    w_window_coverage: float = 1.74
    w_article: float = 1.98
    w_article_coverage: float = 1.54
    w_title_coverage: float = 3.23
    w_answer_type: float = 0.9  # the sentence holds the kind of thing asked for (a date for 언제 …)
    w_lead: float = -0.94
    w_short_article: float = -1.0  # fixed, not fitted: the data has no such articles (see features.py)
    w_typed_context: float = 0.09
    w_window_concepts: float = 0.0
    w_beyond_title: float = 2.15  # the question's words the title lacks (a news lead repeats the title)
    w_window_dominant: float = 0.0
    w_article_held: float = 0.0  # for the relevance test only
    min_coverage: float = 0.35  # share of the question's IDF mass a passage's window must hold
    min_concepts: int = 2  # and this many of its concepts, or all when it has fewer (see calibrate_threshold.py)
    min_relative: float = 0.6  # later hits must also score at least this share of the first (0.7 kept no more answers in the top 3)
    later_coverage: float = 0.75  # and hold this share of min_coverage
    dominant_share: float = 0.4  # a concept with this share of the question's IDF mass must be in every passage's window
    min_article_coverage: float = 0.4  # and the passage's article this share of it, anywhere (see calibrate_threshold.py)
    # An English question is rendered into Korean words, and loses some on the way (Black Desert is 검은사막, no
    # dictionary's 블랙 + 사막): its passages pass at lower bars (:meth:`for_english`).
    english_min_coverage: float = 0.2
    english_min_article_coverage: float = 0.3
    max_passage_chars: int = 400

    def weights(self) -> np.ndarray:
        return np.array([getattr(self, f"w_{name}") for name in FEATURES])

    def for_english(self) -> RankParams:
        """These parameters with the relevance bars of an English question (never higher than the Korean ones)."""
        return self.model_copy(update={"min_coverage": min(self.min_coverage, self.english_min_coverage),
                                       "min_article_coverage": min(self.min_article_coverage,
                                                                   self.english_min_article_coverage)})


class Candidate(NamedTuple):
    doc: int
    slot: int
    score: float
    bm25: float
    matched: frozenset[str]
    window_coverage: float
    helpful: frozenset[int]  # neighbouring sentences that hold question terms
    features: tuple[float, ...] = ()  # one value per name in FEATURES
    specific: bool = True  # the window holds a concept other than the generic words (소식, news: "news about")
    text: str | None = None  # the sentence (None: not read yet)
    missing: frozenset[str] = frozenset()  # the question's names its article never says (see absent_concepts)


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

    @staticmethod
    def counted_concepts(terms: list[QueryTerm]) -> int:
        """The concepts the relevance test counts: not the words that only say "news about" (소식, 근황 in
        "테슬라 소식", "Tesla news", see :data:`index.query.words.GENERIC_QUESTION_WORDS`). A question of nothing else
        ("요즘 소식 알려줘") counts none, and gets no passage: it does not say what about."""
        return len({t.concept for t in terms} - GENERIC_QUESTION_WORDS)

    def search(self, terms: list[QueryTerm], k: int, expected: ExpectedAnswer | None = None) -> list[Hit]:
        """The ``k`` best passages for the parsed question (``expected``: what a sentence must hold)."""
        if not terms or self.view.sentences.n_alive == 0:
            return []
        concepts = self.counted_concepts(terms)
        if concepts == 0:
            return []
        candidates = [c for c in self.rank(terms, expected) if self.is_relevant(c, concepts, later=True)]
        lead = next((i for i, c in enumerate(candidates) if self.is_relevant(c, concepts)), None)
        if lead is None:
            return []
        shown = collapse_copies(candidates[lead:], self.view)  # hook (search/wire.py): one copy per story, others in `also`
        return attach_also(self.passages(shown.candidates, terms, k, expected), shown)

    def rank(self, terms: list[QueryTerm], expected: ExpectedAnswer | None = None) -> list[Candidate]:
        """Candidates scored by the weighted features of :mod:`index.search.features`, best first.

        ``expected`` is what kind of answer is asked for (a date for 언제, a number for 얼마 …).
        """
        evidence = self.evidence(terms)
        if evidence is None:
            return []
        tokens = [t.token for t in terms]
        masses = concept_mass(self.view.sentences, terms)
        features = feature_matrix(
            evidence, coverage_function(masses), concept_function(masses), expected,
            dominant_function(masses, self.params.dominant_share),
        )
        scores = (features @ self.params.weights()) * recency_factor(self.view.dates, evidence.slots)  # hook: 최근
        window_coverage = features[:, FEATURES.index("window_coverage")]
        member, ids = evidence.member, evidence.ids
        prev_helps = (member[1] & evidence.has_prev).any(axis=0)
        next_helps = (member[2] & evidence.has_next).any(axis=0)
        order = np.lexsort((ids, -scores))
        held = [frozenset(t for t, here in zip(tokens, column) if here) for column in member[0].T.tolist()]
        id_list, slot_list, score_list = ids.tolist(), evidence.slots.tolist(), scores.tolist()
        bm25_list, coverage_list, rows = evidence.bm25.tolist(), window_coverage.tolist(), features.tolist()
        prev_list, next_list = prev_helps.tolist(), next_helps.tolist()
        specific = self._holds_specific(terms, evidence).tolist()
        missing = absent_concepts(masses, evidence.article_member, {t.concept for t in terms if t.proper})
        return [
            Candidate(
                id_list[i], slot_list[i], score_list[i], bm25_list[i], held[i], coverage_list[i],
                frozenset(d for d, ok in ((id_list[i] - 1, prev_list[i]), (id_list[i] + 1, next_list[i])) if ok),
                tuple(rows[i]), specific[i], evidence.texts[i], missing[i],
            )
            for i in order.tolist()
        ]

    @staticmethod
    def _holds_specific(terms: list[QueryTerm], evidence: Evidence) -> np.ndarray:
        """Per candidate: its window holds a term of a concept that is not a generic word (a window of 스토리
        alone is no answer to "flurbo story", however rare 스토리 is)."""
        rows = [r for r, t in enumerate(terms) if t.concept not in GENERIC_QUESTION_WORDS]
        return window_member(evidence)[rows].any(axis=0)

    def evidence(self, terms: list[QueryTerm]) -> Evidence | None:
        """BM25 of the best sentences, of their neighbours and articles, and where each term occurs."""
        sentences, layout, params = self.view.sentences, self.view.layout, self.params
        concepts = self.concepts(terms)
        query = sentences.query(concepts)
        ids, values = query.top(params.candidates)  # exact top k, pruned (MaxScore)
        if self.view.dates is not None and self.view.dates.within is not None:  # hook (search/dated.py)
            with sentences.score(concepts) as scored:  # a period filter ranks every sentence of the period
                doc_slot = np.frombuffer(layout.doc_slot, dtype=np.int32)
                ids, values = within_period(self.view.dates, scored, doc_slot, ids, values, params.candidates)
                del doc_slot  # a view of the layout's array, which cannot grow while one is alive
        if len(ids) == 0:
            return None
        slots = np.array([layout.doc_slot[d] for d in ids.tolist()], dtype=np.int64)
        first = np.array([layout.slot_first[s] for s in slots.tolist()], dtype=np.int64)
        count = np.array([layout.slot_count[s] for s in slots.tolist()], dtype=np.int64)
        has_prev, has_next = ids - 1 >= first, ids + 1 < first + count
        before, after = np.split(query.scores(np.concatenate([ids - 1, ids + 1])), 2)
        context = np.maximum(np.where(has_prev, before, 0.0), np.where(has_next, after, 0.0))
        article_scores = self.view.articles.scores_of(concepts, slots)
        tokens = [t.token for t in terms]
        around = np.concatenate([ids - 1, ids, ids + 1])  # previous, sentence, next
        held = sentences.contains_each(tokens, around).reshape(len(tokens), 3, len(ids))  # previous, sentence, next
        member = np.ascontiguousarray(held.transpose(1, 0, 2)[[1, 0, 2]])  # sentence, previous, next
        article_member = self.view.articles.contains_each(tokens, slots)
        cards = self.view.cards_at(sorted(set(slots.tolist())))  # titles and sentences only, not whole articles
        titles = {s: normalize_title(cards[s].title) if s in cards else "" for s in set(slots.tolist())}
        title_member = np.array([[in_title(token, titles[s]) for s in slots.tolist()] for token in tokens], dtype=bool)
        return Evidence(
            ids, slots, values, context, article_scores, member, has_prev, has_next, ids - first,
            article_member, title_member.reshape(len(tokens), len(ids)),
            self.view.articles.doc_len[slots].astype(np.float64), self.view.sentence_texts(ids.tolist()),
        )

    def is_relevant(self, candidate: Candidate, concepts: int, later: bool = False) -> bool:
        """The relevance test of every shown passage: its window (the sentence and its neighbours)
        holds ``min_coverage`` of the question's IDF mass and ``min_concepts`` of its ``concepts``
        (all of them when it has fewer), and its article ``min_article_coverage`` of that mass, anywhere.
        A passage after the first (``later``) must also score
        ``min_relative`` of the first; its coverage bar is then ``later_coverage`` × ``min_coverage``.
        The window must hold more than generic words (:attr:`Candidate.specific`).
        """
        held = candidate.features[FEATURES.index("window_concepts")] if candidate.features else math.inf
        dominant = candidate.features[FEATURES.index("window_dominant")] if candidate.features else 1.0
        article = candidate.features[FEATURES.index("article_held")] if candidate.features else 1.0
        bar = self.params.min_coverage * (self.params.later_coverage if later else 1.0)
        return (candidate.window_coverage >= bar and held >= min(self.params.min_concepts, concepts) and dominant > 0
                and article >= self.params.min_article_coverage and candidate.specific)

    def passages(
        self, candidates: list[Candidate], terms: list[QueryTerm], k: int, expected: ExpectedAnswer | None = None,
    ) -> list[Hit]:
        """Hits for the best candidates: each a passage around its sentence, and the sentence that answers."""
        view, layout = self.view, self.view.layout
        hits: list[Hit] = []
        taken: dict[int, list[range]] = {}
        shown: set[str] = set()  # a sentence repeated in an article (or a copied article) is shown once
        for cand in candidates:
            if len(hits) >= k:
                break
            if hits and cand.score < self.params.min_relative * candidates[0].score:
                break  # candidates come best first: none after this one scores enough
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
            answer_start, answer_end = layout.span(answering_sentence(article.text, layout, cand.doc, passage.docs, expected))
            hits.append(
                Hit(
                    article_id=article.id,
                    title=article.title,
                    source=article.source,
                    published=article.published,
                    url=article.url,
                    passage=passage.text,
                    sentence=article.text[answer_start:answer_end],
                    matched=sorted(cand.matched, key=lambda t: [q.token for q in terms].index(t)),
                    score=round(cand.score, 6),
                    missing=[c for c in dict.fromkeys(t.concept for t in terms) if c in cand.missing],
                )
            )
        return hits


MISSING_SHARE = 0.1  # a name with this share of the question's IDF mass is one a reader looks for


def absent_concepts(masses: ConceptMass, article_member: np.ndarray, names: set[str]) -> list[frozenset[str]]:
    """Per candidate: the names the question was typed with (``names``: proper nouns, Latin letters, with
    ``MISSING_SHARE`` of its IDF mass or more) that its article holds nowhere, in no alternative. "삼성전자 1분기
    영업이익" answered from another company's results says so under the passage, as a search engine's "Missing:"
    does. Other words are not listed: a question's frame (장소, 이름, 직책 in "…맡은 직책은?") is often
    answered in other words."""
    total = masses.total
    main = [(concept, rows) for concept, rows in masses.groups.items()
            if concept in names and masses.full[concept] >= MISSING_SHARE * total]
    held = {concept: article_member[rows].any(axis=0) for concept, rows in main}
    return [frozenset(concept for concept, _ in main if not held[concept][i]) for i in range(article_member.shape[1])]
