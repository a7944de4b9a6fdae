"""The line under a hit that names the other outlets carrying the same story: ``같은 기사: 뉴스1 · 머니S``.

Called by ``bot/format.py``'s ``hit_block``, which puts it under the citation, before the line of names the
article lacks (``missing_line``).
"""
from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Protocol
from urllib.parse import urlsplit

from index.models import AlsoCarried

MAX_OUTLETS = 5  # more are counted, not named
_LABEL = {"ko": "같은 기사", "en": "Also in"}
_MORE = {"ko": "외 {n}곳", "en": "and {n} more"}


def outlet_name(copy: AlsoCarried) -> str:
    """The outlet as readers know it: its name, else the web site's host, else the article id."""
    if copy.source.strip():
        return " ".join(copy.source.split())
    host = urlsplit(copy.url).hostname or ""
    return host.removeprefix("www.") or copy.article_id


class Carried(Protocol):
    """A hit as the bot shows it: its own outlet and the other copies (``index.models.Hit`` is one)."""

    source: str
    also: Sequence[AlsoCarried]


def _linked(name: str, url: str) -> str:
    text = html.escape(name, quote=False)
    if url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url, quote=True)}">{text}</a>'
    return text


def also_line(hit: Carried, lang: str = "ko") -> str:
    """Telegram HTML naming each other outlet once (linked to its copy); "" when there is none."""
    seen: dict[str, str] = {}
    for copy in hit.also:
        name = outlet_name(copy)
        if name not in seen and name != hit.source:
            seen[name] = copy.url
    if not seen:
        return ""
    names = list(seen.items())
    shown = " · ".join(_linked(name, url) for name, url in names[:MAX_OUTLETS])
    rest = len(names) - MAX_OUTLETS
    more = " " + _MORE.get(lang, _MORE["ko"]).format(n=rest) if rest > 0 else ""
    return f"{_LABEL.get(lang, _LABEL['ko'])}: {shown}{more}"
