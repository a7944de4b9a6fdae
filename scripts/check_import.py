"""Issue "real news in": import a JSON Lines export and check that nothing was lost.

    .venv/bin/python -m index --corpus /tmp/check add --jsonl ARTICLES.jsonl
    .venv/bin/python scripts/check_import.py /tmp/check ARTICLES.jsonl [QUESTIONS.jsonl]

Reports: articles in the file, stored, refused as duplicates (same text, same outlet) and why others are
missing; articles that lost more than 30 % of their characters; stored texts that still hold a copyright
notice; and, with questions (fields answer, article_id), the share whose answer is still in the stored text.
"""
from __future__ import annotations

import json
import re
import sqlite3
import sys
from pathlib import Path

NOTICE = re.compile(r"ⓒ|©|무단\s*전재|copyright", re.IGNORECASE)


def squash(text: str) -> str:
    return "".join(text.split())


def main() -> int:
    corpus, source = Path(sys.argv[1]), Path(sys.argv[2])
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").split("\n") if line.strip()]
    connection = sqlite3.connect(corpus / "corpus.sqlite3")
    stored = {r[0]: r[1:] for r in connection.execute("SELECT id, text, removed_chars, raw_chars FROM articles")}
    hashes = {}
    for row in rows:
        hashes.setdefault(squash(row["text"]), []).append(row["id"])
    missing = [r["id"] for r in rows if r["id"] not in stored]
    copies = [i for i in missing if any(j in stored for j in hashes[squash(next(r for r in rows if r["id"] == i)["text"])])]
    lossy = [i for i, (_, removed, raw) in stored.items() if raw and removed * 10 > raw * 3]
    notices = [i for i, (text, _, _) in stored.items() if NOTICE.search(text)]
    print(f"{len(rows)} articles in {source.name}: {len(stored)} stored, {len(copies)} exact copies of a stored one, "
          f"{len(missing) - len(copies)} missing otherwise {[i for i in missing if i not in copies][:10]}")
    print(f"lost more than 30 % of their characters: {len(lossy)} {lossy[:10]}")
    print(f"stored texts with a copyright notice: {len(notices)} {notices[:10]}")
    if len(sys.argv) > 3:
        questions = [json.loads(line) for line in Path(sys.argv[3]).read_text(encoding="utf-8").split("\n") if line.strip()]
        text_of = {r["id"]: r["text"] for r in rows}

        def stored_text(article_id: str) -> str:  # the article, or the stored copy of its exact text
            same = hashes.get(squash(text_of.get(article_id, "")), [article_id])
            return next((stored[i][0] for i in [article_id, *same] if i in stored), "")

        kept = [q for q in questions if squash(q["answer"]) in squash(stored_text(q["article_id"]))]
        by_copy = sum(q["article_id"] not in stored for q in kept)
        print(f"questions whose answer is in the stored text: {len(kept)} / {len(questions)} "
              f"({100 * len(kept) / len(questions):.1f} %; {by_copy} of them in the stored copy of their article)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
