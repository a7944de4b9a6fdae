"""Per-document look-ups in posting lists (compiled by numba): membership, exact scores of given documents.

Lists are a term's postings in the main segment (``src`` 0) or in the delta
segment (``src`` 1); both are sorted by doc id, so a look-up is a galloping
then binary search. ``scores_of`` adds, concept by concept in question
order, the best ``factor × tf_part`` among the concept's lists that hold
the document: the exhaustive kernels' arithmetic in the same order, so the
scores are bit for bit the same.
"""
from __future__ import annotations

import numpy as np

from index.bm25 import kernels
from index.bm25.jit import kernel, warmer

INTERPOLATE_ABOVE = 32  # postings: a longer range is entered at an interpolated guess


@kernel
def doc_at(src, p, main_docs, delta_docs):
    return main_docs[p] if src == 0 else delta_docs[p]


@kernel
def tf_at(src, p, main_tfs, delta_tfs):
    return main_tfs[p] if src == 0 else delta_tfs[p]


@kernel
def seek(src, lo, hi, target, main_docs, delta_docs):
    """First position in [lo, hi) whose document is >= target (hi when none).

    A long range starts from an interpolated guess (the ids of a long list
    are spread fairly evenly, so the guess lands a few postings away: one
    cache miss where a plain gallop from ``lo`` pays one per step), then
    gallops back or forward from it and ends with a binary search.
    """
    docs = main_docs if src == 0 else delta_docs
    if lo >= hi or docs[lo] >= target:
        return lo
    if hi - lo > INTERPOLATE_ABOVE:
        last = docs[hi - 1]
        if last < target:
            return hi
        guess = lo + (np.int64(target) - np.int64(docs[lo])) * (hi - 1 - lo) // (np.int64(last) - np.int64(docs[lo]))
        guess = min(max(guess, lo + 1), hi - 1)
        if docs[guess] >= target:  # the answer is in (lo, guess]
            return _back(docs, lo, guess, target)
        lo = guess  # docs[lo] < target: gallop forward from the guess
    return gallop(docs, lo, hi, target)


@kernel
def gallop(values, lo, hi, target):
    """First position in [lo, hi) of the sorted ``values`` holding >= target (hi when none): galloping, then binary."""
    if lo >= hi or values[lo] >= target:
        return lo
    below, step, probe = lo, 1, lo + 1
    while probe < hi and values[probe] < target:
        below = probe
        step *= 2
        probe = lo + step
    return _first_at_least(values, below + 1, min(probe, hi), target)


@kernel
def _back(docs, lo, top, target):
    """First position in (lo, top] holding >= target, given docs[lo] < target <= docs[top]: gallop back from top."""
    step, high = 1, top
    while True:
        probe = top - step
        if probe <= lo:
            return _first_at_least(docs, lo + 1, high, target)
        if docs[probe] < target:
            return _first_at_least(docs, probe + 1, high, target)
        high = probe
        step *= 2


@kernel
def _first_at_least(docs, low, top, target):
    """First position in [low, top) holding >= target (top when none): binary search."""
    while low < top:
        mid = (low + top) >> 1
        if docs[mid] < target:
            low = mid + 1
        else:
            top = mid
    return low


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
    """Exact scores of given documents (0 for dead or unknown ones).

    The documents are visited in increasing id, each list with its own
    cursor (short gallops, mostly within cached pages), concept by concept
    in question order, so each score is added up as exhaustive scoring does.
    """
    nothing_known = np.zeros(c_first.shape[0] - 1, dtype=np.bool_)
    return scores_with_known(docs, np.zeros(docs.shape[0], dtype=np.int64), np.zeros((0, 0)), nothing_known, main_docs,
                             main_tfs, delta_docs, delta_tfs, src, start, end, factor, c_first, doc_len, alive, k1, b,
                             avgdl)


@kernel
def scores_with_known(docs, rows, known, is_known, main_docs, main_tfs, delta_docs, delta_tfs, src, start, end, factor,
                      c_first, doc_len, alive, k1, b, avgdl):
    """:func:`scores_of` where some concepts' contributions are known already (``known[rows[i], c]`` for the
    concepts with ``is_known[c]``, 0 where the document lacks the concept): only the others are looked up, and
    the sum runs in question order (adding a zero changes no bit)."""
    n = docs.shape[0]
    live = np.zeros(n, dtype=np.bool_)
    for i in range(n):
        live[i] = 0 <= docs[i] < alive.shape[0] and alive[docs[i]]
    order = np.argsort(docs)
    out = np.zeros(n)
    best = np.zeros(n)
    found = np.zeros(n, dtype=np.bool_)
    for c in range(c_first.shape[0] - 1):
        if is_known[c]:
            for i in range(n):
                out[i] += known[rows[i], c]
            continue
        found[:] = False
        for j in range(c_first[c], c_first[c + 1]):
            _look_up(j, docs, order, live, main_docs, main_tfs, delta_docs, delta_tfs, src, start, end, factor, doc_len,
                     k1, b, avgdl, best, found)
        for i in range(n):
            if found[i]:
                out[i] += best[i]
    return out


@kernel
def _look_up(j, docs, order, live, main_docs, main_tfs, delta_docs, delta_tfs, src, start, end, factor, doc_len, k1, b,
             avgdl, best, found):
    """best[i] = max(best[i], list j's contribution to docs[i]) for the live docs it holds (visited in ``order``)."""
    p = start[j]
    for x in range(docs.shape[0]):
        i = order[x]
        if not live[i]:
            continue
        d = docs[i]
        p = seek(src[j], p, end[j], d, main_docs, delta_docs)
        if p == end[j]:
            break
        if doc_at(src[j], p, main_docs, delta_docs) == d:
            v = factor[j] * kernels.tf_part(tf_at(src[j], p, main_tfs, delta_tfs), doc_len[d], k1, b, avgdl)
            if not found[i] or v > best[i]:
                best[i], found[i] = v, True


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


@kernel
def contains_terms(docs, main_docs, lo, hi, delta_docs, delta_lo, delta_hi, alive):
    """:func:`contains` for several terms at once (row t: term t's ranges ``lo[t]:hi[t]``, ``delta_lo[t]:delta_hi[t]``)."""
    out = np.zeros((lo.shape[0], docs.shape[0]), dtype=np.bool_)
    for t in range(lo.shape[0]):
        out[t] = contains(docs, main_docs, lo[t], hi[t], delta_docs, delta_lo[t], delta_hi[t], alive)
    return out


@warmer
def _warm_lookups() -> None:
    delta_docs, delta_tfs = np.array([3], dtype=np.int32), np.array([1], dtype=np.int32)
    doc_len, alive = np.full(4, 3, dtype=np.int32), np.ones(4, dtype=np.bool_)
    src, start, end = np.array([0, 1], dtype=np.int8), np.array([0, 0], dtype=np.int64), np.array([2, 1], dtype=np.int64)
    factor, c_first = np.array([1.0, 0.5]), np.array([0, 1, 2], dtype=np.int64)
    docs, main_docs = np.array([0, 3], dtype=np.int64), np.array([1, 2], dtype=np.int32)
    for dtype in kernels.TF_DTYPES:
        scores_of(docs, main_docs, np.array([1, 2], dtype=dtype), delta_docs, delta_tfs, src, start, end, factor,
                  c_first, doc_len, alive, 1.5, 0.75, 3.0)
    contains(docs, main_docs, 0, 2, delta_docs, 0, 1, alive)
    ranges = np.array([0], dtype=np.int64)
    contains_terms(docs, main_docs, ranges, ranges + 2, delta_docs, ranges, ranges + 1, alive)
