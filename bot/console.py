"""The bot as a chat in the terminal: the same Commands, the same button codec, no Telegram needed."""
from __future__ import annotations

import asyncio
import sys
import time

from bot import format as fmt
from bot.callbacks import PageData, VoteData, parse_callback
from bot.commands import Commands, parse_command
from bot.service import Reply, Service, User
from bot.texts import Lang, t

CONSOLE_USER = User(id=0, chat_id=0, is_admin=True, lang=Lang.KO, private=True)  # the person at the keyboard runs the bot
QUIT = ("/quit", "/exit", "quit", "exit")
PRESSES = ("/more", "/prev", "/up", "/down")


def button_names(replies: list[Reply]) -> dict[str, str]:
    """Console names of the last reply's buttons (/more, /prev, /up, /down) and their callback data."""
    buttons = [b for reply in replies[-1:] for row in reply.buttons for b in row]
    parsed = [(parse_callback(b.data), b.data) for b in buttons]
    current = next((d.page for d, _ in parsed if isinstance(d, VoteData)), 0)
    names = {}
    for data, raw in parsed:
        if isinstance(data, VoteData):
            names["/up" if data.vote == "up" else "/down"] = raw
        elif isinstance(data, PageData):
            names["/more" if data.page > current else "/prev"] = raw
    return names


class Console:
    def __init__(self, service: Service, out=sys.stdout):
        self.service = service
        self.commands = Commands(service)
        self.out = out
        self.buttons: dict[str, str] = {}

    def say(self, text: str) -> None:
        print(fmt.strip_html(text), file=self.out, flush=True)

    def show(self, replies: list[Reply]) -> None:
        for reply in replies:
            self.say(reply.text)
        if not replies:  # on Telegram silence is right (a flood is warned once); here it would look like a hang
            self.say(t(CONSOLE_USER.lang, "console_silent"))
        if replies:
            self.buttons = button_names(replies)
        if self.buttons:
            self.say("   [" + " · ".join(sorted(self.buttons)) + "]")
        print(file=self.out, flush=True)

    async def status(self, text: str) -> None:
        self.say(text)

    async def press(self, name: str) -> None:
        data = parse_callback(self.buttons.get(name))
        if isinstance(data, VoteData):
            outcome = await self.service.vote(data, CONSOLE_USER)
            self.say(outcome.text + "\n")
            return
        reply = await self.service.page(data, CONSOLE_USER) if data is not None else None
        if reply is None:
            self.say(t(CONSOLE_USER.lang, "console_no_button") + "\n")
            return
        self.show([reply])

    async def handle(self, line: str, more_lines) -> bool:
        """Handle one input line; False to quit."""
        text = line.strip()
        if text in QUIT:
            return False
        if text in PRESSES:
            await self.press(text)
            return True
        if not text:
            return True
        started = time.perf_counter()
        call = parse_command(text)
        if call is None:
            outcome = await self.commands.run("ask", text, CONSOLE_USER, self.status)
        else:
            args = call.args
            if call.name == "add" and not args.strip():
                args = await more_lines()
            outcome = await self.commands.run(call.name, args, CONSOLE_USER, self.status)
        self.show(outcome.replies)
        self.say(f"   ({(time.perf_counter() - started) * 1000:.0f} ms)\n")
        return True


async def _read_line(prompt: str = "") -> str | None:
    if prompt and sys.stdin.isatty():
        print(prompt, end="", flush=True)
    line = await asyncio.to_thread(sys.stdin.readline)
    return line if line else None


async def _read_article() -> str:
    print(fmt.strip_html(t(CONSOLE_USER.lang, "console_article_prompt")), flush=True)
    lines = []
    while (line := await _read_line()) is not None and line.strip() != ".":
        lines.append(line.rstrip("\n"))
    return "\n".join(lines)


async def chat(service: Service) -> int:
    lang = CONSOLE_USER.lang
    print(fmt.strip_html(t(lang, "console_banner")), flush=True)
    print(fmt.strip_html(t(lang, "console_loading")), flush=True)
    started = time.perf_counter()
    await service.start()
    engine = service.engine
    ready = t(lang, "console_ready", articles=engine.store.count(), sentences=engine.sentences.n_alive,
              folder=str(service.settings.corpus_dir), seconds=f"{time.perf_counter() - started:.1f}")
    print(fmt.strip_html(ready), flush=True)
    console = Console(service)
    while (line := await _read_line("질문> ")) is not None:
        if not await console.handle(line, _read_article):
            break
    return 0


def run_console(settings, service: Service) -> int:
    try:
        return asyncio.run(chat(service))
    except KeyboardInterrupt:
        print("\n" + fmt.strip_html(t(CONSOLE_USER.lang, "console_bye")))
        return 0
