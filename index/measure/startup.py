"""Start-up, memory and one add, measured in a fresh process: ``python -m index.measure.startup PLAN.json``.

The bench writes a corpus folder with its index snapshot and a plan (the
folder, questions, one article to add with its tokens), runs this module in
a new interpreter and reads one JSON line back:

* ``kiwi_s``: loading Kiwi (not part of the figures below);
* ``kernels_s``: numba's start and loading the cached kernels (the same at
  any index size; the baseline below includes it);
* ``start_s``: ``Engine.open`` of the corpus with Kiwi and the compiled
  kernels loaded: the article database is opened and, nothing having
  changed, the index snapshot loaded (memory-mapped arrays, layout,
  catalog, aliases) and nothing else read. ``aliases_s``: the part of it
  that rebuilds the alias table;
* ``rss_mb``: resident memory after opening the index and answering the
  questions, minus the same process before (Kiwi loaded, an empty index
  opened and one question answered): RSS from ``/proc/self/status``, split
  into anonymous and file-backed (mapped snapshot pages) parts;
* ``add_one_s`` / ``remove_one_s``: indexing one article (tokens given; the
  database write is not counted) and removing it from the index, with the
  exact-score check ``add_exact`` after the add.
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
from index.engine.live import Indexed
from index.models import Article
from index.query.aliases import AliasTable
from index.storage.articles import index_key
from index.storage.cache import CachedTokens
from index.text.tokenize import Tokenizer, load_kiwi


def memory_mb() -> dict[str, float]:
    """VmRSS, RssAnon and RssFile of this process, in MB."""
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile"):
            fields[key] = int(value.split()[0]) / 1024
    return fields


def measure(plan: dict) -> dict:
    started = time.perf_counter()
    tokenizer = Tokenizer(load_kiwi())
    out: dict = {"kiwi_s": time.perf_counter() - started}
    started = time.perf_counter()
    warm_up()
    out["kernels_s"] = time.perf_counter() - started  # numba's start and its cached kernels: any index size
    with tempfile.TemporaryDirectory(prefix="newsqa-empty-") as empty:
        baseline = Engine.open(Path(empty), tokenizer)
        baseline.ask(plan["questions"][0])
        before = memory_mb()
        baseline.close()
    root = Path(plan["corpus"])
    started, started_cpu = time.perf_counter(), time.process_time()
    engine = Engine.open(root, tokenizer)
    out["start_s"] = time.perf_counter() - started
    out["start_cpu_s"] = time.process_time() - started_cpu
    started = time.perf_counter()
    AliasTable.from_json((engine.store.index_dir / "snapshot" / "aliases.json").read_text(encoding="utf-8"))
    out["aliases_s"] = time.perf_counter() - started  # the alias table's rebuild, part of start_s (index.query)
    started = time.perf_counter()
    engine.ask(plan["questions"][0])
    out["first_answer_s"] = time.perf_counter() - started
    for question in plan["questions"]:
        engine.ask(question)
    after = memory_mb()
    out["rss_mb"] = after["VmRSS"] - before["VmRSS"]
    out["rss_anon_mb"] = after["RssAnon"] - before["RssAnon"]
    out["rss_file_mb"] = after["RssFile"] - before["RssFile"]
    out["rss_questions"] = len(plan["questions"])
    out["sentences"] = engine.sentences.n_alive
    out.update(add_and_remove(engine, plan))
    engine.close()
    return out


def add_and_remove(engine: Engine, plan: dict) -> dict:
    article = Article.model_validate(plan["add"]["article"])
    title, spans, tokens, aliases, byte_spans = plan["add"]["tokens"]
    cached = CachedTokens(tuple(title), [tuple(s) for s in spans], [tuple(t) for t in tokens],
                          tuple(tuple(a) for a in aliases), tuple(tuple(b) for b in byte_spans))
    probe = [[(t, 1.0)] for t in cached.tokens[0][:4]]
    engine.sentences.search(probe, 10)  # the index is warm, as in a running bot
    started, started_cpu = time.perf_counter(), time.thread_time()
    with engine.lock:
        engine.live.add([Indexed(article.id, index_key(article.title, article.text), cached)])
    add_s, add_cpu_s = time.perf_counter() - started, time.thread_time() - started_cpu
    started = time.perf_counter()
    pruned = engine.sentences.search(probe, 10)
    first_query_s = time.perf_counter() - started
    exhaustive = engine.sentences.search(probe, 10, exhaustive=True)
    exact = bool(np.array_equal(pruned[0], exhaustive[0]) and np.array_equal(pruned[1], exhaustive[1]))
    started = time.perf_counter()
    with engine.lock:
        engine.live.remove(article.id)
    remove_s = time.perf_counter() - started
    return {"add_one_s": add_s, "add_one_cpu_s": add_cpu_s, "query_after_add_s": first_query_s, "add_exact": exact, "remove_one_s": remove_s,
            "add_sentences": len(cached.spans)}


def main() -> int:
    plan = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    print(json.dumps(measure(plan)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
