"""Exact BM25Okapi over postings, with cheap incremental adds and removes.

Scores equal ``rank_bm25.BM25Okapi(corpus).get_scores(query)`` for the live
documents (same k1, b, epsilon, same IDF floor: terms whose IDF is negative
get ``epsilon * average_idf``), but a question only touches the postings of
its own terms, and the top k skips the postings that cannot enter it
(MaxScore, :mod:`index.bm25.prune`; ``exhaustive=True`` scores them all).

Layout: a *main* segment (:class:`index.bm25.segment.Segment`: CSR postings
with small-int term frequencies, a forward index and per-term bounds) plus
a small *delta* segment of appended postings; removed documents are masked
out and their document frequencies taken back. ``compact`` folds the delta
into the main segment. Nothing depends on the average document length but
the query-time arithmetic, so an add or a remove costs its own postings.
"""
from __future__ import annotations

import math
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain
from pathlib import Path

import numpy as np

from index.bm25.build import Numbering, stable_argsort_ids
from index.bm25.persist import map_arrays, read_meta, read_terms, write_index_files
from index.bm25.query import Concepts, Query, contains, contains_each
from index.bm25.scoring import Buffers, Scored
from index.bm25.segment import ARRAYS, Segment

FORMAT_VERSION = 2
RENAMED = {"docs": "post_docs", "tfs": "post_tfs", "lens": "post_lens"}
FILE_NAMES = {name: RENAMED.get(name, name) for name in ARRAYS}  # segment array -> file name


class BM25Params:
    def __init__(self, k1: float = 1.5, b: float = 0.75, epsilon: float = 0.25):
        self.k1, self.b, self.epsilon = float(k1), float(b), float(epsilon)

    def as_dict(self) -> dict:
        return {"k1": self.k1, "b": self.b, "epsilon": self.epsilon}


