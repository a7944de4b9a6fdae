"""Exhaustive scoring of one question, accumulated in buffers the index reuses.

Every posting of the question's terms is scored (the reference the pruned
top k is tested against, and the path for factors that are not positive).
A concept is a list of ``(docs, tfs, lens, factor)`` postings (one per list of
an alternative), and a document gets ``factor × tf-part`` of its best one.
Buffers are the size of the corpus but are never scanned or cleared whole:
the kernels remember which documents they touched and reset only those.
"""
from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from index.bm25 import kernels
from index.bm25.jit import compile_kernels

Postings = tuple[np.ndarray, np.ndarray, np.ndarray, float]  # doc ids, tfs, document lengths, factor (weight × idf)
Context = tuple[np.ndarray, float, float, float]  # alive, k1, b, avgdl


class Buffers:
    """Per-index scratch space: scores, touched marks and the touched list, plus a concept's best (exhaustive
    scoring), and rows of (document, partial score) for the pruned top k's runs."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.size = -1  # nothing allocated yet: the first ensure(), even ensure(0), allocates
        self.run_size = -1  # the same for the pruned top k's runs (ensure_runs)

    def ensure(self, size: int) -> None:
        if size <= self.size:
            return
        size = max(size + size // 8, 2 * self.size, 1024)  # headroom: the adds that follow reallocate nothing
        self.scores, self.best = np.zeros(size), np.zeros(size)
        self.mark, self.best_mark = np.zeros(size, dtype=np.uint8), np.zeros(size, dtype=np.uint8)
        self.seen, self.best_seen = np.zeros(size, dtype=np.int32), np.zeros(size, dtype=np.int32)
        self.size = size

    def ensure_runs(self, size: int, rows: int) -> None:
        """Rows of (document, partial score) for the pruned top k (index.bm25.prune): only what a question
        touches becomes resident memory."""
        if size <= self.run_size and rows <= self.run_docs.shape[0]:
            return
        size = max(size + size // 8, 2 * self.run_size, 1024)
        self.run_docs, self.run_vals = np.empty((rows, size), dtype=np.int64), np.empty((rows, size))
        self.run_size = size


class Scored:
    """Scores of ``n_docs`` documents for ``concepts``; a context manager holding ``buffers``."""

    def __init__(self, buffers: Buffers, n_docs: int, concepts: Sequence[Sequence[Postings]], context: Context):
        self.buffers = buffers
        self.n_docs = n_docs
        self.concepts = concepts
        self.context = context
        self.n_seen = 0

    def __enter__(self) -> "Scored":
        compile_kernels()
        self.buffers.lock.acquire()
        try:
            self.buffers.ensure(self.n_docs)
            self._accumulate()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        b = self.buffers
        kernels.clear(b.scores, b.mark, b.seen, self.n_seen)
        self.n_seen = 0
        b.lock.release()

    def _accumulate(self) -> None:
        b = self.buffers
        alive, k1, bb, avgdl = self.context
        for postings in self.concepts:
            if len(postings) == 1:
                docs, tfs, lens, factor = postings[0]
                self.n_seen = kernels.add_postings(
                    b.scores, b.mark, b.seen, self.n_seen, docs, tfs, lens, factor, alive, k1, bb, avgdl
                )
            elif postings:
                n_best = 0
                for docs, tfs, lens, factor in postings:
                    n_best = kernels.max_postings(
                        b.best, b.best_mark, b.best_seen, n_best, docs, tfs, lens, factor, alive, k1, bb, avgdl
                    )
                self.n_seen = kernels.fold_best(
                    b.scores, b.mark, b.seen, self.n_seen, b.best, b.best_mark, b.best_seen, n_best
                )

    def top(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k best documents and their scores, best first (ties: lower id first)."""
        if k <= 0 or self.n_seen == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        return kernels.top_k(self.buffers.scores, self.buffers.seen, self.n_seen, k)

    def of(self, docs: np.ndarray) -> np.ndarray:
        """Scores of given documents (0 for those that matched nothing)."""
        return self.buffers.scores[np.asarray(docs, dtype=np.int64)]

    def matched(self) -> tuple[np.ndarray, np.ndarray]:
        """The documents that matched (in no particular order) and their scores."""
        touched = self.buffers.seen[: self.n_seen].astype(np.int64)
        return touched, self.buffers.scores[touched]

    def dense(self) -> np.ndarray:
        out = np.zeros(self.n_docs)
        touched = self.buffers.seen[: self.n_seen]
        out[touched] = self.buffers.scores[touched]
        return out
