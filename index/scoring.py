"""One question's BM25 scores, accumulated in buffers the index reuses.

Buffers are the size of the corpus but are never scanned or cleared whole:
the kernels remember which documents they touched and reset only those.
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from index.bm25 import BM25Index


class Buffers:
    """Per-index scratch space: scores, touched marks and the touched list, plus a concept's best."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.size = -1  # nothing allocated yet: the first ensure(), even ensure(0), allocates

    def ensure(self, size: int) -> None:
        if size <= self.size:
            return
        size = max(size, 2 * self.size, 1024)
        self.scores, self.best = np.zeros(size), np.zeros(size)
        self.mark, self.best_mark = np.zeros(size, dtype=np.uint8), np.zeros(size, dtype=np.uint8)
        self.seen, self.best_seen = np.zeros(size, dtype=np.int64), np.zeros(size, dtype=np.int64)
        self.size = size


class Scored:
    def __init__(self, index: "BM25Index", concepts: Sequence[Sequence[tuple[str, float]]]):
        self.index = index
        self.concepts = concepts
        self.buffers: Buffers = index.buffers
        self.n_seen = 0

    def __enter__(self) -> "Scored":
        self.buffers.lock.acquire()
        try:
            self.buffers.ensure(self.index.n_docs)
            self._accumulate()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        from index import kernels  # numba loads only when something is scored, not for a CLI add

        b = self.buffers
        kernels.clear(b.scores, b.mark, b.seen, self.n_seen)
        self.n_seen = 0
        b.lock.release()

    def _accumulate(self) -> None:
        from index import kernels

        b, index = self.buffers, self.index
        alive = index.alive
        for alternatives in self.concepts:
            postings = []
            for term, weight in alternatives:
                found = index.term_postings(term) if weight else None
                if found is not None and len(found[0]):
                    postings.append((found, weight * index.idf(term)))
            if len(postings) == 1:
                (docs, impacts), factor = postings[0]
                self.n_seen = kernels.add_postings(b.scores, b.mark, b.seen, self.n_seen, docs, impacts, factor, alive)
            elif postings:
                n_best = 0
                for (docs, impacts), factor in postings:
                    n_best = kernels.max_postings(b.best, b.best_mark, b.best_seen, n_best, docs, impacts, factor, alive)
                self.n_seen = kernels.fold_best(
                    b.scores, b.mark, b.seen, self.n_seen, b.best, b.best_mark, b.best_seen, n_best
                )

    def top(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The k best documents and their scores, best first (ties: lower id first)."""
        if k <= 0 or self.n_seen == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        from index import kernels

        return kernels.top_k(self.buffers.scores, self.buffers.seen, self.n_seen, k)

    def of(self, docs: np.ndarray) -> np.ndarray:
        """Scores of given documents (0 for those that matched nothing)."""
        return self.buffers.scores[np.asarray(docs, dtype=np.int64)]

    def dense(self) -> np.ndarray:
        out = np.zeros(self.index.n_docs)
        touched = self.buffers.seen[: self.n_seen]
        out[touched] = self.buffers.scores[touched]
        return out
