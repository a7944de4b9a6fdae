"""Tests of index.ingest.fetch / index.ingest.extract against a local HTTP server on 127.0.0.1.

No test touches the outside network: the server below serves realistic Korean
news pages (tests/index/pages/*.html, stored as UTF-8 and encoded to cp949 on
the fly for the EUC-KR cases) and misbehaving endpoints (hangs, drips, endless
bodies, redirect loops...).  Every fetch uses small timeouts and a deadline,
and an autouse watchdog aborts the run if a test ever hangs anyway.
"""
from __future__ import annotations

import faulthandler
import gzip
import shutil
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest

import index.ingest.fetch as fetch_module
from index.ingest.extract import decode_body, iso_date, page_from_html, strip_title_suffix
from index.ingest.extract import FetchedPage, fetch_article
from index.ingest.fetch import FetchError, check_url, is_blocked_address
from index.text.clean import clean_text
from tests.httpserver import PNG, LocalServer, RouteHandler, serving

PAGES = Path(__file__).resolve().parents[1] / "pages"
MT_HTML = (PAGES / "mt_article.html").read_text(encoding="utf-8")
YNA_HTML = (PAGES / "yonhap_article.html").read_text(encoding="utf-8")
HANI_HTML = (PAGES / "hani_article.html").read_text(encoding="utf-8")
HANI_NO_CHARSET = HANI_HTML.replace(
    '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr" />\n', "")
EMPTY_HTML = """<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8">
<title>서비스 점검 안내 - 머니투데이</title><meta property="og:site_name" content="머니투데이"></head>
<body><header><nav><ul><li>증권</li><li>경제</li><li>부동산</li><li>산업</li></ul></nav></header>
<div class="ad">[광고] 지금 가입하면 첫 달 수수료 무료</div>
<main><p>준비 중입니다.</p></main>
<footer>ⓒ 머니투데이 &amp; mt.co.kr, 무단 전재 및 재배포 금지</footer></body></html>"""
PLAIN_TEXT = ("\n금통위, 기준금리 동결\n\n"
              "한국은행 금융통화위원회가 11일 기준금리를 연 3.50%로 동결했다. "
              "지난해 2월 이후 12회 연속 동결이다.\n"
              "시장에서는 10월께 첫 인하를 예상한다.\n")

MT_TITLE = "삼성전자, 2분기 영업이익 10조원 돌파…반도체 회복세 뚜렷"
MT_BODY = [
    "삼성전자가 올해 2분기 연결 기준 영업이익 10조4000억원을 기록했다고 5일 잠정 공시했다.",
    "매출액은 74조원으로 지난해 같은 기간보다 23% 늘었다.",
    "실적 개선은 메모리 반도체가 이끌었다.",
    "한 증권사 연구원은 \"서버용 고용량 제품 비중이 커지면서 수익성이 더 좋아질 것\"이라고 말했다.",
    "삼성전자는 이달 말 부문별 세부 실적을 발표할 예정이다.",
]
MT_BOILERPLATE = [
    "회원가입", "구독신청", "포토·영상", "오피니언",  # header / nav menu
    "[광고]", "수수료 무료", "세미나", "특판 예금", "[AD]",  # ad blocks
    "많이 본 뉴스", "점심값", "로또 1등", "강남 3구",  # most-read list
    "관련기사", "SK하이닉스", "코스피 2800선",  # related articles
    "/사진=로이터=뉴스1", "평택캠퍼스",  # <figcaption>
    "ⓒ", "무단 전재", "mt.co.kr", "대표전화", "개인정보처리방침",  # copyright / footer
    "글자크기", "TOP", "HBM·서버용 D램 수요 급증…",
]
YNA_BODY = [
    "한국은행 금융통화위원회가 11일 기준금리를 연 3.50%로 동결했다.",
    "가계부채 증가세와 수도권 집값 상승도 동결 배경으로 꼽혔다.",
    "10월께 한은도 첫 인하에 나설 것이라는 관측이 많다.",
]
YNA_BOILERPLATE = [
    "본문 바로가기", "마켓+", "스포츠", "[광고]", "적금 특판", "관련 뉴스", "CPI", "환율",
    "많이 본 뉴스", "폭염특보", "올스타전", "편의점 도시락", "사진공동취재단", "금융통화위원회 회의를 주재",
    "저작권자", "무단 전재", "All rights reserved", "jhlee@yna.co.kr", "(서울=연합뉴스)", "송고시간",
]
HANI_BODY = [
    "국토교통부가 인정한 전세사기 피해자가 2만명을 넘어선 것으로 나타났다.",
    "피해 주택은 서울과 인천, 경기 등 수도권에 60% 이상 몰려 있었고",
    "특별법을 고쳐야 한다\"고 요구하고 있다.",
]
HANI_BOILERPLATE = [
    "오피니언", "연관기사", "깡통전세", "많이 본 기사", "장마", "최저임금",
    "한겨레 자료사진", "대통령실 앞에서", "Copyright", "무단 전재", "sypark@hani.co.kr",
]


