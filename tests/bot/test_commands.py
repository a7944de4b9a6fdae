"""Commands offline: the one parser, the one gate, help by role, the admin views."""
from __future__ import annotations

import re

from bot.admin_views import STAT_LABELS
from bot.commands import BY_NAME, COMMANDS, CommandCall, Commands, help_text, parse_command
from bot.corpus_commands import DownloadError, Upload
from bot.service import Service, User
from bot.texts import Lang
from tests.bot.conftest import ADMIN, offline_settings

ADMIN_KO = User(id=ADMIN, chat_id=ADMIN, is_admin=True, lang=Lang.KO)
ADMIN_EN = ADMIN_KO._replace(lang=Lang.EN)
USER_KO = User(id=7, chat_id=7, is_admin=False, lang=Lang.KO)


class Statuses:
    def __init__(self):
        self.shown: list[str] = []

    async def __call__(self, text: str) -> None:
        self.shown.append(text)


async def run(commands: Commands, text: str, user: User = ADMIN_KO) -> str:
    call = parse_command(text)
    outcome = await commands.run(call.name, call.args, user, Statuses())
    return "\n".join(r.text for r in outcome.replies)


def test_one_parser():
    assert parse_command("/ask@NewsQA_bot  질문\n둘째 줄") == CommandCall("ask", "NewsQA_bot", "질문\n둘째 줄")
    assert parse_command("/HELP") == CommandCall("help", None, "")
    assert parse_command("질문") is None and parse_command("/") is None and parse_command("/가나") is None


async def test_the_gate_refuses_non_admins_and_waits_for_the_index(corpus_dir):
    loading = Commands(Service(offline_settings(corpus_dir)))
    assert "불러오는 중" in await run(loading, "/ask 질문", USER_KO)
    assert "관리자만" in await run(loading, "/stats", USER_KO)  # who comes before whether
    assert "불러오는 중" in await run(loading, "/stats")
    assert "/ask" in await run(loading, "/help", USER_KO)  # help needs no index
    assert "알 수 없는" in await run(loading, "/nope", USER_KO)
    upload = Upload("a.txt", 10, fetch=None)
    assert "관리자만" in await loading.upload(upload, USER_KO, Statuses())


def test_help_shows_admin_commands_to_admins_only_in_both_languages():
    for lang in Lang:
        for is_admin in (True, False):
            text = help_text(lang, is_admin, "newsqa_bot")
            listed = set(re.findall(r"^/(\w+) —", text, flags=re.MULTILINE))
            assert listed == {c.name for c in COMMANDS if is_admin or not c.admin}, (lang, is_admin)
    assert "@newsqa_bot" in help_text(Lang.KO, False, "newsqa_bot")
    assert "@" not in help_text(Lang.KO, False, None)  # the console has no inline mode


async def test_stats_in_korean_without_paths(service):
    commands = Commands(service)
    text = await run(commands, "/stats")
    assert "기사: 1" in text and "문장: 15" in text and "형태소 분석기 버전" in text
    assert str(service.settings.corpus_dir) not in text and "corpus" not in text
    assert "sentence" not in text
    assert set(service.engine.stats().model_dump()) == set(STAT_LABELS)  # a new figure needs a label
    assert "articles: 1" in await run(commands, "/stats", ADMIN_EN)


async def test_synonym_add_list_remove(service):
    commands = Commands(service)
    assert "동의어 추가" in await run(commands, "/synonym add 인간형, 휴머노이드")
    assert "이미 있는" in await run(commands, "/synonym add 휴머노이드，인간형")
    listed = await run(commands, "/synonym list")
    assert "인간형, 휴머노이드" in listed and str(service.engine.synonyms_path) not in listed
    assert "고소, 소송" in listed  # the defaults are listed too, all of them
    assert "동의어 삭제" in await run(commands, "/synonym remove 휴머노이드, 인간형")
    assert "없습니다" in await run(commands, "/synonym remove 휴머노이드, 인간형")
    assert "인간형" not in await run(commands, "/synonym list")
    assert "사용법" in await run(commands, "/synonym remove 하나")
    assert "Usage" in await run(commands, "/synonym", ADMIN_EN)


async def test_remove_names_the_article(service):
    commands = Commands(service)
    assert "사용법" in await run(commands, "/remove ../../etc/passwd")
    removed = await run(commands, "/remove e8d6ecacefe8538e")
    assert "삭제됨" in removed and "머스크가 오픈AI 소송한 진짜 이유" in removed
    assert "기사가 없습니다" in await run(commands, "/remove e8d6ecacefe8538e")


async def test_add_text_and_usage(service):
    commands = Commands(service)
    assert "사용법" in await run(commands, "/add")
    added = await run(commands, "/add\n한빛시 축제 개막\n출처: 한빛일보\n한빛시 가을 축제가 10일 개막해 사흘 동안 열린다.")
    assert "✅ 추가됨" in added and "추가 1 · 중복 0 · 건너뜀 0" in added
    assert "added 0 · duplicates 1" in await run(
        commands, "/add\n한빛시 축제 개막\n출처: 한빛일보\n한빛시 가을 축제가 10일 개막해 사흘 동안 열린다.", ADMIN_EN)


async def test_uploads_report_every_outcome_in_the_status(service):
    commands = Commands(service)

    async def broken() -> bytes:
        raise DownloadError("Bad Gateway")

    async def lines() -> bytes:
        return '{"id": "u1", "title": "업로드 기사", "text": "업로드한 기사 본문입니다. 두 문장입니다."}\n'.encode()

    statuses = Statuses()
    failed = await commands.upload(Upload("news.jsonl", 100, broken), ADMIN_KO, statuses)
    assert statuses.shown == ["📥 파일을 내려받는 중…"] and "내려받지 못했습니다: Bad Gateway" in failed
    assert "지원하지 않는" in await commands.upload(Upload("x.pdf", 10, lines), ADMIN_KO, Statuses())
    assert "20MB" in await commands.upload(Upload("x.txt", 30 * 1024 * 1024, lines), ADMIN_KO, Statuses())
    done = await commands.upload(Upload("news.jsonl", 100, lines), ADMIN_KO, statuses)
    assert "추가 1" in done and statuses.shown[-1] == "📥 1건 가져오는 중…"
    assert BY_NAME["add"].admin
