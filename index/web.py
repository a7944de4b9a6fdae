"""Adding articles from web pages: fetch, extract, clean, and check for duplicates."""
from __future__ import annotations

from collections.abc import Callable

from index.fetch import FetchError, fetch_article
from index.models import AddResult, Article


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


def add_url(engine, url: str, *, allow_private: bool = False, on_fetched: Callable[[], None] | None = None) -> AddResult:
    """Fetch and add one URL; raises FetchError with a clear message on failure."""
    known = engine.store.find_url(url)
    if known:
        existing = engine.store.articles[known]
        return AddResult("duplicate", known, existing.title, reason=f"already in the corpus as {known}")
    article, aliases = article_from_url(url, allow_private=allow_private)
    if on_fetched:
        on_fetched()
    return engine.add_article(article, extra_urls=aliases)


def add_urls(engine, urls: list[str], *, allow_private: bool = False) -> tuple[list[AddResult], int]:
    """CLI helper: (results, number of failures). Failures are reported as skipped."""
    results, failed = [], 0
    for url in urls:
        try:
            results.append(add_url(engine, url, allow_private=allow_private))
        except FetchError as error:
            failed += 1
            results.append(AddResult("skipped", "", url, reason=f"{url}: {error.message}"))
    return results, failed
