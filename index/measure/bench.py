"""``python -m index bench``: our exact BM25 against rank-bm25, bm25s and tantivy, side by side.

Corpora of 10k, 100k and 1M sentences are built by replicating real Kiwi
token sequences (KorQuAD dev contexts from ``../shared/eval`` when present,
and the bundled corpus), tokenized once. Questions are real KorQuAD
questions (or a few built-in ones without ../shared).

Per size: every engine is built over the same sentences and asked the same
questions, interleaved (question i on every engine before question i + 1),
for its top 10 (wall time, and the thread's CPU time, which a loaded
machine disturbs less); rank-bm25 takes a sample of the questions at large sizes.
``identical_top10``: ours (pruned) gives exactly the exhaustive top 10 on
every question and rank-bm25's (scores within 1e-9) on its sample. Then
``ask`` end to end (tokenizing, ranking with re-scoring, passages) and a
fresh process (:mod:`index.measure.startup`) for ``start_s``, ``rss_mb``,
``add_one_s``. Writes ``bench.json`` and ``latency.png`` (p95 per engine).
"""
from __future__ import annotations

import gc
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from index.engine import Engine
from index.engine.admit import prepare
from index.engine.live import Indexed
from index.engine.upkeep import sample_articles
from index.measure.evaluate import load_squad
from index.measure.peers import build_peers, identical, interleaved
from index.models import Article
from index.query.parse import parse_question
from index.storage.articles import index_key
from index.storage.cache import CachedTokens
from index.text.tokenize import Tokenizer, load_kiwi

SQUAD_NAME = Path("shared") / "eval" / "KorQuAD_v1.0_dev.json"
BUILT_IN_QUESTIONS = ["머스크가 오픈AI를 고소한 진짜 이유는?", "테슬라는 도조에 얼마를 투자하나?"]
RSS_QUESTIONS = 100


def shared_squad() -> Path | None:
    """KorQuAD dev in ``../shared`` beside the checkout (a worktree may sit one level deeper)."""
    for parent in Path(__file__).resolve().parents:
        if (parent / SQUAD_NAME).is_file():
            return parent / SQUAD_NAME
    return None


def percentiles(samples_ms: list[float]) -> list[float]:
    if not samples_ms:
        return [0.0, 0.0]
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return [round(statistics.median(ordered), 3), round(p95, 3)]


def load_sources(engine: Engine) -> tuple[list[Article], list[CachedTokens], list[str]]:
    """Articles (the bundled sample, KorQuAD dev when present), their tokens (one Kiwi pass) and real questions."""
    articles, questions = [prepare(a).article for a in sample_articles()], []
    squad = shared_squad()
    if squad is not None:
        squad_articles, squad_questions = load_squad(squad)
        articles += [prepare(a).article for a in squad_articles]
        questions = [q.question for q in squad_questions]
    questions += BUILT_IN_QUESTIONS
    return articles, engine.tokenize_articles(articles), questions


def replicate(articles, tokenized, n_sentences: int):
    """Copies of the source articles (new ids, same tokens) until ``n_sentences``."""
    out_articles, out_tokens, total, copy = [], [], 0, 0
    while total < n_sentences:
        for article, cached in zip(articles, tokenized):
            if total >= n_sentences:
                break
            out_articles.append(article.model_copy(update={"id": f"{article.id}-{copy}", "url": ""}))
            out_tokens.append(cached)
            total += len(cached.spans)
        copy += 1
    return out_articles, out_tokens, total


def query_tokens(engine: Engine, question: str) -> list[str]:
    return [t.token for t in parse_question(question, engine.tokenizer)]


