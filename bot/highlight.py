"""Which parts of a passage to show in bold: whole morphemes the question matched.

Substring matching lit up digits inside numbers (``<b>1</b><b>1</b>억`` for a
question about 1억, ``2만4<b>5</b>76명``). Here bold only ever covers whole
Kiwi morphemes, and a number (digits with their 만/억/조 units, as in
``2만4576``) is bold as a whole or not at all: when every group of digits in
it is one the question asked for.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from index.text.tokenize import CONTENT_TAGS, Morpheme

_NUMBER_TAGS = frozenset({"SN", "NR"})  # digits (2, 4576, 1,000) and number words (만, 억, 조)
_WORD_TAGS = frozenset(CONTENT_TAGS) - _NUMBER_TAGS


class Morphemes(Protocol):
    def morphemes(self, text: str) -> list[Morpheme]: ...

    def morphemes_many(self, texts: list[str]) -> list[list[Morpheme]]: ...


def _number_runs(morphemes: list[Morpheme]) -> list[list[Morpheme]]:
    """Numbers written without spaces (``2만4576``): runs of adjacent SN/NR morphemes that hold a digit."""
    runs: list[list[Morpheme]] = []
    for m in morphemes:
        if m.tag not in _NUMBER_TAGS:
            continue
        if runs and runs[-1][-1].end == m.start:
            runs[-1].append(m)
        else:
            runs.append([m])
    return [run for run in runs if any(m.tag == "SN" for m in run)]


def bold_spans(morphemes: list[Morpheme], matched: Iterable[str]) -> list[tuple[int, int]]:
    """Character spans to bold: matched content morphemes (two letters or more) and whole matched numbers."""
    wanted = {term for term in matched if term}
    spans = [
        (m.start, m.end) for m in morphemes
        if m.tag in _WORD_TAGS and len(m.form) >= 2 and m.form in wanted
    ]
    for run in _number_runs(morphemes):
        if all(m.form in wanted for m in run if m.tag == "SN"):
            spans.append((run[0].start, run[-1].end))
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, with touching or overlapping spans joined (``<b>오픈</b><b>AI</b>`` is one bold)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def passage_bold(tokenizer: Morphemes, passage: str, matched: Iterable[str]) -> list[tuple[int, int]]:
    return bold_spans(tokenizer.morphemes(passage), matched)


def passages_bold(tokenizer: Morphemes, passages: list[tuple[str, Iterable[str]]]) -> list[list[tuple[int, int]]]:
    """:func:`passage_bold` of each (passage, matched terms): one Kiwi batch for an answer's passages."""
    read = tokenizer.morphemes_many([passage for passage, _ in passages])
    return [bold_spans(morphemes, matched) for morphemes, (_, matched) in zip(read, passages)]
