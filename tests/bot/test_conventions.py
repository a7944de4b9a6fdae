"""Telegram conventions end to end: captions, media, edits, greetings, mentions, votes, paging,
status messages, inline mode and languages, through the real Application and the fake Bot API."""
from __future__ import annotations

from bot.handlers.parts import Parts
from tests.bot.checks import NUMBER_QUESTIONS, NUMBERS_ARTICLE, add_article, bold_inside_a_word, bold_spans
from tests.bot.conftest import ADMIN, USER, running_bot
from tests.corpus import PAGED_QUESTION

SEED_QUESTION = "머스크가 오픈AI를 고소한 진짜 이유는?"
OWNER_QUESTION = "오픈AI의 대주주는 어디야?"


def parts(application) -> Parts:
    return application.bot_data["parts"]


async def sent_after(fake, since, chat_id, method="sendMessage", timeout=15):
    return await fake.wait_for(lambda r: r.chat_id == chat_id and r.method == method, since=since, timeout=timeout)


async def ask(fake, chat_id, text, user=USER, **kwargs):
    since = fake.mark()
    fake.send_text(chat_id, user, text, **kwargs)
    return await sent_after(fake, since, chat_id)


async def test_captions_are_questions_and_other_media_get_a_hint(fake, bot):
    since = fake.mark()
    fake.send_photo(200, USER, caption=OWNER_QUESTION)
    assert "마이크로소프트" in (await sent_after(fake, since, 200)).plain_text
    since = fake.mark()
    fake.send_document(200, USER, filename="memo.txt", content=b"x", caption=OWNER_QUESTION)
    assert "마이크로소프트" in (await sent_after(fake, since, 200)).plain_text
    since = fake.mark()
    fake.send_photo(-210, USER, caption=f"@{fake.bot_username} {OWNER_QUESTION}", chat_type="group")
    assert "마이크로소프트" in (await sent_after(fake, since, -210)).plain_text
    for send in (fake.send_sticker, fake.send_voice, fake.send_location, fake.send_photo):
        since = fake.mark()
        send(201, USER)
        hint = await sent_after(fake, since, 201)
        assert "글로 보내 주세요" in hint.plain_text and len(hint.plain_text.splitlines()) == 1
    since = fake.mark()
    fake.send_sticker(202, USER, language_code="en")
    assert "Please type your question" in (await sent_after(fake, since, 202)).plain_text
    for send in (fake.send_sticker, fake.send_voice, fake.send_photo):
        send(-211, USER, chat_type="group")
    fake.send_photo(-211, USER, caption="우리 강아지 사진", chat_type="group")
    await fake.wait_idle()
    assert fake.sent_to(-211) == []  # silent in groups


async def test_edited_question_edits_the_answer_while_it_is_last(fake, bot):
    since = fake.mark()
    asked = fake.send_text(220, USER, "테슬라는 도조에 얼마를 투자하나?")
    answer = await sent_after(fake, since, 220)
    assert "10억 달러" in answer.plain_text
    since = fake.mark()
    fake.edit_text(220, asked, OWNER_QUESTION)
    edited = await sent_after(fake, since, 220, "editMessageText")
    assert edited.message_id == answer.message_id and "마이크로소프트" in edited.plain_text
    assert OWNER_QUESTION in edited.plain_text
    await ask(fake, 220, SEED_QUESTION)  # the answer is no longer the last message
    since = fake.mark()
    fake.edit_text(220, asked, "테슬라는 도조에 얼마를 투자하나?")
    fresh = await sent_after(fake, since, 220)
    assert "10억 달러" in fresh.plain_text and fresh.message_id > answer.message_id
    assert not [r for r in fake.sent[since:] if r.method == "editMessageText"]


async def test_an_edit_made_while_the_answer_is_on_its_way_still_edits_that_answer(fake, bot):
    # The answer reaches the chat at once, but the bot hears back a second later: the edit
    # arrives before the bot has remembered that answer, and must wait for it, not answer anew.
    fake.fail_next("sendMessage", status=None, delay=1.0, processed=True, when=lambda params: str(params.get("chat_id")) == "221")
    since = fake.mark()
    asked = fake.send_text(221, USER, "테슬라는 도조에 얼마를 투자하나?")
    answer = await sent_after(fake, since, 221)
    fake.edit_text(221, asked, OWNER_QUESTION)
    edited = await sent_after(fake, since, 221, "editMessageText")
    assert edited.message_id == answer.message_id and "마이크로소프트" in edited.plain_text
    await fake.wait_idle()
    assert [r.method for r in fake.sent[since:] if r.chat_id == 221] == ["sendMessage", "editMessageText"]


