"""The engine end to end on the bundled seed article (and two made-up ones)."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from index.storage.articles import ArticleStore, index_key
from index.storage.cache import TokenCache
from tests.corpus import stored_rows
from index.storage.snapshot import read_snapshot_params
from index.engine import Engine
from index.ingest.importers import read_path
from index.models import Article
from index.text.tokenize import Tokenizer

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "000_6889fb97133f14de.txt"
SEED_TITLE = '머스크가 오픈AI 소송한 진짜 이유...결국 "미친 AI 인재전쟁" 때문'
BOILERPLATE_MARKERS = ("ⓒ", "Copyright", "무단", "사진=", "글자크기", "기자 =", "All rights", "AI학습", "특파원", "@")
MAX_PASSAGE = 400

QUESTIONS = {
    "머스크가 오픈AI를 고소한 진짜 이유는?": "lawsuit",
    "테슬라가 도조에 투자하는 금액은?": "dojo",
    "에단 나이트는 어디로 옮겼나?": "ethan",
    "오픈AI의 최대 주주는?": "shareholder",
    "AI 인재 몸값은 얼마인가?": "pay",
}
OFF_TOPIC = ["오늘 서울 날씨 어때?", "비트코인 가격 전망은?"]


def seed_article() -> Article:
    (parsed,) = list(read_path(SEED))
    assert parsed.article is not None, parsed.error
    return parsed.article


def fixture_articles() -> list[Article]:
    return [seed_article()] + [p.article for name in ("yna_budget.txt", "hani_copyright.txt") for p in read_path(FIXTURES / name)]


@pytest.fixture(scope="module")
def seed_engine(tmp_path_factory, tokenizer) -> Engine:
    engine = Engine.open(tmp_path_factory.mktemp("seed") / "corpus", tokenizer)
    results = engine.add_articles([seed_article()])
    assert [r.status for r in results] == ["added"]
    return engine


@pytest.fixture(scope="module")
def news_engine(tmp_path_factory, tokenizer) -> Engine:
    engine = Engine.open(tmp_path_factory.mktemp("news") / "corpus", tokenizer)
    results = engine.add_articles(fixture_articles())
    assert [r.status for r in results] == ["added"] * 3
    return engine


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def article_sentences(engine: Engine, article: Article) -> list[str]:
    return [one_line(article.text[s.start : s.end]) for s in engine.tokenizer.split(article.text)]


def check_hits(engine: Engine, hits) -> None:
    """Every hit is clean, short, cites its article, holds its sentence, and no two overlap."""
    used: dict[str, set[int]] = {}
    for hit in hits:
        for marker in BOILERPLATE_MARKERS:
            assert marker not in hit.passage and marker not in hit.sentence, (marker, hit.passage)
        assert 0 < len(hit.passage) <= MAX_PASSAGE
        article = engine.article(hit.article_id)
        assert article is not None
        assert (hit.title, hit.source, hit.published, hit.url) == (
            article.title, article.source, article.published, article.url)
        assert hit.sentence in article.text
        sentences = article_sentences(engine, article)
        assert one_line(hit.sentence) in sentences
        if one_line(hit.sentence) in hit.passage:
            inside = {i for i, s in enumerate(sentences) if s in hit.passage}
        else:  # a sentence longer than the budget is trimmed around itself
            core = hit.passage.strip("…").strip()
            assert core and core in one_line(hit.sentence), hit.passage
            inside = {sentences.index(one_line(hit.sentence))}
        assert sentences.index(one_line(hit.sentence)) in inside
        assert not (inside & used.get(hit.article_id, set())), "two hits share a sentence"
        used.setdefault(hit.article_id, set()).update(inside)
        assert hit.matched
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


# ---- import -----------------------------------------------------------------------


def test_seed_import_metadata(seed_engine):
    (article,) = seed_engine.store.page(0, 10)
    assert article.title == SEED_TITLE
    assert article.source == "머니투데이"
    assert article.published == "2024-04-05"
    assert article.author == "박준식"
    assert article.text.startswith("일론 머스크 테슬라 창업주가")
    assert article.text.rstrip().endswith("극명히 나뉘는 셈이다.")
    assert article.text.count("\n\n") == 6  # seven paragraphs
    for marker in BOILERPLATE_MARKERS:
        assert marker not in article.text
    saved = stored_rows(seed_engine.store.root)[article.id]
    assert saved["text"] == article.text and saved["title"] == SEED_TITLE
    assert "ⓒ 로이터=뉴스1" in saved["raw_text"]  # the text as it came in is kept beside the cleaned one
    stats = seed_engine.stats()
    assert stats.articles == 1 and stats.sentences == len(article_sentences(seed_engine, article))


# ---- questions --------------------------------------------------------------------


def test_lawsuit_reason(seed_engine):
    hits = seed_engine.ask("머스크가 오픈AI를 고소한 진짜 이유는?", k=3).hits
    assert hits
    assert any("블랙홀" in h.passage or "소송을 건 이유" in h.passage for h in hits[:3])


def test_dojo_investment(seed_engine):
    hits = seed_engine.ask("테슬라가 도조에 투자하는 금액은?", k=3).hits
    assert hits and "10억 달러" in hits[0].sentence


def test_where_ethan_knight_went(seed_engine):
    hits = seed_engine.ask("에단 나이트는 어디로 옮겼나?", k=3).hits
    assert hits and "xAI" in hits[0].sentence


def test_largest_shareholder(seed_engine):
    hits = seed_engine.ask("오픈AI의 최대 주주는?", k=3).hits
    assert hits and "마이크로소프트" in hits[0].sentence


def test_ai_talent_pay(seed_engine):
    hits = seed_engine.ask("AI 인재 몸값은 얼마인가?", k=3).hits
    assert hits and "천만달러" in hits[0].passage


@pytest.mark.parametrize("question", OFF_TOPIC)
def test_off_topic_questions_have_no_hits(seed_engine, news_engine, question):
    assert seed_engine.ask(question).hits == []
    assert news_engine.ask(question).hits == []


@pytest.mark.parametrize("question", ["", "   ", "?", "은는이가", "x" * 5000])
def test_degenerate_questions(seed_engine, question):
    answer = seed_engine.ask(question)
    assert answer.question == question
    assert isinstance(answer.hits, list) and answer.took_ms >= 0


def test_questions_are_routed_to_the_right_article(news_engine):
    by_title = {a.title: a.id for a in news_engine.store.iter_all()}
    seed_id = by_title[SEED_TITLE]
    budget_id = next(i for t, i in by_title.items() if t.startswith("정부, 내년 예산"))
    law_id = next(i for t, i in by_title.items() if t.startswith("문체부"))
    expectations = {
        "테슬라가 도조에 투자하는 금액은?": (seed_id, "10억 달러"),
        "국회는 언제까지 예산안을 처리해야 하나?": (budget_id, "12월 2일"),
        "연구개발 예산은 얼마로 늘었나?": (budget_id, "29조7천억원"),
        "저작권 침해 처벌은 어떻게 바뀌나?": (law_id, "저작권 침해에 대한 처벌을 강화"),
    }
    for question, (article_id, answer) in expectations.items():
        hits = news_engine.ask(question, k=3).hits
        assert hits, question
        assert hits[0].article_id == article_id, question
        assert answer in hits[0].passage, question


@pytest.mark.parametrize("k", [1, 3, 5, 10])
def test_hits_are_clean_short_and_disjoint(seed_engine, news_engine, k):
    questions = list(QUESTIONS) + ["테슬라와 머스크", "오픈AI 인공지능 인재 전쟁", "예산안 국회 처리", "저작권 침해"]
    for engine in (seed_engine, news_engine):
        for question in questions:
            hits = engine.ask(question, k=k).hits
            assert len(hits) <= k
            check_hits(engine, hits)


def test_answer_json_shape(seed_engine):
    answer = seed_engine.ask("테슬라가 도조에 투자하는 금액은?", k=2)
    data = json.loads(answer.model_dump_json())
    assert set(data) == {"question", "hits", "took_ms", "small_talk", "period", "period_fallback", "recency", "note"}
    assert data["small_talk"] is None and data["period"] is None and data["note"] == ""
    assert data["hits"]
    for hit in data["hits"]:
        assert set(hit) == {"article_id", "title", "source", "published", "url", "passage", "sentence", "matched", "score",
                            "also", "missing"}
        assert hit["also"] == [] and hit["missing"] == []


# ---- persistence ------------------------------------------------------------------


def _answers(engine: Engine) -> dict:
    return {q: [(h.article_id, h.sentence, h.passage) for h in engine.ask(q, k=3).hits] for q in QUESTIONS}


@pytest.fixture
def built_corpus(make_engine, tmp_path):
    corpus = tmp_path / "corpus"
    engine = make_engine(corpus)
    engine.add_articles(fixture_articles())
    engine.save_snapshot()
    return corpus, _answers(engine)


def _forbid_tokenizing(monkeypatch):
    def refuse(self, texts):
        raise AssertionError("articles were tokenized again")

    monkeypatch.setattr(Tokenizer, "split_many", refuse)


def test_reopen_uses_the_snapshot(built_corpus, make_engine, monkeypatch):
    corpus, before = built_corpus
    _forbid_tokenizing(monkeypatch)

    def no_cache(self, wanted):
        raise AssertionError("the token cache was read although the snapshot is valid")

    monkeypatch.setattr(TokenCache, "get_many", no_cache)
    engine = make_engine(corpus)
    assert engine.store.count() == 3 and engine.stats().articles == 3
    assert _answers(engine) == before


def test_reopen_without_snapshot_uses_the_token_cache(built_corpus, make_engine, monkeypatch):
    corpus, before = built_corpus
    shutil.rmtree(corpus / ".index" / "snapshot")
    _forbid_tokenizing(monkeypatch)
    engine = make_engine(corpus)
    assert _answers(engine) == before
    assert read_snapshot_params(corpus / ".index", {}) is not None, "the snapshot should be written again"


def _sentence_cuts(engine: Engine) -> list[tuple[tuple[int, int], str]]:
    """Every sentence's byte span and the text the view cuts for it (from the database: memory is emptied)."""
    view = engine.view()
    docs = list(range(len(view.layout.doc_slot)))
    engine.memory.forget(list(view.layout.slot_of))
    return list(zip((view.layout.byte_span(d) for d in docs), view.sentence_texts(docs)))


