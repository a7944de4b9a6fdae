"""Cut boilerplate spans out of one paragraph and say what was cut.

A paragraph is scanned rule by rule (see :mod:`index.text.boilerplate`); every
match is replaced by a ``CUT`` mark, so that later rules see where something
was removed (a byline left beside a removed notice is then a byline standing
alone).  Passes repeat until nothing more matches; the marks then become
spaces and the whole is checked once more, so that cleaning clean text
changes nothing.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from index.text.boilerplate import (
    PARAGRAPH_CAPTION, POINTER_CAPTION, SPAN_RULES, BoilerplateKind, Rule, is_caption_body,
)
from index.text.vocab import CUT

_MAX_PASSES = 6
_MAX_ROUNDS = 4
_TRIGGERS = tuple(sorted({trigger for rule in SPAN_RULES for trigger in rule.triggers}))
_ALWAYS = frozenset(i for i, rule in enumerate(SPAN_RULES) if not rule.triggers)
_BY_TRIGGER = {t: frozenset(i for i, rule in enumerate(SPAN_RULES) if t in rule.triggers) for t in _TRIGGERS}
# A whole-paragraph caption is short and ends with a credit: a slash, a bracket or a reporter.
_CAPTION_MAX = 220
_CAPTION_SIGNS = ("/", "[", "기자", "▲", "△")
_SPACES = re.compile(r"[^\S\n]+")


class Removal(NamedTuple):
    """A span cut out of an article: what kind of boilerplate it was and its text."""

    kind: BoilerplateKind
    text: str


def fold_spaces(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def _tidy(found: str) -> str:
    return fold_spaces(found.replace(CUT, " "))


def _apply(rule: Rule, text: str, removals: list[Removal]) -> tuple[str, bool]:
    cut = False

    def replace(match: re.Match[str]) -> str:
        nonlocal cut
        found = match.group(0)
        if not found.strip(" " + CUT) or (rule.veto is not None and rule.veto(text, match)):
            return found
        removals.append(Removal(rule.kind, _tidy(found)))
        cut = True
        return CUT

    return rule.pattern.sub(replace, text), cut


def _runnable(text: str) -> set[int]:
    """Indices of the rules worth running on ``text``: those without triggers or with one present."""
    lowered = text.lower()
    return set(_ALWAYS).union(*(_BY_TRIGGER[trigger] for trigger in _TRIGGERS if trigger in lowered))


def _one_pass(text: str, captions: bool, removals: list[Removal]) -> tuple[str, bool]:
    """Every rule once, in order; a rule runs only when one of its trigger strings occurs.

    Cutting only removes text, so no trigger appears after a cut but the cut mark itself.
    """
    changed = False
    runnable = _runnable(text)
    for index, rule in enumerate(SPAN_RULES):
        if index not in runnable or (not captions and rule.kind is BoilerplateKind.caption):
            continue
        text, cut = _apply(rule, text, removals)
        if cut and not changed:
            changed = True
            runnable |= _BY_TRIGGER[CUT]
    return text, changed


def _paragraph_caption(paragraph: str) -> list[Removal] | None:
    """The removals when the whole paragraph is a photo caption with its credit, else None."""
    if len(paragraph) > _CAPTION_MAX or not any(sign in paragraph for sign in _CAPTION_SIGNS):
        return None
    match = PARAGRAPH_CAPTION.match(paragraph)
    if match and is_caption_body(match["body"]):
        credit = match["credit"] or match["byline"]
        kind = BoilerplateKind.credit if match["credit"] else BoilerplateKind.byline
        if match["byline"] and not match["body"].rstrip().endswith("."):
            return None
        return [Removal(BoilerplateKind.caption, fold_spaces(match["body"])), Removal(kind, fold_spaces(credit))]
    match = POINTER_CAPTION.match(paragraph)
    if match and is_caption_body(match["body"], photo_words_only=True):
        return [Removal(BoilerplateKind.caption, fold_spaces(match["body"]))]
    return None


def cut_paragraph(paragraph: str, *, captions: bool = True) -> tuple[str, list[Removal]]:
    """``paragraph`` (one line, spaces folded) without boilerplate, and the spans removed in order."""
    if captions:
        whole = _paragraph_caption(paragraph)
        if whole is not None:
            return "", whole
    removals: list[Removal] = []
    text = paragraph
    for _ in range(_MAX_ROUNDS):
        start = text
        for _ in range(_MAX_PASSES):
            text, changed = _one_pass(text, captions, removals)
            if not changed:
                break
        text = _tidy(text)
        if text == start:
            break
    return text, removals
