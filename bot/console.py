"""The bot as a chat in the terminal: same pipeline, no Telegram needed."""
from __future__ import annotations

import asyncio
import sys
import time

from bot import format as fmt
from bot.commands import Commands
from bot.service import Reply, Service, User

CONSOLE_USER = User(id=0, chat_id=0, is_admin=True)  # the person at the keyboard runs the bot
BANNER = """\
뉴스 질문응답 봇 — 콘솔 모드 (console chat)
TELEGRAM_BOT_TOKEN이 설정되지 않아 터미널에서 실행합니다. 텔레그램에서 쓰려면 .env 에
TELEGRAM_BOT_TOKEN=… 을 넣으세요 (.env.example 참고).
No TELEGRAM_BOT_TOKEN set, so the bot runs here; put one in .env to run it on Telegram.

질문을 입력하세요 (type a question). 명령: /help, /more (더 보기), /up /down (의견), /quit
/add 뒤에 줄을 바꿔 제목과 본문을 쓰고 마지막 줄에 . 만 입력하면 기사가 추가됩니다.
"""


class Console:
    def __init__(self, service: Service, out=sys.stdout):
        self.service = service
        self.commands = Commands(service)
        self.out = out
        self.buttons: dict[str, str] = {}

    def show(self, replies: list[Reply]) -> None:
        for reply in replies:
            print(fmt.strip_html(reply.text), file=self.out)
            self.buttons = {}
            for row in reply.buttons:
                for button in row:
                    if button.data.startswith("m:"):
                        self.buttons["/more"] = button.data
                    elif button.data.endswith(":u"):
                        self.buttons["/up"] = button.data
                    elif button.data.endswith(":d"):
                        self.buttons["/down"] = button.data
            if self.buttons:
                print("   [" + " · ".join(sorted(self.buttons)) + "]", file=self.out)
        print(file=self.out, flush=True)

    async def status(self, text: str) -> None:
        print(fmt.strip_html(text), file=self.out, flush=True)

    async def press(self, name: str) -> None:
        data = self.buttons.get(name)
        if data is None:
            print("(없음 — nothing to do)\n", file=self.out, flush=True)
            return
        parts = data.split(":")
        if parts[0] == "m":
            reply = await self.service.more(parts[1], int(parts[2]))
            self.show([reply] if reply else [Reply("만료되었습니다.")])
        else:
            print(await self.service.vote(parts[1], int(parts[2]), parts[3], CONSOLE_USER) + "\n", file=self.out)

    async def handle(self, line: str, more_lines) -> bool:
        """Handle one input line; False to quit."""
        text = line.strip()
        if text in ("/quit", "/exit", "quit", "exit"):
            return False
        if text in ("/more", "/up", "/down"):
            await self.press(text)
            return True
        if text.startswith("/"):
            name, _, args = text[1:].partition(" ")
            if name == "add" and not args.strip():
                args = await more_lines()
            started = time.perf_counter()
            replies = await self.commands.run(name.split("@")[0].lower(), args, CONSOLE_USER, self.status)
        elif text:
            started = time.perf_counter()
            replies = await self.service.ask(text, CONSOLE_USER)
        else:
            return True
        self.show(replies)
        print(f"   ({(time.perf_counter() - started) * 1000:.0f} ms)\n", file=self.out, flush=True)
        return True


async def _read_line(prompt: str = "") -> str | None:
    if prompt and sys.stdin.isatty():
        print(prompt, end="", flush=True)
    line = await asyncio.to_thread(sys.stdin.readline)
    return line if line else None


async def _read_article() -> str:
    print("제목, (출처:/날짜:/URL:), 본문을 입력하고 . 한 줄로 끝내세요:", flush=True)
    lines = []
    while (line := await _read_line()) is not None and line.strip() != ".":
        lines.append(line.rstrip("\n"))
    return "\n".join(lines)


async def chat(service: Service) -> int:
    print(BANNER, flush=True)
    print("기사 색인을 불러오는 중… (loading Kiwi and the index)", flush=True)
    started = time.perf_counter()
    await service.start()
    engine = service.engine
    print(
        f"준비됐습니다: 기사 {engine.store.count()}건, 문장 {engine.sentences.n_alive}개 "
        f"({service.settings.corpus_dir}, {time.perf_counter() - started:.1f} s)\n",
        flush=True,
    )
    console = Console(service)
    while (line := await _read_line("질문> ")) is not None:
        if not await console.handle(line, _read_article):
            break
    return 0


def run_console(settings, service: Service) -> int:
    try:
        return asyncio.run(chat(service))
    except KeyboardInterrupt:
        print("\n안녕히 가세요.")
        return 0
