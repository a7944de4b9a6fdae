"""The parser and the dispatcher of ``python -m index``."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from index.cli.ask import cmd_ask
from index.cli.corpus import cmd_add, cmd_export, cmd_list, cmd_reclean, cmd_remove, cmd_stats
from index.cli.feeds import cmd_feed
from index.cli.measure import cmd_bench, cmd_eval
from index.engine.upkeep import SAMPLE_DIR
from index.settings import Settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m index", description="Korean news QA index")
    parser.add_argument("--corpus", default=None, help="corpus folder (default: CORPUS_DIR, else corpus/)")
    commands = parser.add_subparsers(dest="command", required=True)

    add = commands.add_parser("add", help="add articles from JSON Lines, files or a URL")
    add.add_argument("--jsonl", type=Path, help="JSON Lines file, one article a line")
    add.add_argument("paths", nargs="*", help=".txt/.md/.json/.html files, or an http(s) URL")
    add.set_defaults(run=cmd_add)

    ask = commands.add_parser("ask", help="answer a question with passages and citations")
    ask.add_argument("question", nargs="?", help="the question")
    ask.add_argument("--json", action="store_true", help="print JSON")
    ask.add_argument("-k", type=int, default=3, help="number of passages (default 3)")
    ask.add_argument("--batch", type=Path, help="file with one question a line; prints JSON Lines")
    ask.add_argument("--today", type=date.fromisoformat, default=None,
                     help="read 어제, 지난주 … against this day (YYYY-MM-DD; default: today in Korea)")
    ask.set_defaults(run=cmd_ask)

    listing = commands.add_parser("list", help="list the articles")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(run=cmd_list)

    remove = commands.add_parser("remove", help="remove an article by id")
    remove.add_argument("id")
    remove.set_defaults(run=cmd_remove)

    stats = commands.add_parser("stats", help="corpus, index, cleaning and retention figures")
    stats.add_argument("--json", action="store_true", help="print JSON")
    stats.set_defaults(run=cmd_stats)

    export = commands.add_parser("export", help="write every article as JSON Lines (add --jsonl restores them)")
    export.add_argument("--jsonl", type=Path, required=True, help="output file, or - for standard output")
    export.set_defaults(run=cmd_export)

    reclean = commands.add_parser("reclean", help="clean every article again from its raw text, and re-index")
    reclean.set_defaults(run=cmd_reclean)

    feed = commands.add_parser("feed", help="follow RSS and Atom feeds: add, list, poll, remove")
    actions = feed.add_subparsers(dest="action", required=True)
    feed_add = actions.add_parser("add", help="fetch a feed once and follow it")
    feed_add.add_argument("url")
    feed_list = actions.add_parser("list", help="the feeds followed, with their last poll and error")
    feed_list.add_argument("--json", action="store_true", help="print a JSON array")
    actions.add_parser("poll", help="one pass over every feed: fetch what is new and add it")
    feed_remove = actions.add_parser("remove", help="stop following a feed")
    feed_remove.add_argument("url")
    feed.set_defaults(run=cmd_feed)

    evaluate = commands.add_parser("eval", help="measure retrieval on a SQuAD-format file or on news")
    source = evaluate.add_mutually_exclusive_group(required=True)
    source.add_argument("--squad", type=Path, help="e.g. ../shared/eval/KorQuAD_v1.0_dev.json")
    source.add_argument("--news", type=Path, help="news articles, JSON Lines (id, title, text)")
    evaluate.add_argument(
        "--questions", type=Path, action="append", help="news questions, JSON Lines (q, answer, lang, article_id); repeatable"
    )
    evaluate.add_argument("--bundled", type=Path, default=SAMPLE_DIR, help="sample folder added to --news")
    evaluate.add_argument("--limit", type=int, default=0, help="ask only the first N questions")
    evaluate.add_argument("--plain", action="store_true", help="also measure plain sentence BM25")
    evaluate.add_argument("--no-expansion", action="store_true", help="also measure without query expansion")
    evaluate.set_defaults(run=cmd_eval)

    bench = commands.add_parser("bench", help="speed benchmark against naive rank-bm25")
    bench.add_argument("--sizes", default="10000,100000,1000000", help="corpus sizes in sentences")
    bench.add_argument("--out", type=Path, default=Path("bench"), help="folder for JSON and PNG")
    bench.add_argument("--questions", type=int, default=200, help="questions per size")
    bench.set_defaults(run=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.settings = Settings()
    if args.corpus is None:
        args.corpus = str(args.settings.corpus_dir)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader (| head) went away: nothing more to say
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
