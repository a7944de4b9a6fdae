"""Cutting Telegram HTML into messages of at most 4096 UTF-16 units.

Cuts fall, by preference, on a blank line, then on a line break, then on a
space, and only then between two characters. Never inside a tag or an entity:
tags open at a cut are closed at the end of one message and opened again at
the start of the next, so every piece is valid HTML on its own.
"""
from __future__ import annotations

import re
from typing import NamedTuple

MAX_MESSAGE = 4096  # Telegram counts UTF-16 code units
MAX_REOPEN = 300  # an opening tag longer than this (a very long link) is not repeated after a cut

_ATOM = re.compile(r"<[^>]*>|&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);|.", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9-]*)")
_BLANK, _LINE, _SPACE = 0, 1, 2


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class _Open(NamedTuple):
    name: str
    opening: str
    shown: bool  # False: not repeated in this message, so its closing tag is dropped too


def _closers(stack: tuple[_Open, ...]) -> str:
    return "".join(f"</{tag.name}>" for tag in reversed(stack) if tag.shown)


def _step(stack: tuple[_Open, ...], atom: str) -> tuple[tuple[_Open, ...], str]:
    """The stack after ``atom``, and what of the atom is written out."""
    if not atom.startswith("<") or len(atom) < 3:
        return stack, atom
    match = _TAG_NAME.match(atom)
    if match is None:
        return stack, atom
    name = match.group(1).lower()
    if atom.startswith("</"):
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth].name == name:
                return stack[:depth] + stack[depth + 1 :], atom if stack[depth].shown else ""
        return stack, atom
    if atom.endswith("/>"):
        return stack, atom
    return stack + (_Open(name, atom, True),), atom


def _reopen(stack: tuple[_Open, ...], bare: bool) -> tuple[tuple[_Open, ...], str]:
    """Tags still open at a cut, opened again (``bare``: none of them) at the start of the next message."""
    stack = tuple(tag._replace(shown=not bare and len(tag.opening) <= MAX_REOPEN) for tag in stack)
    return stack, "".join(tag.opening for tag in stack if tag.shown)


def _has_text(pieces: list[str]) -> bool:
    return any(not p.startswith("<") and p.strip() for p in pieces)


def has_text(html: str) -> bool:
    """Whether ``html`` shows anything (Telegram refuses a message that is only tags and spaces)."""
    return _has_text(_ATOM.findall(html))


def split_html(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """``text`` (valid Telegram HTML) as messages of at most ``limit`` UTF-16 units each."""
    atoms = _ATOM.findall(text)
    messages: list[str] = []
    stack: tuple[_Open, ...] = ()
    pos, bare = 0, False
    while pos < len(atoms):
        stack, prefix = _reopen(stack, bare)
        pieces, length = [prefix], utf16_len(prefix)
        cuts: dict[int, tuple[int, int, tuple[_Open, ...]]] = {}  # kind -> (next atom, pieces kept, stack)
        i = pos
        while i < len(atoms):
            after, written = _step(stack, atoms[i])
            size = utf16_len(written)
            if length + size + utf16_len(_closers(after)) > limit:
                break
            pieces.append(written)
            length += size
            stack = after
            i += 1
            if atoms[i - 1] == "\n":
                cuts[_BLANK if i >= 2 and atoms[i - 2] == "\n" else _LINE] = (i, len(pieces), stack)
            elif atoms[i - 1] == " ":
                cuts[_SPACE] = (i, len(pieces), stack)
        if i == pos:  # not one atom fits after the reopened tags
            if bare:  # a tag longer than a message on its own: leave it out
                stack, _ = _step(stack, atoms[pos])
                stack = tuple(tag._replace(shown=False) for tag in stack)
                pos += 1
            bare = True
            continue
        bare = False
        if i < len(atoms) and cuts:
            i, count, stack = cuts[min(cuts)]
            pieces = pieces[:count]
        while len(pieces) > 1 and pieces[-1].isspace():
            pieces.pop()  # the line break or space cut at (Telegram would trim it anyway)
        if _has_text(pieces):
            messages.append("".join(pieces) + _closers(stack))
        pos = i
    return messages
