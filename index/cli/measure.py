"""``eval`` and ``bench``: retrieval quality and speed."""
from __future__ import annotations

import sys

from index.measure.bench import run_bench
from index.measure.evaluate import run_eval


def cmd_eval(args) -> int:
    if not args.squad.is_file():
        print(f"eval: no such file: {args.squad}", file=sys.stderr)
        return 1
    return run_eval(args.squad, limit=args.limit, plain=args.plain, no_expansion=args.no_expansion)


def cmd_bench(args) -> int:
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    return run_bench(sizes, args.out, args.questions)