def bench_size(kiwi, size: int, folder: Path, articles, tokenized, questions: list[str], naive_sample: int) -> dict:
    copies, copy_tokens, total = replicate(articles, tokenized, size)
    engine = Engine.open(folder, Tokenizer(kiwi))
    engine.add_tokenized(copies, copy_tokens, index=False)  # into the article store (not timed)
    indexed = [Indexed(a.id, index_key(a.title, a.text), t) for a, t in zip(copies, copy_tokens)]
    started = time.perf_counter()
    engine.live.add(indexed)
    build_s = time.perf_counter() - started
    engine.live.generation = engine.store.generation()  # the index holds exactly what is stored
    token_lists = [t for cached in copy_tokens for t in cached.tokens]
    asked = [query_tokens(engine, q) for q in questions]
    peers, builds = build_peers(token_lists, engine.sentences, with_rank_bm25=True)
    builds.update(ours=build_s, exhaustive=build_s)
    sample = len(questions) if total <= 100_000 else naive_sample
    results = interleaved(peers, asked, {"rank-bm25": sample})
    del peers
    gc.collect()
    same_exhaustive = identical(results["ours"]["tops"], results["exhaustive"]["tops"], exact=True)
    same_naive = identical(results["ours"]["tops"][:sample], results["rank-bm25"]["tops"], exact=False)
    ask_ms, ask_cpu_ms = [], []
    for question in questions:
        started, started_cpu = time.perf_counter(), time.thread_time()
        engine.ask(question, k=3)
        ask_cpu_ms.append((time.thread_time() - started_cpu) * 1000)
        ask_ms.append((time.perf_counter() - started) * 1000)
    engines = {
        name: {"query": percentiles(r["ms"]), "query_cpu": percentiles(r["cpu_ms"]), "questions": len(r["ms"]),
               "build_s": round(builds.get(name, 0.0), 3), "note": r["note"]}
        for name, r in results.items()
    }
    engines["ours"]["ask"] = percentiles(ask_ms)
    engines["ours"]["ask_cpu"] = percentiles(ask_cpu_ms)  # this thread's CPU: what the wall time adds is waiting
    engines["ours"]["memory_mb"] = round((engine.sentences.nbytes() + engine.articles_bm25.nbytes()) / 2**20, 1)
    row = {"sentences": total, "articles": len(copies), "questions": len(questions), "naive_questions": sample,
           "identical_top10": same_exhaustive and same_naive, "identical_to_exhaustive": same_exhaustive,
           "identical_to_rank_bm25": same_naive, "engines": engines}
    row.update(fresh_process(engine, copies, questions, articles[0], tokenized[0]))
    return row


