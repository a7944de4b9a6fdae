"""A large store: start-up time, file count and disk size (issue "news keeps flowing").

Builds a corpus of N articles by replicating real articles (tokenized once with Kiwi, then copied with new
ids and URLs, so no Kiwi pass per copy), writes it through the engine (database + snapshot), then opens it
again in a fresh process and times ``Engine.open`` with Kiwi already loaded.

    .venv/bin/python scripts/measure_store.py /work/dev/news1600.jsonl 100000 /tmp/store100k
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from index.engine import Engine
from index.engine.admit import prepare
from index.models import Article
from index.text.tokenize import Tokenizer, load_kiwi

OPEN_SCRIPT = """
import json, resource, sys, time
from pathlib import Path
from index.engine import Engine
from index.text.tokenize import Tokenizer, load_kiwi
tokenizer = Tokenizer(load_kiwi())
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
engine = Engine.open(Path(sys.argv[1]), tokenizer)
opened = time.perf_counter() - started
answer = engine.ask(sys.argv[2], k=3)
print(json.dumps({"open_s": round(opened, 3), "articles": engine.store.count(),
                  "sentences": engine.sentences.n_alive, "first_hit_ms": answer.took_ms,
                  "max_rss_mb_over_kiwi": round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)}))
"""


def source_articles(path: Path) -> list[Article]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    articles = [prepare(Article(id=r["id"], title=r.get("title") or r["id"], text=r["text"])).article for r in rows]
    return [a for a in articles if a.text]


def main() -> int:
    source, target, folder = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    tokenizer = Tokenizer(load_kiwi())
    articles = source_articles(source)
    started = time.perf_counter()
    engine = Engine.open(folder, tokenizer, index=False)
    tokens = engine.tokenize_articles(articles)
    print(f"tokenized {len(articles)} source articles in {time.perf_counter() - started:.1f} s", flush=True)
    started, copy, made = time.perf_counter(), 0, 0
    while made < target:
        batch = [a.model_copy(update={"id": f"{a.id}-{copy}", "url": f"https://news.example/{a.id}/{copy}"})
                 for a in articles[: target - made]]
        engine.add_tokenized(batch, tokens[: len(batch)], index=False)
        made += len(batch)
        copy += 1
    print(f"stored {made} articles in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    engine.indexing = True
    engine.sync()  # builds the index from the token cache and writes the snapshot
    print(f"indexed {engine.sentences.n_alive} sentences in {time.perf_counter() - started:.1f} s", flush=True)
    engine.close()
    files = [p for p in folder.rglob("*") if p.is_file()]
    size = sum(p.stat().st_size for p in files)
    print(f"files: {len(files)}; disk: {size / 2**20:.0f} MB "
          f"(database {sum(p.stat().st_size for p in files if 'sqlite3' in p.name) / 2**20:.0f} MB)")
    question = "반도체 수출이 몇 달 연속 늘었나?"
    for attempt in range(3):
        proc = subprocess.run([sys.executable, "-c", OPEN_SCRIPT, str(folder), question], capture_output=True,
                              text=True, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
        print(f"open #{attempt + 1}: {proc.stdout.strip() or proc.stderr[-2000:]}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