async def test_buttons_work_the_moment_the_answer_shows(fake, bot):
    # The answer shows at once, but the bot hears back from sendMessage only a second later.
    fake.fail_next("sendMessage", status=None, delay=1.0, processed=True, when=lambda params: str(params.get("chat_id")) == "222")
    reply = await ask(fake, 222, PAGED_QUESTION)
    more = next(d for d in reply.callback_data if d.startswith("p:"))
    since = fake.mark()
    fake.press_button(222, USER, reply.message_id, more)
    page2 = await sent_after(fake, since, 222, "editMessageText")
    assert page2.message_id == reply.message_id and "[4]" in page2.plain_text


async def test_greeting_when_added_to_a_group(fake, bot):
    since = fake.mark()
    fake.add_bot_to_group(-230, USER, title="경제 뉴스방")
    greeting = await sent_after(fake, since, -230)
    assert "/ask" in greeting.plain_text and f"@{fake.bot_username}" in greeting.plain_text
    since = fake.mark()
    fake.add_bot_to_group(-231, USER, chat_type="supergroup", language_code="en")
    assert "In this group" in (await sent_after(fake, since, -231)).plain_text


async def test_mentions_name_the_bot_exactly(fake, bot):
    group = -240
    fake.send_text(group, USER, f"@{fake.bot_username}2 {SEED_QUESTION}", chat_type="group")
    fake.send_text(group, USER, f"@x{fake.bot_username} {SEED_QUESTION}", chat_type="group")
    fake.send_text(group, USER, f"메일 admin@{fake.bot_username}.com 로 {SEED_QUESTION}", chat_type="group")
    await fake.wait_idle()
    assert fake.sent_to(group) == []
    reply = await ask(fake, group, f"@{fake.bot_username.upper()} {SEED_QUESTION}", chat_type="group")
    assert "머니투데이" in reply.plain_text and f"@{fake.bot_username.upper()}" not in reply.plain_text


async def test_votes_count_once_per_user_and_show_on_the_keyboard(fake, bot):
    group = -250
    reply = await ask(fake, group, f"/ask {SEED_QUESTION}", chat_type="group")
    up = next(d for d in reply.callback_data if d.endswith(":u"))
    down = next(d for d in reply.callback_data if d.endswith(":d"))
    for _ in range(3):  # up, taken back, up again
        since = fake.mark()
        fake.press_button(group, USER, reply.message_id, up)
        await fake.wait_for_call("answerCallbackQuery", since=len(fake.calls) - 1)
        await fake.wait_idle()
    since = fake.mark()
    fake.press_button(group, USER + 1, reply.message_id, down)
    shown = await sent_after(fake, since, group, "editMessageReplyMarkup")
    assert {b["text"] for b in shown.buttons} >= {"👍 1", "👎 1"}
    answers = [a["text"] for a in fake.callback_answers]
    assert answers[:3] == ["의견 감사합니다!", "의견을 취소했습니다.", "의견 감사합니다!"]
    feedback = await ask(fake, ADMIN, "/feedback", user=ADMIN)
    assert "👍 1 · 👎 1" in feedback.plain_text


async def test_long_command_replies_are_split(fake, bot):
    groups = [[f"긴동의어{i:02d}가{'나' * 40}", f"긴동의어{i:02d}다{'라' * 40}", f"긴동의어{i:02d}마{'바' * 40}"]
              for i in range(30)]
    for words in groups:
        reply = await ask(fake, ADMIN, "/synonym add " + ", ".join(words), user=ADMIN)
        assert "동의어 추가" in reply.plain_text
    await fake.wait_idle()
    since = fake.mark()
    fake.send_text(ADMIN, ADMIN, "/synonym list")
    await fake.wait_idle()
    pieces = [r.plain_text for r in fake.sent[since:] if r.chat_id == ADMIN]
    assert len(pieces) >= 2 and "오류" not in "".join(pieces)
    lines = "\n".join(pieces).splitlines()
    for words in groups:
        assert ", ".join(words) in lines


async def test_status_message_shows_a_failed_download(fake, bot):
    fake.fail_next("download", status=502)
    since = fake.mark()
    fake.send_document(ADMIN, ADMIN, filename="news.jsonl", content=b'{"title": "t", "text": "x"}', caption="/add")
    status = await sent_after(fake, since, ADMIN)
    assert "내려받는 중" in status.plain_text
    final = await fake.wait_for(lambda r: r.method == "editMessageText" and r.message_id == status.message_id
                                and "내려받는 중" not in r.plain_text, since=since, timeout=15)
    assert "파일을 내려받지 못했습니다" in final.plain_text


