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
_RULES_WITHOUT_CAPTIONS = tuple(rule for rule in SPAN_RULES if rule.kind is not BoilerplateKind.caption)
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


def _one_pass(text: str, rules: tuple[Rule, ...], removals: list[Removal]) -> tuple[str, bool]:
    changed = False
    lowered = text.lower()
    for rule in rules:
        if rule.triggers and not any(trigger in lowered for trigger in rule.triggers):
            continue
        text, cut = _apply(rule, text, removals)
        if cut:
            changed = True
            lowered = text.lower()
    return text, changed


def _paragraph_caption(paragraph: str) -> list[Removal] | None:
    """The removals when the whole paragraph is a photo caption with its credit, else None."""
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
    rules = SPAN_RULES if captions else _RULES_WITHOUT_CAPTIONS
    removals: list[Removal] = []
    text = paragraph
    for _ in range(_MAX_ROUNDS):
        start = text
        for _ in range(_MAX_PASSES):
            text, changed = _one_pass(text, rules, removals)
            if not changed:
                break
        text = _tidy(text)
        if text == start:
            break
    return text, removals
