"""Exact top k with dynamic pruning: term-at-a-time MaxScore with accumulator pruning (compiled by numba).

A question is a list of *lists* (a term's postings in the main segment or in
the delta segment), each with a factor (weight × idf) and a concept; a
concept's bound is the largest ``factor × tf_part`` its lists can give (per
term bounds stored with the segment, see :mod:`index.bm25.segment`).

1. Concepts are taken by decreasing bound and their postings added into
   accumulators (the tight loop of exhaustive scoring) until the bounds of
   the concepts left add up to at most the k-th best partial score: a
   document none of the added concepts holds can then not reach the top k
   (partial scores only grow, so the k-th best partial is a lower bound of
   the final k-th score).
2. The accumulated documents that can still make it (partial + bounds left
   above that k-th score) are then completed concept by concept, shortest
   lists first: a list not much longer than the candidates is walked and
   adds to the candidates only (a look-up in the accumulators); once the
   candidates are few, they are sorted and the long lists are searched for
   them (galloping). A candidate is dropped as soon as its partial plus the
   bounds left falls to the k-th best partial.
3. The few left are scored exactly by :func:`index.bm25.lookup.scores_of`
   (the exhaustive arithmetic, concept by concept in question order) and the
   top k taken with ties to the lower id.

Why term at a time: questions are long (8 terms at the median, 24 at the
tail) and mix a few rare terms with very frequent ones. Adding the rare
terms' postings costs a few nanoseconds each, after which the frequent
lists (the tail of the latency) are only searched for the few hundred
documents left, never walked; document-at-a-time MaxScore pays a cursor
juggle over every essential list for every candidate, several times more.
Every bound is compared with a 1e-9 relative margin, so rounding (partial
sums run in another order than the exact ones) never drops a document that
belongs in the top k: the result equals exhaustive scoring, ties included.
"""
from __future__ import annotations

import numpy as np

from index.bm25 import accumulate, kernels, lookup
from index.bm25.jit import kernel, warmer

MARGIN = 1.0 + 1e-9
DENSE = 4  # a list up to this many times the candidates is walked; a longer one is searched for them
WALK = 32  # the same once the candidates are few and sorted (a search in a long list misses the cache at every step)


@kernel
def complete(c, cand, n, part, value, found, main_docs, main_tfs, main_lens, delta_docs, delta_tfs, delta_lens, src,
             start, end, factor, c_first, k1, b, avgdl):
    """part[i] += concept c's contribution to cand[i] (sorted), searching from the shorter side."""
    found[:n] = False
    for j in range(c_first[c], c_first[c + 1]):
        lo, hi = start[j], end[j]
        docs = main_docs if src[j] == 0 else delta_docs
        if hi - lo <= WALK * n:  # walk the list (sequential reads), search the candidates (a small array)
            at = 0
            for p in range(lo, hi):
                at = lookup.gallop(cand, at, n, docs[p])
                if at == n:
                    break
                if cand[at] == docs[p]:
                    v = factor[j] * kernels.posting_part(src[j], p, main_tfs, main_lens, delta_tfs, delta_lens, k1, b, avgdl)
                    if not found[at] or v > value[at]:
                        value[at], found[at] = v, True
        else:  # walk the candidates, search the list
            p = lo
            for i in range(n):
                p = lookup.seek(src[j], p, hi, cand[i], main_docs, delta_docs)
                if p == hi:
                    break
                if docs[p] == cand[i]:
                    v = factor[j] * kernels.posting_part(src[j], p, main_tfs, main_lens, delta_tfs, delta_lens, k1, b, avgdl)
                    if not found[i] or v > value[i]:
                        value[i], found[i] = v, True
    for i in range(n):
        if found[i]:
            part[i] += value[i]


