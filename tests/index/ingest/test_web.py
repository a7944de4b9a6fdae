"""Adding a news article from its URL: ``python -m index add URL`` and ``Engine.add_url``.

A local HTTP server on 127.0.0.1 serves ``tests/pages/mt_seed.html`` — the seed
article (머니투데이, 2024-04-05) laid out as a real article page with navigation,
ads, two captioned wire photos, "많이 본 뉴스", "관련기사" and a copyright footer —
in UTF-8 and in EUC-KR (``mt_seed_euckr.html``), plus misbehaving endpoints
(404, an image, a silent server, 50 MB bodies, a 302 redirect).

Most checks call ``Engine.add_url`` / ``fetch_article`` / ``index.cli.main`` in-process
(small timeouts, the session's Kiwi).  Five real ``python -m index`` subprocesses
(with ``ALLOW_PRIVATE_URLS=1``, the server being on loopback) cover the rest:
add → add the same article three other ways → ask, on one corpus; and, started
first and running beside those, a refused private address (no
``ALLOW_PRIVATE_URLS``) and one run with 404 + image + 50 MB stream + a silent
server left to the CLI's default 10 s read timeout (the server measures how
long the client waited).  Each run costs ~3 s of start-up (Kiwi, index).
"""
from __future__ import annotations

import faulthandler
import hashlib
import json
import os
import re
import select
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from index.ingest.extract import fetch_article
from index.ingest.fetch import FetchError
from tests.corpus import SAMPLE, SAMPLE_ID, SAMPLE_TEXT, seeded_corpus, stored_ids, stored_rows
from tests.httpserver import PNG, LocalServer, RouteHandler, serving

ROOT = Path(__file__).resolve().parents[3]
PAGES = ROOT / "tests" / "pages"
SEED_HTML = (PAGES / "mt_seed.html").read_text(encoding="utf-8")
SEED_EUCKR = (PAGES / "mt_seed_euckr.html").read_bytes()  # cp949, <meta http-equiv ... charset=euc-kr>
META_CHARSET = b'<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">\n'
BUNDLED_ID = SAMPLE_ID

TITLE = '머스크가 오픈AI 소송한 진짜 이유...결국 "미친 AI 인재전쟁" 때문'
SOURCE = "머니투데이"
PUBLISHED = "2024-04-05"
CANONICAL = "https://news.mt.co.kr/mtview.php?no=2024040500000000001"
MOBILE = "https://m.mt.co.kr/renew/view.html?no=2024040500000000001"  # the mirror's canonical
EXPECTED_ID = hashlib.sha256(CANONICAL.encode()).hexdigest()[:16]  # store.make_id: from the url
Q_WHY = "머스크가 오픈AI를 고소한 진짜 이유는?"
Q_DOJO = "테슬라는 도조에 얼마를 투자하나?"
DOJO_SENTENCE = "테슬라는 지난해 여름 자율주행차 기술개발을 위해 도조(Dojo)라 불리는 슈퍼컴퓨터에 올해 말까지 10억 달러 이상을 투자할 계획이라고 밝혔다."

# Text that is on the page but is not the article: none of it may be indexed or cited.
CHROME = {
    "nav": ["본문 바로가기", "로그인", "회원가입", "구독신청", "오늘의 지면", "증권", "부동산",
            "오피니언", "포토·영상", "라이프"],
    "ads": ["[광고]", "[AD]", "수수료 평생 무료", "계좌 개설", "특판 적금", "선착순 1만명",
            "프리미엄 구독"],
    "most_read": ["많이 본 뉴스", "월급 빼고 다 올랐다", "직장인 점심값 1만원 시대",
                  "로또 1등 당첨자 11명", "당첨금 각 24억원씩", "서울 아파트값 3주 연속 상승",
                  "엔비디아 시총 2조달러 돌파", "애플 턱밑 추격", "여의도 봄꽃축제"],
    "related": ["관련기사", "머스크, 오픈AI·올트먼 상대로 소송", "인류 위한 약속 저버려",
                "머스크 이메일 공개하며 반박", "영리화 먼저 제안했다", "인도량 8.5% 급감",
                "4년 만에 첫 감소"],
    "captions": ["ⓒ", "Copyright", "무단", "사진=", "로이터=뉴스1", "AFP=뉴스1", "권진영",
                 "정지윤", "크라코프", "유럽유대인협회", "골똘히", "개발자 컨퍼런스",
                 "All rights reserved", "AI학습"],
    "byline_footer": ["특파원", "박준식", "win047", "기자의 다른 기사", "기자 구독", "글자크기",
                      "2024.04.05 00:09", "mt.co.kr", "대표전화", "개인정보처리방침",
                      "청소년보호정책", "청계천로", "TOP"],
}
ALL_CHROME = [c for group in CHROME.values() for c in group]
# questions aimed at the chrome: if any of it were indexed, these would surface it
CHROME_QUESTIONS = ["많이 본 뉴스 로또 당첨금은 얼마?", "크라코프 컨퍼런스에서 찍힌 사진은 누가 찍었나?",
                    "해외주식 수수료 무료 이벤트", "오픈AI가 머스크 이메일을 공개했나?",
                    "머니투데이 대표전화 번호는?", "박준식 특파원 기사"]


