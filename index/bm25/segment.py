"""The main postings segment: CSR arrays by term, a forward index by document, and score bounds.

* ``offsets`` (int64, one per term + 1), ``docs`` (int32) and ``tfs`` (the
  smallest unsigned int that holds the largest term frequency): each term's
  postings, doc ids increasing.
* ``fwd_offsets`` / ``fwd_terms``: each document's distinct term ids, so that
  a remove takes back document frequencies from its own postings only.
* ``lens``: each posting's document length (uint16 when it fits), so that
  scoring reads postings in order instead of looking lengths up at random.
* Bounds for pruning: the largest term-frequency part (``tf (k1 + 1) / (tf +
  k1 (1 - b + b dl / A))``) of each term (``max_part``), computed at the
  average document length ``A = bound_ref[0]`` of the merge, stored as
  float32 rounded up. At another average length ``A'`` the part is at
  most ``max(1, A'/A)`` times as large (``1 - b >= 0``), so the bounds stay
  valid across adds and removes without being recomputed.

Arrays may be memory maps of a snapshot (never written to); a merge makes new ones.
Documents of a merge are newer (higher ids) than every document already in
the segment, so each term's new postings go after its old ones.
"""
from __future__ import annotations

import numpy as np

from index.bm25.build import stable_argsort_ids

ARRAYS = ("offsets", "docs", "tfs", "lens", "fwd_offsets", "fwd_terms", "max_part", "bound_ref")
CHUNK = 1 << 20  # postings per step when computing bounds (caps the temporary float64 arrays)


def tf_dtype(largest: int, smallest: type = np.uint8) -> type:
    for dtype in (np.uint8, np.uint16)[(0 if smallest == np.uint8 else 1):]:
        if largest <= np.iinfo(dtype).max:
            return dtype
    return np.int32


