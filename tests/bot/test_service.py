"""The Service offline (no Telegram, no HTTP): answers stored with their pages, one vote per user."""
from __future__ import annotations

from bot.callbacks import PageData, VoteData, parse_callback
from bot.service import MAX_PAGES, PAGE_SIZE, Service, User, page_bold, shown_hits
from bot.state import Tally, Vote
from bot.texts import Lang
from tests.bot.conftest import offline_settings
from tests.corpus import PAGED_QUESTION

SEED_QUESTION = "머스크가 오픈AI를 고소한 진짜 이유는?"
SEED_ID = "e8d6ecacefe8538e"
ALICE = User(id=7, chat_id=7, is_admin=False, lang=Lang.KO, private=True)
BOB = User(id=8, chat_id=-100, is_admin=False, lang=Lang.EN, private=False)


def buttons(reply):
    return {b.label: parse_callback(b.data) for row in reply.buttons for b in row}


async def test_an_answer_is_stored_with_every_page(service: Service):
    answered = await service.ask(PAGED_QUESTION, ALICE)
    stored = service.answer(answered.answer.answer_id)
    assert stored is not None and stored.question == PAGED_QUESTION
    assert PAGE_SIZE < len(stored.hits) <= PAGE_SIZE * MAX_PAGES
    assert all(h.bold for h in stored.hits[:PAGE_SIZE])  # what the answer showed in bold is kept too
    (reply,) = answered.replies
    assert "[1]" in reply.text and "[4]" not in reply.text and "머니투데이" in reply.text
    assert set(buttons(reply)) == {"👍", "👎", "더 보기 ▸"}
    assert buttons(reply)["더 보기 ▸"] == PageData(stored.answer_id, 1)


async def test_pages_come_from_the_stored_results_even_after_the_corpus_changes(service: Service):
    answered = await service.ask(PAGED_QUESTION, ALICE)
    page = await service.page(PageData(answered.answer.answer_id, 1), ALICE)
    service.engine.remove(SEED_ID)  # the only article is gone
    again = await service.page(PageData(answered.answer.answer_id, 1), ALICE)
    assert again == page and "[4]" in again.text and "(2쪽)" in again.text
    labels = buttons(again)
    assert labels["◂ 이전"] == PageData(answered.answer.answer_id, 0)
    back = await service.page(labels["◂ 이전"], ALICE)
    assert back.text == answered.replies[0].text
    assert await service.page(PageData("0123456789ab", 1), ALICE) is None  # unknown: expired, not an error


async def test_one_vote_per_user_taken_back_or_switched(service: Service):
    answered = await service.ask(SEED_QUESTION, ALICE)
    answer_id = answered.answer.answer_id
    up, down = VoteData(answer_id, 0, Vote.UP), VoteData(answer_id, 0, Vote.DOWN)
    assert (await service.vote(up, ALICE)).text == "의견 감사합니다!"
    outcome = await service.vote(up, ALICE)
    assert outcome.text == "의견을 취소했습니다." and service.state.votes.tally(answer_id) == Tally(0, 0)
    await service.vote(down, ALICE)
    outcome = await service.vote(up, ALICE)
    assert outcome.text == "의견을 바꿨습니다. 감사합니다!"
    assert "👍 ✓" in buttons(outcome.keyboard)  # a private chat shows the user's own vote
    await service.vote(up, BOB)
    outcome = await service.vote(up, BOB._replace(id=9))
    assert outcome.text == "Thanks for the feedback!"
    assert "👍 3" in buttons(outcome.keyboard)  # a group shows the count
    assert service.state.votes.tally(answer_id) == Tally(3, 0)
    record = service.state.votes.recent(1)[0]
    assert record.article_ids == [SEED_ID] and record.question == SEED_QUESTION
    gone = await service.vote(VoteData("0123456789ab", 0, Vote.UP), ALICE)
    assert "만료" in gone.text and gone.keyboard is None


async def test_echoed_question_loses_direction_overrides(service: Service):
    answered = await service.ask("\u202e머스크가 오픈AI를\u2066 고소한\u200b 이유는?", ALICE)
    assert answered.answer.question == "머스크가 오픈AI를 고소한 이유는?"
    text = answered.replies[0].text
    assert not any(ch in text for ch in "\u202e\u2066\u200b")


async def test_refusals_do_not_search(service: Service):
    assert "질문을 입력해 주세요" in (await service.ask("   ", ALICE)).replies[0].text
    long = await service.ask("가" * 600, ALICE._replace(lang=Lang.EN))
    assert "too long" in long.replies[0].text and long.answer is None


async def test_a_flood_gets_one_warning(corpus_dir, shared_kiwi):
    service = Service(offline_settings(corpus_dir, user_rate_limit=1), kiwi_loader=lambda: shared_kiwi)
    await service.start()
    assert (await service.ask(SEED_QUESTION, ALICE)).answer is not None
    warned = await service.ask(SEED_QUESTION, ALICE)
    assert "너무 빠르게" in warned.replies[0].text and warned.answer is None
    assert (await service.ask(SEED_QUESTION, ALICE)).replies == []


async def test_inline_passages(service: Service):
    hits = await service.inline("오픈AI의 대주주는 어디야?", ALICE)
    assert 1 <= len(hits) <= 5 and "마이크로소프트" in hits[0].passage
    assert await service.inline("  ", ALICE) == []


async def test_a_later_pages_bold_is_read_when_it_is_asked_for(service: Service):
    """Only the first page's passages go through Kiwi with the answer; a later page's are read (and kept)
    when a button asks for it, and are the spans an answer reading every passage at once would have."""
    answered = await service.ask(PAGED_QUESTION, ALICE)
    answer_id = answered.answer.answer_id
    stored = service.answer(answer_id)
    assert not any(h.bold_pending for h in stored.hits[:PAGE_SIZE]) and all(h.bold for h in stored.hits[:PAGE_SIZE])
    assert all(h.bold_pending and h.bold == [] and h.matched for h in stored.hits[PAGE_SIZE:])
    page = await service.page(PageData(answer_id, 1), ALICE)
    read = service.answer(answer_id).hits
    assert not any(h.bold_pending for h in read[: 2 * PAGE_SIZE])
    assert all(h.bold_pending for h in read[2 * PAGE_SIZE :])
    found = service.engine.ask(PAGED_QUESTION, PAGE_SIZE * MAX_PAGES).hits
    assert [h.bold for h in read[: 2 * PAGE_SIZE]] == [h.bold for h in shown_hits(found, service.engine.tokenizer)][: 2 * PAGE_SIZE]
    assert any(h.bold for h in read[PAGE_SIZE : 2 * PAGE_SIZE]) and "<b>" in page.text


async def test_storing_a_pages_bold_keeps_where_the_answer_was_shown(service: Service):
    """The bold is stored alone: a ``remember`` that came between reading the answer and storing it stays."""
    answered = await service.ask(PAGED_QUESTION, ALICE)
    first = service.answer(answered.answer.answer_id)
    await service.remember(first, chat_id=7, question_message_id=41, message_ids=[42])
    bold = page_bold(first, 1, service.engine.tokenizer)  # read from the copy taken before remember
    service.state.answers.put_bold(first.answer_id, bold)
    stored = service.answer(first.answer_id)
    assert stored.question_message_id == 41 and stored.message_ids == [42]
    assert [h.bold for h in stored.hits[PAGE_SIZE : 2 * PAGE_SIZE]] == [bold[i] for i in sorted(bold)]
    assert service.for_question(7, 41).answer_id == first.answer_id
