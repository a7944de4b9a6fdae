"""The engines the bench times side by side, over the same token lists and the same questions.

Each peer builds from sentences given as token lists and answers a question
given as tokens with its top 10 ``(ids, scores)``. Ours and the exhaustive
reference are the same :class:`index.bm25.okapi.BM25Index` (pruned and not);
rank-bm25 is the scoring reference; bm25s (numba backend, one thread) and
tantivy are bench-only extras (``pip install .[bench]``), skipped with a
note when they are not installed. Peers other than rank-bm25 score with
their own BM25 variants, so only ours, exhaustive and rank-bm25 are
compared for identical results.
"""
from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from importlib.util import find_spec

import numpy as np
from rank_bm25 import BM25Okapi

from index.bm25.okapi import BM25Index

TOP = 10
Tokens = Sequence[str]


class Peer:
    name = "peer"
    note = ""

    def top(self, tokens: Tokens) -> tuple[np.ndarray, np.ndarray]:
        raise NotImplementedError


class Ours(Peer):
    """Our index, pruned top k (``exhaustive=True``: every posting scored, the same answers)."""

    def __init__(self, index: BM25Index, exhaustive: bool = False):
        self.index, self.exhaustive = index, exhaustive
        self.name = "exhaustive" if exhaustive else "ours"

    def top(self, tokens: Tokens) -> tuple[np.ndarray, np.ndarray]:
        return self.index.search([[(t, 1.0)] for t in tokens], TOP, exhaustive=self.exhaustive)


class RankBM25(Peer):
    name = "rank-bm25"

    def __init__(self, token_lists: Sequence[Tokens], index: BM25Index):
        p = index.params
        self.model = BM25Okapi([list(t) for t in token_lists], k1=p.k1, b=p.b, epsilon=p.epsilon)

    def top(self, tokens: Tokens) -> tuple[np.ndarray, np.ndarray]:
        scores = self.model.get_scores(list(tokens))
        best = np.argsort(-scores, kind="stable")[:TOP]
        keep = scores[best] > 0
        return best[keep], scores[best][keep]


class BM25S(Peer):
    """bm25s with its numba backend on one thread (Robertson's IDF, no floor: its closest to Okapi)."""

    name = "bm25s"

    def __init__(self, token_lists: Sequence[Tokens], k1: float, b: float):
        import bm25s  # bench-only extra (pip install .[bench]), heavy: loaded when the bench runs it

        self.model = bm25s.BM25(k1=k1, b=b, method="robertson", backend="numba")
        self.model.index([list(t) for t in token_lists], show_progress=False)
        self.vocab = self.model.vocab_dict
        self.model.retrieve([[next(iter(self.vocab))]], k=TOP, n_threads=1, show_progress=False)  # compile once
        self.note = f"bm25s {bm25s.__version__}, numba backend, 1 thread"

    def top(self, tokens: Tokens) -> tuple[np.ndarray, np.ndarray]:
        known = [t for t in tokens if t in self.vocab]
        if not known:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        docs, scores = self.model.retrieve([known], k=TOP, n_threads=1, show_progress=False)
        return docs[0], scores[0]


class Tantivy(Peer):
    """tantivy-py: a whitespace-tokenized field holding our tokens (spaces inside a token become ``_``)."""

    name = "tantivy"

    def __init__(self, token_lists: Sequence[Tokens]):
        import tantivy  # bench-only extra (pip install .[bench]): loaded when the bench runs it

        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("body", stored=False, tokenizer_name="whitespace", index_option="freq")
        self.schema = builder.build()
        self.folder = tempfile.TemporaryDirectory(prefix="newsqa-tantivy-")
        self.index = tantivy.Index(self.schema, path=self.folder.name)
        writer = self.index.writer(heap_size=400_000_000, num_threads=1)
        for tokens in token_lists:
            writer.add_document(tantivy.Document(body=" ".join(_one_word(t) for t in tokens)))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        self.note = "tantivy-py, one indexing thread, its own BM25 (k1 1.2, b 0.75), block-max WAND"

    def top(self, tokens: Tokens) -> tuple[np.ndarray, np.ndarray]:
        t = self.tantivy
        query = t.Query.boolean_query(
            [(t.Occur.Should, t.Query.term_query(self.schema, "body", _one_word(tok))) for tok in tokens]
        )
        hits = self.searcher.search(query, TOP).hits
        return np.array([a.doc for _, a in hits], dtype=np.int64), np.array([s for s, _ in hits])


def _one_word(token: str) -> str:
    return token.replace(" ", "_")


def available(module: str) -> bool:
    return find_spec(module) is not None


def build_peers(token_lists: Sequence[Tokens], index: BM25Index, with_rank_bm25: bool) -> tuple[list[Peer], dict]:
    """The peers over ``token_lists`` and their build seconds (ours is built by the caller)."""
    peers: list[Peer] = [Ours(index), Ours(index, exhaustive=True)]
    builds: dict[str, float] = {}
    factories = [("bm25s", lambda: BM25S(token_lists, index.params.k1, index.params.b)),
                 ("tantivy", lambda: Tantivy(token_lists))]
    if with_rank_bm25:
        factories.insert(0, ("rank-bm25", lambda: RankBM25(token_lists, index)))
    for name, factory in factories:
        if name in ("bm25s", "tantivy") and not available(name):
            print(f"{name}: not installed (.venv/bin/pip install -e '.[test,bench]'); skipped", flush=True)
            continue
        started = time.perf_counter()
        peers.append(factory())
        builds[name] = time.perf_counter() - started
    return peers, builds


def interleaved(peers: list[Peer], questions: list[Tokens], sample: dict[str, int]) -> dict[str, dict]:
    """Question i on every peer before question i + 1, the order rotating; ``sample[name]``: its first n only."""
    times: dict[str, list[float]] = {p.name: [] for p in peers}
    cpu: dict[str, list[float]] = {p.name: [] for p in peers}
    tops: dict[str, list] = {p.name: [] for p in peers}
    for number, tokens in enumerate(questions):
        turn = number % len(peers)  # each peer goes first in turn (the first meets cold caches)
        for peer in peers[turn:] + peers[:turn]:
            if number >= sample.get(peer.name, len(questions)):
                continue
            started, started_cpu = time.perf_counter(), time.thread_time()
            found = peer.top(tokens)
            cpu[peer.name].append((time.thread_time() - started_cpu) * 1000)
            times[peer.name].append((time.perf_counter() - started) * 1000)
            tops[peer.name].append(found)
    return {p.name: {"ms": times[p.name], "cpu_ms": cpu[p.name], "tops": tops[p.name], "note": p.note} for p in peers}


def identical(ours: list, other: list, exact: bool) -> bool:
    """Same top 10: ids and scores equal (exact), or scores within 1e-9 with ids equal up to ties."""
    for (ids_a, scores_a), (ids_b, scores_b) in zip(ours, other):
        if exact:
            if not (np.array_equal(ids_a, ids_b) and np.array_equal(scores_a, scores_b)):
                return False
            continue
        if len(ids_a) != len(ids_b) or not np.allclose(scores_a, scores_b, rtol=0, atol=1e-9):
            return False
        for score in np.unique(np.round(scores_b, 9)):  # the same ids at each score (ties may cut differently)
            cut = np.isclose(scores_b, score, rtol=0, atol=1e-9)
            if cut.all() or np.isclose(scores_b[-1], score, rtol=0, atol=1e-9):
                continue
            if set(ids_a[np.isclose(scores_a, score, rtol=0, atol=1e-9)].tolist()) != set(ids_b[cut].tolist()):
                return False
    return True