def test_sentences_are_cut_by_utf8_bytes_after_reopening_too(built_corpus, make_engine):
    """The layout keeps each sentence's UTF-8 byte span (snapshot and token cache), so the database cuts it by bytes;
    what it cuts is the sentence as Python slices it."""
    corpus, _ = built_corpus
    engine = make_engine(corpus)
    cuts = _sentence_cuts(engine)
    layout = engine.view().layout
    expected = [engine.article(layout.slot_ids[layout.doc_slot[d]]).text[slice(*layout.span(d))] for d in range(len(cuts))]
    assert [text for _, text in cuts] == expected and all(b >= 0 for (b, _), _ in cuts)
    engine.close()
    shutil.rmtree(corpus / ".index" / "snapshot")
    assert _sentence_cuts(make_engine(corpus)) == cuts  # rebuilt from the token cache: the bytes were kept there


def test_token_cache_entries_without_byte_spans_still_cut_by_characters(built_corpus, make_engine):
    """Entries written before byte spans existed hold none: their sentences are cut by characters, the same text."""
    corpus, before = built_corpus
    engine = make_engine(corpus)
    cuts = [text for _, text in _sentence_cuts(engine)]
    with engine.store.db.transaction() as tx:
        for article_id in list(engine.view().layout.slot_of):
            cached = engine.cache.get(article_id, engine.live.keys[article_id])
            engine.cache.put(tx, article_id, engine.live.keys[article_id], cached._replace(byte_spans=()))
    engine.close()
    shutil.rmtree(corpus / ".index" / "snapshot")
    reopened = make_engine(corpus)
    old = _sentence_cuts(reopened)
    assert [text for _, text in old] == cuts and all(span == (-1, -1) for span, _ in old)
    assert _answers(reopened) == before


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _flip_last_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-1] ^= 0x55
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncate, _flip_last_byte], ids=["truncated", "same-size-garbage"])
@pytest.mark.parametrize("name", ["sentences/post_tfs.npy", "sentences/post_docs.npy", "doc_start.npy", "articles/df.npy"])
def test_corrupted_snapshot_is_detected_and_rebuilt(built_corpus, make_engine, damage, name):
    corpus, before = built_corpus
    index_dir = corpus / ".index"
    target = index_dir / "snapshot" / name
    assert target.is_file(), f"snapshot layout changed: {name} missing"
    damage(target)
    assert read_snapshot_params(index_dir, {}) is None, "the damage should be detected"
    engine = make_engine(corpus)
    assert _answers(engine) == before
    assert read_snapshot_params(index_dir, {}) is not None, "the snapshot should be rebuilt"
    assert _answers(make_engine(corpus)) == before


