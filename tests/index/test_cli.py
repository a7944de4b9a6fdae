"""``python -m index`` as a user runs it: real subprocesses on a temporary corpus.

Each run loads Kiwi (about 1.5 s), so the runs are shared through
module-scoped fixtures and kept to a dozen.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from index.cli import build_parser
from index.ingest.importers import read_path
from tests.corpus import stored_rows

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "000_6889fb97133f14de.txt"
SEED_TITLE = '머스크가 오픈AI 소송한 진짜 이유...결국 "미친 AI 인재전쟁" 때문'
NO_TITLE_TEXT = "서울시는 내년부터 자전거 도로를 40킬로미터 늘린다고 밝혔다. 늘어나는 도로 구간에는 예산 120억원이 들어간다."
ANSWER_KEYS = {"question", "hits", "took_ms", "small_talk", "period", "period_fallback", "recency", "note"}
HIT_KEYS = {"article_id", "title", "source", "published", "url", "passage", "sentence", "matched", "score", "also",
            "missing"}


def run(corpus: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CORPUS_DIR"}
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    return subprocess.run(
        [sys.executable, "-m", "index", "--corpus", str(corpus), *args],
        cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=timeout,
    )


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc


# ---- add → list → ask → remove → list ---------------------------------------------


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("cli-round-trip") / "corpus"
    steps = {"add": ok(run(corpus, "add", str(SEED)))}
    steps["list_json"] = ok(run(corpus, "list", "--json"))
    steps["ask_json"] = ok(run(corpus, "ask", "--json", "테슬라가 도조에 투자하는 금액은?"))
    listed = json.loads(steps["list_json"].stdout)
    article_id = listed[0]["article_id"] if listed else "missing"
    steps["remove"] = run(corpus, "remove", article_id)
    steps["list_after"] = run(corpus, "list")
    return corpus, steps


def test_add_prints_a_summary(round_trip):
    _, steps = round_trip
    out = steps["add"].stdout
    assert "added 1, duplicates 0, skipped 0" in out
    assert re.search(r"^added\s+\S+\s+.*머스크가 오픈AI 소송한", out, re.M)


def test_list_json(round_trip):
    _, steps = round_trip
    rows = json.loads(steps["list_json"].stdout)
    assert len(rows) == 1
    assert set(rows[0]) == {"article_id", "title", "source", "published", "url"}
    assert rows[0]["title"] == SEED_TITLE
    assert rows[0]["source"] == "머니투데이" and rows[0]["published"] == "2024-04-05"


def test_ask_json(round_trip):
    _, steps = round_trip
    answer = json.loads(steps["ask_json"].stdout)
    assert set(answer) == ANSWER_KEYS
    assert answer["question"] == "테슬라가 도조에 투자하는 금액은?"
    assert 1 <= len(answer["hits"]) <= 3
    first = answer["hits"][0]
    assert set(first) == HIT_KEYS
    assert "10억 달러" in first["sentence"]
    assert first["article_id"] == json.loads(steps["list_json"].stdout)[0]["article_id"]
    assert first["title"] == SEED_TITLE and first["source"] == "머니투데이"


def test_remove_then_list(round_trip):
    corpus, steps = round_trip
    ok(steps["remove"])
    assert "removed" in steps["remove"].stdout
    ok(steps["list_after"])
    assert steps["list_after"].stdout.strip().endswith("0 articles")
    assert stored_rows(corpus) == {}


# ---- JSON Lines import -----------------------------------------------------------


def _line(path: Path, url: str) -> dict:
    (parsed,) = read_path(path)
    article = parsed.article
    return {"title": article.title, "text": article.text, "source": article.source,
            "published": article.published, "author": article.author, "url": url}


@pytest.fixture(scope="module")
def jsonl_import(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-jsonl")
    corpus = folder / "corpus"
    budget = _line(FIXTURES / "yna_budget.txt", "https://www.yna.co.kr/view/AKR20240827000100002")
    law = _line(FIXTURES / "hani_copyright.txt", "https://www.hani.co.kr/arti/society/1138000.html")
    lines = [
        json.dumps(budget, ensure_ascii=False),                                     # 1 added
        '{"title": "잘린 줄", "text": "본문이 중간에',                                  # 2 malformed JSON
        json.dumps({"title": "   ", "text": NO_TITLE_TEXT}, ensure_ascii=False),    # 3 no title: titled by its text
        json.dumps({"title": "본문 없는 기사", "text": ""}, ensure_ascii=False),     # 4 empty text
        "",                                                                          # (blank: ignored)
        json.dumps({"title": "저작권 문구뿐인 기사",                                  # 6 nothing left once cleaned
                    "text": "ⓒ 연합뉴스\n\n무단 전재 및 재배포 금지\n\nhong@yna.co.kr"}, ensure_ascii=False),
        json.dumps({**budget, "title": "같은 기사 다른 제목", "url": ""}, ensure_ascii=False),  # 7 duplicate
        json.dumps(law, ensure_ascii=False),                                         # 8 added
        "[1, 2, 3]",                                                                 # 9 not an object
    ]
    jsonl = folder / "articles.jsonl"
    jsonl.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = run(corpus, "add", "--jsonl", str(jsonl))
    snapshot = stored_rows(corpus)
    again = run(corpus, "add", "--jsonl", str(jsonl))
    return corpus, jsonl, first, again, snapshot


def test_jsonl_summary_counts(jsonl_import):
    _, _, first, _, _ = jsonl_import
    ok(first)
    assert "added 3, duplicates 1, skipped 4" in first.stdout


def test_jsonl_reasons_name_the_line(jsonl_import):
    _, jsonl, first, _, _ = jsonl_import
    out = first.stdout
    assert re.search(rf"{re.escape(jsonl.name)}:2\b.*malformed JSON", out)
    assert not re.search(rf"{re.escape(jsonl.name)}:3\b", out)  # stored under a title made from its text
    assert re.search(rf"{re.escape(jsonl.name)}:4\b.*empty text", out)
    assert re.search(rf"{re.escape(jsonl.name)}:9\b.*not a JSON object", out)
    assert re.search(r"duplicate.*같은 기사 다른 제목", out)


def test_jsonl_article_that_is_only_boilerplate_is_named(jsonl_import):
    """"empty text" is said only when the raw text holds nothing; a notice-only article is told apart."""
    _, jsonl, first, _, _ = jsonl_import
    line = next(l for l in first.stdout.splitlines() if l.startswith("skipped") and f"{jsonl.name}:6" in l)
    assert "only boilerplate" in line and "empty text" not in line, line


def test_jsonl_nothing_half_imported(jsonl_import):
    corpus, _, _, _, _ = jsonl_import
    rows = list(stored_rows(corpus).values())
    assert sorted(a["title"] for a in rows) == sorted(
        ["정부, 내년 예산 656조원 편성…연구개발 예산 29조원으로 회복", "문체부, 저작권 침해 처벌 강화…상습 침해 징역 7년까지",
         "서울시는 내년부터 자전거 도로를 40킬로미터 늘린다고 밝혔다."]
    )
    assert all(a["text"] and "ⓒ" not in a["text"] and "@" not in a["text"] for a in rows)
    assert all(a["raw_text"] for a in rows)  # what came in is kept beside the cleaned text


def test_jsonl_rerun_adds_nothing(jsonl_import):
    corpus, _, _, again, snapshot = jsonl_import
    ok(again)
    assert "added 0, duplicates 4, skipped 4" in again.stdout
    assert again.stdout.count("already in the corpus") == 4
    assert stored_rows(corpus) == snapshot


# ---- batch questions -------------------------------------------------------------


@pytest.fixture(scope="module")
def batch_answers(jsonl_import):
    corpus, jsonl, _, _, _ = jsonl_import
    questions = [
        "국회는 언제까지 예산안을 처리해야 하나?",
        "오늘 서울 날씨 어때?",
        "",
        "저작권 침해 처벌은 어떻게 바뀌나?",
        "연구개발 예산은 얼마로 늘었나?",
    ]
    batch = jsonl.parent / "questions.txt"
    batch.write_text("\n".join(questions) + "\n", encoding="utf-8")
    proc = ok(run(corpus, "ask", "--json", "-k", "2", "--batch", str(batch)))
    return [q for q in questions if q.strip()], proc


def test_batch_prints_one_json_object_per_question_in_order(batch_answers):
    questions, proc = batch_answers
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    assert len(lines) == len(questions)
    answers = [json.loads(line) for line in lines]
    assert [a["question"] for a in answers] == questions
    for answer in answers:
        assert set(answer) == ANSWER_KEYS
        assert len(answer["hits"]) <= 2
        assert isinstance(answer["took_ms"], (int, float)) and answer["took_ms"] >= 0
        for hit in answer["hits"]:
            assert set(hit) == HIT_KEYS
            assert len(hit["passage"]) <= 400


def test_batch_answers(batch_answers):
    _, proc = batch_answers
    answers = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert "12월 2일" in answers[0]["hits"][0]["passage"]
    assert answers[1]["hits"] == []
    assert "처벌을 강화" in answers[2]["hits"][0]["passage"]
    assert "29조7천억원" in answers[3]["hits"][0]["passage"]


# ---- errors ----------------------------------------------------------------------


def test_missing_files_fail_clearly(tmp_path):
    corpus = tmp_path / "corpus"
    missing = tmp_path / "nope.txt"
    proc = run(corpus, "ask", "--json", "--batch", str(missing))
    assert proc.returncode != 0
    assert "no such file" in proc.stderr and str(missing) in proc.stderr
    assert "Traceback" not in proc.stderr

    proc = run(corpus, "add", "--jsonl", str(tmp_path / "nope.jsonl"))
    assert proc.returncode != 0
    assert "no such file" in proc.stderr and "nope.jsonl" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert stored_rows(corpus) == {}


def test_remove_refuses_unsafe_and_unknown_ids(jsonl_import):
    corpus, _, _, _, _ = jsonl_import
    before = stored_rows(corpus)
    proc = run(corpus, "remove", "../escape")
    assert proc.returncode != 0 and "invalid id" in proc.stderr and "Traceback" not in proc.stderr
    proc = run(corpus, "remove", "0000000000000000")
    assert proc.returncode != 0 and "no article" in proc.stderr and "Traceback" not in proc.stderr
    assert stored_rows(corpus) == before


# ---- README -----------------------------------------------------------------------


def subcommands() -> list[str]:
    parser = build_parser()
    for action in parser._actions:
        if action.__class__.__name__ == "_SubParsersAction":
            return sorted(action.choices)
    raise AssertionError("build_parser() has no subcommands")


def test_every_subcommand_is_documented_in_the_readme():
    readme = ROOT / "README.md"
    assert readme.is_file(), "README.md is missing at the repository root"
    text = readme.read_text(encoding="utf-8")
    documented = set(re.findall(r"python -m index(?:\s+--corpus(?:\s+|=)\S+)?\s+([a-z][a-z-]*)", text))
    missing = [command for command in subcommands() if command not in documented]
    assert not missing, f"README.md never shows `python -m index ... <command>` for: {missing}"
    assert {"add", "ask", "list", "remove"} <= set(subcommands())
