"""Bot state: answers and votes survive a restart, stay bounded, and count one vote per user."""
from __future__ import annotations

import json

from bot.state import ChatTail, JsonlAnswers, JsonlVotes, ShownHit, StoredAnswer, Tally, Vote, VoteRecord, open_file_state


def answer(n: int, **kw) -> StoredAnswer:
    hit = ShownHit(article_id=f"a{n}", title="제목", passage="본문입니다.", bold=[(0, 2)])
    return StoredAnswer(answer_id=f"{n:012x}", question=f"질문 {n}", lang="ko", hits=[hit], **kw)


def vote(answer_id: str, user: int, value: Vote) -> VoteRecord:
    return VoteRecord(user_id=user, chat_id=user, answer_id=answer_id, question="q", vote=value, article_ids=["a"])


def test_answers_survive_a_restart_and_are_found_by_their_question(tmp_path):
    store = JsonlAnswers(tmp_path / "answers.jsonl")
    store.put(answer(1))
    store.put(answer(1, chat_id=5, question_message_id=9, message_ids=[10]))  # where it was shown
    again = JsonlAnswers(tmp_path / "answers.jsonl")
    assert again.get(f"{1:012x}").message_ids == [10]
    assert again.for_question(5, 9).answer_id == f"{1:012x}"
    assert again.get(f"{1:012x}").hits[0].bold == [(0, 2)]
    assert again.for_question(5, 8) is None and again.get("nope") is None


def test_answers_are_bounded_and_the_file_is_compacted(tmp_path):
    path = tmp_path / "answers.jsonl"
    store = JsonlAnswers(path, keep=10)
    for n in range(95):
        store.put(answer(n, chat_id=1, question_message_id=n))
    assert store.get(f"{84:012x}") is None and store.get(f"{85:012x}") is not None
    assert store.for_question(1, 3) is None and store.for_question(1, 90) is not None
    assert len(path.read_text().splitlines()) <= 20
    assert JsonlAnswers(path, keep=10).get(f"{94:012x}").question == "질문 94"


def test_a_torn_last_line_is_skipped(tmp_path):
    path = tmp_path / "answers.jsonl"
    JsonlAnswers(path).put(answer(1))
    with open(path, "a") as handle:
        handle.write('{"answer_id": "00000000000')
    assert JsonlAnswers(path).get(f"{1:012x}") is not None


def test_the_latest_vote_of_a_user_is_their_vote(tmp_path):
    votes = JsonlVotes(tmp_path / "feedback.jsonl")
    for value in (Vote.UP, Vote.UP, Vote.UP):
        votes.record(vote("aaaaaa", 1, value))
    votes.record(vote("aaaaaa", 2, Vote.DOWN))
    votes.record(vote("aaaaaa", 3, Vote.UP))
    votes.record(vote("aaaaaa", 3, Vote.NONE))  # taken back
    votes.record(vote("bbbbbb", 1, Vote.DOWN))
    assert votes.tally("aaaaaa") == Tally(1, 1) and votes.totals() == Tally(1, 2)
    assert votes.current("aaaaaa", 3) == Vote.NONE and votes.current("aaaaaa", 1) == Vote.UP
    assert [r.answer_id for r in votes.recent(10)] == ["aaaaaa", "aaaaaa", "bbbbbb"]
    again = JsonlVotes(tmp_path / "feedback.jsonl")
    assert again.totals() == Tally(1, 2) and again.current("bbbbbb", 1) == Vote.DOWN


def test_feedback_rows_of_the_older_format_still_count_once_per_user(tmp_path):
    path = tmp_path / "feedback.jsonl"
    old = {"time": "2025-01-01T00:00:00+00:00", "user_id": 7, "chat_id": 7, "qid": "abcdef123456",
           "question": "q", "vote": "up", "page": 0, "article_ids": ["x"]}
    path.write_text("\n".join(json.dumps(old) for _ in range(3)) + "\n")
    assert JsonlVotes(path).totals() == Tally(1, 0)


def test_open_file_state_keeps_both_stores_in_the_folder(tmp_path):
    state = open_file_state(tmp_path / ".bot")
    state.answers.put(answer(3))
    state.votes.record(vote(f"{3:012x}", 1, Vote.UP))
    assert sorted(p.name for p in (tmp_path / ".bot").iterdir()) == ["answers.jsonl", "feedback.jsonl"]


def test_chat_tail_knows_the_last_message():
    tail = ChatTail(keep=2)
    tail.seen(1, 5)
    tail.seen(1, 4)  # an older id arriving late changes nothing
    assert tail.is_last(1, 5) and not tail.is_last(1, 4)
    tail.seen(2, 1)
    tail.seen(3, 1)
    assert not tail.is_last(1, 5)  # forgotten: at most `keep` chats
