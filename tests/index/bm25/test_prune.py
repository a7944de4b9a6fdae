"""The pruned top k (MaxScore with block bounds) against exhaustive scoring, on random corpora.

Exhaustive scoring is itself tested against rank_bm25 (test_okapi.py); here
the pruned path must give the same ids and bit-for-bit the same scores,
ties included, after bulk builds, delta adds that move the average length
far from the one the bounds were computed at, removes and compactions. The
per-document look-ups the ranker uses (scores of given documents, whether a
document holds a term) are checked against the same reference.
"""
from __future__ import annotations

import numpy as np

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.bm25 import kernels, prune
from index.bm25.jit import compile_kernels
from index.bm25.okapi import BM25Index, BM25Params

VOCAB = [f"w{i}" for i in range(40)]


def zipf_terms(draw, n: int) -> list[str]:
    """Terms with a skewed distribution, so that some lists are long and others rare (pruning matters)."""
    ranks = draw(st.lists(st.integers(0, 2**16), min_size=n, max_size=n))
    return [VOCAB[min(len(VOCAB) - 1, int(len(VOCAB) * (r / 2**16) ** 3))] for r in ranks]


@st.composite
def documents(draw, min_size: int, max_size: int) -> list[list[str]]:
    n = draw(st.integers(min_size, max_size))
    return [zipf_terms(draw, draw(st.integers(0, 14))) for _ in range(n)]


@st.composite
def questions(draw) -> list[list[tuple[str, float]]]:
    concepts = []
    for _ in range(draw(st.integers(1, 7))):
        alternatives = draw(st.integers(1, 3))
        terms = zipf_terms(draw, alternatives) + draw(st.lists(st.sampled_from(["unknown", "w39"]), max_size=1))
        weights = draw(st.lists(st.sampled_from([1.0, 0.6, 0.3, 1.0, 0.0]), min_size=len(terms), max_size=len(terms)))
        concepts.append(list(zip(terms, weights)))
    return concepts


