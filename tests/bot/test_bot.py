"""End-to-end: the real Application, polling the fake Bot API as a user would."""
from __future__ import annotations

import json
import sqlite3

from bot.commands import COMMANDS
from tests.corpus import PAGED_QUESTION, stored_ids, stored_rows
from tests.bot.conftest import ADMIN, USER, running_bot

SEED_QUESTION = "머스크가 오픈AI를 고소한 진짜 이유는?"


def answer_to(fake, chat_id, since):
    return lambda r: r.chat_id == chat_id and r.method == "sendMessage" and fake.sent.index(r) >= since


async def ask(fake, chat_id, text, user=USER, **kwargs):
    since = fake.mark()
    fake.send_text(chat_id, user, text, **kwargs)
    return await fake.wait_for(lambda r: r.chat_id == chat_id and r.method == "sendMessage", since=since, timeout=15)


async def test_private_question_gets_cited_html_answer(fake, bot):
    reply = await ask(fake, 100, SEED_QUESTION)
    assert reply.parse_mode == "HTML"
    assert "블랙홀" in reply.plain_text or "소송을 건 이유" in reply.plain_text
    assert "머니투데이" in reply.plain_text and "2024-04-05" in reply.plain_text
    assert "<b>" in reply.text  # question terms in bold
    data = reply.callback_data
    assert data and all(len(d.encode()) <= 64 for d in data)
    assert any(d.endswith(":u") for d in data)


async def test_off_topic_question_is_honest(fake, bot):
    reply = await ask(fake, 101, "오늘 서울 날씨 어때?")
    assert "관련 기사를 찾지 못했습니다" in reply.plain_text
    assert "[1]" not in reply.plain_text


async def test_texts_follow_the_users_language_code_not_the_script(fake, bot):
    reply = await ask(fake, 102, "what is the capital of France?", language_code="en")
    assert "No related article found" in reply.plain_text
    reply = await ask(fake, 102, "what is the capital of France?", language_code="ko")
    assert "관련 기사를 찾지 못했습니다" in reply.plain_text
    reply = await ask(fake, 103, "오늘 서울 날씨 어때?", language_code="en-GB")
    assert "No related article found" in reply.plain_text
    reply = await ask(fake, 104, "/list", language_code="en")
    assert "Only admins" in reply.plain_text


async def test_group_silence_and_addressed_messages(fake, bot):
    group = -500
    fake.send_text(group, USER, "머스크 얘기 누가 해줘", chat_type="group")
    await fake.wait_idle()
    assert not fake.sent_to(group)
    reply = await ask(fake, group, f"/ask@{fake.bot_username} {SEED_QUESTION}", chat_type="group")
    assert "머니투데이" in reply.plain_text
    reply = await ask(fake, group, f"@{fake.bot_username} 테슬라는 도조에 얼마를 투자하나?", chat_type="group")
    assert "10억 달러" in reply.plain_text
    reply = await ask(fake, group, "에단 나이트는 어디로 갔나?", chat_type="group", reply_to_message_id=reply.message_id)
    assert "xAI" in reply.plain_text
    before = len(fake.sent_to(group))
    fake.send_text(group, USER, "/weather 서울", chat_type="group")  # another bot's command
    fake.send_text(group, USER, f"/ask@other_bot {SEED_QUESTION}", chat_type="group")
    await fake.wait_idle()
    assert len(fake.sent_to(group)) == before


async def test_non_admin_add_changes_nothing(fake, bot, corpus_dir):
    before = stored_rows(corpus_dir)
    reply = await ask(fake, 103, "/add\n새 기사 제목\n본문 문장입니다. 아주 중요한 뉴스입니다.", user=USER)
    assert "관리자만" in reply.plain_text
    assert stored_rows(corpus_dir) == before


async def test_admin_add_is_answerable_at_once_and_after_restart(fake, bot, corpus_dir, shared_kiwi):
    text = (
        "/add\n카카오, 판교에 새 데이터센터 완공\n출처: 한빛일보\n날짜: 2025-03-02\n"
        "카카오가 경기 판교에 4600억원을 들여 지은 두 번째 데이터센터를 완공했다고 2일 밝혔다.\n\n"
        "이 데이터센터는 서버 12만 대를 수용할 수 있으며 내년부터 가동된다."
    )
    reply = await ask(fake, ADMIN, text, user=ADMIN)
    assert "추가됨" in reply.plain_text and "문장" in reply.plain_text
    reply = await ask(fake, 104, "카카오 데이터센터 건설 비용은?")
    assert "4600억원" in reply.plain_text and "한빛일보" in reply.plain_text
    await bot.updater.stop()
    await bot.stop()
    async with running_bot(fake, corpus_dir, shared_kiwi):
        reply = await ask(fake, 105, "카카오 데이터센터 서버 몇 대?")
        assert "12만 대" in reply.plain_text


