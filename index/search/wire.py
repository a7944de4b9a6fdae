"""Wire copies: articles whose text is nearly the same (one story carried by 연합뉴스, 뉴스1, 머니S …).

At index time each article gets a MinHash signature of its body's token
3-shingles (``NUM_PERM`` values, 16 bits each: b-bit MinHash). LSH bands
(``BANDS`` × ``ROWS``) find candidate pairs without comparing every pair, and
a candidate is a copy when the estimated Jaccard similarity of the two shingle
sets reaches ``MIN_JACCARD``, or when the smaller article is nearly contained
in the larger (``MIN_CONTAINMENT``: a shortened or extended copy). Two dated
articles more than ``MAX_DAYS_APART`` days apart are never copies (a daily
report is not a copy of yesterday's). Copies are linked; a group is a
connected set of links.

Tuned on 1,570 real Naver articles (scripts/measure_wire.py, in-sample):
pairs at Jaccard ≥ 0.5 were all the same story (a changed headline, a
dateline, a byline, a paragraph added); below 0.4 were distinct stories on one
topic (a semifinal and a final, two race previews).
"""
from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import numpy as np

from index.models import AlsoCarried, ArticleCard, Hit
from index.search.dated import NO_DAY

SHINGLE = 3  # tokens per shingle
NUM_PERM = 120  # signature values: the Jaccard estimate's standard error is about 0.045 at 0.5
ROWS, BANDS = 2, 30  # LSH over the first 60 values: a pair at Jaccard 0.5 shares a band with p > 0.999, at 0.3 p = 0.94
MIN_SHINGLES = 15  # shorter articles (briefs, captions) get no signature: never copies
MIN_JACCARD = 0.5
MIN_CONTAINMENT, CONTAINMENT_JACCARD = 0.8, 0.3
MAX_DAYS_APART = 3
SMALL_ADD = 16  # up to this many new articles are compared row by row; more are sorted band by band
MAX_LINKS = 4  # verified links a new article makes at most: a group is a connected set, one link joins it
MAX_ALSO = 10  # other copies listed under a hit (a story carried by dozens of outlets names the first ten)

_SEED = np.random.default_rng(20240520)
_A = _SEED.integers(1, 2**63, NUM_PERM, dtype=np.uint64) | np.uint64(1)  # odd multipliers
_B = _SEED.integers(0, 2**63, NUM_PERM, dtype=np.uint64)
_K = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)
for _array in (_A, _B, _K):
    _array.setflags(write=False)