class BM25Index:
    """Documents are numbered 0, 1, 2 … in the order they are added."""

    def __init__(self, params: BM25Params | None = None):
        self.params = params or BM25Params()
        self.vocab: dict[str, int] = {}
        self.df = np.zeros(0, dtype=np.int32)
        self.doc_len = np.zeros(0, dtype=np.int32)
        self.alive = np.zeros(0, dtype=bool)
        self.n_docs = 0  # documents ever added (ids), dead ones included
        self.n_alive = 0
        self.total_len = 0
        self.main = Segment()
        self.delta: dict[int, tuple[list[int], list[int]]] = {}  # term -> (docs, tfs), docs newer than main's
        self.delta_terms: dict[int, list[int]] = {}  # delta document -> its distinct terms (for removes)
        self.delta_size = 0
        self.exhaustive = False  # True: score every posting instead of MaxScore pruning (same results)
        # questions with at most this many postings are scored exhaustively (cheaper, same results; 20k at 1M: p50 +13 %)
        self.prune_above = 5_000
        self._version = 0  # bumped when document frequencies change (the IDF floor's cache key)
        self._floor_cache: tuple[int, float] | None = None
        self.terms_digest: str | None = None  # of the terms file it was loaded from
        self.buffers = Buffers()

    # ---- building -------------------------------------------------------
    @classmethod
    def build(cls, token_lists: Sequence[Sequence[str]], params: BM25Params | None = None) -> "BM25Index":
        index = cls(params)
        index.add_bulk(token_lists)
        index.compact()
        return index

    def _term_ids(self, tokens: Iterable[str]) -> list[int]:
        ids = []
        for token in tokens:
            term = self.vocab.get(token)
            if term is None:
                term = self.vocab[token] = len(self.vocab)
            ids.append(term)
        return ids

    def _grow(self, n_docs: int, n_terms: int) -> None:
        """Room for ``n_docs`` documents and ``n_terms`` terms, with headroom (amortised growth)."""
        if n_docs > len(self.doc_len):
            capacity = max(n_docs, len(self.doc_len) + len(self.doc_len) // 4, 1024)
            self.doc_len = _resized(self.doc_len, capacity)
            self.alive = _resized(self.alive, capacity)
        if n_terms > len(self.df):
            self.df = _resized(self.df, max(n_terms, len(self.df) + len(self.df) // 4, 1024))

    def add_documents(self, token_lists: Sequence[Sequence[str]]) -> range:
        """Append documents to the delta segment; returns their ids. Cost: their own postings only."""
        first = self.n_docs
        counts = [Counter(self._term_ids(tokens)) for tokens in token_lists]
        self._grow(first + len(counts), len(self.vocab))
        for offset, (tokens, counter) in enumerate(zip(token_lists, counts)):
            doc = first + offset
            self.doc_len[doc] = len(tokens)
            self.alive[doc] = True
            self.total_len += len(tokens)
            self.delta_terms[doc] = list(counter)
            for term, tf in counter.items():
                self.df[term] += 1
                docs, tfs = self.delta.setdefault(term, ([], []))
                docs.append(doc)
                tfs.append(tf)
            self.delta_size += len(counter)
        self.n_docs = first + len(counts)
        self.n_alive += len(counts)
        self._version += 1
        if self.delta_size > max(50_000, len(self.main) // 20):
            self.compact()
        return range(first, self.n_docs)

    def add_bulk(self, token_lists: Sequence[Sequence[str]]) -> range:
        """Append many documents at once, vectorised: for start-up and large imports.

        Same result as :meth:`add_documents`, but the postings go straight into
        the main segment (one merge) instead of the per-term delta lists.
        """
        if len(token_lists) < 64:
            return self.add_documents(token_lists)
        lengths, flat = self.term_ids(token_lists)
        return self.add_bulk_ids(lengths, flat)

    def term_ids(self, token_lists: Sequence[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
        """Per-document lengths and the flat array of term ids (new terms join the vocabulary)."""
        lengths = np.fromiter(map(len, token_lists), dtype=np.int64, count=len(token_lists))
        lookup = Numbering(self.vocab)
        flat = np.fromiter(
            map(lookup.__getitem__, chain.from_iterable(token_lists)), dtype=np.int64, count=int(lengths.sum())
        )
        return lengths, flat

    def add_bulk_ids(self, lengths: np.ndarray, flat: np.ndarray) -> range:
        """Append documents given as term ids of this index's vocabulary (see :meth:`term_ids`)."""
        self.compact()
        first, n = self.n_docs, len(lengths)
        docs = np.repeat(np.arange(first, first + n, dtype=np.int32), lengths)
        order = stable_argsort_ids(flat)  # by term; doc ids stay increasing within a term
        terms, docs = flat[order], docs[order]
        edge = np.empty(len(terms), dtype=bool)
        edge[:1] = True
        np.not_equal(terms[1:], terms[:-1], out=edge[1:])
        edge[1:] |= docs[1:] != docs[:-1]
        starts = np.flatnonzero(edge)  # one posting per (term, doc) run
        tfs = np.diff(np.append(starts, len(terms)))
        new_terms, new_docs = terms[starts], docs[starts]
        n_terms = len(self.vocab)
        self._grow(first + n, n_terms)
        self.df[:n_terms] += np.bincount(new_terms, minlength=n_terms).astype(np.int32)
        self.doc_len[first : first + n] = lengths
        self.alive[first : first + n] = True
        self.n_docs, self.n_alive = first + n, self.n_alive + n
        self.total_len += int(lengths.sum())
        self.main = self.main.merged(new_terms, new_docs, tfs, n_terms, self.n_docs, self.doc_len, *self._bound_params())
        self._version += 1
        return range(first, first + n)

    def remove_documents(self, doc_ids: Iterable[int]) -> None:
        """Mask documents out; document frequencies and lengths move back exactly (own postings only)."""
        doomed = sorted({d for d in doc_ids if 0 <= d < self.n_docs and self.alive[d]})
        if not doomed:
            return
        doomed_arr = np.asarray(doomed, dtype=np.int64)
        self.alive[doomed_arr] = False
        self.n_alive -= len(doomed_arr)
        self.total_len -= int(self.doc_len[doomed_arr].sum())
        in_main = doomed_arr[doomed_arr < self.main.n_docs]
        if len(in_main):
            np.subtract.at(self.df, self.main.terms_of(in_main), 1)
        for doc in doomed_arr[len(in_main) :].tolist():
            for term in self.delta_terms.get(doc, ()):
                self.df[term] -= 1
        self._version += 1

    def compact(self) -> None:
        """Fold the delta segment into the main segment."""
        if self.delta_size == 0 and self.main.n_terms == len(self.vocab) and self.main.n_docs == self.n_docs:
            return
        terms = np.fromiter(
            (t for t, (docs, _) in self.delta.items() for _ in docs), dtype=np.int64, count=self.delta_size
        )
        docs = np.fromiter((d for docs, _ in self.delta.values() for d in docs), dtype=np.int32, count=self.delta_size)
        tfs = np.fromiter((f for _, tfs in self.delta.values() for f in tfs), dtype=np.int64, count=self.delta_size)
        order = stable_argsort_ids(terms)
        self._grow(0, len(self.vocab))
        self.main = self.main.merged(
            terms[order], docs[order], tfs[order], len(self.vocab), self.n_docs, self.doc_len, *self._bound_params()
        )
        self.delta, self.delta_terms, self.delta_size = {}, {}, 0

    def _bound_params(self) -> tuple[float, float, float]:
        """k1, b and the average length the segment's bounds are computed at (any positive one is valid)."""
        return self.params.k1, self.params.b, self.avgdl() or 1.0

    # ---- statistics -------------------------------------------------------
    def _df_of(self, term: str) -> int:
        term_id = self.vocab.get(term)
        return int(self.df[term_id]) if term_id is not None and term_id < len(self.df) else 0

    def knows(self, term: str) -> bool:
        """Whether a live document holds ``term``."""
        return self._df_of(term) > 0

    def doc_freq(self, term: str) -> int:
        """How many live documents hold ``term``."""
        return self._df_of(term)

    def idf(self, term: str) -> float:
        """rank_bm25's IDF: ``log(N - df + 0.5) - log(df + 0.5)``, or the floor when that is negative."""
        return self.idf_of_df(self._df_of(term))

    def idf_of_df(self, df: int) -> float:
        """:meth:`idf` of a term held by ``df`` live documents (0 for none)."""
        if df <= 0:
            return 0.0
        raw = math.log(self.n_alive - df + 0.5) - math.log(df + 0.5)
        return self._floor() if raw < 0 else raw

    def _floor(self) -> float:
        """``epsilon × average IDF`` over the terms live documents hold (computed only when a term needs it)."""
        if self._floor_cache is None or self._floor_cache[0] != self._version:
            df = self.df[: len(self.vocab)]
            present = df[df > 0].astype(np.float64)
            n = float(self.n_alive)
            average = float((np.log(n - present + 0.5) - np.log(present + 0.5)).sum() / len(present)) if len(present) else 0.0
            self._floor_cache = (self._version, self.params.epsilon * average)
        return self._floor_cache[1]

    def avgdl(self) -> float:
        return self.total_len / self.n_alive if self.n_alive else 1.0

    # ---- scoring --------------------------------------------------------
    def query(self, concepts: Concepts) -> Query:
        """A question given as concepts, each a list of (term, weight) alternatives, resolved for scoring.

        A concept adds the best of its alternatives to a document (with one
        alternative: rank_bm25's ``idf × tf(k1+1)/(tf+norm)``, term by term).
        """
        return Query(self, concepts)

    def search(self, concepts: Concepts, k: int, exhaustive: bool | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Ids and exact scores of the k best documents, best first (ties: lower id first)."""
        return self.query(concepts).top(k, exhaustive)

    def scores_of(self, concepts: Concepts, docs: np.ndarray) -> np.ndarray:
        """Exact scores of given documents (0 for those that match nothing or are removed)."""
        return self.query(concepts).scores(docs)

    def contains(self, term: str, docs: np.ndarray) -> np.ndarray:
        """Which of ``docs`` are live documents holding ``term`` (binary search per document)."""
        return contains(self, term, docs)

    def contains_each(self, terms: Sequence[str], docs: np.ndarray) -> np.ndarray:
        """(terms × docs) :meth:`contains` for several terms, in one pass."""
        return contains_each(self, terms, docs)

    def score(self, concepts: Concepts) -> Scored:
        """Exhaustive scores of every matching document; use as a context manager (it holds the buffers)."""
        return self.query(concepts).scored()

    def get_scores(self, query: Sequence[str]) -> np.ndarray:
        """Dense scores over all document ids (dead ones are 0), like rank_bm25."""
        with self.score([[(term, 1.0)] for term in query]) as scored:
            return scored.dense()

    def top_k(self, weighted_terms: Iterable[tuple[str, float]], k: int) -> tuple[np.ndarray, np.ndarray]:
        """Ids and exact scores of the ``k`` best matching documents, best first (ties: lower id)."""
        return self.search([[term] for term in weighted_terms], k)

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Live (doc ids, term frequencies) of ``term`` (a copy: for tests and tools, not for ranking)."""
        term_id = self.vocab.get(term)
        lo, hi = self.main.term_range(term_id) if term_id is not None else (0, 0)
        extra = self.delta.get(term_id, ([], [])) if term_id is not None else ([], [])
        docs = np.concatenate([self.main.docs[lo:hi], np.array(extra[0], dtype=np.int32)])
        tfs = np.concatenate([self.main.tfs[lo:hi].astype(np.int64), np.array(extra[1], dtype=np.int64)])
        keep = self.alive[docs]
        return docs[keep], tfs[keep]

    # ---- persistence ----------------------------------------------------
    def save(self, directory: Path) -> list[str]:
        """Write arrays (``.npy``), ``terms.json`` and ``bm25.json``; returns the file names written."""
        self.compact()
        arrays = {FILE_NAMES[name]: array for name, array in self.main.arrays().items()}
        arrays.update(doc_len=self.doc_len[: self.n_docs], alive=self.alive[: self.n_docs],
                      df=self.df[: len(self.vocab)])
        meta = {"format": FORMAT_VERSION, **self.params.as_dict(), "n_docs": self.n_docs, "n_alive": self.n_alive,
                "total_len": self.total_len}
        return write_index_files(directory, arrays, meta, sorted(self.vocab, key=self.vocab.__getitem__))

    @classmethod
    def load(cls, directory: Path, vocab: dict[str, int] | None = None, vocab_digest: str | None = None) -> "BM25Index":
        """Open a saved index, its postings memory-mapped; ValueError when its files do not agree.

        ``vocab``/``vocab_digest``: share another index's vocabulary, which must
        be the one this index was saved with (same term digest).
        """
        meta = read_meta(directory, FORMAT_VERSION)
        index = cls(BM25Params(meta["k1"], meta["b"], meta["epsilon"]))
        if vocab is None:
            index.vocab = {term: i for i, term in enumerate(read_terms(directory, meta))}
        elif meta["terms_digest"] != vocab_digest or len(vocab) != meta["n_terms"]:
            raise ValueError("bm25 vocabularies differ")
        else:
            index.vocab = vocab
        index.terms_digest = meta["terms_digest"]
        arrays = map_arrays(directory, tuple(FILE_NAMES.values()) + ("doc_len", "alive", "df"))
        index.main = Segment({name: arrays[FILE_NAMES[name]] for name in ARRAYS})
        index.n_docs, index.n_alive, index.total_len = meta["n_docs"], meta["n_alive"], meta["total_len"]
        # copies of the small per-document and per-term arrays, with room to grow (an add copies nothing)
        index._grow(index.n_docs + max(1024, index.n_docs // 8), len(index.vocab) + max(1024, len(index.vocab) // 8))
        index.doc_len[: index.n_docs] = arrays["doc_len"]
        index.alive[: index.n_docs] = arrays["alive"]
        index.df[: len(index.vocab)] = arrays["df"]
        index.main.check()
        if index.main.n_terms != len(index.vocab) or index.main.n_docs != index.n_docs:
            raise ValueError("bm25 arrays do not match their params")
        if len(arrays["doc_len"]) != index.n_docs or len(arrays["df"]) != len(index.vocab):
            raise ValueError("bm25 arrays do not match their params")
        alive = index.alive[: index.n_docs]
        if int(alive.sum()) != index.n_alive or int(index.doc_len[: index.n_docs][alive].sum()) != index.total_len:
            raise ValueError("bm25 arrays are inconsistent")
        return index

    def nbytes(self) -> int:
        """Bytes the index's arrays span (mapped or not), plus delta lists and the vocabulary dict."""
        arrays = (*self.main.arrays().values(), self.df, self.doc_len, self.alive)
        vocab = sys.getsizeof(self.vocab) + sum(sys.getsizeof(t) for t in self.vocab)
        delta = sum(sys.getsizeof(d) + sys.getsizeof(f) for d, f in self.delta.values()) + 28 * 2 * self.delta_size
        return sum(a.nbytes for a in arrays) + vocab + delta

    def stats(self) -> dict:
        return {
            "documents": self.n_alive,
            "terms": int((self.df[: len(self.vocab)] > 0).sum()),
            "postings": int(len(self.main) + self.delta_size),
            "avgdl": round(self.total_len / self.n_alive, 3) if self.n_alive else 0.0,
        }


def _resized(array: np.ndarray, capacity: int) -> np.ndarray:
    """A zero-padded copy of ``array`` with room for ``capacity`` entries."""
    grown = np.zeros(capacity, dtype=array.dtype)
    grown[: len(array)] = array
    return grown