# ------------------------------------------------------------------ server


class Handler(RouteHandler):
    server: "NewsServer"

    def do_GET(self) -> None:
        self.server.seen_user_agents.append(self.headers.get("User-Agent", ""))
        self.server.seen_hosts.append(self.headers.get("Host", ""))
        super().do_GET()

    def route_for(self, path: str):
        if path.startswith("/chain/"):  # /chain/N redirects N times, then the article
            left = int(path.rsplit("/", 1)[1])
            return lambda: self.redirect(f"/chain/{left - 1}" if left > 1 else "/mt/article", 303)
        return super().route_for(path)

    def routes(self):
        return {
            "/mt/article": lambda: self.send_body(MT_HTML.encode("utf-8"),
                                                  "text/html; charset=utf-8"),
            # EUC-KR, charset only in the Content-Type header (the page has no <meta charset>)
            "/yna/article": lambda: self.send_body(YNA_HTML.encode("cp949"),
                                                   "text/html; charset=EUC-KR"),
            # EUC-KR, charset only in <meta http-equiv="Content-Type">
            "/hani/article": lambda: self.send_body(HANI_HTML.encode("cp949"), "text/html"),
            # EUC-KR declared nowhere: detection
            "/hani/nocharset": lambda: self.send_body(HANI_NO_CHARSET.encode("cp949"),
                                                      "text/html"),
            "/mt/gzip": lambda: self.send_body(gzip.compress(MT_HTML.encode("utf-8")),
                                               "text/html; charset=utf-8",
                                               extra={"Content-Encoding": "gzip"}),
            "/gzip-bomb": lambda: self.send_body(
                gzip.compress(b"<html><body>" + b"<p>a</p>" * 500_000), "text/html",
                extra={"Content-Encoding": "gzip"}),
            "/notice.txt": lambda: self.send_body(PLAIN_TEXT.encode("utf-8"),
                                                  "text/plain; charset=utf-8"),
            "/image.png": lambda: self.send_body(PNG, "image/png"),
            "/empty": lambda: self.send_body(EMPTY_HTML.encode("utf-8"), "text/html"),
            "/missing": lambda: self.send_body(b"<h1>Not Found</h1>", "text/html", 404),
            "/broken": lambda: self.send_body(b"<h1>Server Error</h1>", "text/html", 500),
            "/redirect": lambda: self.redirect("/mt/article"),
            "/redirect-absolute": lambda: self.redirect(
                f"http://127.0.0.1:{self.server.server_port}/yna/article", 301),
            "/redirect-ftp": lambda: self.redirect("ftp://127.0.0.1/article.html"),
            "/redirect-private": lambda: self.redirect("http://10.0.0.1/admin"),
            "/redirect-metadata": lambda: self.redirect(
                "http://169.254.169.254/latest/meta-data/", 307),
            "/hang": lambda: self.server.stopping.wait(30),  # accepts, never answers
            "/drip": lambda: self.stream_forever(b"<p>", 0.2),
            "/endless": lambda: self.stream_forever(b"<p>\xea\xb0\x80</p>" * 8000, 0.0),
            "/burst-then-stall": self.burst_then_stall,
            "/huge-declared": self.huge_declared,
        }

    def stream_forever(self, piece: bytes, pause: float, content_type: str = "text/html") -> None:
        """Headers without a length, then ``piece`` every ``pause`` s until the client leaves."""
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.end_headers()
        try:
            while not self.server.stopping.wait(pause):
                self.wfile.write(piece)
                self.wfile.flush()
        except OSError:  # the client gave up: that is the point
            pass

    def burst_then_stall(self) -> None:
        """Bytes flow quickly for ~1.6 s (no read timeout fires), then nothing."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        try:
            for _ in range(8):
                self.wfile.write(b"<p>" + b"x" * 1000 + b"</p>")
                self.wfile.flush()
                if self.server.stopping.wait(0.2):
                    return
            self.server.stopping.wait(30)
        except OSError:
            pass


class NewsServer(LocalServer):
    def __init__(self) -> None:
        super().__init__(Handler)
        self.seen_user_agents: list[str] = []
        self.seen_hosts: list[str] = []


@pytest.fixture(scope="module")
def server():
    with serving(NewsServer()) as httpd:
        yield httpd


@pytest.fixture
def base(server) -> str:
    return server.base


@pytest.fixture(autouse=True)
def hang_guard():
    """Abort (with tracebacks) rather than hang forever if a test ever blocks."""
    faulthandler.dump_traceback_later(60, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def fetch(url: str, **kwargs) -> FetchedPage:
    options = {"allow_private": True, "timeout": 3.0, "deadline": 8.0}
    return fetch_article(url, **{**options, **kwargs})


def failure(url: str, **kwargs) -> tuple[FetchError, float]:
    started = time.monotonic()
    with pytest.raises(FetchError) as caught:
        fetch(url, **kwargs)
    return caught.value, time.monotonic() - started


def assert_article(page: FetchedPage, body: list[str], boilerplate: list[str]) -> None:
    """The page's text holds the body; once cleaned (as the engine stores it), none of the chrome."""
    cleaned = clean_text(page.text)
    for sentence in body:
        assert sentence in page.text and sentence in cleaned
    for junk in boilerplate:
        assert junk not in cleaned, junk
    paragraphs = page.text.split("\n\n")
    assert len(paragraphs) >= 4
    assert all(p.strip() and "\n" not in p for p in paragraphs)