def fresh_process(engine: Engine, copies: list[Article], questions: list[str], source: Article,
                  cached: CachedTokens) -> dict:
    """Write the index snapshot, then measure start-up, memory and one add in a new interpreter."""
    engine.save_snapshot()
    engine.close()
    fresh = source.model_copy(update={"id": "bench-added-article", "url": ""})
    root = engine.store.root
    plan = {"corpus": str(root), "questions": questions[:RSS_QUESTIONS],
            "add": {"article": fresh.model_dump(mode="json"),
                    "tokens": [list(cached.title_tokens), [list(s) for s in cached.spans],
                               [list(t) for t in cached.tokens], [list(a) for a in cached.aliases],
                               [list(b) for b in cached.byte_spans]]}}
    plan_path = root.parent / f"plan-{root.name}.json"
    plan_path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.run([sys.executable, "-m", "index.measure.startup", str(plan_path)], capture_output=True,
                          text=True, env=env, timeout=1800)
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
        return {"fresh_process_error": proc.stderr[-500:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def bench_import(kiwi, articles) -> dict:
    """Our import pipeline against Kiwi's own split_into_sents on the same text."""
    texts = [a.text for a in articles]
    paragraphs = [p for text in texts for p in text.split("\n") if p.strip()]
    started = time.perf_counter()
    for _ in kiwi.split_into_sents(paragraphs, return_tokens=True):
        pass
    kiwi_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="newsqa-bench-") as tmp:
        engine = Engine.open(Path(tmp), Tokenizer(kiwi))
        fresh = [a.model_copy(update={"id": f"imp-{i}"}) for i, a in enumerate(articles)]
        started = time.perf_counter()
        engine.add_articles(fresh)
        ours_s = time.perf_counter() - started
    chars = sum(len(t) for t in texts)
    return {"chars": chars, "kiwi_s": kiwi_s, "ours_s": ours_s, "ratio": kiwi_s / ours_s}


def run_bench(sizes: list[int], out: Path, n_questions: int, naive_sample: int = 20) -> int:
    started = time.perf_counter()
    kiwi = load_kiwi()
    kiwi_load_s = time.perf_counter() - started
    tmp = tempfile.TemporaryDirectory(prefix="newsqa-bench-")
    source = Engine.open(Path(tmp.name) / "source", Tokenizer(kiwi))
    articles, tokenized, questions = load_sources(source)
    source.close()
    random.Random(11).shuffle(questions)
    questions = questions[:n_questions]
    load = os.getloadavg()
    print(f"sources: {len(articles)} articles, {sum(len(c.spans) for c in tokenized)} sentences, "
          f"{len(questions)} questions; Kiwi load {kiwi_load_s:.2f} s; load average {load[0]:.2f}", flush=True)
    rows = []
    for size in sizes:
        row = bench_size(kiwi, size, Path(tmp.name) / f"s{size}", articles, tokenized, questions, naive_sample)
        row["load_average"] = [round(x, 2) for x in os.getloadavg()]
        rows.append(row)
        print_row(row)
        gc.collect()
    imported = bench_import(kiwi, articles)
    print(f"import: {imported['chars']} chars, Kiwi alone {imported['kiwi_s']:.2f} s, ours {imported['ours_s']:.2f} s "
          f"(ours at {imported['ratio']:.2f} x Kiwi's throughput)")
    out.mkdir(parents=True, exist_ok=True)
    report = {"kiwi_load_s": kiwi_load_s, "cpus": os.cpu_count(), "load_average_start": list(load), "sizes": rows,
              "import": imported}
    (out / "bench.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    plot(rows, out / "latency.png")
    print(f"wrote {out / 'bench.json'} and {out / 'latency.png'}")
    tmp.cleanup()
    return 0


def print_row(row: dict) -> None:
    print(f"\n{row['sentences']:,} sentences ({row['articles']:,} articles), identical top 10: "
          f"{row['identical_top10']} (exhaustive {row['identical_to_exhaustive']}, "
          f"rank-bm25 {row['identical_to_rank_bm25']} on {row['naive_questions']} questions)")
    print(f"  {'engine':11} {'build s':>8} {'top10 p50':>9} {'p95 ms':>8} {'cpu p50':>8} {'p95 ms':>8} {'questions':>9}")
    for name, r in row["engines"].items():
        print(f"  {name:11} {r['build_s']:>8.2f} {r['query'][0]:>9.3f} {r['query'][1]:>8.3f} {r['query_cpu'][0]:>8.3f} "
              f"{r['query_cpu'][1]:>8.3f} {r['questions']:>9}  {r['note']}")
    ours = row["engines"]["ours"]
    print(f"  ask p50 {ours['ask'][0]:.2f} ms, p95 {ours['ask'][1]:.2f} ms (CPU {ours['ask_cpu'][0]:.2f} / {ours['ask_cpu'][1]:.2f})",
          flush=True)
    if "start_s" in row:
        print(f"  fresh process: start {row['start_s']:.3f} s ({row['start_cpu_s']:.3f} s CPU, alias table "
              f"{row['aliases_s']:.3f} s of it; kernels {row['kernels_s']:.2f} s and Kiwi "
              f"{row['kiwi_s']:.2f} s not counted; first answer {row['first_answer_s'] * 1000:.0f} ms), RSS "
              f"+{row['rss_mb']:.0f} MB (anonymous {row['rss_anon_mb']:.0f}, mapped files {row['rss_file_mb']:.0f}) "
              f"after {row['rss_questions']} questions, add one article {row['add_one_s'] * 1000:.1f} ms "
              f"(exact after: {row['add_exact']}), remove {row['remove_one_s'] * 1000:.1f} ms", flush=True)


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib  # heavy (about a second) and only for the plot: loaded when one is drawn

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # after use("Agg"): no display here

    sizes = [r["sentences"] for r in rows]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    names = list(dict.fromkeys(name for r in rows for name in r["engines"]))
    for name in names:
        points = [(r["sentences"], r["engines"][name]["query"][1]) for r in rows if name in r["engines"]]
        ax.plot(*zip(*points), "o-", label=f"{name} top-10 p95")
    ax.plot(sizes, [r["engines"]["ours"]["ask"][1] for r in rows], "s--", label="ours ask p95 (end to end)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("sentences in the index")
    ax.set_ylabel("latency (ms)")
    ax.set_title("BM25 top 10, p95, same questions interleaved")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