# ------------------------------------------------------------------ server


class SeedHandler(RouteHandler):
    server: "SeedServer"
    ignore_query = True

    def routes(self):
        return {
            "/news/seed": lambda: self.send_body(SEED_HTML.encode("utf-8"), "text/html; charset=utf-8"),
            # EUC-KR declared only in the Content-Type header (the <meta> is taken out)
            "/euckr/header": lambda: self.send_body(SEED_EUCKR.replace(META_CHARSET, b""),
                                                    "text/html; charset=EUC-KR"),
            # EUC-KR declared only in <meta http-equiv="Content-Type">
            "/euckr/meta": lambda: self.send_body(SEED_EUCKR, "text/html"),
            # the same article at a mobile address: another canonical URL, same text
            "/mirror/seed": lambda: self.send_body(
                SEED_EUCKR.replace(CANONICAL.encode(), MOBILE.encode()), "text/html"),
            "/old/seed": lambda: self.redirect("/news/seed"),
            "/missing": lambda: self.send_body("<h1>404 페이지를 찾을 수 없습니다</h1>".encode(),
                                               "text/html; charset=utf-8", 404),
            "/photo.png": lambda: self.send_body(PNG, "image/png"),
            "/hang": self.hang,
            "/huge/declared": lambda: self.huge_declared("text/html; charset=utf-8", b"<html><body>"),
            "/huge/stream": self.huge_stream,
        }

    def hang(self) -> None:
        """Read the request, never answer; note how long the client waited before leaving."""
        started = time.monotonic()
        while not self.server.stopping.is_set():
            readable, _, _ = select.select([self.connection], [], [], 0.05)
            if readable and not self.connection.recv(1, socket.MSG_PEEK):  # EOF: the client left
                self.server.hang_waits.append((self.path, time.monotonic() - started))
                return

    def huge_stream(self) -> None:
        """50 MB of HTML with no Content-Length, as fast as the client reads it."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        chunk = "<p>가나다라마바사 아자차카타파하</p>\n".encode() * 2000
        sent = 0
        try:
            while sent < 50 * 1024 * 1024 and not self.server.stopping.is_set():
                self.wfile.write(chunk)
                sent += len(chunk)
        except OSError:  # the client gave up: expected
            pass


class SeedServer(LocalServer):
    def __init__(self) -> None:
        super().__init__(SeedHandler)
        self.hang_waits: list[tuple[str, float]] = []  # (path, seconds until the client hung up)


@pytest.fixture(scope="module")
def server():
    with serving(SeedServer()) as httpd:
        yield httpd


@pytest.fixture(scope="module")
def base(server) -> str:
    return server.base


@pytest.fixture(autouse=True)
def hang_guard():
    """Abort with tracebacks rather than hang forever."""
    faulthandler.dump_traceback_later(120, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


# --------------------------------------------------------------- helpers


class Run:
    """``python -m index --corpus CORPUS ARGS`` in a subprocess, collected by a thread.

    The clock stops when the process exits, so runs can overlap.
    """

    def __init__(self, corpus: Path, *args: str, allow_private: bool = True):
        env = {k: v for k, v in os.environ.items() if k not in ("CORPUS_DIR", "ALLOW_PRIVATE_URLS")}
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        env["PYTHONIOENCODING"] = "utf-8"
        if allow_private:
            env["ALLOW_PRIVATE_URLS"] = "1"
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "index", "--corpus", str(corpus), *args], cwd=ROOT, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        self.stdout = self.stderr = ""
        self.seconds = 0.0
        self.thread = threading.Thread(target=self._collect, daemon=True)
        self.thread.start()

    def _collect(self) -> None:
        self.stdout, self.stderr = self.proc.communicate()
        self.seconds = time.monotonic() - self.started

    def wait(self, timeout: float = 90) -> "Run":
        self.thread.join(timeout)
        if self.thread.is_alive():
            self.proc.kill()
            self.thread.join(5)
            raise AssertionError(f"python -m index still running after {timeout} s")
        return self

    @property
    def returncode(self) -> int | None:
        return self.proc.returncode

    def __repr__(self) -> str:
        return f"exit {self.returncode} after {self.seconds:.1f} s\nstdout:\n{self.stdout}\nstderr:\n{self.stderr}"


def run(corpus: Path, *args: str, allow_private: bool = True) -> Run:
    return Run(corpus, *args, allow_private=allow_private).wait()


def indexed_sentences(engine, article_id: str) -> list[str]:
    """The sentences the BM25 index holds for ``article_id``, as text."""
    slot = engine.layout.slot_of[article_id]
    text = engine.article(article_id).text
    return [text[slice(*engine.layout.span(doc))] for doc in engine.layout.sentence_range(slot)]


def chrome_in(text: str) -> list[str]:
    return [c for c in ALL_CHROME if c in text]


def fetch_failure(url: str, **options) -> tuple[FetchError, float]:
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch_article(url, **{"allow_private": True, "timeout": 1.0, "deadline": 2.0, **options})
    return caught.value, time.monotonic() - started


# ------------------------------------------------------------- fixtures


def test_fixture_pages_are_one_article_in_two_encodings():
    assert SEED_HTML.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in SEED_HTML and META_CHARSET in SEED_EUCKR
    as_utf8 = SEED_EUCKR.decode("cp949").replace(META_CHARSET.decode(), '<meta charset="utf-8">\n')
    assert as_utf8 == SEED_HTML
    for paragraph in SAMPLE_TEXT.split("\n\n"):  # the article body is on the page as it is
        assert paragraph.replace('"', "") in SEED_HTML.replace('"', "")
    assert SEED_HTML.count("<figure") == 2 and SEED_HTML.count("<figcaption>(") == 2
    # the chrome words never occur in the article itself, so finding one means a leak
    assert not chrome_in(SAMPLE["title"] + "\n" + SAMPLE_TEXT)
    assert all(c in SEED_HTML.replace("&amp;", "&") for c in ALL_CHROME)


# ------------------------------------------------- add_url, in-process


@pytest.mark.parametrize("path", ["/news/seed", "/euckr/header", "/euckr/meta"],
                         ids=["utf8", "euckr-header-charset", "euckr-meta-charset"])
def test_add_url_records_the_article_and_answers_from_it(path, base, make_engine, tmp_path):
    engine = make_engine()
    result = engine.add_url(base + path, allow_private=True)
    assert result.status == "added", result
    assert result.article_id == EXPECTED_ID and result.title == TITLE and result.sentences >= 10
    assert stored_ids(tmp_path / "corpus") == [EXPECTED_ID]
    stored = engine.article(EXPECTED_ID).model_dump()
    assert stored["title"] == TITLE  # og:title, not "<title> - 머니투데이"
    assert stored["source"] == SOURCE and stored["published"] == PUBLISHED
    assert stored["url"] == CANONICAL and stored["author"] == "박준식"
    assert "�" not in stored["text"] and DOJO_SENTENCE in stored["text"]

    why = engine.ask(Q_WHY).hits
    assert why and why[0].article_id == EXPECTED_ID
    assert "블랙홀" in why[0].passage or "소송을 건 이유" in why[0].passage
    assert (why[0].source, why[0].published, why[0].url) == (SOURCE, PUBLISHED, CANONICAL)
    dojo = engine.ask(Q_DOJO).hits
    assert dojo and "10억 달러" in dojo[0].passage and dojo[0].sentence == DOJO_SENTENCE

    leaks = {s: chrome_in(s) for s in indexed_sentences(engine, EXPECTED_ID) if chrome_in(s)}
    assert not leaks, leaks
    for question in [Q_WHY, Q_DOJO, *CHROME_QUESTIONS]:
        for hit in engine.ask(question, k=10).hits:
            assert not chrome_in(hit.passage), (question, hit.passage)


def test_extracted_text_is_the_article_body_only(base, make_engine, tmp_path):
    """The page's text, paragraph for paragraph, is the seed's cleaned text — no headline."""
    engine = make_engine()
    engine.add_url(f"{base}/news/seed", allow_private=True)
    text = engine.article(EXPECTED_ID).text
    assert not text.startswith(TITLE), "the <h1> headline was extracted as the first paragraph"
    assert text.split("\n\n") == SAMPLE_TEXT.split("\n\n")


def test_same_article_already_imported_from_a_file_is_a_duplicate(base, make_engine, tokenizer, tmp_path):
    """The bundled corpus holds the seed (imported from text): /add of its page adds nothing."""
    engine = make_engine(seeded_corpus(tmp_path / "corpus", tokenizer))
    result = engine.add_url(f"{base}/news/seed", allow_private=True)
    assert (result.status, result.article_id) == ("duplicate", BUNDLED_ID), result
    assert stored_ids(tmp_path / "corpus") == [BUNDLED_ID]


@pytest.mark.parametrize("second", ["/news/seed", "/old/seed", "/euckr/meta", "/mirror/seed"],
                         ids=["same-url", "302-redirect", "euckr-same-canonical", "euckr-other-canonical"])
def test_second_copy_is_a_duplicate_of_the_first(second, base, server, make_engine, tmp_path):
    engine = make_engine()
    first = engine.add_url(f"{base}/news/seed", allow_private=True)
    assert first.status == "added"
    before = stored_rows(tmp_path / "corpus")
    seen = len(server.requests)
    again = engine.add_url(base + second, allow_private=True)
    assert again.status == "duplicate", again
    assert again.article_id == first.article_id and again.title == TITLE
    assert f"already in the corpus as {first.article_id}" in again.reason
    assert stored_rows(tmp_path / "corpus") == before
    assert engine.store.count() == 1 and engine.stats().articles == 1
    if second == "/old/seed":  # the redirect was followed to the article
        assert server.requests[seen:] == ["/old/seed", "/news/seed"]


def test_duplicate_survives_a_reopen(base, make_engine, tmp_path):
    make_engine().add_url(f"{base}/news/seed", allow_private=True)
    again = make_engine().add_url(f"{base}/old/seed", allow_private=True)
    assert (again.status, again.article_id) == ("duplicate", EXPECTED_ID)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_private_address_is_refused_by_default(host, server, make_engine, tokenizer, tmp_path):
    engine = make_engine(seeded_corpus(tmp_path / "corpus", tokenizer))
    before, seen = stored_rows(tmp_path / "corpus"), len(server.requests)
    with pytest.raises(FetchError) as caught:
        engine.add_url(f"http://{host}:{server.server_port}/news/seed")  # allow_private=False
    assert caught.value.kind == "blocked_address"
    assert "사설 주소" in caught.value.message and "blocked address" in caught.value.message
    assert server.requests[seen:] == []  # refused before connecting
    assert stored_rows(tmp_path / "corpus") == before and engine.store.count() == 1


REFUSALS = {  # path: (kind, words of the message, small fetch_article options)
    "/missing": ("http_status", ["페이지를 찾을 수 없습니다", "HTTP 404"], {}),
    "/hang": ("timeout", ["응답 시간이 초과"], {}),
    "/huge/declared": ("too_large", ["너무 큽니다"], {}),
    "/huge/stream": ("too_large", ["너무 큽니다"], {"deadline": 10.0}),
    "/photo.png": ("not_html", ["웹 페이지가 아닙니다", "image/png"], {}),
}


@pytest.mark.parametrize("path", list(REFUSALS))
def test_fetch_refusals_come_within_the_deadline(path, base):
    kind, words, options = REFUSALS[path]
    error, seconds = fetch_failure(base + path, **options)
    assert error.kind == kind, error
    for word in words:
        assert word in error.message
    deadline = options.get("deadline", 2.0)
    assert seconds < deadline + 1.0, f"{path} took {seconds:.1f} s"


def test_timeout_message_tells_how_long_was_waited(base):
    """A read timeout after 1 s must not be reported as 'timed out after 5 s'."""
    error, seconds = fetch_failure(f"{base}/hang", timeout=1.0, deadline=5.0)
    assert error.kind == "timeout" and seconds < 3
    claimed = float(re.search(r"after ([\d.]+) s", error.message).group(1))
    assert claimed <= seconds + 0.5, f"message {error.message!r} after {seconds:.1f} s"


@pytest.mark.parametrize("path", [*REFUSALS, "/news/seed?private"])
def test_cli_main_refuses_each_url_with_exit_1(path, base, tokenizer, tmp_path, monkeypatch, capsys):
    """``index.cli.main(["add", URL])`` in-process, one URL at a time, small deadlines.

    (The same code as ``python -m index``, minus Kiwi's start-up: the engine is
    opened with the session's tokenizer.  Subprocess runs follow below.)
    """
    import index.cli
    import index.cli.corpus
    import index.ingest.web
    from index.engine import Engine

    kind, words, options = REFUSALS.get(path, ("blocked_address", ["사설 주소", "blocked address"], {}))
    small = {"timeout": 1.0, "deadline": 2.0, **options}
    monkeypatch.setattr(index.ingest.web, "fetch_article", lambda url, **kw: fetch_article(url, **{**kw, **small}))
    monkeypatch.setattr(index.cli.corpus, "open_engine",
                        lambda settings, corpus, **kw: Engine.open(Path(corpus), tokenizer, **kw))
    printer = index.cli.corpus.print_results  # its ``out=sys.stdout`` default was bound at import, before capsys
    monkeypatch.setattr(index.cli.corpus, "print_results", lambda results, out=None: printer(results, out or sys.stdout))
    if path.endswith("?private"):
        monkeypatch.delenv("ALLOW_PRIVATE_URLS", raising=False)
    else:
        monkeypatch.setenv("ALLOW_PRIVATE_URLS", "1")
    corpus = seeded_corpus(tmp_path / "corpus", tokenizer)
    before = stored_rows(corpus)
    started = time.monotonic()
    code = index.cli.main(["--corpus", str(corpus), "add", base + path])
    seconds = time.monotonic() - started
    out = capsys.readouterr().out
    assert code == 1, out
    assert f"skipped    -: {base + path}: " in out and "added 0, duplicates 0, skipped 1" in out
    for word in words:
        assert word in out
    assert stored_rows(corpus) == before
    assert seconds < small["deadline"] + 1.5, f"{path} took {seconds:.1f} s"


# ------------------------------------------------ the CLI, in subprocesses
#
# Each ``python -m index`` run spends ~3 s of CPU starting up (Kiwi, index),
# and the machine may have two cores, so there are five runs in all: two
# started first and left running beside the three chained ones.


@pytest.fixture(scope="module")
def cli_refusals(base, tmp_path_factory, tokenizer):
    """Refusals through ``python -m index add``, started in the background.

    ``private``: no ALLOW_PRIVATE_URLS.  ``web``: 404, image, 50 MB stream
    and a never-answering server in one run, with the CLI's own defaults (10 s
    read timeout, 30 s deadline, 5 MB limit).  Each corpus holds the bundled
    article.
    """
    cases = {
        "private": ([f"{base}/news/seed?cli-private"], False),
        "web": ([f"{base}/missing", f"{base}/photo.png", f"{base}/huge/stream", f"{base}/hang?cli"], True),
    }
    runs = {}
    for name, (urls, allow) in cases.items():
        corpus = seeded_corpus(tmp_path_factory.mktemp(f"cli-{name}") / "corpus", tokenizer)
        runs[name] = (corpus, stored_rows(corpus), Run(corpus, "add", *urls, allow_private=allow))
    yield runs  # still running: ``cli_refusal(name)`` waits
    for _corpus, _before, started in runs.values():
        started.wait()


@pytest.fixture(scope="module")
def cli_refusal(cli_refusals):
    def result(name: str) -> tuple[Path, dict[str, bytes], Run]:
        corpus, before, started = cli_refusals[name]
        return corpus, before, started.wait()
    return result


@pytest.fixture(scope="module")
def cli_chain(base, tmp_path_factory, cli_refusals):
    """add → add the same article three other ways → ask, on one empty corpus.

    (Depends on ``cli_refusals`` only so that those start first and run
    beside these rather than after them.)
    """
    corpus = tmp_path_factory.mktemp("cli-chain") / "corpus"
    steps = {"add": run(corpus, "add", f"{base}/news/seed")}
    steps["files_after_add"] = stored_rows(corpus)
    steps["again"] = run(corpus, "add", f"{base}/news/seed", f"{base}/old/seed", f"{base}/mirror/seed")
    steps["files_after_again"] = stored_rows(corpus)
    questions = corpus.parent / "questions.txt"
    questions.write_text("\n".join([Q_WHY, Q_DOJO, *CHROME_QUESTIONS]) + "\n", encoding="utf-8")
    steps["ask"] = run(corpus, "ask", "--batch", str(questions), "-k", "5")
    return corpus, steps


def test_cli_add_url_records_the_article(cli_chain):
    corpus, steps = cli_chain
    add = steps["add"]
    assert add.returncode == 0, add
    assert f"added      {EXPECTED_ID}" in add.stdout and "added 1, duplicates 0, skipped 0" in add.stdout
    assert list(steps["files_after_add"]) == [EXPECTED_ID]
    stored = steps["files_after_add"][EXPECTED_ID]
    assert (stored["title"], stored["source"], stored["published"], stored["url"]) == \
        (TITLE, SOURCE, PUBLISHED, CANONICAL)
    assert not chrome_in(stored["text"]), chrome_in(stored["text"])


def test_cli_same_url_redirect_and_euckr_copy_are_duplicates(cli_chain):
    corpus, steps = cli_chain
    again = steps["again"]
    assert again.returncode == 0, again
    assert "added 0, duplicates 3, skipped 0" in again.stdout, again
    assert again.stdout.count(f"already in the corpus as {EXPECTED_ID}") == 3
    assert steps["files_after_again"] == steps["files_after_add"]  # no second file


def test_cli_ask_answers_from_the_page_without_chrome(cli_chain):
    corpus, steps = cli_chain
    ask = steps["ask"]
    assert ask.returncode == 0, ask
    answers = [json.loads(line) for line in ask.stdout.splitlines() if line.strip()]
    assert [a["question"] for a in answers] == [Q_WHY, Q_DOJO, *CHROME_QUESTIONS]
    why, dojo = answers[0]["hits"], answers[1]["hits"]
    assert "블랙홀" in why[0]["passage"] or "소송을 건 이유" in why[0]["passage"]
    assert (why[0]["title"], why[0]["source"], why[0]["published"], why[0]["url"]) == \
        (TITLE, SOURCE, PUBLISHED, CANONICAL)
    assert "10억 달러" in dojo[0]["passage"] and dojo[0]["sentence"] == DOJO_SENTENCE
    for answer in answers:
        for hit in answer["hits"]:
            assert not chrome_in(hit["passage"]), (answer["question"], hit["passage"])


def test_cli_refuses_a_private_address_without_allow_private_urls(cli_refusal, server):
    corpus, before, result = cli_refusal("private")
    assert result.returncode == 1, result
    assert "내부망·사설 주소는 가져올 수 없습니다 (blocked address: 127.0.0.1 -> 127.0.0.1)" in result.stdout
    assert "added 0, duplicates 0, skipped 1" in result.stdout and "Traceback" not in result.stderr
    assert stored_rows(corpus) == before
    assert "/news/seed?cli-private" not in server.requests  # refused before connecting


def test_cli_refuses_bad_pages_within_the_default_deadline(cli_refusal, base, server):
    corpus, before, result = cli_refusal("web")
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr, result
    expected = {
        "/missing": "페이지를 찾을 수 없습니다 (HTTP 404)",
        "/photo.png": "웹 페이지가 아닙니다 (unsupported content type: image/png)",
        "/huge/stream": "페이지가 너무 큽니다 (more than 5242880 bytes)",
        "/hang?cli": "응답 시간이 초과되었습니다",
    }
    for path, message in expected.items():
        assert f"skipped    -: {base}{path}: {message}" in result.stdout, result
    assert "added 0, duplicates 0, skipped 4" in result.stdout, result
    assert stored_rows(corpus) == before
    # the client gave up on the silent server after the default 10 s read timeout
    # (the whole run also pays ~3 s of start-up, more on a busy machine)
    waits = [seconds for path, seconds in server.hang_waits if path == "/hang?cli"]
    assert len(waits) == 1 and 9.5 < waits[0] < 13, (waits, result)
    assert result.seconds < 45, result