# -------------------------------------------------------------- good pages


def test_utf8_article_metadata_and_clean_text(base, server):
    page = fetch(f"{base}/mt/article")
    assert page.requested_url == page.final_url == f"{base}/mt/article"
    assert page.title == MT_TITLE  # og:title, not "<title> - 머니투데이"
    assert page.source == "머니투데이"
    assert page.published == "2024-07-05"
    assert page.author == "김민수 기자"
    assert page.canonical_url == "https://news.mt.co.kr/mtview.php?no=2024070509152345678"
    assert_article(page, MT_BODY, MT_BOILERPLATE)
    assert server.seen_user_agents[-1].startswith("newsqa-bot/0.1")


def test_euc_kr_charset_in_header_only(base):
    page = fetch(f"{base}/yna/article")
    assert page.title == '한은, 기준금리 연 3.50%로 동결…"물가 둔화 확인 필요"'  # from <h1>
    assert page.source == "연합뉴스"
    assert page.published == "2024-07-11"  # JSON-LD datePublished
    assert page.author == "이지훈"  # JSON-LD author
    assert page.canonical_url == "https://www.yna.co.kr/view/AKR20240711051200002"  # og:url
    assert_article(page, YNA_BODY, YNA_BOILERPLATE)


def test_euc_kr_charset_in_meta_only(base):
    page = fetch(f"{base}/hani/article")
    assert page.title == "전세사기 피해자 2만명 넘어…절반이 20·30대"
    assert page.source == "hani.co.kr"  # no og:site_name: the canonical URL's domain
    assert page.published == "2024-06-28"  # <time datetime>
    assert page.author == "박서연"  # article:author is a URL, dable:author is not
    assert page.canonical_url == \
        "https://www.hani.co.kr/arti/economy/economy_general/1147000.html"
    assert_article(page, HANI_BODY, HANI_BOILERPLATE)


