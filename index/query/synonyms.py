"""Synonym groups in the Solr / Elasticsearch text format.

One rule per line; ``#`` starts a comment line; blank lines are ignored::

    # equivalent terms: any of them expands to the others
    고소, 소송, 제소
    # explicit mapping: a or b expands to c and d (c and d do not expand back)
    a, b => c, d

A backslash escapes a comma, ``=`` or another backslash inside a term
(``s\\,p``).  Terms are compared in normalised form (:func:`normalize_term`:
NFKC, lower case, single spaces), and lookups also ignore spaces, so
``오픈 AI`` finds the group of ``오픈ai``.

Unlike Solr, expansion here is only additive (it never removes the term the
user typed) and it is not transitive: a term expands to the union of the other
members of the groups that contain it and to the right-hand sides of the
mappings whose left-hand side contains it.
"""
from __future__ import annotations

import os
import re
import unicodedata
from functools import lru_cache
from collections.abc import Iterable
from pathlib import Path

from index.storage.atomic import atomic_write_text

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_SYNONYMS_PATH = DATA_DIR / "default_synonyms.txt"

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=200_000)  # pure, and called for every token of every question many times over
def normalize_term(term: str) -> str:
    """NFKC, lower case, trimmed, inner whitespace collapsed to one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", term).lower()).strip()


@lru_cache(maxsize=200_000)
def term_key(term: str) -> str:
    """Lookup key of a term: its normalised form without spaces."""
    return normalize_term(term).replace(" ", "")


def _split_unescaped(text: str, sep: str) -> list[str]:
    """Split on ``sep`` where it is not preceded by a backslash; keep escapes."""
    parts: list[str] = []
    buf: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            buf.append(text[i : i + 2])
            i += 2
            continue
        if text.startswith(sep, i):
            parts.append("".join(buf))
            buf = []
            i += len(sep)
            continue
        buf.append(ch)
        i += 1
    parts.append("".join(buf))
    return parts


def _unescape(term: str) -> str:
    return re.sub(r"\\(.)", r"\1", term)


def _escape(term: str) -> str:
    return term.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=")


def _terms(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for raw in _split_unescaped(text, ","):
        term = normalize_term(_unescape(raw))
        if term and term not in out:
            out.append(term)
    return tuple(out)


class SynonymSet:
    """Equivalence groups plus explicit ``lhs => rhs`` mappings."""

    def __init__(self) -> None:
        self._groups: list[tuple[str, ...]] = []
        self._mappings: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        self._index: dict[str, set[str]] = {}

    # -- building -----------------------------------------------------------
    def add_group(self, words: Iterable[str]) -> bool:
        """Add an equivalence group; False when it has < 2 terms or already exists."""
        group = _terms(",".join(_escape(w) for w in words))
        if len(group) < 2 or any(set(g) == set(group) for g in self._groups):
            return False
        self._groups.append(group)
        for term in group:
            self._index.setdefault(term_key(term), set()).update(t for t in group if t != term)
        return True

    def remove_group(self, words: Iterable[str]) -> bool:
        """Remove the equivalence group made of exactly ``words`` (in any order); False when there is none."""
        wanted = set(_terms(",".join(_escape(w) for w in words)))
        kept = [g for g in self._groups if set(g) != wanted]
        if len(kept) == len(self._groups):
            return False
        self._groups = kept
        self._index = {}
        for group in self._groups:
            for term in group:
                self._index.setdefault(term_key(term), set()).update(t for t in group if t != term)
        for left, right in self._mappings:
            for term in left:
                self._index.setdefault(term_key(term), set()).update(t for t in right if t != term)
        return True

    def add_mapping(self, lhs: Iterable[str], rhs: Iterable[str]) -> bool:
        """Add ``lhs => rhs``: each left term expands to every right term."""
        left = _terms(",".join(_escape(w) for w in lhs))
        right = _terms(",".join(_escape(w) for w in rhs))
        if not left or not right or (left, right) in self._mappings:
            return False
        self._mappings.append((left, right))
        for term in left:
            self._index.setdefault(term_key(term), set()).update(t for t in right if t != term)
        return True

    # -- reading ------------------------------------------------------------
    @property
    def groups(self) -> tuple[tuple[str, ...], ...]:
        return tuple(self._groups)

    @property
    def mappings(self) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
        return tuple(self._mappings)

    def expand(self, term: str) -> set[str]:
        """Normalised terms equivalent to ``term`` (the term itself excluded)."""
        key = term_key(term)
        return {t for t in self._index.get(key, ()) if term_key(t) != key}

    def __contains__(self, term: object) -> bool:
        return isinstance(term, str) and term_key(term) in self._index

    def __len__(self) -> int:
        return len(self._groups) + len(self._mappings)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SynonymSet):
            return NotImplemented
        return self._groups == other._groups and self._mappings == other._mappings

    def __repr__(self) -> str:
        return f"SynonymSet({len(self._groups)} groups, {len(self._mappings)} mappings)"

    def to_text(self, header: str = "") -> str:
        """Serialise in the Solr format; ``parse_synonyms(s.to_text()) == s``."""
        lines = [f"# {line}".rstrip() for line in header.splitlines()]
        lines += [", ".join(_escape(t) for t in g) for g in self._groups]
        lines += [
            f"{', '.join(_escape(t) for t in lhs)} => {', '.join(_escape(t) for t in rhs)}"
            for lhs, rhs in self._mappings
        ]
        return "\n".join(lines) + "\n"


def parse_synonyms(text: str) -> SynonymSet:
    """Parse Solr-format synonym rules; malformed lines (two ``=>``) are skipped."""
    synonyms = SynonymSet()
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        sides = _split_unescaped(line, "=>")
        if len(sides) == 1:
            synonyms.add_group(_unescape(t) for t in _split_unescaped(sides[0], ","))
        elif len(sides) == 2:
            synonyms.add_mapping(
                (_unescape(t) for t in _split_unescaped(sides[0], ",")),
                (_unescape(t) for t in _split_unescaped(sides[1], ",")),
            )
    return synonyms


def load_synonyms(path: str | os.PathLike | None = None) -> SynonymSet:
    """Read a synonym file (default: the package's ``data/default_synonyms.txt``)."""
    p = Path(path) if path is not None else DEFAULT_SYNONYMS_PATH
    return parse_synonyms(p.read_text(encoding="utf-8"))


def save_synonyms(path: str | os.PathLike, synonyms: SynonymSet, header: str = "") -> None:
    """Write ``synonyms`` atomically in the Solr format."""
    atomic_write_text(Path(path), synonyms.to_text(header))
