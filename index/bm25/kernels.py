"""Compiled inner loops of BM25 scoring (numba, cached on disk after the first run).

The scoring is the same arithmetic as rank_bm25 (``idf × tf(k1+1)/(tf+norm)``
added term by term in query order), done in one pass over the postings of
the question's terms, with a reusable score buffer: no array of the corpus's
size is allocated, scanned or cleared per question.
"""
from __future__ import annotations

from functools import cache
from types import SimpleNamespace

import numpy as np


def add_postings(scores, mark, seen, n_seen, docs, impacts, factor, alive):
    """scores[d] += factor × impact for each live posting; new documents go to ``seen``."""
    for i in range(docs.shape[0]):
        d = docs[i]
        if not alive[d]:
            continue
        if mark[d] == 0:
            mark[d] = 1
            seen[n_seen] = d
            n_seen += 1
        scores[d] += factor * impacts[i]
    return n_seen


def max_postings(best, mark, seen, n_seen, docs, impacts, factor, alive):
    """best[d] = max(best[d], factor × impact): one concept's alternatives count once."""
    for i in range(docs.shape[0]):
        d = docs[i]
        if not alive[d]:
            continue
        value = factor * impacts[i]
        if mark[d] == 0:
            mark[d] = 1
            seen[n_seen] = d
            n_seen += 1
            best[d] = value
        elif value > best[d]:
            best[d] = value
    return n_seen


def fold_best(scores, mark, seen, n_seen, best, best_mark, best_seen, n_best):
    """Add a concept's best contributions into the scores, and clear the concept buffer."""
    for j in range(n_best):
        d = best_seen[j]
        if mark[d] == 0:
            mark[d] = 1
            seen[n_seen] = d
            n_seen += 1
        scores[d] += best[d]
        best[d] = 0.0
        best_mark[d] = 0
    return n_seen


def top_k(scores, seen, n_seen, k):
    """Indices into ``seen`` of the k best scores (ties: lower doc id first), best first."""
    k = min(k, n_seen)
    top_docs = np.empty(k, dtype=np.int64)
    top_vals = np.empty(k, dtype=np.float64)
    size = 0
    for j in range(n_seen):
        d = seen[j]
        v = scores[d]
        if size == k:
            last_v, last_d = top_vals[k - 1], top_docs[k - 1]
            if v < last_v or (v == last_v and d > last_d):
                continue
            size -= 1
        pos = size
        while pos > 0 and (top_vals[pos - 1] < v or (top_vals[pos - 1] == v and top_docs[pos - 1] > d)):
            top_vals[pos] = top_vals[pos - 1]
            top_docs[pos] = top_docs[pos - 1]
            pos -= 1
        top_vals[pos] = v
        top_docs[pos] = d
        size += 1
    return top_docs[:size], top_vals[:size]


def clear(scores, mark, seen, n_seen):
    for j in range(n_seen):
        d = seen[j]
        scores[d] = 0.0
        mark[d] = 0


@cache
def compiled() -> SimpleNamespace:
    """The loops above compiled by numba (loaded from its on-disk cache after the first run)."""
    import numba  # heavy (about half a second): loaded on the first score, so a CLI add never pays it

    jit = numba.njit(cache=True, nogil=True)
    return SimpleNamespace(**{f.__name__: jit(f) for f in (add_postings, max_postings, fold_best, top_k, clear)})


def warm_up() -> None:
    """Load (or compile, the first time) every kernel."""
    k = compiled()
    scores, best = np.zeros(4), np.zeros(4)
    mark, best_mark = np.zeros(4, dtype=np.uint8), np.zeros(4, dtype=np.uint8)
    seen, best_seen = np.zeros(4, dtype=np.int64), np.zeros(4, dtype=np.int64)
    alive = np.ones(4, dtype=np.bool_)
    docs, impacts = np.array([1, 2], dtype=np.int32), np.array([0.5, 0.25])
    n = k.add_postings(scores, mark, seen, 0, docs, impacts, 1.0, alive)
    nb = k.max_postings(best, best_mark, best_seen, 0, docs, impacts, 1.0, alive)
    n = k.fold_best(scores, mark, seen, n, best, best_mark, best_seen, nb)
    k.top_k(scores, seen, n, 2)
    k.clear(scores, mark, seen, n)
