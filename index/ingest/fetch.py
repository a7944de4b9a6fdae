"""Download one news article safely and turn it into a :class:`FetchedPage`.

``fetch_article`` is synchronous (the bot runs it in a worker thread).  What it
guards against:

* non-http(s) URLs (``bad_scheme``);
* server-side request forgery: every hop's host is resolved and refused when
  any of its addresses is loopback, private, link-local, multicast, reserved,
  unspecified or otherwise not globally routable (IPv4-mapped, 6to4, NAT64 and
  Teredo IPv6 forms are unwrapped).  The connection is then *pinned* to the
  checked address (the URL's host is replaced by the IP, the ``Host`` header and
  the TLS SNI / certificate check keep the real name), so a DNS answer that
  changes between the check and the connect (DNS rebinding) cannot redirect the
  request.  Redirects are followed by hand, each hop checked again;
* slow or endless servers: connect/read timeouts of ``timeout`` seconds, never
  more than what is left of ``deadline``, elapsed time checked between body
  chunks, and a watchdog thread so the call returns at most ~0.5 s after the
  deadline whatever the socket does;
* big bodies: ``Content-Length`` checked up front, the (decompressed) body
  counted while streaming and abandoned past ``max_bytes``.

``download`` also serves feeds: ``accept=FEED_ACCEPT`` takes feed media types,
``headers`` adds request headers (If-None-Match, If-Modified-Since), and a 304
answer to such a conditional request comes back as a ``RawResponse`` with
``status == 304`` and an empty body; ``etag`` / ``last_modified`` carry the
response's validators.

Proxies from the environment are ignored on purpose (``trust_env=False``): a
proxy would make the address checks meaningless.
"""
from __future__ import annotations

import ipaddress
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from typing import Callable, Mapping, TypeVar
from urllib.parse import urljoin, urlsplit

import httpx

USER_AGENT = "newsqa-bot/0.1 (+https://github.com/; news question answering bot)"
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/xml", "text/xml")
CONDITIONAL_HEADERS = ("if-none-match", "if-modified-since")
REDIRECT_CODES = (301, 302, 303, 307, 308)
_WATCHDOG_GRACE = 0.5  # seconds the watchdog waits after the deadline
_TLS_VERIFY: ssl.SSLContext | bool = True  # tests swap in a context trusting a local CA
_T = TypeVar("_T")


class FetchError(Exception):
    """A page could not be fetched or had no article in it.

    ``str(err)`` is a human-readable message (Korean, then English in
    parentheses); ``kind`` is one of ``bad_scheme``, ``blocked_address``,
    ``http_status``, ``timeout``, ``too_large``, ``not_html``, ``no_text``,
    ``network``, and for feeds ``not_feed`` (not RSS/Atom, or malformed) and
    ``no_link`` (a feed item with neither a page nor its full text).
    """

    KINDS = frozenset({"bad_scheme", "blocked_address", "http_status", "timeout",
                       "too_large", "not_html", "no_text", "network", "not_feed", "no_link"})

    def __init__(self, message: str, kind: str) -> None:
        if kind not in self.KINDS:
            raise ValueError(f"unknown FetchError kind {kind!r}")
        super().__init__(message)
        self.message = message
        self.kind = kind


@dataclass(frozen=True)
class RawResponse:
    """The downloaded body, before decoding and extraction."""

    requested_url: str
    final_url: str
    media_type: str  # "text/html", "text/plain", ... ("" when not sent)
    charset: str  # from the Content-Type header, "" when absent
    body: bytes
    status: int = 200  # 304 only for a conditional request (the body is then empty)
    etag: str = ""  # the ETag response header, "" when absent
    last_modified: str = ""  # the Last-Modified response header, "" when absent

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class Accept:
    """The media types a download takes, the Accept header it sends, how it refuses others."""

    media_types: tuple[str, ...]
    header: str
    refusal: str  # start of the message for any other type ("웹 페이지가 아닙니다")
    kind: str  # the FetchError kind of that refusal


PAGE_ACCEPT = Accept(ACCEPTED_TYPES, "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.1",
                     "웹 페이지가 아닙니다", "not_html")
# HTML and plain text are taken too: misconfigured servers send real feeds with those
# types, and the feed parser then tells an HTML page from a feed by its content.
FEED_ACCEPT = Accept(FEED_TYPES + ("text/html", "text/plain", "application/octet-stream"),
                     "application/rss+xml,application/atom+xml,application/rdf+xml;q=0.9,"
                     "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1",
                     "RSS/Atom 피드가 아닙니다", "not_feed")


# ---------------------------------------------------------------- addresses


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    found = [ip.ipv4_mapped, ip.sixtofour]
    if ip.teredo:
        found.extend(ip.teredo)
    if ip in ipaddress.ip_network("64:ff9b::/96"):  # NAT64
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return [v4 for v4 in found if v4 is not None]


