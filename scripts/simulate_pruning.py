"""How much more could pruning skip? Two ideas, counted (not timed) on the bench's corpus before building them.

    .venv/bin/python scripts/simulate_pruning.py [--sentences 1000000] [--splits 0.5,0.75,0.9,0.99]

Builds the bench's corpus (KorQuAD dev + the bundled corpus, tokenized once and replicated; see
``index.measure.bench``) and asks its 200 questions. For the questions over ``--tail`` postings it counts,
with numpy and the final k-th score known in advance (an oracle: no real run knows it earlier):

1. *the threshold:* at which concept the first phase of :mod:`index.bm25.prune` could stop at the earliest,
   against where it stops with the per-term bounds it has;
2. *impact-split lists:* a frequent term's list taken as two, its postings above the q-th percentile
   contribution as a short list holding the excess, and the whole list capped at that percentile (their bounds
   add up to the term's). The same term-at-a-time MaxScore is counted on both versions: postings added in the
   first phase, candidates left, postings walked and candidates searched while completing them.
"""
from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

import numpy as np

from index.bm25.prune import MARGIN, WALK
from index.engine import Engine
from index.engine.live import Indexed
from index.measure.bench import load_sources, query_tokens, replicate
from index.storage.articles import index_key
from index.text.tokenize import Tokenizer, load_kiwi

TOP = 10


def build(folder: Path, sentences: int) -> tuple[Engine, list[list[str]]]:
    kiwi = load_kiwi()
    source = Engine.open(folder / "source", Tokenizer(kiwi))
    articles, tokenized, questions = load_sources(source)
    random.Random(11).shuffle(questions)  # the bench's 200 questions
    copies, copy_tokens, _ = replicate(articles, tokenized, sentences)
    engine = Engine.open(folder / "corpus", Tokenizer(kiwi))
    engine.add_tokenized(copies, copy_tokens, index=False)
    engine.live.add([Indexed(a.id, index_key(a.title, a.text), t) for a, t in zip(copies, copy_tokens)])
    return engine, [query_tokens(engine, q) for q in questions[:200]]


def term_lists(index, query, split: float | None, min_df: int) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """(docs, contributions, bound) per list; a term of ``min_df`` postings or more split at quantile ``split``."""
    p, out = index.params, []
    for concept in range(query.n_concepts):
        for j, (docs, tfs, lens, factor) in enumerate(query.lists(concept), start=int(query.c_first[concept])):
            tf, dl = tfs.astype(float), lens.astype(float)
            value = factor * tf * (p.k1 + 1) / (tf + p.k1 * (1 - p.b + p.b * dl / query.avgdl))
            docs, bound = docs.astype(np.int64), float(query.ub[j])
            if split is not None and len(docs) >= min_df:
                cap = float(np.quantile(value, split))
                high = value > cap
                out += [(docs[high], value[high] - cap, bound - cap), (docs, np.minimum(value, cap), cap)]
            else:
                out.append((docs, value, bound))
    return out


def maxscore_work(lists, theta: float, n_docs: int) -> dict[str, int]:
    """Term-at-a-time MaxScore as index.bm25.prune runs it, counted, with the final threshold known."""
    order = sorted(range(len(lists)), key=lambda i: -lists[i][2])
    bounds = np.array([lists[i][2] for i in order])
    rest = np.concatenate([np.cumsum(bounds[::-1])[::-1], [0.0]])
    acc, touched = np.zeros(n_docs), np.zeros(n_docs, dtype=bool)
    added = done = 0
    for i, at in enumerate(order):
        if rest[i] * MARGIN <= theta:
            break
        docs, values, _ = lists[at]
        np.add.at(acc, docs, values)
        touched[docs] = True
        added, done = added + len(docs), i + 1
    remaining = rest[done]
    candidates = np.flatnonzero(touched & ((acc + remaining) * MARGIN > theta))
    left_at_start, walked, searched = len(candidates), 0, 0
    for at in sorted(order[done:], key=lambda i: len(lists[i][0])):
        docs, values, bound = lists[at]
        if len(docs) <= WALK * len(candidates):
            walked += len(docs)
        else:
            searched += len(candidates)
        held = np.isin(docs, candidates)
        np.add.at(acc, docs[held], values[held])
        remaining -= bound
        candidates = candidates[(acc[candidates] + remaining) * MARGIN > theta]
    return {"added": added, "concepts": done, "candidates": left_at_start, "walked": walked, "searched": searched}