@kernel
def taat_top(k, main_docs, main_tfs, main_lens, delta_docs, delta_tfs, delta_lens, src, start, end, factor, ub, c_first,
             doc_len, alive, check_alive, k1, b, avgdl, acc, touched, best, best_seen):
    """Ids and exact scores of the k best documents (ties: lower id first), and how many were scored exactly."""
    n_concepts = c_first.shape[0] - 1
    bound = np.zeros(n_concepts)
    length = np.zeros(n_concepts, dtype=np.int64)
    for c in range(n_concepts):
        for j in range(c_first[c], c_first[c + 1]):
            bound[c] = max(bound[c], ub[j])
            length[c] += end[j] - start[j]
    order = np.argsort(-bound)  # largest bound first
    rest = np.zeros(n_concepts + 1)  # rest[i]: the bounds of order[i:] added up
    for i in range(n_concepts - 1, -1, -1):
        rest[i] = rest[i + 1] + bound[order[i]]
    # 1. accumulate concepts, largest bound first, until documents not met yet cannot reach the top k
    n_touched, theta, done = 0, 0.0, 0
    top_box = np.zeros(1)  # the largest partial score: theta is at most that
    for i in range(n_concepts):
        if n_touched >= k and rest[i] * MARGIN <= top_box[0]:
            if rest[i] * MARGIN > theta:
                theta = max(theta, accumulate.kth_largest(acc[touched[:n_touched]], k))
            if rest[i] * MARGIN <= theta:
                break
        n_touched = accumulate.accumulate(
            order[i], main_docs, main_tfs, main_lens, delta_docs, delta_tfs, delta_lens, src, start, end, factor,
            c_first, alive, check_alive, k1, b, avgdl, acc, touched, n_touched, best, best_seen, top_box,
        )
        done = i + 1
        if n_touched >= k and done < n_concepts and done & (done - 1) == 0:  # after 1, 2, 4, 8 … concepts
            # the exact scores of the k best so far: k real scores, so their lowest is a lower bound of the
            # final k-th score, usually far above the k-th partial score (documents miss the concepts not added)
            exact = lookup.scores_of(accumulate.best_docs(acc, touched, n_touched, k), main_docs, main_tfs, delta_docs,
                                     delta_tfs, src, start, end, factor, c_first, doc_len, alive, k1, b, avgdl)
            theta = max(theta, exact.min())
            top_box[0] = max(top_box[0], theta)
    if n_touched >= k:
        theta = max(theta, accumulate.kth_largest(acc[touched[:n_touched]], k))
    # 2. complete the candidates with the other concepts, shortest lists first, dropping the hopeless ones
    left = order[done:][np.argsort(length[order[done:]], kind="mergesort")]
    remaining = rest[done]
    cand = np.empty(n_touched, dtype=np.int64)
    n = 0
    for i in range(n_touched):
        d = touched[i]
        if (acc[d] + remaining) * MARGIN > theta:
            cand[n] = d
            n += 1
        else:
            acc[d] = -1.0  # no longer a candidate
    step = 0
    while step < left.shape[0] and length[left[step]] <= DENSE * n:  # dense: walk the list, add to candidates
        c = left[step]
        accumulate.add_to_candidates(
            c, main_docs, main_tfs, main_lens, delta_docs, delta_tfs, delta_lens, src, start, end, factor, c_first,
            alive, check_alive, k1, b, avgdl, acc, best, best_seen,
        )
        remaining -= bound[c]
        step += 1
        if n >= k:
            theta = max(theta, accumulate.kth_largest(acc[cand[:n]], k))
        m = 0
        for x in range(n):
            d = cand[x]
            if (acc[d] + remaining) * MARGIN > theta:
                cand[m] = d
                m += 1
            else:
                acc[d] = -1.0
        n = m
    part = np.empty(n)
    for x in range(n):
        part[x] = acc[cand[x]]
    for i in range(n_touched):
        acc[touched[i]] = 0.0
    cand, part = accumulate.sort_by_doc(cand[:n], part)
    value = np.zeros(n)
    found = np.zeros(n, dtype=np.bool_)
    while step < left.shape[0]:  # sparse: search the long lists for the few candidates left
        c = left[step]
        remaining -= bound[c]
        step += 1
        complete(c, cand, n, part, value, found, main_docs, main_tfs, main_lens, delta_docs, delta_tfs, delta_lens,
                 src, start, end, factor, c_first, k1, b, avgdl)
        if n >= k:
            theta = max(theta, accumulate.kth_largest(part[:n], k))
        m = 0
        for x in range(n):
            if (part[x] + remaining) * MARGIN > theta:
                cand[m], part[m] = cand[x], part[x]
                m += 1
        n = m
    # 3. exact scores (question order, as exhaustive scoring adds them) of those that can still tie the k-th
    m = 0
    for x in range(n):
        if part[x] * MARGIN >= theta:
            cand[m] = cand[x]
            m += 1
    exact = lookup.scores_of(cand[:m], main_docs, main_tfs, delta_docs, delta_tfs, src, start, end, factor, c_first,
                             doc_len, alive, k1, b, avgdl)
    ranked = np.argsort(-exact, kind="mergesort")  # stable: equal scores keep increasing ids
    size = min(k, m)
    return cand[:m][ranked[:size]], exact[ranked[:size]], m


@warmer
def _warm_pruned() -> None:
    delta_docs, delta_tfs = np.array([3], dtype=np.int32), np.array([1], dtype=np.int32)
    delta_lens = np.array([3], dtype=np.int32)
    doc_len, alive = np.full(4, 3, dtype=np.int32), np.ones(4, dtype=np.bool_)
    src, start, end = np.array([0, 1], dtype=np.int8), np.array([0, 0], dtype=np.int64), np.array([2, 1], dtype=np.int64)
    factor, ub = np.array([1.0, 0.5]), np.array([5.0, 5.0])
    acc, best = np.zeros(4), np.zeros(4)
    touched, best_seen = np.zeros(4, dtype=np.int32), np.zeros(4, dtype=np.int32)
    main_docs = np.array([1, 2], dtype=np.int32)
    for tf_type, len_type in kernels.WARM_DTYPES:
        for c_first in (np.array([0, 1, 2], dtype=np.int64), np.array([0, 2], dtype=np.int64)):
            taat_top(1, main_docs, np.array([1, 2], dtype=tf_type), np.array([3, 3], dtype=len_type), delta_docs,
                     delta_tfs, delta_lens, src, start, end, factor, ub, c_first, doc_len, alive, True, 1.5, 0.75, 3.0,
                     acc, touched, best, best_seen)
