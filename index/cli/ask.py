"""``ask``: answer a question (or a file of them) with passages and citations."""
from __future__ import annotations

import sys

from index.cli.common import open_engine
from index.models import Answer


def format_answer(answer: Answer) -> str:
    if answer.small_talk is not None:
        return f"Q: {answer.question}\n(small talk: {answer.small_talk.value}, nothing searched)"
    note = [answer.note] if answer.note else []
    if not answer.hits:
        return "\n".join([f"Q: {answer.question}", *note, "관련 기사를 찾지 못했습니다. (no relevant article found)"])
    lines = [f"Q: {answer.question}", *note, ""]
    for number, hit in enumerate(answer.hits, start=1):
        lines.append(f"[{number}] {hit.passage}")
        cite = " · ".join(x for x in (hit.title, hit.source, hit.published) if x)
        lines.append(f"    — {cite}" + (f" <{hit.url}>" if hit.url else ""))
        if hit.also:
            lines.append("    같은 기사: " + " · ".join(a.source or a.url or a.article_id for a in hit.also))
        if hit.missing:
            lines.append("    이 기사에 없는 말: " + ", ".join(hit.missing))
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
    engine = open_engine(args.settings, args.corpus)
    if args.batch:
        for line in args.batch.read_text(encoding="utf-8").split("\n"):
            if line.strip():
                print(engine.ask(line.strip(), k=args.k, today=args.today).model_dump_json(), flush=False)
        sys.stdout.flush()
        return 0
    answer = engine.ask(args.question, k=args.k, today=args.today)
    print(answer.model_dump_json(indent=1) if args.json else format_answer(answer))
    return 0