@st.composite
def indexes(draw) -> tuple[BM25Index, list[list[str]]]:
    """An index built in bulk, grown through the delta (longer documents), with some removes."""
    params = draw(st.sampled_from([BM25Params(), BM25Params(1.2, 0.75), BM25Params(0.9, 0.4, 0.5), BM25Params(1.5, 1.0)]))
    bulk = draw(documents(64, 260))
    index = BM25Index(params)
    index.prune_above = 0  # prune even these small questions
    index.add_bulk(bulk)
    extra = [doc * draw(st.integers(1, 3)) for doc in draw(documents(0, 60))]  # the average length moves
    for start in range(0, len(extra), 7):
        index.add_documents(extra[start : start + 7])
    every = bulk + extra
    doomed = draw(st.lists(st.integers(0, len(every) - 1), max_size=len(every) // 3))
    index.remove_documents(doomed)
    if draw(st.booleans()):
        index.compact()
        index.add_documents(draw(documents(0, 10)))
        every = every + [[] for _ in range(index.n_docs - len(every))]  # tokens not needed beyond here
    return index, every


def same(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> bool:
    return np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1])


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(indexes(), st.lists(questions(), min_size=1, max_size=4), st.sampled_from([1, 2, 3, 10, 25]))
def test_pruned_top_k_equals_exhaustive(built, asked, k):
    index, _ = built
    for concepts in asked:
        query = index.query(concepts)
        pruned, exhaustive = query.top(k), query.top(k, exhaustive=True)
        assert same(pruned, exhaustive), (concepts, pruned, exhaustive)
        with index.score(concepts) as scored:
            dense = scored.dense()
        assert np.array_equal(dense[pruned[0]], pruned[1])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(indexes(), st.lists(questions(), min_size=1, max_size=4), st.sampled_from([1, 3, 10]), st.sampled_from([0, 3, 20, 60]))
def test_exact_scores_from_kept_contributions_and_look_ups_equal_exhaustive(built, asked, k, keep):
    """Phase 3 adds the contributions kept once the candidates are few and looks the other concepts up; with
    ``keep`` this small, some questions keep none, some keep the last concepts only."""
    index, _ = built
    saved, prune.KEEP = prune.KEEP, keep
    try:
        for concepts in asked:
            query = index.query(concepts)
            pruned, exhaustive = query.top(k), query.top(k, exhaustive=True)
            assert same(pruned, exhaustive), (keep, concepts, pruned, exhaustive)
    finally:
        prune.KEEP = saved


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(indexes(), questions(), st.lists(st.integers(-2, 400), max_size=30))
def test_scores_of_given_documents_equal_exhaustive(built, concepts, docs):
    index, _ = built
    with index.score(concepts) as scored:
        dense = scored.dense()
    got = index.scores_of(concepts, np.array(docs, dtype=np.int64))
    want = np.array([dense[d] if 0 <= d < index.n_docs else 0.0 for d in docs])
    assert np.array_equal(got, want)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(indexes(), st.lists(st.integers(-2, 400), max_size=40))
def test_contains_is_live_membership(built, docs):
    index, _ = built
    for term in ["w0", "w3", "w20", "w39", "unknown"]:
        live = set(index.postings(term)[0].tolist())
        got = index.contains(term, np.array(docs, dtype=np.int64))
        assert got.tolist() == [d in live for d in docs], term
    terms = ["w0", "w3", "unknown", "w20", "w39", "w3"]
    each = index.contains_each(terms, np.array(docs, dtype=np.int64))
    assert each.shape == (len(terms), len(docs))
    for row, term in enumerate(terms):
        assert each[row].tolist() == [d in set(index.postings(term)[0].tolist()) for d in docs], term


def test_pruning_skips_documents_and_stays_exact():
    """A frequent term and a rare one: once the top k holds rare documents, the frequent term's others are skipped."""
    rng = np.random.default_rng(3)
    docs = [["common"] * int(rng.integers(1, 3)) + [f"filler{rng.integers(50)}"] for _ in range(20_000)]
    for i in range(0, 20_000, 997):
        docs[i] = docs[i] + ["rare", "common"]
    index = BM25Index.build(docs)
    index.prune_above = 0
    query = index.query([[("common", 1.0)], [("rare", 1.0)]])
    ids, values, scored = query.pruned_top(3)
    exhaustive = query.top(3, exhaustive=True)
    assert same((ids, values), exhaustive)
    assert scored < 4_000, f"{scored} of {len(index.postings('common')[0])} documents scored"  # 3 rare ones by id 2991
    assert set(ids.tolist()) <= set(range(0, 20_000, 997))


def test_kept_contributions_past_many_candidates_equal_exhaustive():
    """Frequent terms completed while thousands of documents are candidates, then kept once they are few (and
    with ``keep`` 0, never kept): phase 3 must give the exhaustive scores in every case."""
    rng = np.random.default_rng(8)
    docs = []
    for i in range(20_000):
        doc = ["f1"] * int(rng.integers(1, 3)) + [f"filler{rng.integers(80)}"] * int(rng.integers(1, 4))
        if rng.random() < 0.5:
            doc += ["f2"]
        if rng.random() < 0.1:
            doc += ["m"] * int(rng.integers(1, 3))
        if i % 211 == 0:
            doc += ["r"]
        docs.append(doc)
    index = BM25Index.build(docs)
    index.prune_above = 0
    concepts = [[("r", 1.0)], [("m", 1.0)], [("f1", 1.0)], [("f2", 0.6), ("f1", 0.3)], [("filler3", 1.0)]]
    saved = prune.KEEP
    try:
        for keep in (0, 2, 40, 5_000, 10**9):
            prune.KEEP = keep  # read by Query.pruned_top at each call, not frozen into a kernel
            for k in (1, 10, 60):
                query = index.query(concepts)
                assert same(query.top(k), query.top(k, exhaustive=True)), (keep, k)
    finally:
        prune.KEEP = saved


def test_ties_go_to_the_lower_id():
    docs = [["a", "b"], ["b", "c"], ["a", "b"], ["c", "d"], ["a", "b"]] * 40 + [["d", "e"]] * 800
    index = BM25Index.build(docs)
    index.prune_above = 0
    for k in (1, 2, 3, 7):
        ids, values = index.search([[("a", 1.0)], [("b", 1.0)]], k)
        assert ids.tolist() == [0, 2, 4, 5, 7, 9, 10][:k]
        assert len(set(values.tolist())) == 1
        assert same((ids, values), index.search([[("a", 1.0)], [("b", 1.0)]], k, exhaustive=True))


def test_exhaustive_switch_on_the_index():
    index = BM25Index.build([["a", "b"], ["b"], ["a"]] * 30)
    index.prune_above = 0
    index.exhaustive = True
    assert same(index.search([[("a", 1.0)]], 5), index.query([[("a", 1.0)]]).top(5, exhaustive=False))


def test_the_tf_part_table_gives_the_computed_numbers_inside_and_past_its_bounds():
    """index.bm25.kernels.table_part: looked up below (4, 256), computed past it, the same bits either way."""
    compile_kernels()
    for k1, b, avgdl in ((1.5, 0.75, 20.3), (1.2, 1.0, 3.0), (0.9, 0.4, 117.0), (0.0, 0.0, 1.0)):
        table = kernels.part_table(k1, b, avgdl)
        for tf in range(1, 12):
            for dl in (0, 1, 7, 100, 254, 255, 256, 257, 700, 65535):
                assert kernels.table_part(table, tf, dl, k1, b, avgdl) == kernels.tf_part(tf, dl, k1, b, avgdl)


def test_long_documents_and_frequent_terms_equal_exhaustive():
    """Frequencies and lengths past the tf-part table's, end to end."""
    rng = np.random.default_rng(5)
    words = [f"w{i}" for i in range(30)]
    docs = []
    for _ in range(400):
        length = int(rng.choice([3, 40, 300, 700]))
        docs.append([words[min(29, int(rng.exponential(4)))] for _ in range(length)])
    assert max(max(doc.count(w) for w in set(doc)) for doc in docs) > 8 and max(map(len, docs)) > 256
    index = BM25Index.build(docs)
    index.prune_above = 0
    for question in (["w0", "w5"], ["w1", "w12", "w20"], ["w3", "w29", "w7", "w0"]):
        concepts = [[(w, 1.0)] for w in question]
        for k in (1, 5, 20):
            assert same(index.search(concepts, k), index.search(concepts, k, exhaustive=True)), (question, k)
