"""index.bm25.BM25Index against rank_bm25.BM25Okapi, the reference it must equal.

The corpus is real: the sentences of the first KorQuAD 1.0 dev articles
tokenized with Kiwi (about 2,000 sentences) and real KorQuAD questions.
Without ../shared the seed article and the bundled fixtures are used.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from index.bm25.okapi import BM25Index, BM25Params
from index.text.clean import clean_text
from index.ingest.importers import read_path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
KORQUAD = next(
    (p / "shared" / "eval" / "KorQuAD_v1.0_dev.json" for p in Path(__file__).resolve().parents
     if (p / "shared" / "eval" / "KorQuAD_v1.0_dev.json").is_file()),
    Path("/nonexistent"),
)  # ../shared beside the checkout (a worktree may sit one level deeper)
N_ARTICLES = 55
N_QUESTIONS = 80
TOL = 1e-9


class RealCorpus:
    def __init__(self, docs: list[tuple[str, ...]], questions: list[tuple[str, ...]], origin: str):
        self.docs = docs
        self.questions = questions
        self.origin = origin


@pytest.fixture(scope="module")
def corpus(tokenizer) -> RealCorpus:
    if KORQUAD.is_file():
        data = json.loads(KORQUAD.read_text(encoding="utf-8"))["data"][:N_ARTICLES]
        texts = ["\n\n".join(p["context"] for p in item["paragraphs"]) for item in data]
        raw_questions = [qa["question"] for item in data for p in item["paragraphs"] for qa in p["qas"]]
        step = max(1, len(raw_questions) // N_QUESTIONS)
        raw_questions = raw_questions[::step][:N_QUESTIONS]
        origin = "korquad"
    else:
        texts = []
        for path in sorted(FIXTURES.glob("*.txt")):
            for parsed in read_path(path):
                texts.append(clean_text(parsed.article.text))
        raw_questions = [
            "머스크가 오픈AI를 고소한 진짜 이유는?", "테슬라가 도조에 투자하는 금액은?", "에단 나이트는 어디로 옮겼나?",
            "오픈AI의 최대 주주는?", "AI 인재 몸값은 얼마인가?", "내년 예산 규모는?", "연구개발 예산은 얼마인가?",
            "저작권 침해 처벌은 어떻게 바뀌나?", "불법 사이트 차단 절차는?", "국회는 언제까지 예산안을 처리해야 하나?",
        ]
        origin = "fixtures"
    docs = [span.tokens for spans in tokenizer.split_many(texts) for span in spans]
    questions = [q for q in (tokenizer.tokens(text) for text in raw_questions) if q]
    if origin == "korquad":
        assert len(docs) >= 1500 and len(questions) >= 50
    return RealCorpus(docs, questions, origin)


def reference(docs) -> BM25Okapi:
    return BM25Okapi([list(d) for d in docs])


def assert_same_scores(index: BM25Index, live: list[int], docs, questions) -> None:
    """Scores of ``index`` on the ``live`` ids equal BM25Okapi over those documents; dead ids score 0."""
    ref = reference([docs[i] for i in live])
    live_arr = np.asarray(live)
    dead = np.setdiff1d(np.arange(index.n_docs), live_arr)
    for query in questions:
        expected = ref.get_scores(list(query))
        got = index.get_scores(query)
        assert got.shape == (index.n_docs,)
        np.testing.assert_allclose(got[live_arr], expected, rtol=0, atol=TOL)
        assert not np.any(got[dead]), "removed documents must score 0"
        assert_same_top(index, query, expected, live_arr)


def assert_same_top(index: BM25Index, query, expected: np.ndarray, live_arr: np.ndarray, k: int = 10) -> None:
    ids, values = index.top_k([(t, 1.0) for t in query], k)
    positive = expected[expected > 0]
    want = np.sort(positive)[::-1][:k]
    assert len(ids) == len(want)
    np.testing.assert_allclose(values, want, rtol=0, atol=TOL)  # same score multiset, best first
    assert list(values) == sorted(values, reverse=True)
    by_id = dict(zip(live_arr.tolist(), expected.tolist()))
    for doc, value in zip(ids.tolist(), values.tolist()):
        assert abs(by_id[doc] - value) <= TOL  # each id has the reference's score
    if len(want) == k:  # every id strictly above the cut must be there (ties at the cut may differ)
        cut = want[-1]
        above = {d for d, s in by_id.items() if s > cut + TOL}
        assert above <= set(ids.tolist())
    else:
        assert set(ids.tolist()) == {d for d, s in by_id.items() if s > 0}


def test_fresh_build_equals_rank_bm25(corpus):
    index = BM25Index.build(corpus.docs)
    assert index.n_alive == len(corpus.docs)
    assert_same_scores(index, list(range(len(corpus.docs))), corpus.docs, corpus.questions)


def test_idf_equals_rank_bm25_for_every_term(corpus):
    index = BM25Index.build(corpus.docs)
    ref = reference(corpus.docs)
    assert set(index.vocab) == set(ref.idf)
    for term, value in ref.idf.items():
        assert abs(index.idf(term) - value) <= TOL, term
    assert index.idf("없는낱말") == 0.0


def test_incremental_adds_equal_a_fresh_build(corpus):
    docs = corpus.docs
    index = BM25Index()
    n = len(docs)
    cuts = sorted({0, 7, n // 4, n // 4 + 1, n // 2, n - 5, n})
    for lo, hi in zip(cuts, cuts[1:]):
        ids = index.add_documents(docs[lo:hi])
        assert list(ids) == list(range(lo, hi))
        if hi == n // 2:
            index.compact()  # a main segment plus a later delta
    assert index.delta_size > 0
    assert_same_scores(index, list(range(len(docs))), docs, corpus.questions)
    index.compact()
    assert index.delta_size == 0
    assert_same_scores(index, list(range(len(docs))), docs, corpus.questions)


def test_add_bulk_equals_a_fresh_build(corpus):
    """``add_bulk`` (the engine's start-up and import path) mixed with the other mutations."""
    docs = corpus.docs
    n = len(docs)
    c1, c2, c3 = n // 8, n // 4, n // 2
    c0 = min(10, c1)
    index = BM25Index()
    index.add_bulk(docs[:c0])  # small batches take the add_documents path
    index.add_bulk(docs[c0:c1])
    index.add_documents(docs[c1:c2])  # a pending delta that add_bulk has to fold in
    index.add_bulk(docs[c2:c3])
    doomed = {1, c1 + 1, c2 + 1, c3 - 1}
    index.remove_documents(sorted(doomed))
    index.add_bulk(docs[c3:])
    live = [i for i in range(n) if i not in doomed]
    assert index.n_docs == n
    assert_same_scores(index, live, docs, corpus.questions)
    index.compact()
    assert_same_scores(index, live, docs, corpus.questions)


def test_concepts_score_the_best_alternative(corpus):
    """``score(concepts)``: a concept adds its best weighted alternative (rank_bm25 term scores)."""
    index = BM25Index.build(corpus.docs)
    ref = reference(corpus.docs)
    for query in corpus.questions[:30]:
        terms = list(dict.fromkeys(query))
        if len(terms) < 3:
            continue
        # one term per concept: exactly get_scores
        with index.score([[(t, 1.0)] for t in terms]) as scored:
            np.testing.assert_allclose(scored.dense(), ref.get_scores(terms), rtol=0, atol=TOL)
        # first two terms as alternatives of one concept (weights 1 and 0.6), the rest alone
        a, b, rest = terms[0], terms[1], terms[2:]
        expected = np.maximum(ref.get_scores([a]), 0.6 * ref.get_scores([b])) + ref.get_scores(rest)
        with index.score([[(a, 1.0), (b, 0.6)]] + [[(t, 1.0)] for t in rest]) as scored:
            np.testing.assert_allclose(scored.dense(), expected, rtol=0, atol=TOL)
            ids, values = scored.top(10)
        want = np.sort(expected[expected > 0])[::-1][:10]
        np.testing.assert_allclose(values, want, rtol=0, atol=TOL)
        np.testing.assert_allclose(expected[ids], values, rtol=0, atol=TOL)


def test_remove_documents_equals_rank_bm25_over_live_docs(corpus):
    docs = corpus.docs
    index = BM25Index()
    half = len(docs) // 2
    index.add_documents(docs[:half])
    index.compact()
    index.add_documents(docs[half:])  # doomed docs in both the main and the delta segment
    rng = np.random.default_rng(7)
    doomed = sorted(rng.choice(len(docs), size=len(docs) // 5, replace=False).tolist())
    index.remove_documents(doomed)
    index.remove_documents(doomed[:10] + [-1, len(docs) + 5])  # repeats and unknown ids are no-ops
    live = [i for i in range(len(docs)) if i not in set(doomed)]
    assert index.n_alive == len(live)
    assert index.total_len == sum(len(docs[i]) for i in live)
    assert_same_scores(index, live, docs, corpus.questions)

    index.compact()
    assert_same_scores(index, live, docs, corpus.questions)

    # adding after removing: new ids continue, removed ones stay dead
    extra = docs[:25]
    new_ids = index.add_documents(extra)
    assert list(new_ids) == list(range(len(docs), len(docs) + 25))
    all_docs = list(docs) + list(extra)
    assert_same_scores(index, live + list(new_ids), all_docs, corpus.questions)


def test_save_load_round_trip(corpus, tmp_path):
    docs = corpus.docs
    index = BM25Index()
    index.add_documents(docs[: len(docs) // 3])
    index.add_documents(docs[len(docs) // 3 :])
    doomed = list(range(0, len(docs), 9))
    index.remove_documents(doomed)
    live = [i for i in range(len(docs)) if i % 9]
    written = index.save(tmp_path / "bm25")
    assert all((tmp_path / "bm25" / name).is_file() for name in written)
    loaded = BM25Index.load(tmp_path / "bm25")
    assert loaded.n_docs == index.n_docs and loaded.n_alive == index.n_alive
    assert loaded.params.as_dict() == index.params.as_dict()
    assert_same_scores(loaded, live, docs, corpus.questions)
    # the loaded index keeps working incrementally
    loaded.remove_documents([1, 2, 3])
    loaded.add_documents(docs[:4])
    live2 = [i for i in live if i not in (1, 2, 3)] + list(range(len(docs), len(docs) + 4))
    assert_same_scores(loaded, live2, list(docs) + list(docs[:4]), corpus.questions[:20])


def test_load_rejects_inconsistent_files(corpus, tmp_path):
    index = BM25Index.build(corpus.docs[:200])
    folder = tmp_path / "bm25"
    index.save(folder)
    meta = json.loads((folder / "bm25.json").read_text(encoding="utf-8"))
    meta["n_alive"] += 1
    (folder / "bm25.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ValueError):
        BM25Index.load(folder)


def test_params_other_than_the_defaults(corpus):
    docs = corpus.docs[:800]
    index = BM25Index.build(docs, BM25Params(k1=1.2, b=0.6, epsilon=0.1))
    ref = BM25Okapi([list(d) for d in docs], k1=1.2, b=0.6, epsilon=0.1)
    for query in corpus.questions[:20]:
        np.testing.assert_allclose(index.get_scores(query), ref.get_scores(list(query)), rtol=0, atol=TOL)


# ---- the IDF floor ----------------------------------------------------------------

SMALL = [
    ["금리", "동결", "한국은행"],
    ["금리", "인상", "연준"],
    ["금리", "인하", "기대", "시장"],
    ["주가", "상승", "시장"],
    ["금리", "시장", "반응"],
]


def test_idf_floor_for_a_term_in_more_than_half_the_docs():
    index = BM25Index.build(SMALL)
    ref = BM25Okapi(SMALL)
    assert ref.idf["금리"] == pytest.approx(ref.epsilon * ref.average_idf)  # the floored term
    assert index.idf("금리") == pytest.approx(ref.idf["금리"], abs=TOL)
    assert index.idf("금리") > 0
    for query in (["금리"], ["금리", "시장"], ["시장", "동결"], ["금리", "금리", "주가"], ["없음"]):
        np.testing.assert_allclose(index.get_scores(query), ref.get_scores(query), rtol=0, atol=TOL)


def test_idf_floor_when_the_average_idf_is_negative():
    docs = [["a", "b"], ["a", "b"], ["a", "c"], ["a"]]
    ref = BM25Okapi(docs)
    assert ref.average_idf < 0
    index = BM25Index.build(docs)
    for term in ("a", "b", "c"):
        assert index.idf(term) == pytest.approx(ref.idf[term], abs=TOL)
    for query in (["a"], ["b"], ["c"], ["a", "c"], ["b", "c", "a"]):
        np.testing.assert_allclose(index.get_scores(query), ref.get_scores(query), rtol=0, atol=TOL)


def test_floor_follows_removals():
    index = BM25Index.build(SMALL)
    index.remove_documents([3])  # "시장" drops to 2 of 4 documents, "금리" to 4 of 4
    live = [d for i, d in enumerate(SMALL) if i != 3]
    ref = BM25Okapi(live)
    for query in (["금리"], ["시장"], ["주가"], ["금리", "시장", "반응"]):
        np.testing.assert_allclose(index.get_scores(query)[[0, 1, 2, 4]], ref.get_scores(query), rtol=0, atol=TOL)


def test_empty_index():
    index = BM25Index()
    assert index.get_scores(["금리"]).shape == (0,)
    ids, values = index.top_k([("금리", 1.0)], 5)
    assert len(ids) == 0 and len(values) == 0


def test_empty_query_and_everything_removed():
    index = BM25Index.build(SMALL)
    assert not index.get_scores([]).any()
    assert len(index.top_k([], 3)[0]) == 0
    index.remove_documents(range(len(SMALL)))
    assert index.n_alive == 0
    assert not index.get_scores(["금리"]).any()


def test_questions_adds_and_removes_never_write_into_the_maps(corpus, tmp_path):
    """The maps are copy-on-write: a write would not reach the file, it would silently make the index another one."""
    docs = corpus.docs[:300]
    folder = tmp_path / "bm25"
    BM25Index.build(docs).save(folder)
    loaded = BM25Index.load(folder)
    mapped = {name: getattr(loaded.main, name) for name in ("docs", "tfs", "lens")}
    for question in corpus.questions[:10]:
        loaded.search([[(t, 1.0)] for t in question], 10)
    loaded.add_documents(docs[:20])
    loaded.remove_documents(range(0, 300, 7))
    loaded.search([[(t, 1.0)] for t in corpus.questions[0]], 10)
    loaded.compact()
    for name, array in mapped.items():
        on_disk = np.load(folder / f"{'post_' + name}.npy")
        assert np.array_equal(array, on_disk), name


def test_load_maps_the_postings_and_rejects_a_truncated_file(corpus, tmp_path):
    docs = corpus.docs[:400]  # the fixtures' corpus (without ../shared) is smaller
    index = BM25Index.build(docs)
    folder = tmp_path / "bm25"
    index.save(folder)
    loaded = BM25Index.load(folder)
    for mapped in (loaded.main.docs, loaded.main.tfs):  # maps of the files (copy-on-write), not copies in memory
        assert isinstance(mapped.base, np.memmap) and mapped.base.mode == "c"
    assert loaded.main.tfs.dtype == np.uint8  # term frequencies stored small
    assert_same_scores(loaded, list(range(len(docs))), docs, corpus.questions[:10])
    data = (folder / "post_docs.npy").read_bytes()
    (folder / "post_docs.npy").write_bytes(data[: len(data) - 8])
    with pytest.raises(ValueError):
        BM25Index.load(folder)


def test_shared_vocabulary_must_match(corpus, tmp_path):
    one, other = BM25Index.build(corpus.docs[:100]), BM25Index.build(corpus.docs[100:200])
    one.save(tmp_path / "one")
    other.save(tmp_path / "other")
    first = BM25Index.load(tmp_path / "one")
    assert BM25Index.load(tmp_path / "one", first.vocab, first.terms_digest).vocab is first.vocab
    with pytest.raises(ValueError):
        BM25Index.load(tmp_path / "other", first.vocab, first.terms_digest)