async def test_status_message_shows_an_unexpected_failure(fake, bot):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    parts(bot).service.engine.add_articles = broken  # a failure nobody planned for
    since = fake.mark()
    fake.send_document(ADMIN, ADMIN, filename="news.jsonl", content=b'{"title": "t", "text": "xx yy zz ww."}',
                       caption="/add", language_code="en")
    status = await sent_after(fake, since, ADMIN)
    final = await fake.wait_for(lambda r: r.method == "editMessageText" and r.message_id == status.message_id
                                and "Sorry" in r.plain_text, since=since, timeout=15)
    assert "something went wrong" in final.plain_text
    await fake.wait_idle()
    assert len(fake.sent_to(ADMIN, "sendMessage")) == 1  # no second message about it


async def test_paging_back_and_forth_and_old_messages(fake, bot):
    reply = await ask(fake, 260, PAGED_QUESTION)
    more = next(d for d in reply.callback_data if d.startswith("p:"))
    since = fake.mark()
    fake.press_button(260, USER, reply.message_id, more)
    page2 = await sent_after(fake, since, 260, "editMessageText")
    assert "[4]" in page2.plain_text
    labels = {b["text"]: b["callback_data"] for b in page2.buttons}
    assert "◂ 이전" in labels
    since = fake.mark()
    fake.press_button(260, USER, reply.message_id, labels["◂ 이전"])
    page1 = await sent_after(fake, since, 260, "editMessageText")
    assert page1.plain_text == reply.plain_text
    fake.fail_next("editMessageText", status=400, description="Bad Request: message can't be edited")
    since = fake.mark()
    fake.press_button(260, USER, reply.message_id, more)
    fresh = await sent_after(fake, since, 260)
    assert "[4]" in fresh.plain_text and fresh.message_id != reply.message_id
    since = fake.mark()
    fake.press_button(260, USER, 9999, more, check=False)  # a message Telegram no longer shows
    assert "[4]" in (await sent_after(fake, since, 260)).plain_text
    fake.press_button(260, USER, reply.message_id, "p:0123456789ab:1", check=False)
    await fake.wait_for_call("answerCallbackQuery", lambda p: "만료" in str(p.get("text")))
    await fake.wait_idle()
    assert "오류" not in " ".join(r.plain_text for r in fake.sent_to(260))


async def test_stored_pages_do_not_change_with_the_corpus(fake, bot):
    reply = await ask(fake, 261, PAGED_QUESTION)
    await ask(fake, ADMIN, "/remove e8d6ecacefe8538e", user=ADMIN)
    more = next(d for d in reply.callback_data if d.startswith("p:"))
    since = fake.mark()
    fake.press_button(261, USER, reply.message_id, more)
    assert "[4]" in (await sent_after(fake, since, 261, "editMessageText")).plain_text


async def test_inline_mode(fake, bot):
    qid = fake.send_inline_query(USER, SEED_QUESTION)
    answer = await fake.wait_for_inline_answer(qid)
    results = answer["results"]
    assert 1 <= len(results) <= 5 and answer["cache_time"] > 0
    first = results[0]
    assert first["title"].startswith("머스크가 오픈AI 소송한") and first["description"]
    assert "머니투데이" in first["plain_text"] and "소송" in first["plain_text"]
    assert any(e["type"] == "bold" for e in first["entities"])
    qid = fake.send_inline_query(USER, "  ")
    empty = await fake.wait_for_inline_answer(qid)
    assert empty["results"] == [] and "질문을 입력하세요" in empty["button"]["text"]
    qid = fake.send_inline_query(USER, "오늘 서울 날씨", language_code="en")
    none = await fake.wait_for_inline_answer(qid)
    assert none["results"] == [] and none["button"]["text"] == "No related article found"


async def test_errors_speak_the_users_language(fake, bot):
    async def broken(*args, **kwargs):
        raise RuntimeError("boom")

    parts(bot).service.ask = broken
    assert "Sorry, something went wrong" in (await ask(fake, 270, "what?", language_code="en")).plain_text
    assert "오류가 발생했습니다" in (await ask(fake, 271, "IBM stock price?", user=71)).plain_text  # ASCII, Korean user


async def test_bold_never_lands_inside_a_number(fake, corpus_dir, shared_kiwi):
    add_article(corpus_dir, NUMBERS_ARTICLE)
    async with running_bot(fake, corpus_dir, shared_kiwi):
        for chat_id, question in enumerate(NUMBER_QUESTIONS, 280):
            reply = await ask(fake, chat_id, question)
            assert "한빛일보" in reply.plain_text, question
            spans = bold_spans(reply.plain_text, reply.entities)
            assert spans and bold_inside_a_word(reply.plain_text, spans) == [], question


async def test_an_admin_gets_the_menu_on_start(fake, corpus_dir, shared_kiwi):
    async with running_bot(fake, corpus_dir, shared_kiwi, admin_ids=f"{ADMIN},4343"):
        assert fake.commands_for({"type": "chat", "chat_id": 4343}) is None  # never opened the chat
        await ask(fake, 4343, "/start", user=4343)
        assert "remove" in fake.commands_for({"type": "chat", "chat_id": 4343})
