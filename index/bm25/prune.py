"""Exact top k with dynamic pruning: term-at-a-time MaxScore over sorted runs (compiled by numba).

A question is a list of *lists* (a term's postings in the main segment or in
the delta segment), each with a factor (weight × idf) and a concept; a
concept's bound is the largest ``factor × tf_part`` its lists can give (per
term bounds stored with the segment, see :mod:`index.bm25.segment`).

1. Concepts are taken by decreasing bound and merged into a *run* (the
   documents touched so far, in increasing id, with their partial scores:
   :mod:`index.bm25.accumulate`) until the bounds of the concepts left add
   up to at most the k-th best partial score: a document none of the added
   concepts holds can then not reach the top k (partial scores only grow,
   so the k-th best partial is a lower bound of the final k-th score).
2. The documents of the run that can still make it (partial + bounds left
   above that k-th score) are then completed concept by concept, shortest
   lists first: a list not much longer than the candidates is walked (the
   candidates searched, a small sorted array); a longer one is searched for
   them (galloping). A candidate is dropped as soon as its partial plus the
   bounds left falls to the k-th best partial.
3. The few left are scored exactly (the exhaustive arithmetic, concept by
   concept in question order: :func:`index.bm25.lookup.scores_with_known`)
   and the top k taken with ties to the lower id. Once the candidates are at
   most ``KEEP``, each one's contribution of every concept completed is kept,
   so only the concepts merged or completed before are looked up again.

Why term at a time: questions are long (8 terms at the median, 24 at the
tail) and mix a few rare terms with very frequent ones. Merging the rare
terms' postings costs a few nanoseconds each, after which the frequent
lists (the tail of the latency) are only searched for the few hundred
documents left, never walked; document-at-a-time MaxScore pays a cursor
juggle over every essential list for every candidate, several times more.
Why runs rather than one accumulator per document: a long list's postings
are tens of documents apart, so adding them into a dense array reads and
writes a cache line of its own per posting (128 bytes of memory traffic for
a 7-byte posting); the run is read and written in sequence, and small.
Every bound is compared with a 1e-9 relative margin, so rounding (partial
sums run in another order than the exact ones) never drops a document that
belongs in the top k: the result equals exhaustive scoring, ties included.
"""
from __future__ import annotations

import numpy as np

from index.bm25 import accumulate, kernels, lookup
from index.bm25.jit import kernel, warmer

MARGIN = 1.0 + 1e-9
KEEP = 1024  # candidates: from this few on, their contributions are kept (phase 3 looks those concepts up no more)
RUN_ROWS = 5  # scratch rows: the run and its next version, a concept's run and two for merging its alternatives
WALK = 32  # a list up to this many times the candidates is walked; a longer one is searched for them (a search in a
# long list misses the cache at every step)


@kernel
def complete(c, cand, n, part, value, found, main_docs, main_tfs, main_lens, delta_docs, delta_tfs, delta_lens, src,
             start, end, factor, c_first, table, k1, b, avgdl):
    """part[i] += concept c's contribution to cand[i] (sorted), searching from the shorter side.

    ``value[i]`` / ``found[i]`` are left holding that contribution and whether cand[i] has the concept (the
    caller keeps them)."""
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
                    v = factor[j] * kernels.posting_part(src[j], p, main_tfs, main_lens, delta_tfs, delta_lens,
                                                         table, k1, b, avgdl)
                    if not found[at] or v > value[at]:
                        value[at], found[at] = v, True
        else:  # walk the candidates, search the list
            p = lo
            for i in range(n):
                p = lookup.seek(src[j], p, hi, cand[i], main_docs, delta_docs)
                if p == hi:
                    break
                if docs[p] == cand[i]:
                    v = factor[j] * kernels.posting_part(src[j], p, main_tfs, main_lens, delta_tfs, delta_lens,
                                                         table, k1, b, avgdl)
                    if not found[i] or v > value[i]:
                        value[i], found[i] = v, True
    for i in range(n):
        if found[i]:
            part[i] += value[i]


