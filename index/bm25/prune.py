"""Exact top-k by MaxScore over the postings, and per-document look-ups (compiled by numba).

A question is a list of *lists* (a term's postings in the main segment or
in the delta segment), each with a factor (weight × idf) and the concept it
belongs to. A document's score is the sum, concept by concept in question
order, of the best ``factor × tf_part`` among the concept's lists that hold
it: exactly what the exhaustive kernels compute, with the same operations
in the same order, so scores are bit for bit the same.

MaxScore (Turtle & Flood 1995, as in Lucene and PISA), document at a time
over concepts: a concept's upper bound is the best ``factor ×
tf_part(max_tf, min_len)`` of its lists. Concepts sorted by bound, the
cheapest ones whose bounds add up to at most the current k-th score are
*non-essential*: a document that only they hold cannot enter the top k, so
candidates come from the essential lists only, and the non-essential ones
are probed (galloping search) for a candidate only while its partial score
plus their remaining bounds can still beat the k-th score. Documents come
in increasing id, so a later document that ties the k-th score never
displaces it: that is the "lower id first" rule of the exhaustive top k.
Bounds are compared with a 1e-9 relative margin, so rounding never prunes
a document that belongs in the top k.
"""
from __future__ import annotations

import numpy as np

from index.bm25 import kernels
from index.bm25.jit import kernel, warmer

MARGIN = 1.0 + 1e-9
NO_DOC = np.iinfo(np.int64).max


@kernel
def doc_at(src, p, main_docs, delta_docs):
    return main_docs[p] if src == 0 else delta_docs[p]


@kernel
def tf_at(src, p, main_tfs, delta_tfs):
    return main_tfs[p] if src == 0 else delta_tfs[p]


@kernel
def seek(src, lo, hi, target, main_docs, delta_docs):
    """First position in [lo, hi) whose document is >= target (hi when none): galloping, then binary."""
    if lo >= hi or doc_at(src, lo, main_docs, delta_docs) >= target:
        return lo
    below, step = lo, 1
    probe = lo + 1
    while probe < hi and doc_at(src, probe, main_docs, delta_docs) < target:
        below = probe
        step *= 2
        probe = lo + step
    top = min(probe, hi)
    low = below + 1
    while low < top:
        mid = (low + top) >> 1
        if doc_at(src, mid, main_docs, delta_docs) < target:
            low = mid + 1
        else:
            top = mid
    return low


@kernel
def maxscore_top(k, main_docs, main_tfs, delta_docs, delta_tfs, src, start, end, factor, ub, blk_lo, blk_hi,
                 block_last, block_part, scale, c_first, doc_len, alive, k1, b, avgdl):
    """Ids and scores of the k best documents (ties: lower id first), best first, and how many were scored.

    ``ub[j]``: a bound on list j's contributions; main lists also have their
    blocks ``blk_lo[j] … blk_hi[j]`` in ``block_last``/``block_part``
    (bounds before the factor and ``scale``).
    """
    n_concepts = c_first.shape[0] - 1
    bound = np.zeros(n_concepts)
    for c in range(n_concepts):
        for j in range(c_first[c], c_first[c + 1]):
            bound[c] = max(bound[c], ub[j])
    order = np.argsort(bound)  # concepts by bound, cheapest first
    prefix = np.cumsum(bound[order])
    pos = start.copy()
    bpos = blk_lo.copy()
    contrib = np.zeros(n_concepts)
    has = np.zeros(n_concepts, dtype=np.bool_)
    lazy_prefix = np.zeros(n_concepts)  # block bounds of the non-essential concepts at the candidate, summed
    top_docs = np.empty(k, dtype=np.int64)
    top_vals = np.empty(k, dtype=np.float64)
    size, theta, n_lazy, n_scored = 0, 0.0, 0, 0  # the first n_lazy concepts of ``order`` are non-essential
    while True:
        d = NO_DOC
        for ci in range(n_lazy, n_concepts):
            c = order[ci]
            for j in range(c_first[c], c_first[c + 1]):
                if pos[j] < end[j]:
                    dj = doc_at(src[j], pos[j], main_docs, delta_docs)
                    if dj < d:
                        d = dj
        if d == NO_DOC:
            break
        has[:] = False
        live = alive[d]
        partial = 0.0
        for ci in range(n_lazy, n_concepts):
            c = order[ci]
            for j in range(c_first[c], c_first[c + 1]):
                p = pos[j]
                if p < end[j] and doc_at(src[j], p, main_docs, delta_docs) == d:
                    pos[j] = p + 1
                    if live:
                        v = factor[j] * kernels.tf_part(tf_at(src[j], p, main_tfs, delta_tfs), doc_len[d], k1, b, avgdl)
                        if not has[c] or v > contrib[c]:
                            contrib[c] = v
                            has[c] = True
            if has[c]:
                partial += contrib[c]
        if not live:
            continue
        if n_lazy > 0:
            if (partial + prefix[n_lazy - 1]) * MARGIN <= theta:
                continue
            total = 0.0
            for ci in range(n_lazy):
                c = order[ci]
                best = 0.0
                for j in range(c_first[c], c_first[c + 1]):
                    if blk_hi[j] > blk_lo[j]:
                        q = bpos[j]
                        while q < blk_hi[j] and block_last[q] < d:
                            q += 1
                        bpos[j] = q
                        v = factor[j] * block_part[q] * scale if q < blk_hi[j] else 0.0
                    else:
                        v = ub[j]
                    best = max(best, v)
                total += best
                lazy_prefix[ci] = total
            pruned = False
            for ci in range(n_lazy - 1, -1, -1):
                if (partial + lazy_prefix[ci]) * MARGIN <= theta:
                    pruned = True
                    break
                c = order[ci]
                for j in range(c_first[c], c_first[c + 1]):
                    p = seek(src[j], pos[j], end[j], d, main_docs, delta_docs)
                    pos[j] = p
                    if p < end[j] and doc_at(src[j], p, main_docs, delta_docs) == d:
                        v = factor[j] * kernels.tf_part(tf_at(src[j], p, main_tfs, delta_tfs), doc_len[d], k1, b, avgdl)
                        if not has[c] or v > contrib[c]:
                            contrib[c] = v
                            has[c] = True
                if has[c]:
                    partial += contrib[c]
            if pruned:
                continue
        score = 0.0
        for c in range(n_concepts):
            if has[c]:
                score += contrib[c]
        n_scored += 1
        if size == k and score <= theta:
            continue
        if size == k:
            size -= 1
        at = size
        while at > 0 and top_vals[at - 1] < score:
            top_vals[at] = top_vals[at - 1]
            top_docs[at] = top_docs[at - 1]
            at -= 1
        top_vals[at] = score
        top_docs[at] = d
        size += 1
        if size == k:
            theta = top_vals[k - 1]
            while n_lazy < n_concepts and prefix[n_lazy] * MARGIN <= theta:
                n_lazy += 1
    return top_docs[:size], top_vals[:size], n_scored


