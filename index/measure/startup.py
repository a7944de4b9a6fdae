"""Start-up, memory and one add, measured in a fresh process: ``python -m index.measure.startup PLAN.json``.

The bench writes a corpus folder with its index snapshot and a plan (the
folder, questions, one article to add with its tokens), runs this module in
a new interpreter and reads one JSON line back:

* ``kiwi_s``: loading Kiwi (not part of the figures below);
* ``kernels_s``: numba's start and loading the cached kernels (the same at
  any index size; the baseline below includes it);
* ``start_s``: opening the index from its snapshot (memory-mapped arrays,
  layout, catalog, aliases) with Kiwi and the compiled kernels loaded, as
  ``Engine._load_snapshot`` does at start-up; the article store is not read
  (``engine_open_s`` is the whole ``Engine.open``, article store included).
  ``aliases_s``: the part of it that rebuilds the alias table;
* ``rss_mb``: resident memory after opening the index and answering the
  questions, minus the same process before (Kiwi loaded, an empty index
  opened and one question answered): RSS from ``/proc/self/status``, split
  into anonymous and file-backed (mapped snapshot pages) parts. Articles are
  read from their files on demand, as a database-backed store would;
* ``add_one_s`` / ``remove_one_s``: indexing one article (tokens given) and
  removing it, with the exact-score check ``add_exact`` after the add.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from index.bm25.kernels import warm_up
from index.engine import Engine
from index.models import Article
from index.query.aliases import AliasTable
from index.query.parse import parse_question
from index.query.words import answer_type
from index.search.ranker import Ranker
from index.search.view import IndexView
from index.storage.cache import CachedTokens
from index.storage.store import CorpusStore
from index.text.tokenize import Tokenizer, load_kiwi


def memory_mb() -> dict[str, float]:
    """VmRSS, RssAnon and RssFile of this process, in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def from_disk(root: Path):
    """Article look-up reading the article's file each time (no corpus held in memory)."""

    def article(article_id: str) -> Article | None:
        path = root / f"{article_id}.json"
        return Article.model_validate_json(path.read_bytes()) if path.is_file() else None

    return article


def answer(engine: Engine, view: IndexView, question: str):
    terms = parse_question(question, engine.tokenizer, engine.query_resources())
    return Ranker(view, engine.rank_params).search(terms, 3, answer_type(question))


def measure(plan: dict) -> dict:
    started = time.perf_counter()
    tokenizer = Tokenizer(load_kiwi())
    out: dict = {"kiwi_s": time.perf_counter() - started}
    started = time.perf_counter()
    warm_up()
    out["kernels_s"] = time.perf_counter() - started  # numba's start and its cached kernels: any index size
    with tempfile.TemporaryDirectory(prefix="newsqa-empty-") as empty:
        baseline_engine = Engine.open(Path(empty), tokenizer)  # loads the compiled kernels too
        baseline_engine.ask(plan["questions"][0])
        before = memory_mb()
    root = Path(plan["corpus"])
    started, started_cpu = time.perf_counter(), time.process_time()
    engine = Engine(CorpusStore(root), tokenizer)
    if not engine._load_snapshot():
        raise SystemExit("the snapshot did not load")
    out["start_s"] = time.perf_counter() - started
    out["start_cpu_s"] = time.process_time() - started_cpu
    started = time.perf_counter()
    AliasTable.from_json((root / ".index" / "snapshot" / "aliases.json").read_text(encoding="utf-8"))
    out["aliases_s"] = time.perf_counter() - started  # the alias table's rebuild, part of start_s (index.query)
    view = IndexView(engine.sentences, engine.articles_bm25, engine.layout, from_disk(root))
    started = time.perf_counter()
    answer(engine, view, plan["questions"][0])
    out["first_answer_s"] = time.perf_counter() - started
    for question in plan["questions"]:
        answer(engine, view, question)
    after = memory_mb()
    out["rss_mb"] = after["VmRSS"] - before["VmRSS"]
    out["rss_anon_mb"] = after["RssAnon"] - before["RssAnon"]
    out["rss_file_mb"] = after["RssFile"] - before["RssFile"]
    out["rss_questions"] = len(plan["questions"])
    out.update(add_and_remove(engine, plan))
    started = time.perf_counter()
    Engine.open(root, tokenizer)
    out["engine_open_s"] = time.perf_counter() - started
    return out


def add_and_remove(engine: Engine, plan: dict) -> dict:
    article = Article.model_validate(plan["add"]["article"])
    title, spans, tokens, aliases = plan["add"]["tokens"]
    cached = CachedTokens(tuple(title), [tuple(s) for s in spans], [tuple(t) for t in tokens],
                          tuple(tuple(a) for a in aliases))
    probe = [[(t, 1.0)] for t in cached.tokens[0][:4]]
    engine.sentences.search(probe, 10)  # the index is warm, as in a running bot
    started, started_cpu = time.perf_counter(), time.thread_time()
    engine._index_batch([article], [cached])
    add_s, add_cpu_s = time.perf_counter() - started, time.thread_time() - started_cpu
    started = time.perf_counter()
    pruned = engine.sentences.search(probe, 10)
    first_query_s = time.perf_counter() - started
    exhaustive = engine.sentences.search(probe, 10, exhaustive=True)
    exact = bool(np.array_equal(pruned[0], exhaustive[0]) and np.array_equal(pruned[1], exhaustive[1]))
    started = time.perf_counter()
    engine._unindex(article.id)
    remove_s = time.perf_counter() - started
    return {"add_one_s": add_s, "add_one_cpu_s": add_cpu_s, "query_after_add_s": first_query_s, "add_exact": exact, "remove_one_s": remove_s,
            "add_sentences": len(cached.spans)}


def main() -> int:
    plan = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    print(json.dumps(measure(plan)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