def is_blocked_address(address: str) -> bool:
    """True for any address a public news page cannot legitimately live at."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        if any(is_blocked_address(str(v4)) for v4 in _embedded_ipv4(ip)):
            return True
    return (not ip.is_global or ip.is_private or ip.is_loopback or ip.is_link_local
            or ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"주소를 찾을 수 없습니다: {host} (DNS lookup failed: {exc})",
                         "network") from exc
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchError(f"주소를 찾을 수 없습니다: {host} (no address)", "network")
    return list(dict.fromkeys(addresses))


def check_url(url: str, *, allow_private: bool = False) -> list[str]:
    """Validate scheme and host of ``url``; return the IP addresses to connect to.

    Raises ``FetchError`` (``bad_scheme`` / ``blocked_address`` / ``network``).
    Every address the host resolves to must be public, unless ``allow_private``.
    """
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError as exc:
        raise FetchError(f"잘못된 주소입니다 (invalid URL: {url})", "bad_scheme") from exc
    if parts.scheme.lower() not in ("http", "https"):
        shown = parts.scheme or "none"
        raise FetchError(f"http/https 주소만 가져올 수 있습니다 (unsupported scheme: {shown})",
                         "bad_scheme")
    if not parts.hostname:
        raise FetchError(f"주소에 호스트가 없습니다 (no host in URL: {url})", "bad_scheme")
    addresses = _resolve(parts.hostname, port)
    if not allow_private:
        for address in addresses:
            if is_blocked_address(address):
                raise FetchError(
                    f"내부망·사설 주소는 가져올 수 없습니다 "
                    f"(blocked address: {parts.hostname} -> {address})", "blocked_address")
    return addresses


def _pinned_request(client: httpx.Client, url: str, address: str,
                    timeout: float) -> httpx.Request:
    """A GET for ``url`` that connects to ``address`` but names the real host."""
    target = httpx.URL(url)
    host_header = target.raw_host.decode("ascii")
    if ":" in host_header:  # IPv6 literal
        host_header = f"[{host_header}]"
    if target.port is not None:
        host_header += f":{target.port}"
    extensions = {}
    if target.scheme == "https":
        extensions["sni_hostname"] = target.raw_host.decode("ascii")
    pinned = target.copy_with(host=address.split("%")[0], username=None, password=None,
                              fragment=None)
    return client.build_request("GET", pinned, headers={"Host": host_header},
                                timeout=httpx.Timeout(timeout), extensions=extensions)


def _send_pinned(client: httpx.Client, url: str, addresses: list[str], timeout: float,
                 clock: "_Clock") -> httpx.Response:
    """Send to the checked addresses in turn until one accepts the connection."""
    for position, address in enumerate(addresses):
        request = _pinned_request(client, url, address, min(timeout, clock.remaining()))
        try:
            return client.send(request, stream=True)
        except httpx.ConnectError:
            if position == len(addresses) - 1:
                raise
    raise AssertionError("unreachable: _resolve never returns an empty list")


# ----------------------------------------------------------------- download


class _Clock:
    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.end = time.monotonic() + deadline

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise _timeout_error(self.deadline)
        return left


def _timeout_error(seconds: float) -> FetchError:
    return FetchError(f"응답 시간이 초과되었습니다 (timed out after {seconds:g} s)", "timeout")


def _status_error(code: int) -> FetchError:
    reasons = {401: "인증이 필요한 페이지입니다", 403: "접근이 거부되었습니다",
               404: "페이지를 찾을 수 없습니다", 410: "삭제된 페이지입니다",
               429: "요청이 너무 많아 거절되었습니다"}
    reason = reasons.get(code) or ("서버 오류가 발생했습니다" if code >= 500
                                   else "페이지를 가져오지 못했습니다")
    return FetchError(f"{reason} (HTTP {code})", "http_status")


def _too_large(max_bytes: int) -> FetchError:
    return FetchError(f"페이지가 너무 큽니다 (more than {max_bytes} bytes)", "too_large")


def _check_headers(response: httpx.Response, max_bytes: int,
                   accept: Accept = PAGE_ACCEPT) -> tuple[str, str]:
    """Status, type and size checks before reading the body; (media type, charset)."""
    if response.status_code >= 300:
        raise _status_error(response.status_code)
    content_type = response.headers.get("content-type", "")
    media_type = content_type.split(";")[0].strip().lower()
    if media_type and media_type not in accept.media_types:
        raise FetchError(f"{accept.refusal} (unsupported content type: {media_type})",
                         accept.kind)
    length = response.headers.get("content-length", "")
    if length.strip().isdigit() and int(length) > max_bytes:
        raise _too_large(max_bytes)
    charset = ""
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("'\"")
    return media_type, charset


def _decompressor(response: httpx.Response) -> Callable[[bytes, int], bytes]:
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        return lambda chunk, _limit: chunk
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(f"지원하지 않는 압축 방식입니다 (content-encoding: {encoding})",
                         "network")
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header

    def inflate(chunk: bytes, limit: int) -> bytes:
        try:
            return inflater.decompress(chunk, limit)  # unconsumed tail => too large
        except zlib.error as exc:
            raise FetchError(f"압축을 풀 수 없습니다 (bad {encoding} body)", "network") from exc
    return inflate


def _read_body(response: httpx.Response, max_bytes: int, clock: _Clock) -> bytes:
    """Stream the body, decompressing it ourselves so every raw chunk is timed."""
    inflate = _decompressor(response)
    body = bytearray()
    for chunk in response.iter_raw():
        clock.remaining()
        body += inflate(chunk, max_bytes + 1 - len(body))
        if len(body) > max_bytes:
            raise _too_large(max_bytes)
    return bytes(body)


def _not_modified(url: str, current: str, response: httpx.Response) -> RawResponse:
    return RawResponse(url, current, "", "", b"", 304, response.headers.get("etag", ""),
                       response.headers.get("last-modified", ""))


def _download(url: str, *, allow_private: bool, timeout: float, clock: _Clock,
              max_bytes: int, max_redirects: int, extra_headers: Mapping[str, str] | None = None,
              accept: Accept = PAGE_ACCEPT) -> RawResponse:
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate",
               "Accept": accept.header, "Accept-Language": "ko-KR,ko;q=0.9,en;q=0.5"}
    extra = {name: value for name, value in (extra_headers or {}).items()
             if name.lower() not in ("host", "accept-encoding")}  # both are ours to set
    headers.update(extra)
    conditional = any(name.lower() in CONDITIONAL_HEADERS for name in extra)
    current = url
    with httpx.Client(headers=headers, follow_redirects=False, trust_env=False,
                      verify=_TLS_VERIFY) as client:
        for _hop in range(max_redirects + 1):
            addresses = check_url(current, allow_private=allow_private)
            response = _send_pinned(client, current, addresses, timeout, clock)
            try:
                location = response.headers.get("location")
                if response.status_code in REDIRECT_CODES and location:
                    current = urljoin(current, location.strip())
                    continue
                if response.status_code == 304 and conditional:
                    return _not_modified(url, current, response)
                media_type, charset = _check_headers(response, max_bytes, accept)
                body = _read_body(response, max_bytes, clock)
                return RawResponse(url, current, media_type, charset, body, response.status_code,
                                   response.headers.get("etag", ""),
                                   response.headers.get("last-modified", ""))
            finally:
                response.close()
    raise FetchError(f"리디렉션이 너무 많습니다 (more than {max_redirects} redirects)",
                     "http_status")


def _translate_errors(func: Callable[[], _T], deadline: float) -> _T:
    started = time.monotonic()
    try:
        return func()
    except httpx.TimeoutException as exc:  # say how long we really waited, not the overall deadline
        raise _timeout_error(round(min(deadline, time.monotonic() - started), 1)) from exc
    except httpx.InvalidURL as exc:
        raise FetchError(f"잘못된 주소입니다 (invalid URL: {exc})", "bad_scheme") from exc
    except (httpx.HTTPError, OSError) as exc:
        if "CERTIFICATE_VERIFY_FAILED" in str(exc):
            raise FetchError(f"보안 인증서를 확인할 수 없습니다 (TLS error: {exc})",
                             "network") from exc
        raise FetchError(f"연결에 실패했습니다 (network error: {exc})", "network") from exc


def _run_with_watchdog(func: Callable[[], _T], seconds: float) -> _T:
    """Run ``func`` in a daemon thread; give up on it after ``seconds``.

    The abandoned thread ends by itself at its next read timeout or chunk.
    """
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["value"] = func()
        except BaseException as exc:  # handed over to the caller below
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="fetch_article", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise _timeout_error(seconds - _WATCHDOG_GRACE)
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]


def download(url: str, *, allow_private: bool = False, timeout: float = 10.0,
             deadline: float = 30.0, max_bytes: int = 5 * 1024 * 1024,
             max_redirects: int = 5, headers: Mapping[str, str] | None = None,
             accept: Accept = PAGE_ACCEPT) -> RawResponse:
    """Fetch the bytes of ``url`` with every check of :func:`fetch_article`.

    ``headers`` are added to the request (``Host`` and ``Accept-Encoding`` stay ours);
    ``accept`` says which media types are taken (``FEED_ACCEPT`` for feeds).
    """
    url = url.strip()
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):  # before starting any thread
        raise FetchError(f"http/https 주소만 가져올 수 있습니다 "
                         f"(unsupported scheme: {scheme or 'none'})", "bad_scheme")
    clock = _Clock(deadline)

    def attempt() -> RawResponse:
        return _translate_errors(lambda: _download(
            url, allow_private=allow_private, timeout=timeout, clock=clock,
            max_bytes=max_bytes, max_redirects=max_redirects, extra_headers=headers,
            accept=accept), deadline)

    return _run_with_watchdog(attempt, deadline + _WATCHDOG_GRACE)
