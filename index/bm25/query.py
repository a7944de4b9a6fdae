"""A question resolved against one index: its posting lists, factors and concepts, ready for the kernels.

Each concept's alternatives become lists: a term's main-segment postings
and, when it has some, its delta postings (documents are in one or the
other, so taking the best list per concept is the best alternative). A
:class:`Query` is valid while the index is not changed (the engine holds
its lock while ranking).
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from index.bm25 import lookup, prune
from index.bm25.jit import compile_kernels
from index.bm25.scoring import Scored

Concepts = Sequence[Sequence[tuple[str, float]]]
EMPTY_DOCS = np.zeros(0, dtype=np.int64)


class Query:
    def __init__(self, index, concepts: Concepts):
        """``index``: the :class:`index.bm25.okapi.BM25Index` asked (not imported here: it imports this module)."""
        self.index = index
        main = index.main
        params, self.avgdl = index.params, index.avgdl()
        scale = max(1.0, self.avgdl / float(main.bound_ref[0]))  # the bounds were computed at bound_ref's avgdl
        src, start, end, factor, ub, c_first = [], [], [], [], [], [0]
        delta_docs: list[int] = []
        delta_tfs: list[int] = []
        vocab, df, offsets, max_part, delta = index.vocab, index.df, main.offsets, main.max_part, index.delta
        n_known, n_main = len(df), main.n_terms
        for alternatives in concepts:
            for term, weight in alternatives:
                term_id = vocab.get(term)
                if term_id is None or term_id >= n_known or not weight:
                    continue
                idf = index.idf_of_df(int(df[term_id]))
                if idf == 0.0:
                    continue
                if term_id < n_main:
                    lo, hi = int(offsets[term_id]), int(offsets[term_id + 1])
                    if hi > lo:
                        src.append(0), start.append(lo), end.append(hi), factor.append(weight * idf)
                        ub.append(weight * idf * float(max_part[term_id]) * scale)
                extra = delta.get(term_id)
                if extra:
                    docs, tfs = extra
                    src.append(1), start.append(len(delta_docs)), factor.append(weight * idf)
                    delta_docs.extend(docs), delta_tfs.extend(tfs)
                    end.append(len(delta_docs))
                    ub.append(weight * idf * self._delta_bound(tfs, index.doc_len[docs]))
            if len(src) > c_first[-1]:
                c_first.append(len(src))
        self.src = np.array(src, dtype=np.int8)
        self.start, self.end = np.array(start, dtype=np.int64), np.array(end, dtype=np.int64)
        self.factor, self.ub = np.array(factor, dtype=np.float64), np.array(ub, dtype=np.float64)
        self.c_first = np.array(c_first, dtype=np.int64)
        self.n_postings = sum(end) - sum(start)
        if delta_docs:
            self.delta_docs, self.delta_tfs = np.array(delta_docs, dtype=np.int32), np.array(delta_tfs, dtype=np.int32)
            self.delta_lens = index.doc_len[self.delta_docs].astype(np.int32)
        else:
            self.delta_docs = self.delta_tfs = self.delta_lens = np.zeros(0, dtype=np.int32)  # the kernels only read them
        self.prunable = all(f > 1e-200 for f in factor) and params.k1 >= 0 and 0 <= params.b <= 1

    def _delta_bound(self, tfs: list[int], lengths: np.ndarray) -> float:
        """The largest term-frequency part of a delta list (infinite when no live document has a length)."""
        if self.avgdl <= 0:
            return float("inf")
        k1, b = self.index.params.k1, self.index.params.b
        tf = np.array(tfs, dtype=np.float64)
        return float((tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * lengths.astype(np.float64) / self.avgdl))).max())

    @property
    def n_concepts(self) -> int:
        return len(self.c_first) - 1

    def lists(self, concept: int) -> list[tuple[np.ndarray, np.ndarray, np.ndarray, float]]:
        """(docs, tfs, document lengths, factor) of each list of a concept."""
        main = self.index.main
        out = []
        for j in range(int(self.c_first[concept]), int(self.c_first[concept + 1])):
            lo, hi = int(self.start[j]), int(self.end[j])
            if self.src[j] == 0:
                docs, tfs, lens = main.docs, main.tfs, main.lens
            else:
                docs, tfs, lens = self.delta_docs, self.delta_tfs, self.delta_lens
            out.append((docs[lo:hi], tfs[lo:hi], lens[lo:hi], float(self.factor[j])))
        return out

    def top(self, k: int, exhaustive: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Ids and exact scores of the k best documents, best first (ties: lower id first).

        Pruned (MaxScore) unless ``exhaustive`` (default: the index's
        ``exhaustive`` switch) or the bounds do not hold (a factor that is not
        positive, ``b`` outside [0, 1]).
        """
        if k <= 0 or self.n_concepts == 0:
            return EMPTY_DOCS, np.zeros(0)
        if exhaustive is None:
            exhaustive = self.index.exhaustive
        small = self.n_postings <= self.index.prune_above  # pruning would cost more than it saves
        if exhaustive or small or not self.prunable:
            with self.scored() as scored:
                return scored.top(k)
        return self.pruned_top(k)[:2]

    def pruned_top(self, k: int) -> tuple[np.ndarray, np.ndarray, int]:
        """:meth:`top` with pruning, and the number of documents it scored exactly (for tests and the bench).

        One thread: scoring two halves of the document ids on two cores (tried with the accumulator arrays
        this replaced) made the p95 at 1M worse once the merges made a question's work small: 0.674 ms
        against 0.570 single-threaded, interleaved with bm25s in ``python -m index bench``.
        """
        compile_kernels()
        idx, p = self.index, self.index.params
        main, buffers = idx.main, idx.buffers
        with buffers.lock:
            buffers.ensure_runs(idx.n_docs, prune.RUN_ROWS)
            return prune.taat_top(
                k, main.docs, main.tfs, main.lens, self.delta_docs, self.delta_tfs, self.delta_lens, self.src,
                self.start, self.end, self.factor, self.ub, self.c_first, idx.doc_len, idx.alive,
                idx.n_alive < idx.n_docs, p.k1, p.b, self.avgdl, buffers.run_docs, buffers.run_vals, prune.KEEP,
            )

    def scores(self, docs: np.ndarray) -> np.ndarray:
        """Exact scores of ``docs`` (0 for documents that match nothing, are removed or do not exist)."""
        docs = np.asarray(docs, dtype=np.int64)
        if self.n_concepts == 0 or len(docs) == 0:
            return np.zeros(len(docs))
        compile_kernels()
        idx, p = self.index, self.index.params
        main = idx.main
        return lookup.scores_of(
            docs, main.docs, main.tfs, self.delta_docs, self.delta_tfs, self.src, self.start, self.end, self.factor,
            self.c_first, idx.doc_len, idx.alive[: idx.n_docs], p.k1, p.b, self.avgdl,
        )

    def scored(self) -> Scored:
        """Exhaustive scoring of every matching document (a context manager holding the index's buffers)."""
        idx, p = self.index, self.index.params
        return Scored(idx.buffers, idx.n_docs, [self.lists(c) for c in range(self.n_concepts)],
                      (idx.alive, p.k1, p.b, self.avgdl))


