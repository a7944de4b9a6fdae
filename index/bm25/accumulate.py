"""Accumulator kernels of the pruned top k (compiled by numba): adding postings, heaps, sorting candidates.

Accumulators are a dense array of partial scores reused across questions;
contributions are positive (pruning requires positive factors), so a zero
marks a document not touched yet and only touched entries are reset.
"""
from __future__ import annotations

import numpy as np

from index.bm25 import kernels
from index.bm25.jit import kernel


@kernel
def kth_largest(values, k):
    """The k-th largest of ``values`` (len >= k): a min-heap of the k largest, one pass."""
    heap = np.empty(k)
    for i in range(k):
        heap[i] = values[i]
    heap.sort()  # a sorted array is a min-heap
    for i in range(k, values.shape[0]):
        v = values[i]
        if v <= heap[0]:
            continue
        at = 0  # sift v down from the root
        while True:
            child = 2 * at + 1
            if child >= k:
                break
            if child + 1 < k and heap[child + 1] < heap[child]:
                child += 1
            if heap[child] >= v:
                break
            heap[at] = heap[child]
            at = child
        heap[at] = v
    return heap[0]


@kernel
def best_docs(acc, touched, n, k):
    """The k touched documents with the largest accumulated scores (any order)."""
    heap_v, heap_d = np.empty(k), np.empty(k, dtype=np.int64)
    for i in range(k):
        heap_v[i], heap_d[i] = acc[touched[i]], touched[i]
    for i in range(k):  # heapify (min-heap), by sifting every parent down
        at = k // 2 - 1 - i
        if at < 0:
            break
        sift(heap_v, heap_d, at, k, heap_v[at], heap_d[at])
    for i in range(k, n):
        v = acc[touched[i]]
        if v > heap_v[0]:
            sift(heap_v, heap_d, 0, k, v, touched[i])
    return heap_d


@kernel
def sift(heap_v, heap_d, at, k, v, d):
    """Put (v, d) at ``at`` of a min-heap and sift it down."""
    while True:
        child = 2 * at + 1
        if child >= k:
            break
        if child + 1 < k and heap_v[child + 1] < heap_v[child]:
            child += 1
        if heap_v[child] >= v:
            break
        heap_v[at], heap_d[at] = heap_v[child], heap_d[child]
        at = child
    heap_v[at], heap_d[at] = v, d


@kernel
def sort_by_doc(docs, values):
    """``docs`` (non-negative, < 2**32) ascending with their ``values``: two 16-bit counting-sort passes."""
    n = docs.shape[0]
    if n <= 4096:  # small: a comparison sort costs less than the counting passes' set-up
        order = np.argsort(docs)
        return docs[order], values[order]
    tmp_docs, tmp_values = np.empty(n, dtype=np.int64), np.empty(n)
    for shift in (0, 16):
        counts = np.zeros(65537, dtype=np.int64)
        for i in range(n):
            counts[((docs[i] >> shift) & 0xFFFF) + 1] += 1
        for i in range(65536):
            counts[i + 1] += counts[i]
        for i in range(n):
            key = (docs[i] >> shift) & 0xFFFF
            tmp_docs[counts[key]], tmp_values[counts[key]] = docs[i], values[i]
            counts[key] += 1
        docs, tmp_docs = tmp_docs, docs
        values, tmp_values = tmp_values, values
    return docs, values


@kernel
def add_positive(acc, touched, n, docs, tfs, lens, factor, alive, check_alive, k1, b, avgdl, top_box):
    """acc[d] += factor × tf-part; contributions are positive, so acc[d] == 0 marks a document not yet touched.

    ``top_box[0]`` keeps the largest accumulated score.
    """
    top = top_box[0]
    for i in range(docs.shape[0]):
        d = docs[i]
        if check_alive and not alive[d]:
            continue
        a = acc[d]
        if a == 0.0:
            touched[n] = d
            n += 1
        a += factor * kernels.tf_part(tfs[i], lens[i], k1, b, avgdl)
        acc[d] = a
        if a > top:
            top = a
    top_box[0] = top
    return n


@kernel
def max_positive(best, seen, n, docs, tfs, lens, factor, alive, check_alive, k1, b, avgdl):
    """best[d] = max(best[d], factor × tf-part) (0: not yet seen)."""
    for i in range(docs.shape[0]):
        d = docs[i]
        if check_alive and not alive[d]:
            continue
        v = factor * kernels.tf_part(tfs[i], lens[i], k1, b, avgdl)
        a = best[d]
        if a == 0.0:
            seen[n] = d
            n += 1
            best[d] = v
        elif v > a:
            best[d] = v
    return n


@kernel
def accumulate(c, main_docs, main_tfs, main_lens, delta_docs, delta_tfs, delta_lens, src, start, end, factor, c_first,
               alive, check_alive, k1, b, avgdl, acc, touched, n_touched, best, best_seen, top_box):
    """Add concept c (the best of its lists per document) into the accumulators; returns the touched count."""
    lo, hi = c_first[c], c_first[c + 1]
    if hi - lo == 1:
        s, e = start[lo], end[lo]
        if src[lo] == 0:
            return add_positive(acc, touched, n_touched, main_docs[s:e], main_tfs[s:e], main_lens[s:e], factor[lo],
                                alive, check_alive, k1, b, avgdl, top_box)
        return add_positive(acc, touched, n_touched, delta_docs[s:e], delta_tfs[s:e], delta_lens[s:e], factor[lo],
                            alive, check_alive, k1, b, avgdl, top_box)
    n_best = 0
    for j in range(lo, hi):
        s, e = start[j], end[j]
        if src[j] == 0:
            n_best = max_positive(best, best_seen, n_best, main_docs[s:e], main_tfs[s:e], main_lens[s:e], factor[j],
                                  alive, check_alive, k1, b, avgdl)
        else:
            n_best = max_positive(best, best_seen, n_best, delta_docs[s:e], delta_tfs[s:e], delta_lens[s:e],
                                  factor[j], alive, check_alive, k1, b, avgdl)
    for x in range(n_best):
        d = best_seen[x]
        if acc[d] == 0.0:
            touched[n_touched] = d
            n_touched += 1
        acc[d] += best[d]
        top_box[0] = max(top_box[0], acc[d])
        best[d] = 0.0
    return n_touched


@kernel
def add_to_candidates(c, main_docs, main_tfs, main_lens, delta_docs, delta_tfs, delta_lens, src, start, end, factor,
                      c_first, alive, check_alive, k1, b, avgdl, acc, best, best_seen):
    """Walk concept c's lists and add its contribution to the documents still candidates (acc > 0) only."""
    n_best = 0
    for j in range(c_first[c], c_first[c + 1]):
        for p in range(start[j], end[j]):
            d = main_docs[p] if src[j] == 0 else delta_docs[p]
            if acc[d] <= 0.0:
                continue
            v = factor[j] * kernels.posting_part(src[j], p, main_tfs, main_lens, delta_tfs, delta_lens, k1, b, avgdl)
            if best[d] == 0.0:
                best_seen[n_best] = d
                n_best += 1
                best[d] = v
            elif v > best[d]:
                best[d] = v
    for x in range(n_best):
        d = best_seen[x]
        acc[d] += best[d]
        best[d] = 0.0