@kernel
def find(src, lo, hi, target, main_docs, delta_docs):
    """Position of ``target`` in the sorted list [lo, hi), or -1."""
    p = seek(src, lo, hi, target, main_docs, delta_docs)
    if p < hi and doc_at(src, p, main_docs, delta_docs) == target:
        return p
    return -1


@kernel
def scores_of(docs, main_docs, main_tfs, delta_docs, delta_tfs, src, start, end, factor, c_first,
              doc_len, alive, k1, b, avgdl):
    """Exact scores of given documents (0 for dead or unknown ones), by binary search in each list."""
    n_concepts = c_first.shape[0] - 1
    out = np.zeros(docs.shape[0])
    for i in range(docs.shape[0]):
        d = docs[i]
        if d < 0 or d >= alive.shape[0] or not alive[d]:
            continue
        score = 0.0
        for c in range(n_concepts):
            found, best = False, 0.0
            for j in range(c_first[c], c_first[c + 1]):
                p = find(src[j], start[j], end[j], d, main_docs, delta_docs)
                if p >= 0:
                    v = factor[j] * kernels.tf_part(tf_at(src[j], p, main_tfs, delta_tfs), doc_len[d], k1, b, avgdl)
                    if not found or v > best:
                        best, found = v, True
            if found:
                score += best
        out[i] = score
    return out


@kernel
def contains(docs, main_docs, lo, hi, delta_docs, delta_lo, delta_hi, alive):
    """Which of ``docs`` are live documents holding the term (main postings [lo, hi), delta [delta_lo, delta_hi))."""
    out = np.zeros(docs.shape[0], dtype=np.bool_)
    for i in range(docs.shape[0]):
        d = docs[i]
        if d < 0 or d >= alive.shape[0] or not alive[d]:
            continue
        out[i] = find(0, lo, hi, d, main_docs, delta_docs) >= 0 or find(1, delta_lo, delta_hi, d, main_docs, delta_docs) >= 0
    return out


@warmer
def _warm_pruned() -> None:
    delta_docs, delta_tfs = np.array([3], dtype=np.int32), np.array([1], dtype=np.int32)
    doc_len, alive = np.full(4, 3, dtype=np.int32), np.ones(4, dtype=np.bool_)
    src, start, end = np.array([0, 1], dtype=np.int8), np.array([0, 0], dtype=np.int64), np.array([2, 1], dtype=np.int64)
    factor, c_first = np.array([1.0, 0.5]), np.array([0, 1, 2], dtype=np.int64)
    ub, blk_lo, blk_hi = np.array([5.0, 5.0]), np.array([0, 0], dtype=np.int64), np.array([1, 0], dtype=np.int64)
    block_last, block_part = np.array([2], dtype=np.int32), np.array([2.5], dtype=np.float32)
    docs = np.array([0, 3], dtype=np.int64)
    main_docs = np.array([1, 2], dtype=np.int32)
    for dtype in kernels.TF_DTYPES:
        main_tfs = np.array([1, 2], dtype=dtype)
        maxscore_top(2, main_docs, main_tfs, delta_docs, delta_tfs, src, start, end, factor, ub, blk_lo, blk_hi,
                     block_last, block_part, 1.0, c_first, doc_len, alive, 1.5, 0.75, 3.0)
        scores_of(docs, main_docs, main_tfs, delta_docs, delta_tfs, src, start, end, factor, c_first,
                  doc_len, alive, 1.5, 0.75, 3.0)
    contains(docs, main_docs, 0, 2, delta_docs, 0, 1, alive)