def test_damaged_params_file_is_rebuilt(built_corpus, make_engine):
    corpus, before = built_corpus
    (corpus / ".index" / "snapshot" / "params.json").write_text("{", encoding="utf-8")
    assert _answers(make_engine(corpus)) == before


def test_index_folder_can_be_deleted(built_corpus, make_engine):
    corpus, before = built_corpus
    shutil.rmtree(corpus / ".index")
    assert _answers(make_engine(corpus)) == before


def test_remove_then_ask_then_readd(make_engine, tmp_path):
    corpus = tmp_path / "corpus"
    engine = make_engine(corpus)
    engine.add_articles(fixture_articles())
    seed_id = next(a.id for a in engine.store.iter_all() if a.title == SEED_TITLE)
    question = "테슬라가 도조에 투자하는 금액은?"
    assert engine.ask(question).hits[0].article_id == seed_id

    removed = engine.remove(seed_id)
    assert removed is not None and removed.id == seed_id
    assert engine.remove(seed_id) is None
    assert seed_id not in stored_rows(corpus)
    for q in QUESTIONS:
        assert all(h.article_id != seed_id for h in engine.ask(q, k=5).hits), q
    assert engine.stats().articles == 2

    # the removal holds across a reopen, with or without a fresh snapshot
    reopened = make_engine(corpus)
    assert all(h.article_id != seed_id for q in QUESTIONS for h in reopened.ask(q, k=5).hits)
    assert reopened.store.count() == 2

    again = reopened.add_articles([seed_article()])
    assert [r.status for r in again] == ["added"]
    assert again[0].article_id == seed_id
    hits = reopened.ask(question).hits
    assert hits and hits[0].article_id == seed_id and "10억 달러" in hits[0].sentence
    check_hits(reopened, hits)
    assert _answers(make_engine(corpus)) == _answers(reopened)


