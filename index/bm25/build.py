"""Bulk-building helpers: term numbering at C speed and a linear-time stable sort of term ids."""
from __future__ import annotations

import numpy as np


def stable_argsort_ids(values: np.ndarray) -> np.ndarray:
    """Stable argsort of non-negative ids < 2**32, as two 16-bit radix passes (linear time)."""
    if len(values) == 0 or int(values.max()) < 1 << 16:
        return np.argsort(values.astype(np.uint16), kind="stable")
    low = np.argsort((values & 0xFFFF).astype(np.uint16), kind="stable")
    high = np.argsort((values[low] >> 16).astype(np.uint16), kind="stable")
    return low[high]


class Numbering(dict):
    """Term ids at C speed: a dict that numbers unseen terms as they come, writing them through."""

    def __init__(self, vocab: dict[str, int]):
        super().__init__(vocab)
        self.vocab = vocab

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        self.vocab[term] = number
        return number