def contains(index, term: str, docs: np.ndarray) -> np.ndarray:
    """Which of ``docs`` are live documents that hold ``term``: binary search, no posting list copied."""
    return contains_each(index, [term], docs)[0]


def contains_each(index, terms: Sequence[str], docs: np.ndarray) -> np.ndarray:
    """(terms × docs): which of ``docs`` are live documents holding each term, in one kernel call."""
    docs = np.asarray(docs, dtype=np.int64)
    if len(terms) == 0 or len(docs) == 0:
        return np.zeros((len(terms), len(docs)), dtype=bool)
    lo, hi = np.zeros(len(terms), dtype=np.int64), np.zeros(len(terms), dtype=np.int64)
    delta_lo, delta_hi = np.zeros(len(terms), dtype=np.int64), np.zeros(len(terms), dtype=np.int64)
    delta_docs: list[int] = []
    for row, term in enumerate(terms):
        term_id = index.vocab.get(term)
        if term_id is None:
            continue
        lo[row], hi[row] = index.main.term_range(term_id)
        extra = index.delta.get(term_id)
        delta_lo[row] = len(delta_docs)
        if extra:
            delta_docs.extend(extra[0])
        delta_hi[row] = len(delta_docs)
    compile_kernels()
    return lookup.contains_terms(docs, index.main.docs, lo, hi, np.array(delta_docs, dtype=np.int32), delta_lo, delta_hi,
                                 index.alive[: index.n_docs])
