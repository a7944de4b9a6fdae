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

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

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
        self.compact()
        first, n = self.n_docs, len(token_lists)
        vocab = self.vocab
        lengths = np.fromiter((len(doc) for doc in token_lists), dtype=np.int64, count=n)
        flat = np.fromiter(
            (vocab.setdefault(t, len(vocab)) for doc in token_lists for t in doc), dtype=np.int64, count=int(lengths.sum())
        )
        n_terms = len(vocab)
        docs = np.repeat(np.arange(first, first + n, dtype=np.int64), lengths)
        keys, tfs = np.unique(docs * n_terms + flat, return_counts=True)  # sorted by (doc, term)
        new_docs, new_terms = keys // n_terms, keys % n_terms
        self._grow(first + n, n_terms)
        self.df[:n_terms] += np.bincount(new_terms, minlength=n_terms)
        self.doc_len[first : first + n] = lengths
        self.alive[first : first + n] = True
        self.n_docs, self.n_alive = first + n, self.n_alive + n
        self.total_len += int(lengths.sum())
        self._merge_main(new_terms, new_docs.astype(np.int32), tfs.astype(np.float64))
        self._invalidate()
        return range(first, first + n)

    def _merge_main(self, terms: np.ndarray, docs: np.ndarray, tfs: np.ndarray) -> None:
        """Fold postings (newer doc ids than any in main) into the main CSR segment."""
        n_terms = len(self.vocab)
        main_counts = np.diff(self.offsets)
        main_counts = np.concatenate([main_counts, np.zeros(n_terms - len(main_counts), dtype=np.int64)])
        all_terms = np.concatenate([np.repeat(np.arange(len(main_counts), dtype=np.int64), main_counts), terms])
        order = np.argsort(all_terms, kind="stable")  # main postings first: doc ids stay sorted per term
        self.post_docs = np.concatenate([self.post_docs, docs])[order]
        self.post_tfs = np.concatenate([self.post_tfs, tfs])[order]
        self.offsets = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(np.bincount(all_terms, minlength=n_terms), out=self.offsets[1:])

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

    def _idf_table(self) -> tuple[np.ndarray, float]:
        """Raw IDF per term and the floor for negative ones (rank_bm25's rule)."""
        if self._idf_cache is None:
            df = self.df[: len(self.vocab)].astype(np.float64)
            present = df > 0
            n = float(self.n_alive)
            raw = np.log(n - df + 0.5) - np.log(df + 0.5)
            average = float(raw[present].sum() / present.sum()) if present.any() else 0.0
            self._idf_cache = (raw, self.params.epsilon * average)
        return self._idf_cache

    def idf(self, term: str) -> float:
        term_id = self.vocab.get(term)
        if term_id is None or self.df[term_id] <= 0:
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
        docs, tfs = self._raw_postings(term_id)
        if self.n_alive < self.n_docs:
            keep = self.alive[docs]
            docs, tfs = docs[keep], tfs[keep]
        return docs, tfs

    def _raw_postings(self, term_id: int) -> tuple[np.ndarray, np.ndarray]:
        if term_id + 1 < len(self.offsets):
            lo, hi = self.offsets[term_id], self.offsets[term_id + 1]
            docs, tfs = self.post_docs[lo:hi], self.post_tfs[lo:hi]
        else:
            docs, tfs = np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64)
        extra = self.delta.get(term_id)
        if extra:
            docs = np.concatenate([docs, np.asarray(extra[0], dtype=np.int32)])
            tfs = np.concatenate([tfs, np.asarray(extra[1], dtype=np.float64)])
        return docs, tfs

    def search_concepts(
        self, concepts: Sequence[Sequence[tuple[str, float]]], k: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Like :meth:`search`, but each concept counts once per document: the best of its alternatives.

        A question's word and its expansions (소송/고소/제소 for "sue") are
        alternatives of one concept; a sentence holding two of them should not
        score twice. With one term per concept this equals :meth:`search`.
        """
        scores = np.zeros(self.n_docs, dtype=np.float64)
        best = np.zeros(self.n_docs, dtype=np.float64)
        touched = []
        for alternatives in concepts:
            parts = list(self._contributions(alternatives))
            if not parts:
                continue
            if len(parts) == 1:
                docs, contribution = parts[0]
                scores[docs] += contribution
                touched.append(docs)
                continue
            for docs, contribution in parts:
                best[docs] = np.maximum(best[docs], contribution)
            docs = np.unique(np.concatenate([d for d, _ in parts]))
            scores[docs] += best[docs]
            best[docs] = 0.0
            touched.append(docs)
        return self._top(scores, touched, k)

    def _contributions(self, weighted_terms: Iterable[tuple[str, float]]):
        norm = self._norm()
        k1 = self.params.k1
        for term, weight in weighted_terms:
            idf = self.idf(term)
            if idf == 0.0 or weight == 0.0:
                continue
            docs, tfs = self.postings(term)
            if len(docs) == 0:
                continue
            yield docs, (weight * idf) * (tfs * (k1 + 1.0) / (tfs + norm[docs]))

    def get_scores(self, query: Sequence[str]) -> np.ndarray:
        """Dense scores over all document ids (dead ones are 0), like rank_bm25."""
        return self.weighted_scores([(term, 1.0) for term in query])

    def weighted_scores(self, weighted_terms: Iterable[tuple[str, float]]) -> np.ndarray:
        scores = np.zeros(self.n_docs, dtype=np.float64)
        for docs, contribution in self._contributions(weighted_terms):
            scores[docs] += contribution
        return scores

    def top_k(self, weighted_terms: Iterable[tuple[str, float]], k: int) -> tuple[np.ndarray, np.ndarray]:
        """Ids and scores of the ``k`` best matching documents, best first."""
        ids, values, _ = self.search(weighted_terms, k)
        return ids, values

    def search(
        self, weighted_terms: Iterable[tuple[str, float]], k: int
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Top-``k`` ids and scores, plus the dense score array they came from."""
        scores = np.zeros(self.n_docs, dtype=np.float64)
        touched = []
        for docs, contribution in self._contributions(weighted_terms):
            scores[docs] += contribution
            touched.append(docs)
        return self._top(scores, touched, k)

    @staticmethod
    def _top(scores: np.ndarray, touched: list, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not touched:
            return np.zeros(0, dtype=np.int64), np.zeros(0), scores
        candidates = touched[0] if len(touched) == 1 else np.flatnonzero(scores)
        values = scores[candidates]
        if len(candidates) > k:
            part = np.argpartition(-values, k - 1)[:k]
            candidates, values = candidates[part], values[part]
        order = np.lexsort((candidates, -values))
        return np.asarray(candidates[order], dtype=np.int64), values[order], scores

    # ---- persistence ----------------------------------------------------
    def save(self, directory: Path) -> list[str]:
        """Write arrays (``.npy``) and ``bm25.json``; returns the file names written."""
        self.compact()
        directory.mkdir(parents=True, exist_ok=True)
        arrays = {
            "offsets": self.offsets,
            "post_docs": self.post_docs,
            "post_tfs": self.post_tfs.astype(np.float32),
            "doc_len": self.doc_len[: self.n_docs],
            "alive": self.alive[: self.n_docs],
            "df": self.df[: len(self.vocab)],
        }
        for name, array in arrays.items():
            np.save(directory / f"{name}.npy", np.ascontiguousarray(array), allow_pickle=False)
        terms = sorted(self.vocab, key=self.vocab.__getitem__)
        meta = {
            "format": FORMAT_VERSION,
            **self.params.as_dict(),
            "n_docs": self.n_docs,
            "n_alive": self.n_alive,
            "total_len": self.total_len,
            "terms": terms,
        }
        (directory / "bm25.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        return [f"{name}.npy" for name in arrays] + ["bm25.json"]

    @classmethod
    def load(cls, directory: Path) -> "BM25Index":
        meta = json.loads((directory / "bm25.json").read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError("bm25 format version mismatch")
        index = cls(BM25Params(meta["k1"], meta["b"], meta["epsilon"]))
        index.vocab = {term: i for i, term in enumerate(meta["terms"])}

        def arr(name):
            return np.load(directory / f"{name}.npy", allow_pickle=False)

        index.offsets = arr("offsets")
        index.post_docs = arr("post_docs")
        index.post_tfs = arr("post_tfs").astype(np.float64)
        index.n_docs, index.n_alive, index.total_len = meta["n_docs"], meta["n_alive"], meta["total_len"]
        index.doc_len = arr("doc_len").astype(np.int32)
        index.alive = arr("alive").astype(bool)
        index.df = arr("df").astype(np.int64)
        if len(index.offsets) != len(index.vocab) + 1 or len(index.doc_len) != index.n_docs:
            raise ValueError("bm25 arrays do not match their params")
        if int(index.alive.sum()) != index.n_alive or int(index.doc_len[index.alive].sum()) != index.total_len:
            raise ValueError("bm25 arrays are inconsistent")
        return index

    def stats(self) -> dict:
        return {
            "documents": self.n_alive,
            "terms": int((self.df[: len(self.vocab)] > 0).sum()),
            "postings": int(len(self.post_docs) + self.delta_size),
            "avgdl": round(self.total_len / self.n_alive, 3) if self.n_alive else 0.0,
        }
