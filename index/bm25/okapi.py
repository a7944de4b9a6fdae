"""Exact BM25Okapi over postings, with cheap incremental adds and removes.

Scores equal ``rank_bm25.BM25Okapi(corpus).get_scores(query)`` for the live
documents (same k1, b, epsilon, same IDF floor: terms whose IDF is negative
get ``epsilon * average_idf``), but a query only touches the postings of its
own terms.

Layout: a *main* segment in CSR form (``offsets``/``docs``/``tfs`` per term
id) plus a small *delta* segment of appended postings; removed documents are
masked out and their document frequencies taken back. ``compact`` folds the
delta into the main segment.
"""
from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import chain
from pathlib import Path

import numpy as np

from index.bm25.build import Numbering, stable_argsort_ids
from index.bm25.persist import read_index_files, write_index_files
from index.bm25.scoring import Buffers, Scored

FORMAT_VERSION = 1


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
        self.df = np.zeros(0, dtype=np.int64)
        self.doc_len = np.zeros(0, dtype=np.int32)
        self.alive = np.zeros(0, dtype=bool)
        self.n_docs = 0  # documents ever added (ids), dead ones included
        self.n_alive = 0
        self.total_len = 0
        self.offsets = np.zeros(1, dtype=np.int64)  # main segment CSR
        self.post_docs = np.zeros(0, dtype=np.int32)
        self.post_tfs = np.zeros(0, dtype=np.float64)
        self.delta: dict[int, tuple[list[int], list[int]]] = {}
        self.delta_size = 0
        self._idf_cache: tuple[np.ndarray, float] | None = None
        self._norm_cache: np.ndarray | None = None
        self._impact_cache: np.ndarray | None = None  # per main posting: tf(k1+1)/(tf+norm)
        self.buffers = Buffers()

    # ---- building -------------------------------------------------------
    @classmethod
    def build(cls, token_lists: Sequence[Sequence[str]], params: BM25Params | None = None) -> "BM25Index":
        index = cls(params)
        index.add_documents(token_lists)
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
        if n_docs > len(self.doc_len):
            capacity = max(n_docs, 2 * len(self.doc_len), 1024)
            self.doc_len = np.resize(self.doc_len, capacity)
            self.alive = np.resize(self.alive, capacity)
            self.alive[self.n_docs :] = False
        if n_terms > len(self.df):
            capacity = max(n_terms, 2 * len(self.df), 1024)
            grown = np.zeros(capacity, dtype=np.int64)
            grown[: len(self.df)] = self.df
            self.df = grown

    def add_documents(self, token_lists: Sequence[Sequence[str]]) -> range:
        """Append documents; returns their ids. Cost: their own postings only."""
        first = self.n_docs
        counts = [Counter(self._term_ids(tokens)) for tokens in token_lists]
        self._grow(first + len(counts), len(self.vocab))
        for offset, (tokens, counter) in enumerate(zip(token_lists, counts)):
            doc = first + offset
            self.doc_len[doc] = len(tokens)
            self.alive[doc] = True
            self.total_len += len(tokens)
            for term, tf in counter.items():
                self.df[term] += 1
                docs, tfs = self.delta.setdefault(term, ([], []))
                docs.append(doc)
                tfs.append(tf)
            self.delta_size += len(counter)
        self.n_docs = first + len(counts)
        self.n_alive += len(counts)
        self._invalidate()
        if self.delta_size > max(50_000, len(self.post_docs) // 20):
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
        n_terms = len(self.vocab)
        docs = np.repeat(np.arange(first, first + n, dtype=np.int32), lengths)
        order = stable_argsort_ids(flat)  # by term; doc ids stay increasing within a term
        terms, docs = flat[order], docs[order]
        edge = np.empty(len(terms), dtype=bool)
        edge[:1] = True
        np.not_equal(terms[1:], terms[:-1], out=edge[1:])
        edge[1:] |= docs[1:] != docs[:-1]
        starts = np.flatnonzero(edge)  # one posting per (term, doc) run
        tfs = np.diff(np.append(starts, len(terms))).astype(np.float64)
        new_terms, new_docs = terms[starts], docs[starts]
        self._grow(first + n, n_terms)
        self.df[:n_terms] += np.bincount(new_terms, minlength=n_terms)
        self.doc_len[first : first + n] = lengths
        self.alive[first : first + n] = True
        self.n_docs, self.n_alive = first + n, self.n_alive + n
        self.total_len += int(lengths.sum())
        self._merge_main(new_terms, new_docs, tfs)
        self._invalidate()
        return range(first, first + n)

    def _merge_main(self, terms: np.ndarray, docs: np.ndarray, tfs: np.ndarray) -> None:
        """Fold postings (sorted by term, newer doc ids than any in main) into the main CSR segment."""
        n_terms = len(self.vocab)
        counts = np.bincount(terms, minlength=n_terms)
        if len(self.post_docs):
            main_counts = np.diff(self.offsets)
            main_terms = np.repeat(np.arange(len(main_counts), dtype=np.int64), main_counts)
            order = stable_argsort_ids(np.concatenate([main_terms, terms]))
            self.post_docs = np.concatenate([self.post_docs, docs.astype(np.int32)])[order]
            self.post_tfs = np.concatenate([self.post_tfs, tfs])[order]
            counts[: len(main_counts)] += main_counts
        else:
            order = stable_argsort_ids(terms)
            self.post_docs, self.post_tfs = docs.astype(np.int32)[order], tfs[order]
        self.offsets = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(counts, out=self.offsets[1:])
        self._impact_cache = None  # aligned with the postings arrays just replaced

    def remove_documents(self, doc_ids: Iterable[int]) -> None:
        """Mask documents out; document frequencies and lengths move back exactly."""
        doomed = [d for d in doc_ids if 0 <= d < self.n_docs and self.alive[d]]
        if not doomed:
            return
        doomed_arr = np.asarray(sorted(doomed), dtype=np.int64)
        self.alive[doomed_arr] = False
        self.n_alive -= len(doomed_arr)
        self.total_len -= int(self.doc_len[doomed_arr].sum())
        self._forget_df(doomed_arr)
        self._invalidate()

    def _forget_df(self, doomed: np.ndarray) -> None:
        doomed_set = set(doomed.tolist())
        # main segment: one pass over postings that point at the removed docs
        hit = np.isin(self.post_docs, doomed)
        if hit.any():
            term_of_posting = np.searchsorted(self.offsets, np.flatnonzero(hit), side="right") - 1
            np.subtract.at(self.df, term_of_posting, 1)
        for term, (docs, _) in self.delta.items():
            self.df[term] -= sum(1 for d in docs if d in doomed_set)

    def compact(self) -> None:
        """Fold the delta segment into the main CSR segment."""
        if self.delta_size == 0 and len(self.offsets) == len(self.vocab) + 1:
            return
        terms = np.fromiter(
            (t for t, (docs, _) in self.delta.items() for _ in docs), dtype=np.int64, count=self.delta_size
        )
        docs = np.fromiter((d for docs, _ in self.delta.values() for d in docs), dtype=np.int32, count=self.delta_size)
        tfs = np.fromiter((f for _, tfs in self.delta.values() for f in tfs), dtype=np.float64, count=self.delta_size)
        self.delta = {}
        self.delta_size = 0
        self._merge_main(terms, docs, tfs)

    # ---- scoring --------------------------------------------------------
    def _invalidate(self) -> None:
        self._idf_cache = None
        self._norm_cache = None
        self._impact_cache = None

    def _idf_table(self) -> tuple[np.ndarray, float]:
        """Raw IDF per term and the floor for negative ones (rank_bm25's rule)."""
        if self._idf_cache is None:
            self._grow(0, len(self.vocab))  # the vocabulary may be shared with another index
            df = self.df[: len(self.vocab)].astype(np.float64)
            present = df > 0
            n = float(self.n_alive)
            raw = np.log(n - df + 0.5) - np.log(df + 0.5)
            average = float(raw[present].sum() / present.sum()) if present.any() else 0.0
            self._idf_cache = (raw, self.params.epsilon * average)
        return self._idf_cache

    def knows(self, term: str) -> bool:
        """Whether a live document holds ``term``."""
        term_id = self.vocab.get(term)
        return term_id is not None and term_id < len(self.df) and self.df[term_id] > 0

    def idf(self, term: str) -> float:
        term_id = self.vocab.get(term)
        if term_id is None or term_id >= len(self.df) or self.df[term_id] <= 0:
            return 0.0
        raw, floor = self._idf_table()
        value = float(raw[term_id])
        return floor if value < 0 else value

    def _norm(self) -> np.ndarray:
        """k1 * (1 - b + b * len/avgdl) per document."""
        if self._norm_cache is None:
            avgdl = self.total_len / self.n_alive if self.n_alive else 1.0
            k1, b = self.params.k1, self.params.b
            lengths = self.doc_len[: self.n_docs].astype(np.float64)
            self._norm_cache = k1 * (1.0 - b + b * lengths / avgdl)
        return self._norm_cache

    def postings(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """Live (doc ids, term frequencies) of ``term``."""
        term_id = self.vocab.get(term)
        if term_id is None:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64)
        docs, tfs = self._segments(term_id, self.post_tfs, lambda d_docs, d_tfs: d_tfs)
        if self.n_alive < self.n_docs:
            keep = self.alive[docs]
            docs, tfs = docs[keep], tfs[keep]
        return docs, tfs

    def _segments(self, term_id: int, main_values: np.ndarray, delta_values) -> tuple[np.ndarray, np.ndarray]:
        """A term's doc ids with one value per posting: main segment, then the delta's."""
        if term_id + 1 < len(self.offsets):
            lo, hi = self.offsets[term_id], self.offsets[term_id + 1]
            docs, values = self.post_docs[lo:hi], main_values[lo:hi]
        else:
            docs, values = self.post_docs[:0], main_values[:0]
        extra = self.delta.get(term_id)
        if extra:
            d_docs = np.asarray(extra[0], dtype=np.int32)
            d_tfs = np.asarray(extra[1], dtype=np.float64)
            docs = np.concatenate([docs, d_docs])
            values = np.concatenate([values, delta_values(d_docs, d_tfs)])
        return docs, values

    def _impacts(self) -> np.ndarray:
        """The term-frequency part of BM25 for every main posting, recomputed after a change.

        One vectorised pass (tens of ms at a million sentences) after an add or
        a remove; queries then only multiply by the IDF.
        """
        if self._impact_cache is None:
            self._impact_cache = self._tf_part(self.post_tfs, self.post_docs)
        return self._impact_cache

    def _tf_part(self, tfs: np.ndarray, docs: np.ndarray) -> np.ndarray:
        """rank_bm25's ``tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl))`` for postings."""
        k1 = self.params.k1
        return tfs * (k1 + 1.0) / (tfs + self._norm()[docs])

    def term_postings(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(doc ids, impacts) of a term, main segment then delta; None when it scores nothing."""
        term_id = self.vocab.get(term)
        if term_id is None or self.idf(term) == 0.0:
            return None
        return self._segments(term_id, self._impacts(), lambda d_docs, d_tfs: self._tf_part(d_tfs, d_docs))

    def score(self, concepts: Sequence[Sequence[tuple[str, float]]]) -> Scored:
        """Score a question given as concepts, each a list of (term, weight) alternatives.

        A concept adds the best of its alternatives to a document (with one
        alternative: rank_bm25's ``idf × tf(k1+1)/(tf+norm)``, term by term).
        Use as a context manager; the result holds the index's buffers.
        """
        arrays = []
        for alternatives in concepts:
            postings = []
            for term, weight in alternatives:
                found = self.term_postings(term) if weight else None
                if found is not None and len(found[0]):
                    postings.append((found[0], found[1], weight * self.idf(term)))
            arrays.append(postings)
        return Scored(self.buffers, self.n_docs, self.alive, arrays)

    def get_scores(self, query: Sequence[str]) -> np.ndarray:
        """Dense scores over all document ids (dead ones are 0), like rank_bm25."""
        with self.score([[(term, 1.0)] for term in query]) as scored:
            return scored.dense()

    def top_k(self, weighted_terms: Iterable[tuple[str, float]], k: int) -> tuple[np.ndarray, np.ndarray]:
        """Ids and exact scores of the ``k`` best matching documents, best first (ties: lower id)."""
        with self.score([[term] for term in weighted_terms]) as scored:
            return scored.top(k)

    # ---- persistence ----------------------------------------------------
    def save(self, directory: Path) -> list[str]:
        """Write arrays (``.npy``) and ``bm25.json``; returns the file names written."""
        self.compact()
        arrays = {
            "offsets": self.offsets,
            "post_docs": self.post_docs,
            "post_tfs": self.post_tfs.astype(np.float32),
            "doc_len": self.doc_len[: self.n_docs],
            "alive": self.alive[: self.n_docs],
            "df": self.df[: len(self.vocab)],
        }
        meta = {
            "format": FORMAT_VERSION,
            **self.params.as_dict(),
            "n_docs": self.n_docs,
            "n_alive": self.n_alive,
            "total_len": self.total_len,
            "terms": sorted(self.vocab, key=self.vocab.__getitem__),
        }
        return write_index_files(directory, arrays, meta)

    @classmethod
    def load(cls, directory: Path) -> "BM25Index":
        arrays, meta = read_index_files(directory, FORMAT_VERSION)
        index = cls(BM25Params(meta["k1"], meta["b"], meta["epsilon"]))
        index.vocab = {term: i for i, term in enumerate(meta["terms"])}
        index.offsets = arrays["offsets"]
        index.post_docs = arrays["post_docs"]
        index.post_tfs = arrays["post_tfs"].astype(np.float64)
        index.n_docs, index.n_alive, index.total_len = meta["n_docs"], meta["n_alive"], meta["total_len"]
        index.doc_len = arrays["doc_len"].astype(np.int32)
        index.alive = arrays["alive"].astype(bool)
        index.df = arrays["df"].astype(np.int64)
        if len(index.offsets) != len(index.vocab) + 1 or len(index.doc_len) != index.n_docs:
            raise ValueError("bm25 arrays do not match their params")
        if int(index.alive.sum()) != index.n_alive or int(index.doc_len[index.alive].sum()) != index.total_len:
            raise ValueError("bm25 arrays are inconsistent")
        return index

    def nbytes(self) -> int:
        """Bytes held by the index: arrays, delta lists and the vocabulary dict (keys included)."""
        arrays = (self.offsets, self.post_docs, self.post_tfs, self.df, self.doc_len, self.alive)
        vocab = sys.getsizeof(self.vocab) + sum(sys.getsizeof(t) for t in self.vocab)
        delta = sum(sys.getsizeof(d) + sys.getsizeof(f) for d, f in self.delta.values()) + 28 * 2 * self.delta_size
        caches = sum(
            a.nbytes for a in (self._norm_cache, self._impact_cache, *(self._idf_cache or ())) if isinstance(a, np.ndarray)
        )
        return sum(a.nbytes for a in arrays) + vocab + delta + caches

    def stats(self) -> dict:
        return {
            "documents": self.n_alive,
            "terms": int((self.df[: len(self.vocab)] > 0).sum()),
            "postings": int(len(self.post_docs) + self.delta_size),
            "avgdl": round(self.total_len / self.n_alive, 3) if self.n_alive else 0.0,
        }
