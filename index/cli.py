"""``python -m index``: add, ask, list, remove, stats, eval and bench.

A thin layer over :class:`index.engine.Engine`; every command is documented
in the README (a test checks that).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tqdm import tqdm

from index.engine import Engine
from index.ingest.fetch import FetchError, check_url
from index.ingest.importers import read_path
from index.measure.bench import run_bench
from index.measure.evaluate import run_eval
from index.measure.news import run_news_eval
from index.models import AddResult, Answer
from index.settings import Settings
from index.storage.store import CorpusStore, is_safe_id
from index.text.tokenize import Tokenizer, load_kiwi


def allow_private_urls() -> bool:
    """``ALLOW_PRIVATE_URLS`` from the environment or ``.env``, read through :class:`Settings`."""
    return Settings().allow_private_urls


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m index", description="Korean news QA index")
    parser.add_argument("--corpus", default=None, help="corpus folder (default: CORPUS_DIR, else corpus/)")
    commands = parser.add_subparsers(dest="command", required=True)

    add = commands.add_parser("add", help="add articles from JSON Lines, files or a URL")
    add.add_argument("--jsonl", type=Path, help="JSON Lines file, one article a line")
    add.add_argument("paths", nargs="*", help=".txt/.md/.json/.html files, or an http(s) URL")

    ask = commands.add_parser("ask", help="answer a question with passages and citations")
    ask.add_argument("question", nargs="?", help="the question")
    ask.add_argument("--json", action="store_true", help="print JSON")
    ask.add_argument("-k", type=int, default=3, help="number of passages (default 3)")
    ask.add_argument("--batch", type=Path, help="file with one question a line; prints JSON Lines")

    listing = commands.add_parser("list", help="list the articles")
    listing.add_argument("--json", action="store_true", help="print a JSON array")

    remove = commands.add_parser("remove", help="remove an article by id")
    remove.add_argument("id")

    commands.add_parser("stats", help="corpus and index figures")

    evaluate = commands.add_parser("eval", help="measure retrieval on a SQuAD-format file or on news")
    source = evaluate.add_mutually_exclusive_group(required=True)
    source.add_argument("--squad", type=Path, help="e.g. ../shared/eval/KorQuAD_v1.0_dev.json")
    source.add_argument("--news", type=Path, help="news articles, JSON Lines (id, title, text)")
    evaluate.add_argument(
        "--questions", type=Path, action="append", help="news questions, JSON Lines (q, answer, lang, article_id); repeatable"
    )
    evaluate.add_argument("--bundled", type=Path, default=Path("corpus"), help="corpus folder added to --news")
    evaluate.add_argument("--limit", type=int, default=0, help="ask only the first N questions")
    evaluate.add_argument("--plain", action="store_true", help="also measure plain sentence BM25")
    evaluate.add_argument("--no-expansion", action="store_true", help="also measure without query expansion")

    bench = commands.add_parser("bench", help="speed benchmark against naive rank-bm25")
    bench.add_argument("--sizes", default="10000,100000,1000000", help="corpus sizes in sentences")
    bench.add_argument("--out", type=Path, default=Path("bench"), help="folder for JSON and PNG")
    bench.add_argument("--questions", type=int, default=200, help="questions per size")
    return parser


def open_engine(corpus: str, index: bool = True):
    """The engine on ``corpus``; ``index=False`` for writers that need no search (the next start indexes)."""
    return Engine.open(Path(corpus), Tokenizer(load_kiwi()), index=index)


def print_results(results: list[AddResult], out=None) -> int:
    out = out or sys.stdout
    added = [r for r in results if r.status == "added"]
    duplicates = [r for r in results if r.status == "duplicate"]
    skipped = [r for r in results if r.status == "skipped"]
    for r in added:
        print(f"added      {r.article_id}  {r.title[:60]}  ({r.sentences} sentences)", file=out)
    for r in duplicates:
        print(f"duplicate  {r.title[:60]}: {r.reason}", file=out)
    for r in skipped:
        print(f"skipped    {r.article_id or '-'}: {r.reason}", file=out)
    print(f"added {len(added)}, duplicates {len(duplicates)}, skipped {len(skipped)}", file=out)
    return 0


def cmd_add(args) -> int:
    if not args.jsonl and not args.paths:
        print("add: give --jsonl FILE, files, or a URL", file=sys.stderr)
        return 2
    urls = [p for p in args.paths if p.lower().startswith(("http://", "https://")) or "://" in p]
    files = [Path(p) for p in args.paths if p not in urls] + ([args.jsonl] if args.jsonl else [])
    for path in files:
        if not path.is_file():
            print(f"add: no such file: {path}", file=sys.stderr)
            return 1
    results: list[AddResult] = []
    urls, refused = _check_urls(urls)  # before loading Kiwi: a refused address costs nothing
    results += refused
    if refused and not urls and not files:
        print_results(results)
        return 1
    engine = open_engine(args.corpus, index=False)
    if urls:
        url_results, failed = engine.add_urls(urls, allow_private=allow_private_urls())
        results.extend(url_results)
        if failed and not files:
            print_results(results)
            return 1
    parsed = [item for path in files for item in read_path(path)]
    results += [AddResult("skipped", "", p.where, reason=f"{p.where}: {p.error}") for p in parsed if p.article is None]
    good = [p for p in parsed if p.article is not None]
    added = engine.add_articles([p.article for p in good], progress=_progress_bar(len(good)))
    results += [r if r.status == "added" else r._replace(reason=f"{p.where}: {r.reason}") for p, r in zip(good, added)]
    return print_results(results)


def _check_urls(urls: list[str]) -> tuple[list[str], list[AddResult]]:
    """URLs whose scheme and address may be fetched, and refusals for the others."""
    allowed, refused = [], []
    for url in urls:
        try:
            check_url(url, allow_private=allow_private_urls())
            allowed.append(url)
        except FetchError as error:
            refused.append(AddResult("skipped", "", url, reason=f"{url}: {error.message}"))
    return allowed, refused


def _progress_bar(total: int):
    if total < 50 or not sys.stderr.isatty():
        return None
    bar = tqdm(total=total, unit="article", file=sys.stderr)

    def update(done: int, _total: int) -> None:
        bar.update(done - bar.n)
        if done >= _total:
            bar.close()

    return update


def format_answer(answer: Answer) -> str:
    if not answer.hits:
        return f"Q: {answer.question}\n관련 기사를 찾지 못했습니다. (no relevant article found)"
    lines = [f"Q: {answer.question}", ""]
    for number, hit in enumerate(answer.hits, start=1):
        lines.append(f"[{number}] {hit.passage}")
        cite = " · ".join(x for x in (hit.title, hit.source, hit.published) if x)
        lines.append(f"    — {cite}" + (f" <{hit.url}>" if hit.url else ""))
        lines.append("")
    lines.append(f"({answer.took_ms:.1f} ms)")
    return "\n".join(lines)


def cmd_ask(args) -> int:
    if not args.question and not args.batch:
        print("ask: give a QUESTION or --batch FILE", file=sys.stderr)
        return 2
    if args.batch and not args.batch.is_file():
        print(f"ask: no such file: {args.batch}", file=sys.stderr)
        return 1
    engine = open_engine(args.corpus)
    if args.batch:
        for line in args.batch.read_text(encoding="utf-8").splitlines():
            if line.strip():
                print(engine.ask(line.strip(), k=args.k).model_dump_json(), flush=False)
        sys.stdout.flush()
        return 0
    answer = engine.ask(args.question, k=args.k)
    print(answer.model_dump_json(indent=1) if args.json else format_answer(answer))
    return 0


def cmd_list(args) -> int:
    store = CorpusStore(Path(args.corpus)).load()
    rows = [
        {"article_id": a.id, "title": a.title, "source": a.source, "published": a.published, "url": a.url}
        for a in store.ordered()
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
    engine = open_engine(args.corpus, index=False)
    removed = engine.remove(args.id)
    if removed is None:
        print(f"remove: no article {args.id}", file=sys.stderr)
        return 1
    print(f"removed {removed.id}  {removed.title}")
    return 0


def cmd_stats(args) -> int:
    engine = open_engine(args.corpus)
    for key, value in engine.stats().items():
        print(f"{key}: {value}")
    return 0


def cmd_eval(args) -> int:
    questions = args.questions or [Path("../shared/eval/news_dev_questions.jsonl")]
    for path in [args.squad or args.news] + (questions if args.news else []):
        if not path.is_file():
            print(f"eval: no such file: {path}", file=sys.stderr)
            return 1
    if args.news:
        return run_news_eval(args.news, questions, args.bundled, plain=args.plain, no_expansion=args.no_expansion)
    return run_eval(args.squad, limit=args.limit, plain=args.plain, no_expansion=args.no_expansion)


def cmd_bench(args) -> int:
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    return run_bench(sizes, args.out, args.questions)


COMMANDS = {
    "add": cmd_add, "ask": cmd_ask, "list": cmd_list, "remove": cmd_remove,
    "stats": cmd_stats, "eval": cmd_eval, "bench": cmd_bench,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.corpus is None:
        args.corpus = str(Settings().corpus_dir)
    try:
        return COMMANDS[args.command](args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
