"""A readable passage around the best sentence, within a character budget."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    from index.layout import Layout

ELLIPSIS = "…"


class Passage(NamedTuple):
    text: str
    docs: range  # the sentence ids it covers


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def trim_to(text: str, limit: int, focus: int = 0) -> str:
    """``text`` cut to at most ``limit`` characters at word boundaries, keeping ``focus`` in view."""
    text = _one_line(text)
    if len(text) <= limit:
        return text
    budget = limit - 2 * len(ELLIPSIS)
    start = max(0, min(focus - budget // 3, len(text) - budget))
    end = start + budget
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < start + budget // 2 else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + budget // 2 else end
    head = ELLIPSIS if start > 0 else ""
    tail = ELLIPSIS if end < len(text) else ""
    return head + text[start:end].strip() + tail


def build_passage(
    text: str, layout: "Layout", doc: int, doc_range: range, taken: list[range], limit: int
) -> Passage:
    """The sentence ``doc`` plus neighbours (within its article, not in ``taken``) that fit."""
    start, end = layout.span(doc)
    sentence = _one_line(text[start:end])
    if len(sentence) >= limit:
        return Passage(trim_to(sentence, limit), range(doc, doc + 1))
    lo, hi = doc, doc + 1
    length = len(sentence)
    blocked = set().union(*taken) if taken else set()
    for step in (-1, 1, -1, 1):  # at most two sentences each side, before first
        neighbour = lo - 1 if step < 0 else hi
        if neighbour not in doc_range or neighbour in blocked:
            continue
        n_start, n_end = layout.span(neighbour)
        extra = len(_one_line(text[n_start:n_end])) + 1
        if length + extra > limit:
            continue
        length += extra
        lo, hi = (neighbour, hi) if step < 0 else (lo, neighbour + 1)
    parts = [_one_line(text[slice(*layout.span(d))]) for d in range(lo, hi)]
    return Passage(" ".join(parts), range(lo, hi))
