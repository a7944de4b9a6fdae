"""Inner loops of exhaustive BM25 scoring (compiled by numba, see :mod:`index.bm25.jit`).

The arithmetic is rank_bm25's, in the same order: ``idf × tf(k1+1) /
(tf + k1(1 - b + b·dl/avgdl))`` added concept by concept in question order.
The term-frequency part is computed at query time from the small-int term
frequency and the document length, so an add or a remove invalidates
nothing. Score buffers are reused and only the touched entries are reset.
"""
from __future__ import annotations

import numpy as np

from index.bm25.jit import kernel, warmer
from index.bm25.jit import warm_up as jit_warm_up

TF_DTYPES = (np.uint8, np.uint16, np.int32)  # main segments store the smallest that fits; delta lists int32
WARM_DTYPES = ((np.uint8, np.uint16), (np.uint16, np.uint16), (np.int32, np.int32))  # (tfs, lens) usually met
TABLE_TFS, TABLE_LENS = 4, 256  # the pairs (term frequency, length) part_table holds: 8 KB


@kernel
def tf_part(tf, dl, k1, b, avgdl):
    """rank_bm25's ``tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl))``, operation for operation."""
    tf = float(tf)
    return tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * float(dl) / avgdl))


@kernel
def part_table(k1, b, avgdl):
    """:func:`tf_part` of every term frequency below ``TABLE_TFS`` and length below ``TABLE_LENS`` (most postings):
    looked up, the same numbers, where computing costs a division (pruned top 10 at 1M: merges 20-35 % faster)."""
    table = np.zeros((TABLE_TFS, TABLE_LENS))  # row 0 unused: a posting's frequency is at least 1
    for tf in range(1, TABLE_TFS):
        for dl in range(TABLE_LENS):
            table[tf, dl] = tf_part(tf, dl, k1, b, avgdl)
    return table


@kernel
def table_part(table, tf, dl, k1, b, avgdl):
    """:func:`tf_part`, from ``table`` (:func:`part_table` of the same k1, b, avgdl) when it holds the pair."""
    if tf < table.shape[0] and dl < table.shape[1]:
        return table[tf, dl]
    return tf_part(tf, dl, k1, b, avgdl)


@kernel
def posting_part(src, p, main_tfs, main_lens, delta_tfs, delta_lens, table, k1, b, avgdl):
    """:func:`tf_part` of posting ``p`` of the main segment (``src`` 0) or of the delta lists."""
    if src == 0:
        return table_part(table, main_tfs[p], main_lens[p], k1, b, avgdl)
    return table_part(table, delta_tfs[p], delta_lens[p], k1, b, avgdl)


@kernel
def add_postings(scores, mark, seen, n_seen, docs, tfs, lens, factor, alive, k1, b, avgdl):
    """scores[d] += factor × tf-part for each live posting; new documents go to ``seen``."""
    for i in range(docs.shape[0]):
        d = docs[i]
        if not alive[d]:
            continue
        if mark[d] == 0:
            mark[d] = 1
            seen[n_seen] = d
            n_seen += 1
        scores[d] += factor * tf_part(tfs[i], lens[i], k1, b, avgdl)
    return n_seen


@kernel
def max_postings(best, mark, seen, n_seen, docs, tfs, lens, factor, alive, k1, b, avgdl):
    """best[d] = max(best[d], factor × tf-part): one concept's alternatives count once."""
    for i in range(docs.shape[0]):
        d = docs[i]
        if not alive[d]:
            continue
        value = factor * tf_part(tfs[i], lens[i], k1, b, avgdl)
        if mark[d] == 0:
            mark[d] = 1
            seen[n_seen] = d
            n_seen += 1
            best[d] = value
        elif value > best[d]:
            best[d] = value
    return n_seen


@kernel
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


@kernel
def top_k(scores, seen, n_seen, k):
    """The k best of the ``seen`` documents (ties: lower doc id first), best first."""
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


@kernel
def clear(scores, mark, seen, n_seen):
    for j in range(n_seen):
        d = seen[j]
        scores[d] = 0.0
        mark[d] = 0


@warmer
def _warm_exhaustive() -> None:
    scores, best = np.zeros(4), np.zeros(4)
    mark, best_mark = np.zeros(4, dtype=np.uint8), np.zeros(4, dtype=np.uint8)
    seen, best_seen = np.zeros(4, dtype=np.int32), np.zeros(4, dtype=np.int32)
    alive = np.ones(4, dtype=np.bool_)
    docs = np.array([1, 2], dtype=np.int32)
    for tf_type, len_type in WARM_DTYPES:
        tfs, lens = np.array([1, 2], dtype=tf_type), np.array([3, 3], dtype=len_type)
        n = add_postings(scores, mark, seen, 0, docs, tfs, lens, 1.0, alive, 1.5, 0.75, 3.0)
        nb = max_postings(best, best_mark, best_seen, 0, docs, tfs, lens, 1.0, alive, 1.5, 0.75, 3.0)
        n = fold_best(scores, mark, seen, n, best, best_mark, best_seen, nb)
        top_k(scores, seen, n, 2)
        clear(scores, mark, seen, n)

def warm_up() -> None:
    """Load (or compile, the first time) every kernel: exhaustive, pruned and look-ups."""
    jit_warm_up()
