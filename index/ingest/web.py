"""An article from a web page: fetched, extracted, with every URL it is known by."""
from __future__ import annotations

from index.ingest.extract import fetch_article
from index.models import Article


def article_from_url(url: str, *, allow_private: bool = False) -> tuple[Article, tuple[str, ...]]:
    """The article at ``url`` and every URL it is known by (requested, final, canonical)."""
    page = fetch_article(url, allow_private=allow_private)
    article = Article(
        id="",
        title=page.title,
        text=page.text,
        source=page.source,
        published=page.published,
        url=page.canonical_url or page.final_url,
        author=page.author,
    )
    aliases = tuple(u for u in {page.requested_url, page.final_url, page.canonical_url} if u)
    return article, aliases
