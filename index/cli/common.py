"""What every command shares: the settings, opening the engine, printing add results."""
from __future__ import annotations

import sys
from pathlib import Path

from tqdm import tqdm

from index.engine import Engine
from index.models import AddResult, AddStatus
from index.settings import Settings
from index.text.tokenize import Tokenizer, load_kiwi


def open_engine(settings: Settings, corpus: str, index: bool = True) -> Engine:
    """The engine on ``corpus``; ``index=False`` for writers that need no search (the next start indexes)."""
    return Engine.open(Path(corpus), Tokenizer(load_kiwi()), index=index, retention=settings.retention)


def describe(result: AddResult) -> str:
    """One line of ``add`` output."""
    if result.status == AddStatus.ADDED:
        line = f"added      {result.article_id}  {result.title[:60]}  ({result.sentences} sentences"
        if result.removed_chars:
            line += f", {result.removed_chars} of {result.raw_chars} characters removed as boilerplate"
        line += ")"
        if result.over_cleaned:
            line += "  ⚠ over a third removed as boilerplate: raw text kept, please check"
        return line
    if result.status == AddStatus.DUPLICATE:
        return f"duplicate  {result.title[:60]}: {result.reason}"
    return f"skipped    {result.article_id or '-'}: {result.reason}"


def print_results(results: list[AddResult], out=None) -> int:
    out = out or sys.stdout
    for status in (AddStatus.ADDED, AddStatus.DUPLICATE, AddStatus.SKIPPED):
        for result in results:
            if result.status == status:
                print(describe(result), file=out)
    counts = {s: sum(r.status == s for r in results) for s in AddStatus}
    removed = sum(r.removed_chars for r in results if r.status == AddStatus.ADDED)
    print(f"added {counts[AddStatus.ADDED]}, duplicates {counts[AddStatus.DUPLICATE]}, "
          f"skipped {counts[AddStatus.SKIPPED]}; {removed} characters of boilerplate removed", file=out)
    return 0


def progress_bar(total: int):
    """A progress callback drawing a bar on a terminal (nothing for small jobs or pipes)."""
    if total < 50 or not sys.stderr.isatty():
        return None
    bar = tqdm(total=total, unit="article", file=sys.stderr)

    def update(done: int, _total: int) -> None:
        bar.update(done - bar.n)
        if done >= _total:
            bar.close()

    return update
