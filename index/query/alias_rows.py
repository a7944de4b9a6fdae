"""The alias table's per-article provenance as saved in a snapshot: flat arrays, decoded on demand.

A snapshot holds, for every article, which (hangul, latin) pairs it gave and
how often. Opening an index needs only the totals (for look-ups); the
per-article rows are needed again only when that article is removed or
changed. So they stay in four flat arrays, the way they were read, and one
article's rows are turned back into a dict when asked for.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import NamedTuple

import numpy as np

Pair = tuple[str, str]


class SavedRows(NamedTuple):
    """Per-article pair counts: article ``aid``'s rows are ``pair_ids/counts[first[row[aid]]:first[row[aid] + 1]]``."""

    pairs: list[Pair]  # distinct pairs, by id
    row: dict[str, int]  # article id -> its row (an article removed since loading is absent)
    first: np.ndarray  # int64, one more than there are articles
    pair_ids: np.ndarray  # int32
    counts: np.ndarray  # int32

    @classmethod
    def from_dict(cls, data: dict) -> "SavedRows":
        articles, first = data["articles"], np.asarray(data["first"], dtype=np.int64)
        pair_ids, counts = np.asarray(data["pair"], dtype=np.int32), np.asarray(data["count"], dtype=np.int32)
        pairs = [(h, l) for h, l in data["pairs"]]
        if len(first) != len(articles) + 1 or len(pair_ids) != len(counts) or (len(first) and first[-1] != len(pair_ids)):
            raise ValueError("alias rows do not match their articles")
        if len(pair_ids) and (pair_ids.min() < 0 or pair_ids.max() >= len(pairs) or counts.min() <= 0):
            raise ValueError("alias rows name pairs that do not exist")
        return cls(pairs, {aid: i for i, aid in enumerate(articles)}, first, pair_ids, counts)

    def totals(self) -> Iterator[tuple[Pair, int]]:
        """Every pair with its count summed over the articles (each distinct pair once)."""
        summed = np.bincount(self.pair_ids, weights=self.counts, minlength=len(self.pairs))
        for pair_id in np.flatnonzero(summed):
            yield self.pairs[pair_id], int(summed[pair_id])

    def _counts(self, row: int) -> dict[Pair, int]:
        """One article's pair counts, decoded from its row."""
        lo, hi = int(self.first[row]), int(self.first[row + 1])
        return {self.pairs[p]: n for p, n in zip(self.pair_ids[lo:hi].tolist(), self.counts[lo:hi].tolist())}

    def take(self, article_id: str) -> dict[Pair, int] | None:
        """The article's pair counts, which then leave the saved rows (None: not among them)."""
        row = self.row.pop(article_id, None)
        return None if row is None else self._counts(row)

    def items(self) -> Iterator[tuple[str, dict[Pair, int]]]:
        """(article id, pair counts) of every article still among the saved rows."""
        for article_id, row in self.row.items():
            yield article_id, self._counts(row)


def rows_dict(provenance: Iterable[tuple[str, dict[Pair, int]]]) -> dict:
    """The saved form of (article id, pair counts), articles in id order and pairs sorted within each."""
    pair_id: dict[Pair, int] = {}
    articles, first, ids, counts = [], [0], [], []
    for article_id, pairs in sorted(provenance, key=lambda item: item[0]):
        articles.append(article_id)
        for pair, n in sorted(pairs.items()):
            ids.append(pair_id.setdefault(pair, len(pair_id)))
            counts.append(n)
        first.append(len(ids))
    return {"pairs": [list(p) for p in pair_id], "articles": articles, "first": first, "pair": ids, "count": counts}
