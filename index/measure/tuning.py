"""Tuning the ranker's weights with cross-validation (used by ``scripts/tune_rank.py``).

For every question the ranker's candidates are computed once, with their
feature rows (:mod:`index.search.features`) and what each one would give if
shown: whether its sentence, and its passage, hold the answer in the
question's own article. A weight vector is then scored without asking again:
candidates are ordered by ``features @ weights``, candidates inside an
already shown passage are skipped, as the engine does.

Weights are fitted by gradient descent on a listwise loss (the probability,
under a softmax of the scores, that a right candidate comes first), which is
smooth and stable across folds; coordinate ascent on the figures themselves
was tried first and gave weights that changed from fold to fold.

Folds are drawn by article, so a held-out fold never shares an article with
the folds the weights were fitted on. Figures on held-out folds are
*out-of-fold*; figures with weights fitted on all of a set are *in-sample*.
"""
from __future__ import annotations

import argparse
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from index.engine import Engine
from index.engine.upkeep import SAMPLE_DIR
from index.measure.evaluate import Question, holds
from index.models import Article
from index.query.parse import parse_question
from index.query.vocabulary import IndexVocabulary
from index.query.words import answer_type
from index.search.features import FEATURES
from index.search.passage import answering_sentence, build_passage
from index.search.ranker import Ranker, RankParams
from index.text.tokenize import Tokenizer

TEMPERATURE = 0.5  # of the softmax over a question's candidates, in score units (bm25 of the best = 1)
SENTENCE_WEIGHT = 0.5  # the answer in the first sentence, next to the answer in the first passage
L2 = 1e-3
DEPTH = 10  # ranks looked at (MRR@10)


class Table(NamedTuple):
    """One question's candidates: features and outcomes, aligned."""

    group: str  # fold key: the question's article
    lang: str
    features: np.ndarray  # (candidates, FEATURES)
    sentence_right: np.ndarray  # its sentence holds the answer, own article
    passage_right: np.ndarray  # its passage (shown first) holds the answer, own article
    docs: np.ndarray  # sentence ids
    spans: np.ndarray  # (candidates, 2): sentence ids its passage covers, [lo, hi)
    concepts: int = 0  # how many concepts the relevance test counts (Ranker.counted_concepts)


class Figures(NamedTuple):
    answer_at_1: float
    answer_at_3: float
    sentence_at_1: float
    mrr_at_10: float

    def objective(self) -> float:
        return self.answer_at_1 + self.answer_at_3 + self.sentence_at_1 + self.mrr_at_10


def open_corpus(folder: Path, tokenizer: Tokenizer, params: RankParams, articles: list[Article]) -> Engine:
    """An engine on ``folder``, filled with ``articles`` the first time (kept between runs in a work folder)."""
    fresh = not folder.exists()
    engine = Engine.open(folder, tokenizer, params)
    if fresh:
        engine.add_articles(articles)
        engine.save_snapshot()
    return engine


def question_table(engine, question: Question, expand: bool = True) -> Table:
    """The candidates of one question as the product ranks them (with query expansion)."""
    resources = engine.query_resources() if expand else None
    with engine.lock:
        terms = parse_question(question.question, engine.tokenizer, resources, IndexVocabulary(engine.sentences))
        ranker = Ranker(engine.view(), engine.rank_params)
        expected = answer_type(question.question)
        candidates = ranker.rank(terms, expected) if terms else []
        layout = engine.layout
        rows, sentence_right, passage_right, docs, spans = [], [], [], [], []
        for cand in candidates:
            article = engine.article(layout.slot_ids[cand.slot])
            own = article is not None and article.id == question.article_id
            passage = build_passage(
                article.text, layout, cand.doc, layout.sentence_range(cand.slot), [],
                engine.rank_params.max_passage_chars, cand.helpful,
            ) if article else None
            answer = answering_sentence(article.text, layout, cand.doc, passage.docs, expected) if article else cand.doc
            start, end = layout.span(answer)  # the sentence a hit would show as its answer
            rows.append(cand.features)
            sentence_right.append(own and holds(article.text[start:end], question.answers))
            passage_right.append(own and passage is not None and holds(passage.text, question.answers))
            docs.append(cand.doc)
            spans.append((passage.docs.start, passage.docs.stop) if passage else (cand.doc, cand.doc + 1))
    width = len(FEATURES)
    return Table(
        question.article_id,
        question.lang,
        np.array(rows, dtype=np.float64).reshape(-1, width),
        np.array(sentence_right, dtype=bool),
        np.array(passage_right, dtype=bool),
        np.array(docs, dtype=np.int64),
        np.array(spans, dtype=np.int64).reshape(-1, 2),
        Ranker.counted_concepts(terms),
    )


def figures(tables: Sequence[Table], weights: np.ndarray) -> Figures:
    """What the engine would score with ``weights`` (no relevance threshold)."""
    a1 = a3 = s1 = rr = 0.0
    for table in tables:
        if len(table.docs) == 0:
            continue
        scores = table.features @ weights
        order = np.lexsort((table.docs, -scores))
        s1 += bool(table.sentence_right[order[0]])
        shown: list[tuple[int, int]] = []
        for index in order[: 4 * DEPTH]:
            doc = table.docs[index]
            if any(lo <= doc < hi for lo, hi in shown):
                continue
            if table.passage_right[index]:
                rank = len(shown)
                a1 += rank == 0
                a3 += rank < 3
                rr += 1.0 / (rank + 1)
                break
            shown.append(tuple(table.spans[index]))
            if len(shown) >= DEPTH:
                break
    n = max(1, len(tables))
    return Figures(a1 / n, a3 / n, s1 / n, rr / n)


