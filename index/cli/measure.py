"""``eval`` and ``bench``: retrieval quality and speed."""
from __future__ import annotations

import sys
from pathlib import Path

from index.measure.bench import run_bench
from index.measure.evaluate import run_eval
from index.measure.news import run_news_eval


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