def actual_stop(index, concepts, lists, n_docs: int) -> int:
    """Where the first phase stops with the thresholds it finds (index.bm25.prune.taat_top, step 1)."""
    order = sorted(range(len(lists)), key=lambda i: -lists[i][2])
    bounds = np.array([lists[i][2] for i in order])
    rest = np.concatenate([np.cumsum(bounds[::-1])[::-1], [0.0]])
    acc, theta, top = np.zeros(n_docs), 0.0, 0.0
    for i, at in enumerate(order):
        touched = np.flatnonzero(acc)
        if len(touched) >= TOP and rest[i] * MARGIN <= top:
            theta = max(theta, float(np.sort(acc[touched])[-TOP]))
            if rest[i] * MARGIN <= theta:
                return i
        docs, values, _ = lists[at]
        np.add.at(acc, docs, values)
        touched = np.flatnonzero(acc)
        top = max(top, float(acc.max()))
        done = i + 1
        if len(touched) >= TOP and done < len(order) and done & (done - 1) == 0:
            best = touched[np.argsort(-acc[touched])[:TOP]]
            theta = max(theta, float(index.scores_of(concepts, best).min()))
            top = max(top, theta)
    return len(order)


def earliest_stop(lists, theta: float) -> int:
    bounds = np.sort(np.array([b for _, _, b in lists]))[::-1]
    rest = np.concatenate([np.cumsum(bounds[::-1])[::-1], [0.0]])
    return int(np.argmax(rest * MARGIN <= theta))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=1_000_000)
    parser.add_argument("--splits", default="0.5,0.75,0.9,0.99")
    parser.add_argument("--min-df", type=int, default=4096, help="terms with this many postings or more are split")
    parser.add_argument("--tail", type=int, default=100_000, help="questions with more postings are counted")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsqa-prune-") as tmp:
        engine, asked = build(Path(tmp), args.sentences)
        index = engine.sentences
        tail, tail_tokens = [], []
        for tokens in asked:
            query = index.query([[(t, 1.0)] for t in tokens])
            if int((query.end - query.start).sum()) > args.tail:
                tail.append((query, float(index.search([[(t, 1.0)] for t in tokens], TOP, exhaustive=True)[1][-1])))
                tail_tokens.append(tokens)
        print(f"{len(tail)} questions over {args.tail:,} postings")
        gaps = []
        for (query, theta), tokens in zip(tail, tail_tokens):
            lists = term_lists(index, query, None, 0)
            gaps.append(actual_stop(index, [[(t, 1.0)] for t in tokens], lists, index.n_docs) - earliest_stop(lists, theta))
        stops = {int(gap): int(n) for gap, n in zip(*np.unique(gaps, return_counts=True))}
        print(f"threshold: the first phase stops this many concepts after the earliest possible: {stops} (questions)")
        variants = [("as built", None)] + [(f"split at {s}", float(s)) for s in args.splits.split(",")]
        for label, split in variants:
            works = [maxscore_work(term_lists(index, q, split, args.min_df), theta, index.n_docs) for q, theta in tail]
            work = sorted(w["added"] + w["walked"] + 8 * w["searched"] for w in works)
            sums = {k: sum(w[k] for w in works) for k in ("added", "candidates", "walked", "searched")}
            print(f"{label:13} work (postings added + walked + 8 x candidates searched) p50 {work[len(work) // 2]:,} "
                  f"p95 {work[int(0.95 * len(work))]:,}; sums {sums}")


if __name__ == "__main__":
    main()
