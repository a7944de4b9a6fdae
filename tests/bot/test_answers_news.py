"""What the bot makes of issue 12's answers: small talk, wire copies, a period without articles."""
from __future__ import annotations

import asyncio

from index.engine import Engine
from index.models import Article
from index.text.tokenize import Tokenizer
from tests.bot.conftest import ADMIN, USER, running_bot

SEED_QUESTION = "머스크가 오픈AI를 고소한 진짜 이유는?"
STORY = ("한국은행 금융통화위원회가 기준금리를 연 3.50%로 동결했다고 11일 밝혔다. 금통위는 물가 상승률이 "
         "둔화하고 있지만 가계부채 증가세가 여전히 크다고 판단했다. 이창용 총재는 기자간담회에서 "
         "하반기 인하 가능성을 열어 뒀다.")
COPIES = [("연합뉴스", "(서울=연합뉴스) 홍길동 기자 = "), ("뉴스1", "(서울=뉴스1) 김철수 기자 = "), ("머니S", "")]


async def ask(fake, chat_id: int, text: str, user: int = USER, **kwargs):
    since = fake.mark()
    fake.send_text(chat_id, user, text, **kwargs)
    return await fake.wait_for(lambda r: r.chat_id == chat_id and r.method == "sendMessage", since=since, timeout=15)


async def test_small_talk_gets_a_friendly_word_or_the_help_never_passages(fake, corpus_dir, shared_kiwi):
    async with running_bot(fake, corpus_dir, shared_kiwi):
        for chat, text in ((500, "안녕하세요 반가워요"), (501, "고마워"), (502, "ㅋㅋㅋ"), (503, "뭐해?")):
            reply = await ask(fake, chat, text)
            assert "[1]" not in reply.plain_text and "머니투데이" not in reply.plain_text, (text, reply.plain_text)
        assert "/ask" in (await ask(fake, 504, "help")).plain_text  # the help text
        answer = await ask(fake, -600, f"@{fake.bot_username} {SEED_QUESTION}", chat_type="group")
        assert "[1]" in answer.plain_text
        since = fake.mark()
        fake.send_text(-600, USER, "고마워!", chat_type="group", reply_to_message_id=answer.message_id)
        await asyncio.sleep(1.5)
        assert [r for r in fake.sent[since:] if r.chat_id == -600] == []  # nothing posted in the group


async def test_wire_copies_are_shown_once_with_the_other_outlets(fake, corpus_dir, shared_kiwi):
    engine = Engine.open(corpus_dir, Tokenizer(shared_kiwi))
    engine.add_articles([Article(id="", title=f"한은, 기준금리 3.50% 동결 ({source})", text=lead + STORY,
                                 source=source, published="2024-07-11", url=f"https://news.example/{n}")
                         for n, (source, lead) in enumerate(COPIES)])
    engine.close()
    async with running_bot(fake, corpus_dir, shared_kiwi):
        reply = await ask(fake, 510, "한국은행 기준금리 동결 이유는?")
        text = reply.plain_text
        assert text.count("가계부채 증가세") == 1, text
        assert "같은 기사:" in text and sum(name in text for name, _ in COPIES) == 3, text


async def test_a_period_without_articles_says_so(fake, corpus_dir, shared_kiwi):
    async with running_bot(fake, corpus_dir, shared_kiwi):
        reply = await ask(fake, 520, "어제 머스크가 오픈AI를 고소한 이유는?")
        assert "해당하는 기사가 없습니다" in reply.plain_text
        assert "머니투데이" in reply.plain_text  # found in other dates' articles, and said so


async def test_a_passage_from_an_article_without_the_asked_name_says_so(fake, corpus_dir, shared_kiwi):
    engine = Engine.open(corpus_dir, Tokenizer(shared_kiwi))
    engine.add_articles([
        Article(id="", title="아모레퍼시픽 1분기 영업이익 27% 감소", source="가상일보", published="2026-05-09",
                text="아모레퍼시픽그룹의 1분기 영업이익이 27% 감소했다. 그룹은 올해 1분기 매출 1조6643억원과 영업이익 "
                     "2781억원을 기록했다고 9일 밝혔다. 중국인 관광객 감소와 면세 채널 부진이 실적을 끌어내렸다."),
        Article(id="", title="삼성전자, 새 스마트폰 공개", source="가상일보", published="2026-05-10",
                text="삼성전자가 10일 서울에서 새 스마트폰을 공개했다. 새 제품은 카메라와 배터리 성능을 크게 높였다. "
                     "회사는 다음 달부터 국내에서 판매를 시작한다."),
    ])
    engine.close()
    async with running_bot(fake, corpus_dir, shared_kiwi):
        reply = await ask(fake, 530, "삼성전자 1분기 영업이익 얼마야?")
        assert "아모레퍼시픽" in reply.plain_text and "이 기사에 없는 말: 삼성전자" in reply.plain_text, reply.plain_text
        seed = await ask(fake, 531, SEED_QUESTION)
        assert "없는 말" not in seed.plain_text
