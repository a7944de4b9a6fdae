"""Commands on the corpus: add, list, remove, stats, export, reclean."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from index.cli.common import open_engine, print_results, progress_bar
from index.ingest.fetch import FetchError, check_url
from index.ingest.importers import read_path
from index.models import AddResult, AddStatus
from index.storage.articles import ArticleStore, is_safe_id


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://")) or "://" in value


def cmd_add(args) -> int:
    if not args.jsonl and not args.paths:
        print("add: give --jsonl FILE, files, or a URL", file=sys.stderr)
        return 2
    urls = [p for p in args.paths if is_url(p)]
    files = [Path(p) for p in args.paths if p not in urls] + ([args.jsonl] if args.jsonl else [])
    for path in files:
        if not path.is_file():
            print(f"add: no such file: {path}", file=sys.stderr)
            return 1
    allow_private = args.settings.allow_private_urls
    urls, results = check_urls(urls, allow_private)  # before loading Kiwi: a refused address costs nothing
    if results and not urls and not files:
        print_results(results)
        return 1
    engine = open_engine(args.settings, args.corpus, index=False)
    if urls:
        url_results, failed = engine.add_urls(urls, allow_private=allow_private)
        results.extend(url_results)
        if failed and not files:
            print_results(results)
            return 1
    parsed = [item for path in files for item in read_path(path)]
    results += [AddResult(AddStatus.SKIPPED, "", p.where, reason=f"{p.where}: {p.error}") for p in parsed if p.article is None]
    good = [p for p in parsed if p.article is not None]
    added = engine.add_articles([p.article for p in good], progress=progress_bar(len(good)))
    results += [r if r.status == AddStatus.ADDED else r._replace(reason=f"{p.where}: {r.reason}") for p, r in zip(good, added)]
    return print_results(results)


def check_urls(urls: list[str], allow_private: bool) -> tuple[list[str], list[AddResult]]:
    """URLs whose scheme and address may be fetched, and refusals for the others."""
    allowed, refused = [], []
    for url in urls:
        try:
            check_url(url, allow_private=allow_private)
            allowed.append(url)
        except FetchError as error:
            refused.append(AddResult(AddStatus.SKIPPED, "", url, reason=f"{url}: {error.message}"))
    return allowed, refused


def cmd_list(args) -> int:
    store = ArticleStore(Path(args.corpus))
    rows = [
        {"article_id": a.id, "title": a.title, "source": a.source, "published": a.published, "url": a.url}
        for a in store.iter_all()
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        for row in rows:
            print(f"{row['article_id']}  {row['published'] or '----------'}  {row['source'][:10]:10}  {row['title']}")
        print(f"{len(rows)} articles")
    return 0


def cmd_remove(args) -> int:
    if not is_safe_id(args.id):
        print(f"remove: invalid id {args.id!r}", file=sys.stderr)
        return 1
    engine = open_engine(args.settings, args.corpus, index=False)
    removed = engine.remove(args.id)
    if removed is None:
        print(f"remove: no article {args.id}", file=sys.stderr)
        return 1
    print(f"removed {removed.id}  {removed.title}")
    return 0


def cmd_stats(args) -> int:
    stats = open_engine(args.settings, args.corpus).stats()
    if args.json:
        print(stats.model_dump_json(indent=1))
        return 0
    share = f" ({100 * stats.removed_chars / stats.raw_chars:.1f} %)" if stats.raw_chars else ""
    print(f"articles: {stats.articles}")
    print(f"sentences: {stats.sentences}  (terms {stats.terms}, postings {stats.postings}, "
          f"{stats.avg_sentence_tokens} tokens a sentence)")
    print(f"boilerplate removed: {stats.removed_chars} of {stats.raw_chars} characters{share}; "
          f"{stats.over_cleaned} articles lost over a third")
    print(f"retention removed: {stats.retention_removed} articles")
    print(f"feeds: {stats.feeds}")
    print(f"tokenizer: {stats.tokenizer}  cleaner: {stats.cleaner}")
    return 0


def cmd_export(args) -> int:
    engine = open_engine(args.settings, args.corpus, index=False)
    if str(args.jsonl) == "-":
        count = engine.export_jsonl(sys.stdout)
    else:
        with open(args.jsonl, "w", encoding="utf-8") as out:
            count = engine.export_jsonl(out)
    print(f"exported {count} articles to {args.jsonl}", file=sys.stderr)
    return 0


def cmd_reclean(args) -> int:
    engine = open_engine(args.settings, args.corpus, index=False)
    changed = engine.reclean(everything=True)
    print(f"cleaned again: {changed} articles changed")
    return 0
