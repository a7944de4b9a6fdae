"""``python -m index bench``: our exact BM25 engine against naive rank-bm25, side by side.

Corpora of 10k, 100k and 1M sentences are built by replicating real Kiwi
token sequences (KorQuAD dev contexts from ``../shared/eval`` when present,
and the bundled corpus), tokenized once. Questions are real KorQuAD questions.

Figures per size and engine: build seconds, memory MB (bytes held by the
index structures: numpy arrays, containers and vocabulary, via nbytes and
sys.getsizeof; the token strings both share are not counted), query p50/p95 ms for scoring + top-10, end-to-end ``ask``
p50/p95 ms (tokenizing the question, ranking, passages). Naive rank-bm25 is
timed on a sample of questions at the largest sizes (the table says how
many). Results go to ``bench/bench.json`` and ``bench/latency.png``.
"""
from __future__ import annotations

import gc
import json
import sys
import random
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from rank_bm25 import BM25Okapi

from index.engine import Engine
from index.engine.admit import prepare
from index.engine.live import Indexed
from index.engine.upkeep import sample_articles
from index.measure.evaluate import load_squad
from index.models import Article
from index.query.parse import parse_question
from index.search.passage import build_passage
from index.storage.articles import index_key
from index.storage.cache import CachedTokens
from index.text.tokenize import Tokenizer, load_kiwi

SHARED_SQUAD = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "KorQuAD_v1.0_dev.json"


def engine_bytes(engine) -> int:
    """What the sentence index holds: BM25 arrays and vocabulary, plus the sentence layout."""
    layout = engine.layout
    layout_bytes = sum(a.buffer_info()[1] * a.itemsize for a in
                       (layout.slot_first, layout.slot_count, layout.doc_slot, layout.doc_start, layout.doc_end))
    return engine.sentences.nbytes() + engine.articles_bm25.nbytes() + layout_bytes


def naive_bytes(naive) -> int:
    """What rank_bm25 holds: a dict of term frequencies per document, lengths and IDF table."""
    per_doc = sum(sys.getsizeof(d) for d in naive.doc_freqs) + sys.getsizeof(naive.doc_freqs)
    return per_doc + sys.getsizeof(naive.doc_len) + 28 * len(naive.doc_len) + sys.getsizeof(naive.idf)


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return round(statistics.median(ordered), 3), round(p95, 3)


def load_sources(engine) -> tuple[list[Article], list[CachedTokens], list[str]]:
    """Articles (the bundled sample, KorQuAD dev when present), their tokens (one Kiwi pass) and real questions."""
    articles, questions = [prepare(a).article for a in sample_articles()], []
    if SHARED_SQUAD.is_file():
        squad_articles, squad_questions = load_squad(SHARED_SQUAD)
        articles += [prepare(a).article for a in squad_articles]
        questions = [q.question for q in squad_questions]
    questions += ["머스크가 오픈AI를 고소한 진짜 이유는?", "테슬라는 도조에 얼마를 투자하나?"]
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


def bench_ours(engine_factory, articles, tokenized, questions) -> dict:
    engine = engine_factory()
    engine.add_tokenized(articles, tokenized, index=False)
    started = time.perf_counter()
    engine.live.add([Indexed(a.id, index_key(a.title, a.text), t) for a, t in zip(articles, tokenized)])
    engine.sentences._norm()
    engine.sentences._idf_table()
    build = time.perf_counter() - started
    memory = engine_bytes(engine) / 2**20
    query_ms, ask_ms, tops = [], [], []
    for question in questions:
        terms = [(t, 1.0) for t in query_tokens(engine, question)]
        started = time.perf_counter()
        ids, scores = engine.sentences.top_k(terms, 10)
        query_ms.append((time.perf_counter() - started) * 1000)
        tops.append((ids, scores))
        started = time.perf_counter()
        engine.ask(question, k=3)
        ask_ms.append((time.perf_counter() - started) * 1000)
    return {"engine": engine, "build_s": build, "memory_mb": memory, "query": percentiles(query_ms),
            "ask": percentiles(ask_ms), "tops": tops}


def query_tokens(engine, question: str) -> list[str]:
    return [t.token for t in parse_question(question, engine.tokenizer)]


def bench_naive(engine, token_lists, questions) -> dict:
    """rank_bm25.BM25Okapi over the same sentences, same k1/b/epsilon."""
    layout = engine.layout
    started = time.perf_counter()
    params = engine.sentences.params
    naive = BM25Okapi(token_lists, k1=params.k1, b=params.b, epsilon=params.epsilon)
    build = time.perf_counter() - started
    memory = naive_bytes(naive) / 2**20
    query_ms, ask_ms, tops = [], [], []
    for question in questions:
        started = time.perf_counter()
        terms = query_tokens(engine, question)
        tokenize_ms = (time.perf_counter() - started) * 1000
        started = time.perf_counter()
        scores = naive.get_scores(terms)
        top = np.argsort(-scores, kind="stable")[:10]
        query_ms.append((time.perf_counter() - started) * 1000)
        tops.append((top, scores[top]))
        started = time.perf_counter()
        for doc in top[:3].tolist():
            slot = layout.doc_slot[doc]
            build_passage(engine.article(layout.slot_ids[slot]).text, layout, doc, layout.sentence_range(slot), [], 400)
        ask_ms.append(query_ms[-1] + tokenize_ms + (time.perf_counter() - started) * 1000)
    del naive
    return {"build_s": build, "memory_mb": memory, "query": percentiles(query_ms), "ask": percentiles(ask_ms),
            "tops": tops}