def test_reload_picks_up_articles_added_and_removed_by_another_process(make_engine, tmp_path):
    corpus = tmp_path / "corpus"
    bot = make_engine(corpus)
    bot.add_articles([seed_article()])
    cli = make_engine(corpus)
    budget = [p.article for p in read_path(FIXTURES / "yna_budget.txt")]
    assert [r.status for r in cli.add_articles(budget)] == ["added"]
    seed_id = next(a.id for a in cli.store.iter_all() if a.title == SEED_TITLE)
    cli.remove(seed_id)

    assert bot.changed_on_disk()
    assert bot.reload() == (1, 1)
    assert not bot.changed_on_disk()
    assert bot.ask("테슬라가 도조에 투자하는 금액은?").hits == []
    hits = bot.ask("국회는 언제까지 예산안을 처리해야 하나?").hits
    assert hits and "12월 2일" in hits[0].passage


def test_article_edited_by_another_process_is_reindexed(make_engine, tmp_path):
    corpus = tmp_path / "corpus"
    engine = make_engine(corpus)
    (result,) = engine.add_articles([seed_article()])
    other = ArticleStore(corpus)
    (stored,) = other.get_stored([result.article_id]).values()
    text = stored.article.text.replace("10억 달러", "20억 달러")
    with other.db.transaction() as tx:
        other.update_text(tx, stored._replace(article=stored.article.model_copy(update={"text": text}),
                                              index_key=index_key(stored.article.title, text)))
        other.bump_generation(tx)
    reopened = make_engine(corpus)
    hits = reopened.ask("테슬라가 도조에 투자하는 금액은?").hits
    assert hits and "20억 달러" in hits[0].sentence