class Segment:
    def __init__(self, arrays: dict[str, np.ndarray] | None = None):
        if arrays is None:
            arrays = {
                "offsets": np.zeros(1, dtype=np.int64), "docs": np.zeros(0, dtype=np.int32),
                "tfs": np.zeros(0, dtype=np.uint8), "fwd_offsets": np.zeros(1, dtype=np.int64),
                "fwd_terms": np.zeros(0, dtype=np.int32), "max_part": np.zeros(0, dtype=np.float32),
                "lens": np.zeros(0, dtype=np.uint16), "bound_ref": np.ones(1),
            }
        self.offsets = arrays["offsets"]
        self.docs = arrays["docs"]
        self.tfs = arrays["tfs"]
        self.fwd_offsets = arrays["fwd_offsets"]
        self.fwd_terms = arrays["fwd_terms"]
        self.lens = arrays["lens"]
        self.max_part = arrays["max_part"]
        self.bound_ref = arrays["bound_ref"]

    @property
    def n_terms(self) -> int:
        return len(self.offsets) - 1

    @property
    def n_docs(self) -> int:
        """Documents the forward index covers (ids 0 … n_docs - 1)."""
        return len(self.fwd_offsets) - 1

    def __len__(self) -> int:
        return len(self.docs)

    def arrays(self) -> dict[str, np.ndarray]:
        return {name: getattr(self, name) for name in ARRAYS}

    def check(self) -> None:
        """Cheap consistency checks of the shapes (a torn or mixed-up file fails here)."""
        n_terms = self.n_terms
        if len(self.max_part) != n_terms or not len(self.tfs) == len(self.lens) == len(self.docs):
            raise ValueError("postings arrays do not match")
        if len(self.bound_ref) != 1:
            raise ValueError("postings bounds do not match")
        if int(self.offsets[0]) != 0 or int(self.offsets[-1]) != len(self.docs):
            raise ValueError("postings offsets do not match")
        if int(self.fwd_offsets[0]) != 0 or not int(self.fwd_offsets[-1]) == len(self.fwd_terms) == len(self.docs):
            raise ValueError("forward index does not match the postings")

    def term_range(self, term: int) -> tuple[int, int]:
        if term >= self.n_terms:
            return 0, 0
        return int(self.offsets[term]), int(self.offsets[term + 1])

    def terms_of(self, docs: np.ndarray) -> np.ndarray:
        """Distinct term ids of each of ``docs`` (all < n_docs), concatenated."""
        starts, ends = self.fwd_offsets[docs], self.fwd_offsets[docs + 1]
        if len(docs) == 1:
            return np.asarray(self.fwd_terms[int(starts[0]) : int(ends[0])])
        return np.concatenate([self.fwd_terms[s:e] for s, e in zip(starts.tolist(), ends.tolist())])

    def merged(self, terms: np.ndarray, docs: np.ndarray, tfs: np.ndarray, n_terms: int, n_docs: int,
               doc_len: np.ndarray, k1: float, b: float, avgdl: float) -> "Segment":
        """A new segment with postings ``(terms, docs, tfs)`` of documents newer than any here.

        ``terms`` must be sorted, and ``docs`` increasing within a term; the
        new documents are ``self.n_docs … n_docs - 1``. Linear time: the old
        postings move by a per-term shift, no sort of the whole segment.
        """
        old_counts = np.zeros(n_terms, dtype=np.int64)
        old_counts[: self.n_terms] = np.diff(self.offsets)
        new_counts = np.bincount(terms, minlength=n_terms).astype(np.int64)
        offsets = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(old_counts + new_counts, out=offsets[1:])
        largest = max(int(tfs.max()) if len(tfs) else 0, int(self.tfs.max()) if len(self.tfs) else 0)
        total = int(offsets[-1])
        out_docs = np.empty(total, dtype=np.int32)
        out_tfs = np.empty(total, dtype=tf_dtype(largest))
        if len(self.docs):
            shift = offsets[: self.n_terms] - self.offsets[:-1]
            where = np.arange(len(self.docs), dtype=np.int64) + np.repeat(shift, old_counts[: self.n_terms])
            out_docs[where] = self.docs
            out_tfs[where] = self.tfs
        new_starts = offsets[:-1] + old_counts
        first_in_input = np.concatenate(([0], np.cumsum(new_counts)[:-1]))
        where = np.arange(len(docs), dtype=np.int64) + np.repeat(new_starts - first_in_input, new_counts)
        out_docs[where] = docs
        out_tfs[where] = tfs
        fwd_offsets, fwd_terms = self._forward(terms, docs, n_docs)
        lengths = doc_len[: n_docs]
        lens = lengths[out_docs].astype(tf_dtype(int(lengths.max()) if n_docs else 0, np.uint16))
        arrays = {"offsets": offsets, "docs": out_docs, "tfs": out_tfs, "lens": lens, "fwd_offsets": fwd_offsets,
                  "fwd_terms": fwd_terms}
        return Segment({**arrays, **bounds(offsets, out_tfs, lens, k1, b, avgdl)})

    def _forward(self, terms, docs, n_docs: int) -> tuple[np.ndarray, np.ndarray]:
        """The forward index extended with the new documents (their distinct terms, ascending)."""
        first = self.n_docs
        order = stable_argsort_ids(docs.astype(np.int64) - first)  # terms stay ascending within a document
        counts = np.bincount(docs.astype(np.int64) - first, minlength=n_docs - first)
        fwd_offsets = np.empty(n_docs + 1, dtype=np.int64)
        fwd_offsets[: first + 1] = self.fwd_offsets
        np.cumsum(counts, out=fwd_offsets[first + 1 :])
        fwd_offsets[first + 1 :] += self.fwd_offsets[-1]
        fwd_terms = np.concatenate([self.fwd_terms, terms[order].astype(np.int32)])
        return fwd_offsets, fwd_terms


def bounds(offsets: np.ndarray, tfs: np.ndarray, lens: np.ndarray, k1: float, b: float, avgdl: float) -> dict:
    """Per-term largest term-frequency part at ``avgdl``, rounded up to float32."""
    part = np.zeros(len(tfs))
    for lo in range(0, len(tfs), CHUNK):
        tf = tfs[lo : lo + CHUNK].astype(np.float64)
        dl = lens[lo : lo + CHUNK].astype(np.float64)
        part[lo : lo + CHUNK] = tf * (k1 + 1.0) / (tf + k1 * (1.0 - b + b * dl / avgdl))
    counts = np.diff(offsets)
    max_part = np.zeros(len(counts), dtype=np.float32)
    has = counts > 0
    if has.any():
        max_part[has] = np.nextafter(np.maximum.reduceat(part, offsets[:-1][has]).astype(np.float32), np.float32(np.inf))
    return {"max_part": max_part, "bound_ref": np.array([avgdl])}
