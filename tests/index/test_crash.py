"""Crash safety of ``python -m index``: real subprocesses, SIGKILLed mid-import.

One corpus, one JSON Lines file of 600 small generated Korean articles. The
import (``add --jsonl``: each batch of 256 is tokenized, then stored in one
transaction) is started and SIGKILLed at four moments: during start-up, while
the first batch is in flight, just after the first batch committed, and while
the third batch is in flight. Start-up (imports, Kiwi, numba) takes a few
seconds, so the later moments are found by watching the database rather than
by fixed delays. After every kill the database must pass SQLite's integrity
check, hold only whole articles (each with its token cache entry) and answer
questions; rerunning the import then completes it with every article exactly
once, and a second rerun adds nothing. (A failure inside a transaction is
tested in-process in tests/index/storage/test_articles.py.)

The index snapshot is written by the first run that opens the engine after
an import: that run is killed while the snapshot is staged. A torn index
cache (a truncated snapshot file, torn token cache blobs) must be detected and
rebuilt.

Every CLI run loads Kiwi (about 1.5 s) and numba, so runs are shared through
module-scoped fixtures; the whole file takes about 50 s.
"""
from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import sqlite3

import pytest

from index.storage.snapshot import read_snapshot_params
from index.storage.cache import decode_tokens
from tests.corpus import stored_rows

ROOT = Path(__file__).resolve().parents[2]
N_ARTICLES = 600
SENTENCES_PER_ARTICLE = 3

#: Two articles with words no other article has, so a question has one right answer.
FIRST = "crash-0000"  # imported in the first batch
LAST = f"crash-{N_ARTICLES - 1:04d}"  # imported in the last batch
FIRST_QUESTION = "도조 슈퍼컴퓨터에 투자하는 금액은?"
LAST_QUESTION = "오로라 관측 명소는 어디인가?"
SPECIAL = {
    FIRST: (
        "테슬라, 도조 슈퍼컴퓨터에 10억 달러 투자",
        ["테슬라는 도조 슈퍼컴퓨터에 10억 달러를 투자한다고 밝혔다.",
         "도조 슈퍼컴퓨터는 자율주행 학습에 쓰인다.",
         "투자는 내년까지 이어진다고 회사는 설명했다."],
    ),
    LAST: (
        "핀란드 오로라 관측 명소 인기",
        ["핀란드 라플란드가 오로라 관측 명소로 인기를 끌고 있다.",
         "오로라 관측 여행객은 지난해 두 배로 늘었다.",
         "현지 관광청은 겨울 항공편을 늘리기로 했다."],
    ),
}
SUBJECTS = ["정부는", "한국은행은", "서울시는", "삼성전자는", "현대차는", "국회는", "교육부는", "경찰은", "기상청은"]
OBJECTS = ["예산안을", "기준금리를", "신제품을", "전기차를", "법안을", "대책을", "수사 결과를", "예보를", "보고서를"]
VERBS = ["발표했다", "공개했다", "확정했다", "검토하고 있다", "밝혔다", "내놓았다"]
SUMMARY = re.compile(r"^added (\d+), duplicates (\d+), skipped (\d+)\b", re.MULTILINE)


def env() -> dict:
    variables = {k: v for k, v in os.environ.items() if k != "CORPUS_DIR"}
    variables["PYTHONPATH"] = str(ROOT) + os.pathsep + variables.get("PYTHONPATH", "")
    variables["PYTHONIOENCODING"] = "utf-8"
    return variables


def command(corpus: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "index", "--corpus", str(corpus), *args]


def run(corpus: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        command(corpus, *args), cwd=ROOT, env=env(), capture_output=True, text=True, encoding="utf-8",
        timeout=timeout,
    )


