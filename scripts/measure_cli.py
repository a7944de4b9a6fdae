"""Measure the CLI as an outside program would, on ~110k real sentences (KorQuAD contexts, copied).

    .venv/bin/python scripts/measure_cli.py ../shared/eval/KorQuAD_v1.0_dev.json [copies]

Prints wall-clock figures for: import (``add --jsonl``) against Kiwi alone on
the same text; start-up (``ask`` right after the import, and again with the
saved index); adding one article; and ``ask --batch`` per question against
naive rank-bm25 on the same sentences.
"""
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from index.measure.evaluate import load_squad


def run(*args):
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "index", *args], capture_output=True, text=True, check=True)
    return time.perf_counter() - started, result.stdout


def main():
    squad = Path(sys.argv[1])
    copies = int(sys.argv[2]) if len(sys.argv) > 2 else 17
    articles, questions = load_squad(squad)
    random.Random(3).shuffle(questions)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus, jsonl = tmp / "corpus", tmp / "articles.jsonl"
        texts = []
        with jsonl.open("w", encoding="utf-8") as out:
            for copy in range(copies):
                for a in articles:
                    text = f"{a.text}\n\n이 문서는 {copy + 1}번째 사본이다."
                    texts.append(text)
                    out.write(json.dumps({"id": f"{a.id}-{copy}", "title": a.title, "text": text}, ensure_ascii=False) + "\n")
        import_s, summary = run("--corpus", str(corpus), "add", "--jsonl", str(jsonl))
        kiwi_s = kiwi_alone(texts)
        first_ask_s, _ = run("--corpus", str(corpus), "ask", "테슬라")
        start_s, _ = run("--corpus", str(corpus), "ask", "테슬라")
        stats = run("--corpus", str(corpus), "stats")[1]
        one = tmp / "one.txt"
        one.write_text("새로 추가하는 기사\n이 기사는 측정을 위해 새로 추가한 문장으로 이루어져 있다. 두 번째 문장도 있다.", encoding="utf-8")
        add_one_s, _ = run("--corpus", str(corpus), "add", str(one))
        qfile = tmp / "questions.txt"
        qfile.write_text("\n".join(q.question for q in questions[:200]), encoding="utf-8")
        batch_s, batch_out = run("--corpus", str(corpus), "ask", "--json", "-k", "3", "--batch", str(qfile))
        took = [json.loads(line)["took_ms"] for line in batch_out.splitlines()]
        naive_ms = naive_per_question(corpus, [q.question for q in questions[:20]])
    print(summary.strip().splitlines()[-1])
    print(stats.strip())
    print(f"import (add --jsonl, wall): {import_s:.1f} s; Kiwi alone on the same text: {kiwi_s:.1f} s "
          f"(x{import_s / kiwi_s:.2f})")
    print(f"first ask after import (builds the index from the token cache): {first_ask_s:.2f} s wall")
    print(f"start-up with the built index (ask, wall, Kiwi load included): {start_s:.2f} s")
    print(f"add one article (wall): {add_one_s:.2f} s")
    print(f"ask --batch of {len(took)}: took_ms p50 {statistics.median(took):.2f}, "
          f"p95 {sorted(took)[int(0.95 * (len(took) - 1))]:.2f}; wall {1000 * batch_s / len(took):.1f} ms/question "
          f"including start-up")
    print(f"naive rank-bm25 on the same sentences: {naive_ms:.0f} ms/question "
          f"(x{naive_ms / statistics.median(took):.0f} slower than our median)")


def kiwi_alone(texts):
    from kiwipiepy import Kiwi

    started = time.perf_counter()
    kiwi = Kiwi(num_workers=2)
    paragraphs = [p for text in texts for p in text.split("\n") if p.strip()]
    for _ in kiwi.split_into_sents(paragraphs, return_tokens=True):
        pass
    return time.perf_counter() - started


def naive_per_question(corpus, questions):
    from rank_bm25 import BM25Okapi

    from index.engine import Engine
    from index.query.parse import parse_question
    from index.text.tokenize import Tokenizer, load_kiwi

    engine = Engine.open(corpus, Tokenizer(load_kiwi()))
    lists = []
    for article_id in engine.layout.slot_ids:
        if article_id:
            lists.extend(engine.tokenize_articles([engine.article(article_id)])[0].tokens)
    naive = BM25Okapi(lists, k1=engine.sentences.params.k1, b=engine.sentences.params.b)
    started = time.perf_counter()
    for question in questions:
        scores = naive.get_scores([t.token for t in parse_question(question, engine.tokenizer)])
        scores.argsort()[-3:]
    return 1000 * (time.perf_counter() - started) / len(questions)


if __name__ == "__main__":
    main()
