"""A readable passage around the best sentence, within a character budget."""
from __future__ import annotations

import re
from typing import NamedTuple

from index.query.answers import ExpectedAnswer
from index.search.layout import Layout

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
    text: str,
    layout: Layout,
    doc: int,
    doc_range: range,
    taken: list[range],
    limit: int,
    helpful: frozenset[int] = frozenset(),
) -> Passage:
    """The sentence ``doc`` plus the neighbours that fit in ``limit`` characters.

    Neighbours that hold question terms (``helpful``) come first, then the
    following sentences (news elaborates after the fact), then the preceding
    ones; never one from ``taken`` (another hit's passage) or another article.
    """
    start, end = layout.span(doc)
    sentence = _one_line(text[start:end])
    if len(sentence) >= limit:
        return Passage(trim_to(sentence, limit), range(doc, doc + 1))
    lo, hi = doc, doc + 1
    length = len(sentence)
    blocked = set().union(*taken) if taken else set()
    while True:
        options = [d for d in (lo - 1, hi) if d in doc_range and d not in blocked]
        options.sort(key=lambda d: (d not in helpful, d < doc))
        for neighbour in options:
            extra = len(_one_line(text[slice(*layout.span(neighbour))])) + 1
            if length + extra <= limit:
                length += extra
                lo, hi = min(lo, neighbour), max(hi, neighbour + 1)
                break
        else:
            break
    parts = [_one_line(text[slice(*layout.span(d))]) for d in range(lo, hi)]
    return Passage(" ".join(parts), range(lo, hi))


def answering_sentence(text: str, layout: Layout, doc: int, docs: range, expected: ExpectedAnswer | None) -> int:
    """The sentence of a passage to show as its answer: ``doc``, unless it lacks what the question asks for.

    News puts the fact the question turns on in the lead and the figure, place
    or name it asks for in the next sentence ("…예방사업에 착수했다. 사업비는
    5억8천400만원"). When ``doc`` holds no answer of the ``expected`` kind and
    a neighbour inside the passage does, the nearest such neighbour (the
    following one first) is the answer; the passage stays as it is.

    Only a question that asks for a figure in so many words moves it
    (:attr:`ExpectedAnswer.firm`: a date, a count or an amount asked with
    언제, 몇, 얼마), and only a real one answers (``strict``: "3일" is no amount).
    """
    if expected is None or not expected.firm:
        return doc
    if expected.search(text[slice(*layout.span(doc))], strict=True):
        return doc
    for neighbour in sorted((d for d in docs if d != doc), key=lambda d: (abs(d - doc), d < doc)):
        if expected.search(text[slice(*layout.span(neighbour))], strict=True):
            return neighbour
    return doc