def ok(proc: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout:\n{proc.stdout[-2000:]}\nstderr:\n{proc.stderr[-3000:]}"
    return proc


def summary(proc: subprocess.CompletedProcess) -> tuple[int, int, int]:
    found = SUMMARY.findall(proc.stdout)
    assert found, proc.stdout[-1000:]
    return tuple(int(n) for n in found[-1])  # type: ignore[return-value]


def database(corpus: Path) -> Path:
    return corpus / "corpus.sqlite3"


# ---- the JSON Lines file ------------------------------------------------------------


def make_articles() -> list[dict]:
    rng = random.Random(20240405)
    rows = []
    for i in range(N_ARTICLES):
        article_id = f"crash-{i:04d}"
        if article_id in SPECIAL:
            title, sentences = SPECIAL[article_id]
        else:
            title = f"기사 {i}호 {rng.choice(OBJECTS)} {rng.choice(VERBS)}"
            sentences = [
                f"{rng.choice(SUBJECTS)} {i}번째 {rng.choice(OBJECTS)} {rng.randint(1, 999)}일 {rng.choice(VERBS)}."
                for _ in range(SENTENCES_PER_ARTICLE)
            ]
        rows.append({
            "id": article_id, "title": title, "text": "\n\n".join(sentences),
            "source": "테스트일보", "published": "2024-04-05", "url": f"https://example.com/news/{i}",
        })
    return rows


@pytest.fixture(scope="module")
def jsonl(tmp_path_factory) -> tuple[Path, list[str]]:
    rows = make_articles()
    path = tmp_path_factory.mktemp("crash-input") / "articles.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == N_ARTICLES
    return path, ids


# ---- killing the import -------------------------------------------------------------


def count_articles(corpus: Path) -> int:
    """Committed articles, as another process sees them (0 before the database exists)."""
    if not database(corpus).exists():
        return 0
    try:
        connection = sqlite3.connect(f"file:{database(corpus)}?mode=ro", uri=True, timeout=5)
        try:
            return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.Error:
        return 0


def snapshot_staged(corpus: Path) -> bool:
    try:
        return any(e.name.startswith("snapshot.") for e in os.scandir(corpus / ".index"))
    except FileNotFoundError:
        return False


class AfterCommit:
    """Holds once ``count`` articles are committed, then after ``delay`` more seconds."""

    def __init__(self, count: int, delay: float = 0.0):
        self.count, self.delay, self.seen_at = count, delay, None

    def __call__(self, corpus: Path, elapsed: float) -> bool:
        if self.seen_at is None and count_articles(corpus) >= self.count:
            self.seen_at = elapsed
        return self.seen_at is not None and elapsed - self.seen_at >= self.delay


#: (name, condition(corpus, seconds since start) -> kill now)
KILL_POINTS = [
    ("start-up", lambda corpus, elapsed: elapsed >= 0.5),
    ("first-batch", lambda corpus, elapsed: database(corpus).exists() and elapsed >= 2.5),
    ("after-first-commit", AfterCommit(256)),
    ("third-batch", AfterCommit(257, delay=0.1)),
]


def import_and_kill(corpus: Path, source: Path, condition, limit: float = 90) -> dict:
    """Start ``add --jsonl`` and SIGKILL it when ``condition`` holds; what happened."""
    return start_and_kill(corpus, ["add", "--jsonl", str(source)], condition, limit)


def start_and_kill(corpus: Path, args: list[str], condition, limit: float = 90) -> dict:
    """Start ``python -m index ARGS`` and SIGKILL it when ``condition`` holds; what happened."""
    before = count_articles(corpus)
    proc = subprocess.Popen(
        command(corpus, *args), cwd=ROOT, env=env(),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    started = time.monotonic()
    killed = False
    try:
        while proc.poll() is None and time.monotonic() - started < limit:
            if condition(corpus, time.monotonic() - started):
                proc.send_signal(signal.SIGKILL)
                killed = True
                break
            time.sleep(0.002)
    finally:
        if proc.poll() is None and not killed:
            proc.send_signal(signal.SIGKILL)
        _, stderr = proc.communicate(timeout=30)
    return {
        "killed": killed, "returncode": proc.returncode, "stderr": stderr.decode("utf-8", "replace")[-2000:],
        "seconds": round(time.monotonic() - started, 2), "before": before, "after": count_articles(corpus),
    }


def check_corpus(corpus: Path, expected_ids: set[str]) -> list[str]:
    """The corpus loads, is intact and holds only whole articles; returns the listed ids."""
    listed = json.loads(ok(run(corpus, "list", "--json")).stdout)
    ids = [row["article_id"] for row in listed]
    assert len(ids) == len(set(ids)), "an article is listed twice"
    assert set(ids) <= expected_ids, f"unexpected articles: {sorted(set(ids) - expected_ids)[:5]}"
    if not database(corpus).exists():
        assert ids == []
        return ids
    connection = sqlite3.connect(database(corpus))
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        cached = {row[0] for row in connection.execute("SELECT article_id FROM tokens")}
    finally:
        connection.close()
    rows = stored_rows(corpus)
    assert list(rows) == ids
    assert cached == set(ids), "an article without its token cache entry, or the other way round"
    for row in rows.values():
        assert len(row["text"].split("\n\n")) == SENTENCES_PER_ARTICLE and row["raw_text"]
    return ids


def check_answers(corpus: Path, listed: list[str]) -> None:
    answer = json.loads(ok(run(corpus, "ask", "--json", "-k", "3", FIRST_QUESTION)).stdout)
    hit_ids = [hit["article_id"] for hit in answer["hits"]]
    assert set(hit_ids) <= set(listed), hit_ids
    if FIRST in listed:
        assert hit_ids and hit_ids[0] == FIRST, answer


@pytest.fixture(scope="module")
def crash_runs(tmp_path_factory, jsonl):
    """Kill the import at each point on one corpus, checking the corpus after each kill."""
    source, ids = jsonl
    corpus = tmp_path_factory.mktemp("crash") / "corpus"
    runs = []
    for name, condition in KILL_POINTS:
        outcome = import_and_kill(corpus, source, condition)
        listed = check_corpus(corpus, set(ids))
        check_answers(corpus, listed)
        runs.append({"point": name, **outcome, "listed": len(listed)})
    return corpus, runs


def test_every_kill_point_was_reached(crash_runs):
    _, runs = crash_runs
    for outcome in runs:
        assert outcome["killed"] and outcome["returncode"] == -signal.SIGKILL, outcome
    # the kills landed at different stages of the import: batches commit whole (256 each)
    assert runs[0]["after"] == 0, runs[0]
    assert runs[1]["after"] in (0, 256), runs[1]
    assert runs[2]["after"] >= 256 and runs[3]["after"] >= 256, runs
    assert all(r["after"] in (0, 256, 512, N_ARTICLES) for r in runs), runs
    print("\n" + "\n".join(str({k: v for k, v in r.items() if k != "stderr"}) for r in runs))


@pytest.fixture(scope="module")
def completed(crash_runs, jsonl):
    """Rerun the import to completion, then once more."""
    corpus, runs = crash_runs
    source, ids = jsonl
    present = count_articles(corpus)
    first = ok(run(corpus, "add", "--jsonl", str(source)))
    second = ok(run(corpus, "add", "--jsonl", str(source)))
    return corpus, present, first, second


def test_rerun_completes_the_import(completed, jsonl):
    corpus, present, first, _ = completed
    _, ids = jsonl
    assert summary(first) == (N_ARTICLES - present, present, 0), first.stdout[-500:]
    sentences = re.findall(r"^added\s+\S+\s+.*\((\d+) sentences\)$", first.stdout, flags=re.MULTILINE)
    assert len(sentences) == N_ARTICLES - present
    assert set(sentences) <= {str(SENTENCES_PER_ARTICLE)}
    listed = [row["article_id"] for row in json.loads(ok(run(corpus, "list", "--json")).stdout)]
    assert sorted(listed) == sorted(ids)
    assert len(listed) == len(set(listed)) == N_ARTICLES
    check_corpus(corpus, set(ids))


def test_second_rerun_adds_nothing(completed):
    _, _, _, second = completed
    assert summary(second) == (0, N_ARTICLES, 0), second.stdout[-500:]


# ---- a torn index cache ----------------------------------------------------------------


def truncate(path: Path) -> None:
    data = path.read_bytes()
    assert len(data) > 2, path
    path.write_bytes(data[: len(data) // 2])


def tear(corpus: Path) -> list[str]:
    """Truncate a snapshot file and the catalog, and tear the token cache blobs of both special articles."""
    index = corpus / ".index"
    snapshot_files = sorted((index / "snapshot").rglob("*.npy"), key=lambda p: p.stat().st_size)
    for path in (snapshot_files[-1], index / "snapshot" / "catalog.json"):
        truncate(path)
    assert read_snapshot_params(index, {}) is None  # the snapshot's check sees it
    connection = sqlite3.connect(database(corpus))
    with connection:
        connection.execute("UPDATE tokens SET data = substr(data, 1, length(data) / 2) WHERE article_id IN (?, ?)",
                           (FIRST, LAST))
    connection.close()
    return [FIRST, LAST]


@pytest.fixture(scope="module")
def torn_corpus(completed, tmp_path_factory):
    corpus, _, _, _ = completed
    copy = tmp_path_factory.mktemp("torn") / "corpus"
    shutil.copytree(corpus, copy)
    if read_snapshot_params(copy / ".index", {}) is None:
        ok(run(copy, "stats"))  # build the snapshot that the tests then tear
    return copy


def check_rebuilt(corpus: Path, torn: list[str]) -> None:
    assert read_snapshot_params(corpus / ".index", {}) is not None, "the snapshot was not rebuilt"
    connection = sqlite3.connect(database(corpus))
    try:
        for article_id in torn:  # re-made whole
            (blob,) = connection.execute("SELECT data FROM tokens WHERE article_id = ?", (article_id,)).fetchone()
            assert decode_tokens(blob) is not None and len(decode_tokens(blob).spans) == SENTENCES_PER_ARTICLE
    finally:
        connection.close()


def ask_both(corpus: Path, folder: Path) -> list[str | None]:
    """The first hit's article for each special question, in one CLI run."""
    batch = folder / "questions.txt"
    batch.write_text(f"{FIRST_QUESTION}\n{LAST_QUESTION}\n", encoding="utf-8")
    proc = ok(run(corpus, "ask", "--batch", str(batch), "-k", "3"))
    answers = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return [a["hits"][0]["article_id"] if a["hits"] else None for a in answers]


def test_killed_while_writing_the_snapshot(completed, tmp_path):
    """The first run after an import builds the snapshot; kill it half-way through writing it."""
    corpus = tmp_path / "corpus"
    shutil.copytree(completed[0], corpus)
    shutil.rmtree(corpus / ".index" / "snapshot", ignore_errors=True)
    outcome = start_and_kill(corpus, ["stats"], lambda c, elapsed: snapshot_staged(c))
    assert outcome["killed"], outcome
    print("\nleft in .index after the kill:", sorted(p.name for p in (corpus / ".index").iterdir()))
    assert ask_both(corpus, tmp_path) == [FIRST, LAST]
    assert read_snapshot_params(corpus / ".index", {}) is not None, "the snapshot was not rebuilt"


def test_torn_cache_is_rebuilt_for_ask(torn_corpus, tmp_path):
    torn = tear(torn_corpus)
    assert ask_both(torn_corpus, tmp_path) == [FIRST, LAST]
    check_rebuilt(torn_corpus, torn)


def test_torn_cache_is_rebuilt_for_stats(torn_corpus):
    torn = tear(torn_corpus)
    stats = json.loads(ok(run(torn_corpus, "stats", "--json")).stdout)
    assert stats["articles"] == N_ARTICLES, stats
    assert stats["sentences"] == N_ARTICLES * SENTENCES_PER_ARTICLE, stats
    check_rebuilt(torn_corpus, torn)