async def test_duplicate_and_empty_add(fake, bot):
    reply = await ask(fake, ADMIN, "/add", user=ADMIN)
    assert "사용법" in reply.plain_text
    seed_copy = "/add\n머스크가 오픈AI 소송한 진짜 이유...결국 \"미친 AI 인재전쟁\" 때문\n" + (
        "일론 머스크 테슬라 창업주가 자신이 창업에 동참했던 오픈에이아이(Open AI)에 소송을 건 이유가 직간접적으로 드러나고 있다."
    )
    reply = await ask(fake, ADMIN, seed_copy, user=ADMIN)
    assert "추가됨" in reply.plain_text  # a different (shorter) text is a different article
    reply = await ask(fake, ADMIN, seed_copy, user=ADMIN)
    assert "이미 있음" in reply.plain_text


async def test_document_upload_imports_jsonl(fake, bot):
    lines = [
        {"id": f"doc-{i}", "title": f"지역 축제 소식 {i}", "source": "테스트신문",
         "text": f"제{i}회 무지개 축제가 {i}일 개막해 관람객 {i}만 명이 찾았다고 주최 측이 밝혔다."}
        for i in range(1, 6)
    ]
    content = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines).encode() + b"\n{broken json\n"
    since = fake.mark()
    fake.send_document(ADMIN, ADMIN, filename="news.jsonl", content=content, caption="/add")
    done = await fake.wait_for(lambda r: "추가 5" in r.plain_text, since=since, timeout=20)
    assert "건너뜀 1" in done.plain_text and "malformed JSON" in done.plain_text
    reply = await ask(fake, 106, "제3회 무지개 축제 관람객은 몇 명?")
    assert "3만 명" in reply.plain_text


async def test_document_upload_refusals(fake, bot):
    since = fake.mark()
    fake.send_document(ADMIN, ADMIN, filename="x.pdf", content=b"%PDF", caption="/add")
    reply = await fake.wait_for(lambda r: r.chat_id == ADMIN, since=since)
    assert "지원하지 않는" in reply.plain_text
    since = fake.mark()
    fake.send_document(ADMIN, ADMIN, filename="big.txt", content=b"x", caption="/add", file_size=25 * 1024 * 1024)
    reply = await fake.wait_for(lambda r: r.chat_id == ADMIN, since=since)
    assert "20MB" in reply.plain_text
    since = fake.mark()
    fake.send_document(USER, USER, filename="a.txt", content=b"title\nbody text here.", caption="/add")
    reply = await fake.wait_for(lambda r: r.chat_id == USER, since=since)
    assert "관리자만" in reply.plain_text


async def test_more_button_edits_and_feedback_is_recorded(fake, bot, corpus_dir):
    reply = await ask(fake, 107, PAGED_QUESTION)
    more = next(d for d in reply.callback_data if d.startswith("p:"))
    since = fake.mark()
    fake.press_button(107, USER, reply.message_id, more)
    edited = await fake.wait_for(lambda r: r.method == "editMessageText", since=since)
    assert edited.message_id == reply.message_id and "[4]" in edited.plain_text
    up = next(d for d in edited.callback_data if d.endswith(":u"))
    since = fake.mark()
    fake.press_button(107, USER, reply.message_id, up)
    await fake.wait_for_call("answerCallbackQuery", lambda p: "감사" in str(p.get("text", "")))
    marked = await fake.wait_for(lambda r: r.method == "editMessageReplyMarkup", since=since)
    assert "👍 ✓" in [b["text"] for b in marked.buttons]  # the keyboard shows the vote
    connection = sqlite3.connect(corpus_dir / "corpus.sqlite3")
    rows = [json.loads(record) for (record,) in connection.execute("SELECT record FROM feedback")]
    connection.close()
    assert rows[-1]["vote"] == "up" and rows[-1]["question"] == PAGED_QUESTION
    assert rows[-1]["article_ids"] == ["e8d6ecacefe8538e"] and rows[-1]["page"] == 1
    reply = await ask(fake, ADMIN, "/feedback", user=ADMIN)
    assert "👍 1" in reply.plain_text