class Packed(NamedTuple):
    """A set's tables as padded arrays: features (q, n, d), mask, passage and sentence outcomes (q, n)."""

    features: np.ndarray
    mask: np.ndarray
    passage: np.ndarray
    sentence: np.ndarray


def pack(tables: Sequence[Table]) -> Packed:
    """Questions with at least one right candidate (the others carry no signal), padded."""
    tables = [t for t in tables if t.passage_right.any() or t.sentence_right.any()]
    width = max((len(t.docs) for t in tables), default=1)
    shape = (len(tables), width)
    out = Packed(np.zeros(shape + (len(FEATURES),)), np.zeros(shape, bool), np.zeros(shape), np.zeros(shape))
    for i, t in enumerate(tables):
        n = len(t.docs)
        out.features[i, :n], out.mask[i, :n] = t.features, True
        out.passage[i, :n], out.sentence[i, :n] = t.passage_right, t.sentence_right
    return out


def _loss_gradient(weights: np.ndarray, sets: Sequence[Packed], temperature: float, sentence_weight: float):
    """Mean over sets of the listwise loss: −log P(a right candidate is first), P = softmax(scores / T)."""
    total, gradient = 0.0, np.zeros_like(weights)
    for packed in sets:
        z = np.where(packed.mask, packed.features @ weights / temperature, -1e9)
        e = np.exp(z - z.max(axis=1, keepdims=True))
        partition = e.sum(axis=1, keepdims=True)
        for labels, share in ((packed.passage, 1.0), (packed.sentence, sentence_weight)):
            has = labels.sum(axis=1) > 0
            right = (e * labels).sum(axis=1, keepdims=True)
            total -= share * np.mean(np.log(np.maximum(right[has, 0], 1e-300) / partition[has, 0])) / len(sets)
            push = e / partition - np.where(labels > 0, e / np.maximum(right, 1e-300), 0.0)
            gradient += share * np.einsum("qn,qnd->d", push[has], packed.features[has]) / has.sum() / temperature / len(sets)
    return total, gradient


def fit(
    sets: Sequence[Sequence[Table]], free: Sequence[str], start: np.ndarray | None = None,
    temperature: float = TEMPERATURE, sentence_weight: float = SENTENCE_WEIGHT, l2: float = L2, steps: int = 300,
) -> np.ndarray:
    """Weights that make a right candidate likely first, each set counting equally (Adam; bm25 stays 1).

    The answer in the first passage counts fully, the answer in the first
    sentence at ``sentence_weight``. Free features start at 0; the others
    keep their value in ``start`` (0 when not given).
    """
    packed = [pack(tables) for tables in sets]
    movable = np.array([name in free and name != "bm25" for name in FEATURES])
    fixed = start if start is not None else np.zeros(len(FEATURES))
    weights = np.where(movable, 0.0, fixed)
    weights[FEATURES.index("bm25")] = 1.0
    first, second = np.zeros_like(weights), np.zeros_like(weights)
    for step in range(1, steps + 1):
        _, gradient = _loss_gradient(weights, packed, temperature, sentence_weight)
        gradient = (gradient + 2 * l2 * weights) * movable
        first = 0.9 * first + 0.1 * gradient
        second = 0.999 * second + 0.001 * gradient**2
        weights = weights - 0.05 * (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
    return weights


def folds(tables: Sequence[Table], k: int, seed: int = 7) -> list[list[int]]:
    """Indices of ``tables`` in ``k`` folds, whole articles at a time."""
    groups = sorted({t.group for t in tables})
    random.Random(seed).shuffle(groups)
    fold_of = {g: i % k for i, g in enumerate(groups)}
    out: list[list[int]] = [[] for _ in range(k)]
    for index, table in enumerate(tables):
        out[fold_of[table.group]].append(index)
    return out


def cross_validate(
    sets: dict[str, Sequence[Table]], free: Sequence[str], k: int = 5, start: np.ndarray | None = None,
    log: Callable[[str], None] = lambda line: None,
) -> tuple[dict[str, list[tuple[Table, np.ndarray]]], list[np.ndarray]]:
    """Every table with the weights fitted on the other folds (of every set), and the fitted weights."""
    split = {name: folds(tables, k) for name, tables in sets.items()}
    held_out: dict[str, list[tuple[Table, np.ndarray]]] = {name: [] for name in sets}
    fitted = []
    for fold in range(k):
        train = [[tables[i] for f in range(k) if f != fold for i in split[name][f]] for name, tables in sets.items()]
        weights = fit(train, free, start)
        fitted.append(weights)
        log(f"fold {fold}: " + " ".join(f"{n}={w:g}" for n, w in zip(FEATURES, weights)))
        for name, tables in sets.items():
            held_out[name] += [(tables[i], weights) for i in split[name][fold]]
    return held_out, fitted


def out_of_fold(pairs: Sequence[tuple[Table, np.ndarray]]) -> Figures:
    """Figures of tables each scored with its own weights."""
    parts = [figures([table], weights) for table, weights in pairs]
    n = max(1, len(parts))
    return Figures(*(sum(p[j] for p in parts) / n for j in range(4)))


def data_arguments(description: str) -> argparse.ArgumentParser:
    """The command line both tuning scripts share: KorQuAD, news articles and their questions."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--squad", type=Path, required=True)
    parser.add_argument("--news", type=Path, required=True)
    parser.add_argument("--questions", type=Path, action="append", required=True)
    parser.add_argument("--bundled", type=Path, default=SAMPLE_DIR)
    parser.add_argument("--work", type=Path, help="keep the corpora here between runs")
    return parser