def same_top10(ours, naive) -> bool:
    for (ids_a, scores_a), (ids_b, scores_b) in zip(ours, naive):
        positive = scores_b > 0
        ids_b, scores_b = ids_b[positive], scores_b[positive]
        if len(ids_a) != len(ids_b) or not np.allclose(scores_a, scores_b, rtol=0, atol=1e-9):
            return False
        if set(ids_a.tolist()) != set(ids_b.tolist()) and not np.allclose(np.sort(scores_a), np.sort(scores_b)):
            return False
    return True


def bench_start_and_add(kiwi, articles, tokenized) -> dict:
    """Start-up from disk (Kiwi already loaded) and the cost of adding one article, at this size."""
    with tempfile.TemporaryDirectory(prefix="newsqa-bench-") as tmp:
        folder = Path(tmp)
        engine = Engine.open(folder, Tokenizer(kiwi))
        engine.add_tokenized(articles, tokenized, index=False)
        engine.sync()  # builds from the token cache and writes the snapshot
        engine.close()
        started = time.perf_counter()
        reopened = Engine.open(folder, Tokenizer(kiwi))
        start_s = time.perf_counter() - started
        fresh = articles[0].model_copy(update={"id": "bench-new", "text": articles[0].text + "\n\n새로 추가된 문장입니다."})
        started = time.perf_counter()
        result = reopened.add_article(fresh)
        add_s = time.perf_counter() - started
        assert result.status == "added", result
    return {"start_s": start_s, "add_one_s": add_s}


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
    random.Random(11).shuffle(questions)
    questions = questions[:n_questions]
    print(f"sources: {len(articles)} articles, {sum(len(c.spans) for c in tokenized)} sentences, "
          f"{len(questions)} questions; Kiwi load {kiwi_load_s:.2f} s", flush=True)
    rows = []
    for size in sizes:
        copies, copy_tokens, total = replicate(articles, tokenized, size)
        ours = bench_ours(lambda: Engine.open(Path(tmp.name) / f"s{size}", Tokenizer(kiwi)),
                          copies, copy_tokens, questions)
        sample = questions if size <= 100_000 else questions[:naive_sample]
        token_lists = [t for cached in copy_tokens for t in cached.tokens]
        naive = bench_naive(ours["engine"], token_lists, sample)
        identical = same_top10(ours["tops"][: len(sample)], naive["tops"])
        row = {"sentences": total, "questions": len(questions), "naive_questions": len(sample),
               "identical_top10": identical}
        for name, result in (("ours", ours), ("naive", naive)):
            row[name] = {k: result[k] for k in ("build_s", "memory_mb", "query", "ask")}
        row["speedup_p95"] = naive["query"][1] / max(ours["query"][1], 1e-6)
        if size == 100_000 or (size == sizes[-1] and 100_000 not in sizes and size <= 200_000):
            row.update(bench_start_and_add(kiwi, copies, copy_tokens))
        rows.append(row)
        print_row(row)
        del ours, naive, copies, copy_tokens, token_lists
        gc.collect()
    imported = bench_import(kiwi, articles)
    print(f"import: {imported['chars']} chars, Kiwi alone {imported['kiwi_s']:.2f} s, ours {imported['ours_s']:.2f} s "
          f"(ours at {imported['ratio']:.2f} x Kiwi's throughput)")
    out.mkdir(parents=True, exist_ok=True)
    report = {"kiwi_load_s": kiwi_load_s, "sizes": rows, "import": imported}
    (out / "bench.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    plot(rows, out / "latency.png")
    print(f"wrote {out / 'bench.json'} and {out / 'latency.png'}")
    tmp.cleanup()
    return 0


def print_row(row: dict) -> None:
    if row is not None and row["sentences"] and not getattr(print_row, "header", False):
        print(f"{'sentences':>10} {'engine':6} {'build s':>8} {'mem MB':>7} {'query p50':>9} {'p95 ms':>7} "
              f"{'ask p50':>8} {'p95 ms':>7}  notes")
        print_row.header = True
    for name in ("ours", "naive"):
        r = row[name]
        note = ""
        if name == "naive":
            note = f"{row['naive_questions']} questions; top-10 identical: {row['identical_top10']}; " \
                   f"ours {row['speedup_p95']:.0f}x faster at p95"
        elif "start_s" in row:
            note = f"start-up {row['start_s']:.2f} s (Kiwi loaded), add one article {row['add_one_s'] * 1000:.0f} ms"
        print(f"{row['sentences']:>10} {name:6} {r['build_s']:>8.2f} {r['memory_mb']:>7.0f} {r['query'][0]:>9.2f} "
              f"{r['query'][1]:>7.2f} {r['ask'][0]:>8.2f} {r['ask'][1]:>7.2f}  {note}", flush=True)


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib  # heavy (about a second) and only for the plot: loaded when one is drawn

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # after use("Agg"): no display here

    sizes = [r["sentences"] for r in rows]
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for name, style in (("ours", "o-"), ("naive", "s--")):
        ax.plot(sizes, [r[name]["query"][1] for r in rows], style, label=f"{name} query p95")
        ax.plot(sizes, [r[name]["ask"][1] for r in rows], style, alpha=0.5, label=f"{name} ask p95")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("sentences in the index")
    ax.set_ylabel("latency (ms)")
    ax.set_title("BM25 latency: exact postings engine vs naive rank-bm25")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