@kernel
def taat_top(k, main_docs, main_tfs, main_lens, delta_docs, delta_tfs, delta_lens, src, start, end, factor, ub, c_first,
             doc_len, alive, check_alive, k1, b, avgdl, run_docs, run_vals, keep):
    """Ids and exact scores of the k best documents (ties: lower id first), and how many were scored exactly.

    ``keep``: from how few candidates on their contributions are kept (:data:`KEEP`).

    ``run_docs`` / ``run_vals``: scratch rows (RUN_ROWS of them, each as long as the documents) for the runs of
    :mod:`index.bm25.accumulate`.
    """
    n_concepts = c_first.shape[0] - 1
    bound = np.zeros(n_concepts)
    length = np.zeros(n_concepts, dtype=np.int64)
    for c in range(n_concepts):
        for j in range(c_first[c], c_first[c + 1]):
            bound[c] = max(bound[c], ub[j])
            length[c] += end[j] - start[j]
    order = np.argsort(-bound)  # largest bound first
    table = kernels.part_table(k1, b, avgdl)
    rest = np.zeros(n_concepts + 1)  # rest[i]: the bounds of order[i:] added up
    for i in range(n_concepts - 1, -1, -1):
        rest[i] = rest[i + 1] + bound[order[i]]
    # 1. merge concepts into the run, largest bound first, until documents not met yet cannot reach the top k
    acc_row, next_row, free = 0, 1, np.array([2, 3, 4])  # the run, its next version, scratch (RUN_ROWS rows)
    n_touched, theta, top, done = 0, 0.0, 0.0, 0  # top: the largest partial score (theta is at most that)
    looked_up = np.zeros(0, dtype=np.int64)  # the documents whose exact scores gave theta last
    for i in range(n_concepts):
        if n_touched >= k and rest[i] * MARGIN <= top:
            if rest[i] * MARGIN > theta:
                theta = max(theta, accumulate.kth_largest(run_vals[acc_row, :n_touched], k))
            if rest[i] * MARGIN <= theta:
                break
        n_touched, raised = accumulate.add_concept(order[i], main_docs, main_tfs, main_lens, delta_docs, delta_tfs,
                                                   delta_lens, src, start, end, factor, c_first, alive, check_alive,
                                                   table, k1, b, avgdl, run_docs, run_vals, acc_row, n_touched,
                                                   next_row, free)
        acc_row, next_row = next_row, acc_row
        top = max(top, raised)
        done = i + 1
        if n_touched >= k and done < n_concepts and done & (done - 1) == 0:  # after 1, 2, 4, 8 … concepts
            # the exact scores of the k best so far: k real scores, so their lowest is a lower bound of the
            # final k-th score, usually far above the k-th partial score (documents miss the concepts not added)
            best = np.sort(accumulate.best_docs(run_vals[acc_row], run_docs[acc_row], n_touched, k))
            if best.shape[0] != looked_up.shape[0] or (best != looked_up).any():  # the same k: the same scores
                exact = lookup.scores_of(best, main_docs, main_tfs, delta_docs, delta_tfs, src, start, end, factor,
                                         c_first, doc_len, alive, k1, b, avgdl)
                theta = max(theta, exact.min())
                top = max(top, theta)
                looked_up = best
    cand, part = run_docs[acc_row], run_vals[acc_row]  # sorted by document
    if n_touched >= k:
        theta = max(theta, accumulate.kth_largest(part[:n_touched], k))
    # 2. complete the candidates with the other concepts, shortest lists first, dropping the hopeless ones
    left = order[done:][np.argsort(length[order[done:]], kind="mergesort")]
    remaining = rest[done]
    n = 0
    for i in range(n_touched):
        if (part[i] + remaining) * MARGIN > theta:
            cand[n], part[n] = cand[i], part[i]
            n += 1
    value = np.zeros(n)
    found = np.zeros(n, dtype=np.bool_)
    keeping = False  # once the candidates are at most ``keep``: each one's contribution of each concept completed
    known = np.zeros((0, n_concepts))
    rows = np.arange(0)  # each candidate's row of ``known``
    is_known = np.zeros(n_concepts, dtype=np.bool_)
    for c in left:
        if not keeping and n <= keep:
            keeping, known, rows = True, np.zeros((n, n_concepts)), np.arange(n)
        remaining -= bound[c]
        complete(c, cand, n, part, value, found, main_docs, main_tfs, main_lens, delta_docs, delta_tfs, delta_lens,
                 src, start, end, factor, c_first, table, k1, b, avgdl)
        if keeping:
            is_known[c] = True
            for x in range(n):
                if found[x]:
                    known[rows[x], c] = value[x]
        if n >= k:
            theta = max(theta, accumulate.kth_largest(part[:n], k))
        m = 0
        for x in range(n):
            if (part[x] + remaining) * MARGIN > theta:
                cand[m], part[m] = cand[x], part[x]
                if keeping:
                    rows[m] = rows[x]
                m += 1
        n = m
    if not keeping:  # nothing kept: is_known is all False, so ``known`` is never read, only ``rows`` compacted
        rows = np.arange(n)
    # 3. exact scores (question order, as exhaustive scoring adds them) of those that can still tie the k-th, from
    # the contributions kept and look-ups of the concepts completed before the candidates were few
    m = 0
    for x in range(n):
        if part[x] * MARGIN >= theta:
            cand[m], rows[m] = cand[x], rows[x]
            m += 1
    exact = lookup.scores_with_known(cand[:m], rows[:m], known, is_known, main_docs, main_tfs, delta_docs, delta_tfs,
                                     src, start, end, factor, c_first, doc_len, alive, k1, b, avgdl)
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
    run_docs, run_vals = np.zeros((RUN_ROWS, 4), dtype=np.int64), np.zeros((RUN_ROWS, 4))
    main_docs = np.array([1, 2], dtype=np.int32)
    for tf_type, len_type in kernels.WARM_DTYPES:
        for c_first in (np.array([0, 1, 2], dtype=np.int64), np.array([0, 2], dtype=np.int64)):
            taat_top(1, main_docs, np.array([1, 2], dtype=tf_type), np.array([3, 3], dtype=len_type), delta_docs,
                     delta_tfs, delta_lens, src, start, end, factor, ub, c_first, doc_len, alive, True, 1.5, 0.75, 3.0,
                     run_docs, run_vals, KEEP)
