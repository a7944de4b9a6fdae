"""Posting look-ups: ``seek`` (an interpolated guess, then galloping) against numpy's binary search.

Lists are sorted by doc id; ``seek`` must give the first position of a
range holding a document >= the target, whatever the spread of the ids:
even (where the guess lands close), clustered (where it lands far and
gallops back or forward), and short ranges (no guess).
"""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from index.bm25 import lookup
from index.bm25.jit import compile_kernels


@st.composite
def sorted_ids(draw) -> np.ndarray:
    """Increasing doc ids in runs: each run repeats one gap, so some stretches are dense and others sparse."""
    runs = draw(st.lists(st.tuples(st.integers(1, 5000), st.integers(1, 200)), min_size=1, max_size=6))
    gaps = np.concatenate([np.full(count, gap, dtype=np.int64) for gap, count in runs])
    return np.cumsum(gaps).astype(np.int32)


@settings(max_examples=300, deadline=None)
@given(docs=sorted_ids(), data=st.data())
def test_seek_finds_the_first_document_at_least_the_target(docs, data):
    compile_kernels()
    lo = data.draw(st.integers(0, len(docs) // 4))
    hi = data.draw(st.integers(lo, len(docs)))
    target = data.draw(st.integers(0, int(docs[-1]) + 10))
    expected = lo + int(np.searchsorted(docs[lo:hi], target))
    other = np.zeros(1, dtype=np.int32)
    assert lookup.seek(0, lo, hi, target, docs, other) == expected
    assert lookup.seek(1, lo, hi, target, other, docs) == expected
    assert lookup.gallop(docs, lo, hi, target) == expected  # the plain gallop the pruned top k walks candidates with


def test_seek_in_a_long_even_list_and_at_its_ends():
    compile_kernels()
    docs = np.arange(0, 30_000, 3, dtype=np.int32)
    other = np.zeros(1, dtype=np.int32)
    hi = len(docs)
    for target in (0, 1, 2, 3, 14_999, 15_000, 29_997, 29_998, 40_000):
        assert lookup.seek(0, 0, hi, target, docs, other) == int(np.searchsorted(docs, target))
    assert lookup.seek(0, 100, hi, 0, docs, other) == 100  # the target lies before the range: its start


def test_seek_in_a_read_only_list_as_the_memory_mapped_snapshot_gives_it():
    compile_kernels()
    docs = np.arange(0, 30_000, 7, dtype=np.int32)
    docs.setflags(write=False)
    delta = np.array([5, 9, 12], dtype=np.int32)
    for target in (0, 6, 7, 20_000, 29_995, 40_000):
        assert lookup.seek(0, 0, len(docs), target, docs, delta) == int(np.searchsorted(docs, target))
    assert lookup.seek(1, 0, 3, 10, docs, delta) == 2