async def test_html_specials_never_break_a_message(fake, bot):
    body = "삼성전자 <주가> 전망 & \"분석\": a < b && c > d </b> <script>alert(1)</script> 주가가 5% 올랐다."
    reply = await ask(fake, ADMIN, f"/add\n<특징주> 삼성전자 & SK하이닉스 <b>급등</b>\n{body}", user=ADMIN)
    assert "추가됨" in reply.plain_text
    reply = await ask(fake, 108, "삼성전자 주가 <전망> & 분석?")
    assert "<script>" in reply.plain_text  # shown as text, escaped in HTML


async def test_long_and_empty_questions(fake, bot):
    reply = await ask(fake, 109, "가" * 10_000)
    assert "너무 깁니다" in reply.plain_text
    reply = await ask(fake, 109, "/ask")
    assert "질문을 입력해 주세요" in reply.plain_text


async def test_menus_by_scope_and_help_by_role(fake, bot):
    users = {c.name for c in COMMANDS if not c.admin}
    assert set(fake.commands_for()) == users == {"ask", "help", "start"}
    assert set(fake.commands_for(language_code="en")) == users
    admin_scope = {"type": "chat", "chat_id": ADMIN}
    assert set(fake.commands_for(admin_scope)) == {c.name for c in COMMANDS}
    for lang in ("ko", "en"):
        reply = await ask(fake, ADMIN, "/help", user=ADMIN, language_code=lang)
        for command in COMMANDS:
            assert f"/{command.name}" in reply.plain_text
        reply = await ask(fake, USER, "/help", user=USER, language_code=lang)
        shown = {c.name for c in COMMANDS if f"/{c.name} " in reply.plain_text}
        assert shown == users, (lang, shown)
    assert "@newsqa_bot" in reply.plain_text  # /help tells how to use inline mode


async def test_admin_commands(fake, bot):
    reply = await ask(fake, ADMIN, "/list", user=ADMIN)
    assert "e8d6ecacefe8538e" in reply.plain_text
    reply = await ask(fake, ADMIN, "/stats", user=ADMIN)
    assert "문장: 15" in reply.plain_text and "기사: 1" in reply.plain_text
    assert "corpus" not in reply.plain_text and "/" not in reply.plain_text.replace("/stats", "")
    reply = await ask(fake, ADMIN, "/reload", user=ADMIN)
    assert "1 → 1" in reply.plain_text
    reply = await ask(fake, ADMIN, "/remove ../../etc/passwd", user=ADMIN)
    assert "사용법" in reply.plain_text
    reply = await ask(fake, ADMIN, "/remove e8d6ecacefe8538e", user=ADMIN)
    assert "삭제됨" in reply.plain_text and "머스크가 오픈AI 소송한 진짜 이유" in reply.plain_text
    reply = await ask(fake, 110, SEED_QUESTION)
    assert "관련 기사를 찾지 못했습니다" in reply.plain_text
    for command in ("/list", "/remove x", "/stats", "/reload", "/feedback", "/synonym list"):
        reply = await ask(fake, 111, command)
        assert "관리자만" in reply.plain_text


async def test_english_question_is_answered_with_english_words(fake, bot):
    reply = await ask(fake, 120, "why did Musk sue OpenAI?", language_code="en")
    assert "블랙홀" in reply.plain_text or "소송을 건 이유" in reply.plain_text
    assert "머니투데이" in reply.plain_text
    assert {b["text"] for b in reply.buttons} <= {"👍", "👎", "More ▸"}
    reply = await ask(fake, 120, PAGED_QUESTION, language_code="en")
    assert {b["text"] for b in reply.buttons} == {"👍", "👎", "More ▸"}  # no "더 보기" for an English speaker


async def test_admin_edits_synonyms_from_the_chat(fake, bot):
    reply = await ask(fake, ADMIN, "/synonym add 인간형, 휴머노이드", user=ADMIN)
    assert "동의어 추가" in reply.plain_text
    reply = await ask(fake, ADMIN, "/synonym list", user=ADMIN)
    assert "인간형, 휴머노이드" in reply.plain_text
    reply = await ask(fake, 121, "인간형 분야에 접목하는 방안")
    assert "<b>휴머노이드</b>" in reply.text
    reply = await ask(fake, 122, "/synonym add 가, 나", user=USER)
    assert "관리자만" in reply.plain_text


async def test_an_empty_corpus_folder_starts_with_the_sample_article(fake, tmp_path, shared_kiwi):
    empty = tmp_path / "fresh-corpus"
    async with running_bot(fake, empty, shared_kiwi, sample_corpus=True):
        reply = await ask(fake, 130, SEED_QUESTION)
        assert "머니투데이" in reply.plain_text
    assert stored_ids(empty) == ["e8d6ecacefe8538e"]