def _mix(h: np.ndarray) -> np.ndarray:
    """A 64-bit finalizer (murmur3's), so that near inputs give unrelated hashes."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


class TokenHashes:
    """Stable 32-bit hashes of tokens (CRC-32 of the UTF-8), memoised."""

    def __init__(self) -> None:
        self._known: dict[str, int] = {}

    def of(self, tokens: Iterable[str]) -> np.ndarray:
        known = self._known
        out = []
        for token in tokens:
            value = known.get(token)
            if value is None:
                value = known[token] = zlib.crc32(token.encode("utf-8"))
            out.append(value)
        return np.array(out, dtype=np.uint64)


def shingle_hashes(token_hashes: np.ndarray) -> np.ndarray:
    """Distinct 64-bit hashes of the token ``SHINGLE``-grams."""
    n = len(token_hashes) - SHINGLE + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(SHINGLE):
            h = h + token_hashes[i : i + n] * _K[i]
        return np.unique(_mix(h))


def signature(shingles: np.ndarray) -> np.ndarray:
    """``NUM_PERM`` 16-bit minima of as many hash permutations (``a·h + b`` mod 2⁶⁴)."""
    with np.errstate(over="ignore"):
        values = _A[:, None] * shingles[None, :] + _B[:, None]
    return ((values.min(axis=1) >> np.uint64(24)) & np.uint64(0xFFFF)).astype(np.uint16)


def estimate(sig_a: np.ndarray, sig_b: np.ndarray, size_a, size_b) -> tuple[np.ndarray, np.ndarray]:
    """Estimated (Jaccard, containment of the smaller) of shingle sets, from signatures and sizes."""
    jaccard = (np.asarray(sig_a) == np.asarray(sig_b)).mean(axis=-1)
    size_a, size_b = np.asarray(size_a, dtype=float), np.asarray(size_b, dtype=float)
    shared = jaccard / (1.0 + jaccard) * (size_a + size_b)
    return jaccard, shared / np.maximum(np.minimum(size_a, size_b), 1.0)


def is_copy(jaccard, containment) -> np.ndarray:
    jaccard, containment = np.asarray(jaccard), np.asarray(containment)
    return (jaccard >= MIN_JACCARD) | ((containment >= MIN_CONTAINMENT) & (jaccard >= CONTAINMENT_JACCARD))


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """(rows × BANDS) 32-bit keys: two 16-bit signature values per band, read in place."""
    return sigs[:, : ROWS * BANDS].view(np.uint32)


class WireIndex:
    """Signatures per article slot and the links between copies (slots as in :class:`Layout`)."""

    def __init__(self) -> None:
        self.n = 0  # slots seen
        self._sig = np.zeros((0, NUM_PERM), dtype=np.uint16)
        self._size = np.zeros(0, dtype=np.int32)  # distinct shingles; 0: no signature (short, or removed)
        self._day = np.zeros(0, dtype=np.int32)
        self.links: dict[int, set[int]] = {}
        self.hashes = TokenHashes()
        self._groups: dict[int, tuple[int, ...]] = {}

    # ---- building -------------------------------------------------------
    def _grow(self, n: int) -> None:
        if n <= len(self._size):
            return
        capacity = max(n, 2 * len(self._size), 64)
        used = self.n
        sig, size, day = np.zeros((capacity, NUM_PERM), np.uint16), np.zeros(capacity, np.int32), np.zeros(capacity, np.int32)
        sig[:used], size[:used], day[:used] = self._sig[:used], self._size[:used], self._day[:used]
        self._sig, self._size, self._day = sig, size, day

    def add_many(self, slots: Sequence[int], bodies: Sequence[Iterable[str]], days: Sequence[int]) -> None:
        """Sign new slots (their body tokens, in order; their day or ``NO_DAY``) and link their copies."""
        if not slots:
            return
        self._grow(max(slots) + 1)
        for slot, body, day in zip(slots, bodies, days):
            shingles = shingle_hashes(self.hashes.of(body))
            self._sig[slot] = signature(shingles) if len(shingles) >= MIN_SHINGLES else 0
            self._size[slot] = len(shingles) if len(shingles) >= MIN_SHINGLES else 0
            self._day[slot] = day
        self.n = max(self.n, max(slots) + 1)
        new = np.array([s for s in slots if self._size[s] > 0], dtype=np.int64)
        if len(new):
            self._link(self._candidates(new))

    def _candidates(self, new: np.ndarray) -> np.ndarray:
        """Pairs (a < b) of signed slots sharing a band, at least one of them new."""
        keys = band_keys(self._sig[: self.n])
        signed = self._size[: self.n] > 0
        pairs: set[tuple[int, int]] = set()
        if len(new) <= SMALL_ADD:  # each new slot against every slot, all bands at once
            for row in new.tolist():
                same = np.flatnonzero((keys == keys[row]).any(axis=1) & signed)
                same = same[same != row]
                if len(same) > MAX_LINKS:  # many copies already: link to the most similar few
                    similar = (self._sig[same] == self._sig[row]).sum(axis=1)
                    same = same[np.argsort(-similar, kind="stable")[: 4 * MAX_LINKS]]
                pairs.update((min(row, o), max(row, o)) for o in same.tolist())
            return np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
        # many new slots: per band, the signed slots sorted by key; neighbours in a run of equal keys are
        # candidates (a run of n copies gives n - 1 pairs, not n²/2), one of each pair being new
        live = np.flatnonzero(signed)
        is_new = np.zeros(self.n, dtype=bool)
        is_new[new] = True
        for band in range(BANDS):
            column = keys[live, band]
            order = np.argsort(column, kind="stable")
            sorted_keys, sorted_slots = column[order], live[order]
            same = np.flatnonzero(sorted_keys[1:] == sorted_keys[:-1]) + 1  # positions that continue a run
            starts = np.ones(len(sorted_keys), dtype=bool)
            starts[same] = False
            head = np.maximum.accumulate(np.where(starts, np.arange(len(sorted_keys)), 0))  # each run's first
            for left in (same - 1, head[same]):  # the neighbour before, and the run's first member
                a, b = sorted_slots[left], sorted_slots[same]
                keep = (is_new[a] | is_new[b]) & (a != b)
                pairs.update(zip(np.minimum(a, b)[keep].tolist(), np.maximum(a, b)[keep].tolist()))
        return np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)

    def _link(self, pairs: np.ndarray) -> None:
        if len(pairs) == 0:
            return
        a, b = pairs[:, 0], pairs[:, 1]
        jaccard, containment = estimate(self._sig[a], self._sig[b], self._size[a], self._size[b])
        day_a, day_b = self._day[a].astype(np.int64), self._day[b].astype(np.int64)
        dated = (day_a != NO_DAY) & (day_b != NO_DAY)
        near_in_time = ~dated | (np.abs(day_a - day_b) <= MAX_DAYS_APART)
        for x, y in pairs[is_copy(jaccard, containment) & near_in_time].tolist():
            self.links.setdefault(x, set()).add(y)
            self.links.setdefault(y, set()).add(x)
        self._groups.clear()

    def remove(self, slot: int) -> None:
        if slot >= self.n:
            return
        self._size[slot] = 0
        for other in self.links.pop(slot, set()):
            self.links[other].discard(slot)
            if not self.links[other]:
                del self.links[other]
        self._groups.clear()

    # ---- reading --------------------------------------------------------
    def group(self, slot: int) -> tuple[int, ...]:
        """The slots of ``slot``'s copies, itself included, in slot order (just ``(slot,)`` when none)."""
        if slot not in self.links:
            return (slot,)
        found = self._groups.get(slot)
        if found is None:
            seen, todo = {slot}, [slot]
            while todo:
                for other in self.links.get(todo.pop(), ()):
                    if other not in seen:
                        seen.add(other)
                        todo.append(other)
            found = tuple(sorted(seen))
            for member in found:
                self._groups[member] = found
        return found

    def groups(self) -> list[tuple[int, ...]]:
        """Every group of two or more copies."""
        return sorted({self.group(slot) for slot in self.links})

    @property
    def has_copies(self) -> bool:
        return bool(self.links)

    # ---- snapshot -------------------------------------------------------
    def arrays(self) -> dict[str, np.ndarray]:
        pairs = sorted((a, b) for a, others in self.links.items() for b in others if a < b)
        return {
            "wire_sig": self._sig[: self.n],
            "wire_size": self._size[: self.n],
            "wire_day": self._day[: self.n],
            "wire_links": np.array(pairs, dtype=np.int32).reshape(-1, 2),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, np.ndarray], n_slots: int) -> "WireIndex":
        wire = cls()
        sig, size, day, links = (arrays[k] for k in ("wire_sig", "wire_size", "wire_day", "wire_links"))
        if sig.shape != (n_slots, NUM_PERM) or size.shape != (n_slots,) or day.shape != (n_slots,):
            raise ValueError("wire arrays do not match the layout")
        if links.size and (links.ndim != 2 or links.min() < 0 or links.max() >= n_slots):
            raise ValueError("wire links out of range")
        wire._grow(n_slots + max(64, n_slots // 4))  # room for the adds that follow: none of them copies all rows
        wire._sig[:n_slots], wire._size[:n_slots], wire._day[:n_slots] = sig, size, day
        wire.n = n_slots
        for a, b in links.reshape(-1, 2).tolist():
            wire.links.setdefault(a, set()).add(b)
            wire.links.setdefault(b, set()).add(a)
        return wire


# ---- answer time ------------------------------------------------------------
class Shown(NamedTuple):
    """Candidates with one article per group of copies, and the other copies of each shown article."""

    candidates: list
    also: dict[str, list[AlsoCarried]]  # shown article id -> the other outlets' copies


def _copy_order(article: ArticleCard | None, slot: int) -> tuple:
    """Which copy to show: a dated one before an undated one, the earliest, then the first indexed."""
    published = article.published if article is not None else ""
    return (published == "", published, slot)


def collapse_copies(candidates: Sequence, view) -> Shown:
    """Keep one copy of each story among ranked ``candidates`` (anything with ``.slot`` and ``.doc``, and the
    sentence's ``.text`` when it has one).

    ``view`` gives ``layout``, ``wire``, ``cards_at`` (citation fields by slots, together) and
    ``sentence_texts`` (by sentence ids, for candidates without ``.text``).

    The first time a group of copies comes up, the copy shown is the best
    dated (or earliest) one that holds the same sentence; it takes that
    place in the ranking, and the group's other copies leave the list, so
    the next distinct passage takes their slots.
    """
    wire: WireIndex | None = getattr(view, "wire", None)
    if wire is None or not wire.has_copies:
        return Shown(list(candidates), {})
    copied = [c for c in candidates if len(wire.group(c.slot)) > 1]
    cards = view.cards_at(sorted({c.slot for c in copied}))  # one query, no article text read
    untexted = [c.doc for c in copied if getattr(c, "text", None) is None]
    texts = dict(zip(untexted, view.sentence_texts(untexted))) if untexted else {}

    def article(slot: int) -> ArticleCard | None:
        if slot not in cards:
            cards[slot] = view.cards_at([slot]).get(slot)  # None kept too: a removed article is not asked again
        return cards[slot]

    said: dict[int, str] = {}  # doc -> its sentence without spaces (compared many times)

    def sentence(cand) -> str:
        if cand.doc not in said:
            text = getattr(cand, "text", None)
            said[cand.doc] = "".join((texts.get(cand.doc, "") if text is None else text).split())
        return said[cand.doc]

    shown_of: dict[tuple[int, ...], int] = {}
    placed: set[int] = set()
    out = []
    for i, cand in enumerate(candidates):
        if i in placed:
            continue
        group = wire.group(cand.slot)
        if len(group) == 1:
            out.append(cand)
        elif group not in shown_of:
            key = sentence(cand)
            holders = [j for j in range(i, len(candidates))
                       if j not in placed and candidates[j].slot in group and sentence(candidates[j]) == key]
            best = min(holders, key=lambda j: _copy_order(article(candidates[j].slot), candidates[j].slot))
            shown_of[group] = candidates[best].slot
            placed.add(best)
            out.append(candidates[best])
        elif cand.slot == shown_of[group]:
            out.append(cand)
    return Shown(out, _also(shown_of, article))


def _also(shown_of: dict[tuple[int, ...], int], article) -> dict[str, list[AlsoCarried]]:
    also: dict[str, list[AlsoCarried]] = {}
    for group, slot in shown_of.items():
        shown = article(slot)
        others = [(article(s), s) for s in [s for s in group if s != slot][: 2 * MAX_ALSO]]
        others = sorted(((a, s) for a, s in others if a is not None), key=lambda pair: _copy_order(*pair))
        if shown is not None:
            also[shown.id] = [AlsoCarried(article_id=a.id, source=a.source, url=a.url, published=a.published)
                              for a, _ in others[:MAX_ALSO]]
    return also


def attach_also(hits: list[Hit], shown: Shown) -> list[Hit]:
    """Hits with the other copies of their article under ``also``."""
    return [hit.model_copy(update={"also": shown.also[hit.article_id]}) if hit.article_id in shown.also else hit
            for hit in hits]