def test_euc_kr_without_any_declaration_is_detected(base):
    page = fetch(f"{base}/hani/nocharset")
    assert page.title == "전세사기 피해자 2만명 넘어…절반이 20·30대"
    assert_article(page, HANI_BODY, HANI_BOILERPLATE)


def test_gzip_body(base):
    page = fetch(f"{base}/mt/gzip")
    assert page.title == MT_TITLE
    assert MT_BODY[0] in page.text


def test_plain_text_first_line_is_title(base):
    page = fetch(f"{base}/notice.txt")
    assert page.title == "금통위, 기준금리 동결"
    assert page.text.startswith("한국은행 금융통화위원회가 11일")
    assert "금통위, 기준금리 동결" not in page.text
    assert page.source == "127.0.0.1"
    assert page.canonical_url == page.final_url


# --------------------------------------------------------------- redirects


def test_relative_redirect_is_followed(base):
    page = fetch(f"{base}/redirect")
    assert page.requested_url == f"{base}/redirect"
    assert page.final_url == f"{base}/mt/article"
    assert page.title == MT_TITLE


def test_absolute_redirect_is_followed(base):
    page = fetch(f"{base}/redirect-absolute")
    assert page.final_url == f"{base}/yna/article"
    assert page.source == "연합뉴스"


def test_five_redirects_allowed_six_refused(base):
    assert fetch(f"{base}/chain/5").final_url == f"{base}/mt/article"
    error, _ = failure(f"{base}/chain/6")
    assert error.kind == "http_status"
    assert "5" in str(error) and "redirect" in str(error)
    error, _ = failure(f"{base}/chain/2", max_redirects=1)
    assert error.kind == "http_status"


def test_redirect_to_other_scheme_refused(base):
    error, _ = failure(f"{base}/redirect-ftp")
    assert error.kind == "bad_scheme"


@pytest.mark.parametrize("path", ["/redirect-private", "/redirect-metadata"])
def test_every_redirect_hop_is_checked(base, monkeypatch, path):
    """The test server is on 127.0.0.1, so pretend exactly that address is public:
    the second hop (10.0.0.1 / 169.254.169.254) must then be refused before any connect."""
    real = fetch_module.is_blocked_address
    monkeypatch.setattr(fetch_module, "is_blocked_address",
                        lambda address: address != "127.0.0.1" and real(address))
    error, took = failure(f"{base}{path}", allow_private=False)
    assert error.kind == "blocked_address"
    assert took < 2


# ------------------------------------------------------- https and pinning


