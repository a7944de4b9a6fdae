"""``eval --news``: loading, answerable questions and per-language scores, on texts written for the test."""
from __future__ import annotations

import json

from index.measure.news import answerable, by_language, load_jsonl_articles, load_news_questions, news_scores

ARTICLES = [
    {"id": "t-001", "title": "서울시, 공공자전거 요금 인상", "text": "서울시는 공공자전거 1시간권 요금을 1천원에서 2천원으로 올린다고 밝혔다.\n\n인상은 다음 달 1일부터 적용된다."},
    {"id": "t-002", "title": "한국은행 기준금리 동결", "text": "한국은행 금융통화위원회는 기준금리를 연 3.50%로 동결했다.\n\n사진=연합뉴스"},
]
QUESTIONS = [
    {"q": "공공자전거 1시간권 요금 얼마로 올라?", "answer": "2천원", "lang": "ko", "article_id": "t-001"},
    {"q": "What is the Bank of Korea's base rate?", "answer": "연 3.50%", "lang": "en", "article_id": "t-002"},
    {"q": "사진 출처는?", "answer": "사진=연합뉴스", "lang": "ko", "article_id": "t-002"},  # a caption: cleaned away
]


def write_jsonl(path, rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")


def test_news_questions_are_scored_per_language(tmp_path, make_engine):
    write_jsonl(tmp_path / "articles.jsonl", ARTICLES)
    write_jsonl(tmp_path / "questions.jsonl", QUESTIONS)
    engine = make_engine()
    engine.add_articles(load_jsonl_articles(tmp_path / "articles.jsonl"))
    questions = load_news_questions(tmp_path / "questions.jsonl")
    kept, lost = answerable(engine, questions)
    assert [q.question for q in lost] == ["사진 출처는?"]
    assert set(by_language(kept)) == {"ko", "en"}
    scores = news_scores(engine, kept, plain=True)
    assert set(scores) == {"ko", "ko/plain", "en", "en/plain"}
    assert scores["ko"].answer_at_1 == 1.0 and scores["ko"].questions == 1
    assert scores["en/plain"].answer_at_1 == 0.0  # plain BM25 has no English → Korean
