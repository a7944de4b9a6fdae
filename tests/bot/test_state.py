"""Bot state: answers and votes survive a restart, stay bounded, and count one vote per user."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

from bot.state import ChatTail, QuestionsInFlight, ShownHit, StoredAnswer, Tally, Vote, VoteRecord
from bot.state_db import SqliteAnswers, SqliteVotes, open_db_state
from index.storage.db import DB_FILENAME, Database


def answer(n: int, **kw) -> StoredAnswer:
    hit = ShownHit(article_id=f"a{n}", title="제목", passage="본문입니다.", bold=[(0, 2)])
    return StoredAnswer(answer_id=f"{n:012x}", question=f"질문 {n}", lang="ko", hits=[hit], **kw)


def vote(answer_id: str, user: int, value: Vote) -> VoteRecord:
    return VoteRecord(user_id=user, chat_id=user, answer_id=answer_id, question="q", vote=value, article_ids=["a"])


def db(folder: Path) -> Database:
    return Database(folder / DB_FILENAME)


def test_answers_survive_a_restart_and_are_found_by_their_question(tmp_path):
    store = SqliteAnswers(db(tmp_path))
    store.put(answer(1))
    store.put(answer(1, chat_id=5, question_message_id=9, message_ids=[10]))  # where it was shown
    again = SqliteAnswers(db(tmp_path))
    assert again.get(f"{1:012x}").message_ids == [10]
    assert again.for_question(5, 9).answer_id == f"{1:012x}"
    assert again.get(f"{1:012x}").hits[0].bold == [(0, 2)]
    assert again.for_question(5, 8) is None and again.get("nope") is None


def test_answers_are_bounded(tmp_path):
    store = SqliteAnswers(db(tmp_path), keep=10)
    for n in range(95):
        store.put(answer(n, chat_id=1, question_message_id=n))
    assert store.get(f"{84:012x}") is None and store.get(f"{85:012x}") is not None
    assert store.for_question(1, 3) is None and store.for_question(1, 90) is not None
    assert store.db.scalar("SELECT count(*) FROM questions") == 10
    assert SqliteAnswers(db(tmp_path), keep=10).get(f"{94:012x}").question == "질문 94"


def test_the_latest_vote_of_a_user_is_their_vote(tmp_path):
    votes = SqliteVotes(db(tmp_path))
    for value in (Vote.UP, Vote.UP, Vote.UP):
        votes.record(vote("aaaaaa", 1, value))
    votes.record(vote("aaaaaa", 2, Vote.DOWN))
    votes.record(vote("aaaaaa", 3, Vote.UP))
    votes.record(vote("aaaaaa", 3, Vote.NONE))  # taken back
    votes.record(vote("bbbbbb", 1, Vote.DOWN))
    assert votes.tally("aaaaaa") == Tally(1, 1) and votes.totals() == Tally(1, 2)
    assert votes.current("aaaaaa", 3) == Vote.NONE and votes.current("aaaaaa", 1) == Vote.UP
    assert sorted(r.answer_id for r in votes.recent(10)) == ["aaaaaa", "aaaaaa", "bbbbbb"]
    again = SqliteVotes(db(tmp_path))
    assert again.totals() == Tally(1, 2) and again.current("bbbbbb", 1) == Vote.DOWN
    assert again.db.scalar("SELECT count(*) FROM feedback") == 4  # one row per (answer, user), not per press


def test_votes_of_the_older_file_format_are_moved_in_once_per_user(tmp_path):
    state_dir = tmp_path / ".bot"
    state_dir.mkdir()
    old = {"time": "2025-01-01T00:00:00+00:00", "user_id": 7, "chat_id": 7, "qid": "abcdef123456",
           "question": "q", "vote": "up", "page": 0, "article_ids": ["x"]}
    (state_dir / "feedback.jsonl").write_text("\n".join(json.dumps(old) for _ in range(3)) + "\n")
    state = open_db_state(tmp_path, state_dir)
    assert state.votes.totals() == Tally(1, 0) and state.votes.current("abcdef123456", 7) == Vote.UP
    assert not (state_dir / "feedback.jsonl").exists()
    assert open_db_state(tmp_path, state_dir).votes.totals() == Tally(1, 0)  # and only once


def test_chat_tail_knows_the_last_message():
    tail = ChatTail(keep=2)
    tail.seen(1, 5)
    tail.seen(1, 4)  # an older id arriving late changes nothing
    assert tail.is_last(1, 5) and not tail.is_last(1, 4)
    tail.seen(2, 1)
    tail.seen(3, 1)
    assert not tail.is_last(1, 5)  # forgotten: at most `keep` chats


async def test_questions_in_flight_let_an_edit_wait_for_its_question_and_forget_finished_ones():
    in_flight = QuestionsInFlight()
    order: list[str] = []
    question_started = asyncio.Event()

    async def question():
        async with in_flight.handling(5, 10):
            question_started.set()
            await asyncio.sleep(0.05)
            order.append("question answered")

    async def edit():
        await question_started.wait()
        async with in_flight.handling(5, 10):
            order.append("edit answered")

    async def other_message():
        await question_started.wait()
        async with in_flight.handling(5, 11):
            order.append("other message answered")

    await asyncio.gather(question(), edit(), other_message())
    assert order == ["other message answered", "question answered", "edit answered"]
    assert len(in_flight) == 0
