"""The corpus folder: atomic writes, duplicates, damaged files and unsafe ids."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

import index.storage.store as store_module
from index.text.clean import clean_text
from index.ingest.importers import read_path
from index.models import Article
from index.storage.atomic import atomic_write_text
from index.storage.store import CorpusError, CorpusStore, is_safe_id, normalize_url

BODY = (
    "정부가 내년도 예산안을 656조원 규모로 편성했다고 27일 밝혔다. "
    "올해 본예산보다 3.2% 늘어난 규모로, 연구개발 예산은 29조7천억원으로 다시 늘었다."
)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
OTHER_BODY = "문화체육관광부는 저작권법 개정안을 발표했다. 불법 유통 사이트를 신속하게 차단하는 절차가 도입된다."


def article(article_id: str = "a1", **fields) -> Article:
    values = {"title": "예산안 656조원", "text": BODY, "source": "연합뉴스", "published": "2024-08-27"}
    values.update(fields)
    return Article(id=article_id, **values)


def stray_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# ---- atomic writes ----------------------------------------------------------------


def test_failed_replace_keeps_the_old_file_and_leaves_no_temp(tmp_path, monkeypatch):
    store = CorpusStore(tmp_path)
    store.save(article(text=BODY))
    path = tmp_path / "a1.json"
    old = path.read_bytes()

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(store_module.os, "replace", broken_replace)
    with pytest.raises(OSError):
        store.save(article(text=OTHER_BODY))
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert stray_files(tmp_path) == []
    reloaded = CorpusStore(tmp_path).load()
    assert reloaded.articles["a1"].text == BODY and reloaded.load_errors == []


def test_crash_part_way_through_the_write(tmp_path, monkeypatch):
    """A write that dies after half the bytes (and a cleanup that never runs, as on kill -9)."""
    store = CorpusStore(tmp_path)
    store.save(article())
    old = (tmp_path / "a1.json").read_bytes()
    real_fdopen = os.fdopen

    class HalfWriter:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()
            return False

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise KeyboardInterrupt("killed mid-write")

    monkeypatch.setattr(store_module.os, "fdopen", lambda fd, mode: HalfWriter(real_fdopen(fd, mode)))
    monkeypatch.setattr(store_module.os, "unlink", lambda path: None)  # the process is gone: no cleanup
    with pytest.raises(KeyboardInterrupt):
        store.save(article(text=OTHER_BODY, title="바뀐 제목"))
    with pytest.raises(KeyboardInterrupt):
        store.save(article("a2", text=OTHER_BODY))
    monkeypatch.undo()

    leftovers = stray_files(tmp_path)
    assert len(leftovers) == 2, "the simulated crash should leave its temp files behind"
    assert (tmp_path / "a1.json").read_bytes() == old
    assert not (tmp_path / "a2.json").exists()
    reloaded = CorpusStore(tmp_path).load()
    assert list(reloaded.articles) == ["a1"]
    assert reloaded.articles["a1"].text == BODY
    assert reloaded.load_errors == []


def test_load_ignores_tmp_files(tmp_path):
    store = CorpusStore(tmp_path)
    store.save(article())
    whole = json.dumps(article("ghost", text=OTHER_BODY).model_dump(), ensure_ascii=False)
    (tmp_path / ".a1.json.x1y2.tmp").write_text(whole, encoding="utf-8")
    (tmp_path / "ghost.json.tmp").write_text(whole, encoding="utf-8")
    (tmp_path / ".ghost.json.tmp").write_text(whole[:40], encoding="utf-8")
    reloaded = CorpusStore(tmp_path).load()
    assert list(reloaded.articles) == ["a1"]
    assert reloaded.load_errors == []


def test_atomic_write_replaces_whole_files(tmp_path):
    path = tmp_path / "sub" / "f.json"
    atomic_write_text(path, "첫째")
    atomic_write_text(path, "둘째")
    assert path.read_text(encoding="utf-8") == "둘째"
    assert stray_files(path.parent) == []


def test_saved_file_format(tmp_path):
    store = CorpusStore(tmp_path)
    store.save(article(author="홍길동", url="https://www.yna.co.kr/view/AKR1"))
    data = json.loads((tmp_path / "a1.json").read_text(encoding="utf-8"))
    assert set(data) == {"id", "title", "text", "source", "published", "url", "author", "added_at"}
    assert data["title"] == "예산안 656조원" and data["author"] == "홍길동"
    assert "예산안" in (tmp_path / "a1.json").read_text(encoding="utf-8")  # UTF-8, not \u escapes


# ---- duplicates -------------------------------------------------------------------


def test_duplicate_by_id(tmp_path):
    store = CorpusStore(tmp_path)
    store.save(article("a1"))
    assert store.find_duplicate(article("a1", text=OTHER_BODY, title="다른 제목")) == "a1"
    assert store.find_duplicate(article("a2", text=OTHER_BODY)) is None


@pytest.mark.parametrize(
    "variant",
    [
        "https://www.yna.co.kr/view/AKR20240827000100002",
        "http://www.yna.co.kr/view/AKR20240827000100002",
        "https://yna.co.kr/view/AKR20240827000100002",
        "https://www.yna.co.kr/view/AKR20240827000100002/",
        "https://WWW.YNA.CO.KR/view/AKR20240827000100002#comments",
        "  https://www.yna.co.kr/view/AKR20240827000100002  ",
    ],
)
def test_duplicate_by_url_variants(tmp_path, variant):
    store = CorpusStore(tmp_path)
    store.save(article("a1", url="https://www.yna.co.kr/view/AKR20240827000100002"))
    assert store.find_duplicate(article("a2", text=OTHER_BODY, url=variant)) == "a1"
    assert normalize_url(variant) == normalize_url("https://www.yna.co.kr/view/AKR20240827000100002")


def test_different_urls_are_not_duplicates(tmp_path):
    store = CorpusStore(tmp_path)
    store.save(article("a1", url="https://www.yna.co.kr/view/AKR20240827000100002"))
    assert store.find_duplicate(article("a2", text=OTHER_BODY, url="https://www.yna.co.kr/view/AKR20240827000200002")) is None
    assert store.find_duplicate(article("a3", text=OTHER_BODY), extra_urls=("https://yna.co.kr/view/AKR20240827000100002/",)) == "a1"


def test_duplicate_by_text_ignores_white_space(tmp_path):
    store = CorpusStore(tmp_path)
    store.save(article("a1"))
    reflowed = BODY.replace(". ", ".\n\n").replace(" ", "  ")
    assert store.find_duplicate(article("a2", title="다른 제목", text=reflowed)) == "a1"
    assert store.find_duplicate(article("a3", text=BODY + " 추가 문장이다.")) is None


def test_duplicates_survive_reload_and_removal_forgets_them(tmp_path):
    store = CorpusStore(tmp_path)
    store.save(article("a1", url="https://www.hani.co.kr/arti/1"))
    reloaded = CorpusStore(tmp_path).load()
    assert reloaded.find_duplicate(article("x", text=OTHER_BODY, url="http://hani.co.kr/arti/1/")) == "a1"
    assert reloaded.find_duplicate(article("y")) == "a1"
    removed = reloaded.remove("a1")
    assert removed is not None and removed.id == "a1"
    assert not (tmp_path / "a1.json").exists()
    assert reloaded.find_duplicate(article("x", text=OTHER_BODY, url="http://hani.co.kr/arti/1/")) is None
    assert reloaded.find_duplicate(article("y")) is None
    assert reloaded.remove("a1") is None


def test_engine_refuses_duplicates_of_the_cleaned_text(make_engine):
    engine = make_engine()
    raw = f"(서울=연합뉴스) 홍길동 기자 = {BODY}\n\nhong@yna.co.kr\n\n<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>"
    first = engine.add_articles([Article(id="", title="예산안 656조원", text=raw, url="https://www.yna.co.kr/view/A1")])
    assert [r.status for r in first] == ["added"]
    again = engine.add_articles(
        [
            Article(id="", title="다른 제목", text=BODY),  # same text once cleaned
            Article(id="", title="또 다른 제목", text=OTHER_BODY, url="http://yna.co.kr/view/A1/"),  # same url
            Article(id=first[0].article_id, title="같은 id", text=OTHER_BODY + " 새 문장이다."),  # same id
            Article(id="", title="새 기사", text=OTHER_BODY),
            Article(id="", title="새 기사 사본", text=OTHER_BODY),  # duplicate within the batch
        ]
    )
    assert [r.status for r in again] == ["duplicate", "duplicate", "duplicate", "added", "duplicate"]
    assert again[0].article_id == again[1].article_id == again[2].article_id == first[0].article_id
    assert again[4].article_id == again[3].article_id
    assert len(engine.store) == 2
    assert len(list(engine.store.root.glob("*.json"))) == 2


# ---- damaged files ----------------------------------------------------------------


def test_corrupt_files_are_reported_and_do_not_stop_loading(tmp_path):
    store = CorpusStore(tmp_path)
    store.save(article("a1"))
    store.save(article("c3", text=OTHER_BODY))
    (tmp_path / "b2.json").write_text('{"id": "b2", "title": "잘린 파일", "te', encoding="utf-8")
    (tmp_path / "b3.json").write_text('{"id": "b3"}', encoding="utf-8")  # valid JSON, not an article
    (tmp_path / "b4.json").write_bytes(b"\xff\xfe\x00garbage")
    (tmp_path / "b5.json").write_text("[1, 2, 3]", encoding="utf-8")
    reloaded = CorpusStore(tmp_path).load()
    assert sorted(reloaded.articles) == ["a1", "c3"]
    reported = " ".join(reloaded.load_errors)
    for name in ("b2.json", "b3.json", "b4.json", "b5.json"):
        assert name in reported
    assert len(reloaded.load_errors) == 4


def test_engine_opens_a_corpus_with_a_corrupt_file(make_engine, tmp_path):
    corpus = tmp_path / "corpus"
    store = CorpusStore(corpus)
    for number, name in enumerate(("yna_budget.txt", "hani_copyright.txt")):
        (parsed,) = read_path(FIXTURES / name)
        store.save(parsed.article.model_copy(update={"id": f"f{number}", "text": clean_text(parsed.article.text)}))
    (corpus / "broken.json").write_text("{", encoding="utf-8")
    engine = make_engine(corpus)
    assert len(engine.store) == 2
    assert any("broken.json" in e for e in engine.store.load_errors)
    hits = engine.ask("내년도 예산안 규모는 얼마인가?").hits
    assert hits and hits[0].article_id == "f0"
    assert "656조원" in hits[0].passage


def test_missing_folder_is_an_empty_corpus(tmp_path):
    store = CorpusStore(tmp_path / "nope").load()
    assert len(store) == 0 and store.load_errors == []


# ---- unsafe ids -------------------------------------------------------------------

UNSAFE = ["../x", "a/b", "..", "", ".hidden", "a\\b", "/etc/passwd", "x" * 81, "../../corpus2/x", "a\x00b", "..\\x"]


@pytest.mark.parametrize("bad", UNSAFE)
def test_unsafe_ids_are_refused(tmp_path, bad):
    root = tmp_path / "corpus"
    store = CorpusStore(root)
    assert not is_safe_id(bad)
    with pytest.raises(CorpusError):
        store.path_of(bad)
    with pytest.raises(CorpusError):
        store.save(article(bad))
    assert not any(p.is_file() for p in tmp_path.rglob("*"))
    assert bad not in store.articles


@pytest.mark.parametrize("good", ["a1", "e8d6ecacefe8538e", "squad-0001", "yna_2024.08.27", "A" * 80])
def test_safe_ids_are_accepted(tmp_path, good):
    store = CorpusStore(tmp_path)
    store.save(article(good))
    assert (tmp_path / f"{good}.json").is_file()
    assert CorpusStore(tmp_path).load().articles[good].id == good


def test_engine_refuses_an_unsafe_id_without_breaking_the_batch(make_engine, tmp_path):
    engine = make_engine()
    results = engine.add_articles(
        [
            Article(id="../escape", title="나쁜 id", text=OTHER_BODY),
            Article(id="", title="예산안 656조원", text=BODY),
        ]
    )
    assert [r.status for r in results] == ["skipped", "added"]
    assert "id" in results[0].reason
    assert not (tmp_path / "escape.json").exists()
    assert [a.title for a in engine.store.ordered()] == ["예산안 656조원"]