def _make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a certificate for "news.test" signed by it (openssl CLI)."""
    def run(*args: str) -> None:
        subprocess.run(["openssl", *args], check=True, capture_output=True, timeout=30)

    ca_key, ca_pem = folder / "ca.key", folder / "ca.pem"
    key, csr, pem, ext = (folder / name for name in ("news.key", "news.csr", "news.pem",
                                                     "ext.cnf"))
    ext.write_text("subjectAltName=DNS:news.test\n")
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(ca_key), "-out",
        str(ca_pem), "-days", "2", "-subj", "/CN=newsqa test CA")
    run("req", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(csr),
        "-subj", "/CN=news.test")
    run("x509", "-req", "-in", str(csr), "-CA", str(ca_pem), "-CAkey", str(ca_key),
        "-CAcreateserial", "-out", str(pem), "-days", "2", "-extfile", str(ext))
    return ca_pem, pem, key


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    if shutil.which("openssl") is None:
        pytest.skip("openssl command not available to make a test certificate")
    ca_pem, pem, key = _make_certificates(tmp_path_factory.mktemp("tls"))
    httpd = NewsServer()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pem, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    with serving(httpd):
        yield httpd, ssl.create_default_context(cafile=str(ca_pem))


@pytest.fixture
def fake_dns(monkeypatch):
    """news.test and wrong.test resolve to 127.0.0.1 (no real DNS involved)."""
    real = fetch_module._resolve
    monkeypatch.setattr(fetch_module, "_resolve", lambda host, port: (
        ["127.0.0.1"] if host in ("news.test", "wrong.test") else real(host, port)))


def test_https_is_pinned_to_the_checked_address(tls_server, fake_dns, monkeypatch):
    """Connects to the checked IP, yet Host, SNI and certificate check use the name."""
    httpd, client_context = tls_server
    monkeypatch.setattr(fetch_module, "_TLS_VERIFY", client_context)
    page = fetch(f"https://news.test:{httpd.server_port}/mt/article")
    assert page.final_url == f"https://news.test:{httpd.server_port}/mt/article"
    assert page.title == MT_TITLE
    # the certificate is for news.test only: another name on the same IP must fail
    error, _ = failure(f"https://wrong.test:{httpd.server_port}/mt/article")
    assert error.kind == "network"


def test_https_unknown_certificate_refused(tls_server, fake_dns):
    httpd, _ = tls_server
    error, _ = failure(f"https://news.test:{httpd.server_port}/mt/article")
    assert error.kind == "network"


def test_host_header_names_the_host_not_the_ip(base, server, fake_dns):
    page = fetch(f"http://news.test:{server.server_port}/redirect")
    assert page.final_url == f"http://news.test:{server.server_port}/mt/article"
    assert server.seen_hosts[-1] == f"news.test:{server.server_port}"


# ---------------------------------------------------------- http failures


def test_404(base):
    error, _ = failure(f"{base}/missing")
    assert error.kind == "http_status"
    assert "HTTP 404" in str(error) and "찾을 수 없습니다" in str(error)


def test_500(base):
    error, _ = failure(f"{base}/broken")
    assert error.kind == "http_status"
    assert "HTTP 500" in str(error)


def test_image_is_not_html(base):
    error, _ = failure(f"{base}/image.png")
    assert error.kind == "not_html"
    assert "image/png" in str(error)


def test_page_without_article_text(base):
    error, _ = failure(f"{base}/empty")
    assert error.kind == "no_text"


def test_connection_refused_is_network_error():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    error, took = failure(f"http://127.0.0.1:{port}/article")
    assert error.kind == "network"
    assert took < 5


# ------------------------------------------------------ time and size caps


def test_server_that_never_answers(base):
    error, took = failure(f"{base}/hang", timeout=1, deadline=2)
    assert error.kind == "timeout"
    assert took < 2 + 1


def test_deadline_caps_the_read_timeout(base):
    error, took = failure(f"{base}/hang", timeout=10, deadline=1.5)
    assert error.kind == "timeout"
    assert took < 1.5 + 1


def test_body_dripping_forever(base):
    """Every read succeeds within the read timeout; only the deadline stops it."""
    error, took = failure(f"{base}/drip", timeout=1, deadline=2)
    assert error.kind == "timeout"
    assert took < 2 + 1


def test_stall_after_a_burst_is_cut_at_the_deadline(base):
    """The read timeout (10 s) would outlive the deadline: the watchdog must not."""
    error, took = failure(f"{base}/burst-then-stall", timeout=10, deadline=2)
    assert error.kind == "timeout"
    assert took < 2 + 1


def test_endless_body_is_too_large(base):
    error, took = failure(f"{base}/endless", max_bytes=200_000, timeout=2, deadline=5)
    assert error.kind == "too_large"
    assert "200000" in str(error)
    assert took < 2


def test_declared_length_refused_before_reading(base):
    error, took = failure(f"{base}/huge-declared", timeout=2, deadline=5)
    assert error.kind == "too_large"
    assert took < 2


def test_gzip_bomb_is_too_large(base):
    error, _ = failure(f"{base}/gzip-bomb", max_bytes=200_000)
    assert error.kind == "too_large"


# ---------------------------------------------------- schemes and addresses


@pytest.mark.parametrize("url", ["ftp://127.0.0.1/article.html", "file:///etc/passwd",
                                 "javascript:alert(1)", "mt.co.kr/mtview.php?no=1"])
def test_bad_scheme(url):
    error, took = failure(url)
    assert error.kind == "bad_scheme"
    assert took < 1


@pytest.mark.parametrize("url", ["http://127.0.0.1/", "http://10.0.0.1/", "http://169.254.1.1/",
                                 "http://[::1]/"])
def test_private_addresses_refused_by_default(url):
    error, took = failure(url, allow_private=False)
    assert error.kind == "blocked_address"
    assert took < 1


def test_local_server_refused_without_allow_private(base):
    error, _ = failure(f"{base}/redirect", allow_private=False)
    assert error.kind == "blocked_address"


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8080/", "http://localhost/", "http://10.0.0.1/admin", "https://172.16.5.4/",
    "http://192.168.0.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/",
    "http://[::ffff:127.0.0.1]/", "http://[::ffff:10.0.0.1]/", "http://[fe80::1]/",
    "http://[fc00::1]/", "http://0.0.0.0/", "http://224.0.0.1/", "http://100.64.0.1/",
    "http://240.0.0.1/", "http://2130706433/", "http://[2002:a00:1::]/", "http://[64:ff9b::a00:1]/",
])
def test_address_checker_refuses_redirect_targets(url):
    with pytest.raises(FetchError) as caught:
        check_url(url)
    assert caught.value.kind == "blocked_address"
    assert check_url(url, allow_private=True)  # allowed on request


@pytest.mark.parametrize("url,address", [("http://8.8.8.8/", "8.8.8.8"),
                                         ("https://[2001:4860:4860::8888]:8443/a",
                                          "2001:4860:4860::8888")])
def test_address_checker_accepts_public_addresses(url, address):
    assert check_url(url) == [address]


def test_is_blocked_address():
    assert is_blocked_address("127.0.0.1") and is_blocked_address("::ffff:192.168.1.1")
    assert not is_blocked_address("211.115.106.204")
    assert not is_blocked_address("2404:6800:4004:80c::200e")


def test_error_kind_is_validated():
    with pytest.raises(ValueError):
        FetchError("x", "bogus")


# ----------------------------------------------------- extraction helpers


@pytest.mark.parametrize("raw,expected", [
    ("반도체 회복세 뚜렷 - 머니투데이", "반도체 회복세 뚜렷"),
    ("기준금리 동결 | 연합뉴스", "기준금리 동결"),
    ("전세사기 피해자 2만명 :: 한겨레", "전세사기 피해자 2만명"),
    ("제목만 있는 기사", "제목만 있는 기사"),
])
def test_title_suffix(raw, expected):
    assert strip_title_suffix(raw) == expected


def test_title_from_title_tag_and_relative_canonical():
    body = "".join(f"<p>{sentence}</p>" for sentence in MT_BODY)
    html = (f"<html><head><title>{MT_TITLE} | 머니투데이</title>"
            f"<link rel='canonical' href='/mtview.php?no=7'></head>"
            f"<body><div class='content'>{body}</div></body></html>")
    page = page_from_html(html, requested_url="http://news.mt.co.kr/x",
                          final_url="https://news.mt.co.kr/x")
    assert page.title == MT_TITLE
    assert page.canonical_url == "https://news.mt.co.kr/mtview.php?no=7"
    assert page.source == "news.mt.co.kr"
    assert page.published == page.author == ""


@pytest.mark.parametrize("value,expected", [
    ("2024-07-05T09:15:00+09:00", "2024-07-05"), ("2024.7.5 09:15", "2024-07-05"),
    ("2024년 7월 5일", "2024-07-05"), ("20240705", "2024-07-05"), ("2024-13-40", ""), ("", ""),
])
def test_iso_date(value, expected):
    assert iso_date(value) == expected


def test_decode_body_charsets():
    korean = "<p>기준금리를 동결했다. 똠방각하 햏</p>".encode("cp949")  # cp949-only syllables
    assert "똠방각하 햏" in decode_body(korean, "euc-kr")
    assert "똠방각하 햏" in decode_body(korean, "ks_c_5601-1987")
    meta = b'<meta charset="EUC-KR">' + korean
    assert "똠방각하 햏" in decode_body(meta)
    assert decode_body("<p>한국어</p>".encode("utf-8"), "") == "<p>한국어</p>"
