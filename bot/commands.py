"""Bot commands, shared by Telegram and the console chat.

``COMMANDS`` is the one list of commands: it feeds the menus (``setMyCommands``),
the dispatcher and ``/help``. :func:`parse_command` is the one parser of a
slash command, and :meth:`Commands.gate` the one check of who may run what
and whether the index is loaded.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from bot import format as fmt
from bot.admin_views import AdminViews
from bot.corpus_commands import CorpusCommands, Upload
from bot.feed_commands import FeedCommands
from bot.service import Reply, Service, StatusSink, User
from bot.state import StoredAnswer
from bot.texts import Lang, t
from index.models import SmallTalk
from index.query.smalltalk import small_talk

_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+|$)(.*)$", re.DOTALL)


class Command(NamedTuple):
    name: str
    admin: bool
    example: str
    needs_index: bool = True


COMMANDS: tuple[Command, ...] = (
    Command("ask", False, "/ask 머스크가 오픈AI를 고소한 이유는?"),
    Command("help", False, "/help", needs_index=False),
    Command("start", False, "/start", needs_index=False),
    Command("add", True, "/add https://news.example/article"),
    Command("list", True, "/list 2"),
    Command("remove", True, "/remove e8d6ecacefe8538e"),
    Command("stats", True, "/stats"),
    Command("reload", True, "/reload"),
    Command("feedback", True, "/feedback", needs_index=False),
    Command("synonym", True, "/synonym add 고소, 소송"),
    Command("feed", True, "/feed add https://www.yna.co.kr/rss/economy.xml"),
)
BY_NAME = {c.name: c for c in COMMANDS}


class CommandCall(NamedTuple):
    name: str  # lower case
    target: str | None  # the bot named in /cmd@bot, if any
    args: str


class Outcome(NamedTuple):
    replies: list[Reply]
    answer: StoredAnswer | None = None  # set when the replies are an answer to a question


def parse_command(text: str) -> CommandCall | None:
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    return CommandCall(match.group(1).lower(), match.group(2), match.group(3))


def description(command: Command, lang: Lang) -> str:
    return fmt.strip_html(t(lang, f"cmd_{command.name}"))


def visible_commands(is_admin: bool) -> list[Command]:
    return [c for c in COMMANDS if is_admin or not c.admin]


def help_text(lang: Lang, is_admin: bool, bot_username: str | None) -> str:
    """Every command ``is_admin`` may use, with an example; inline mode when there is a bot to name."""
    lines = [t(lang, "help_title"), t(lang, "help_intro")]
    if bot_username:
        lines.append(t(lang, "help_inline", username=bot_username))
    lines.append("")
    for command in visible_commands(is_admin):
        lines.append(f"/{command.name} — {fmt.escape(description(command, lang))}")
        lines.append(f"   <code>{fmt.escape(command.example)}</code>")
    return "\n".join(lines)


class Commands:
    def __init__(self, service: Service, bot_username: str | None = None):
        self.service = service
        self.bot_username = bot_username
        self.corpus = CorpusCommands(service)
        self.views = AdminViews(service)
        self.feeds = FeedCommands(service)

    def gate(self, command: Command, user: User) -> str | None:
        """Why ``user`` may not run ``command`` now (admins only, index still loading), or None."""
        if command.admin and not user.is_admin:
            return t(user.lang, "admin_only")
        if command.needs_index and not self.service.ready:
            return t(user.lang, "loading")
        return None

    async def run(self, name: str, args: str, user: User, status: StatusSink) -> Outcome:
        command = BY_NAME.get(name)
        if command is None:
            return Outcome([Reply(t(user.lang, "unknown_command"))])
        refusal = self.gate(command, user)
        if refusal:
            return Outcome([Reply(refusal)])
        if name in ("help", "start"):
            return Outcome([Reply(help_text(user.lang, user.is_admin, self.bot_username))])
        if name == "ask":
            talk = small_talk(fmt.strip_format(args))
            if talk is not None:
                return Outcome(self.chat_reply(talk, user))
            answered = await self.service.ask(args, user)
            return Outcome(answered.replies, answered.answer)
        args = args.strip()
        if name == "add":
            return Outcome([Reply(await self.corpus.add(args, user.lang, status))])
        if name == "list":
            return Outcome([Reply(await self.corpus.list(args, user.lang))])
        if name == "remove":
            return Outcome([Reply(await self.corpus.remove(args, user.lang))])
        if name == "feed":
            return Outcome([Reply(await self.feeds.run(args, user, status))])
        return Outcome([Reply(await self.views.run(name, args, user.lang))])

    def chat_reply(self, talk: SmallTalk, user: User) -> list[Reply]:
        """Small talk is not a question: a friendly word or the help, never news passages.

        In a group, thanks, laughter and chit-chat (often a reply to the bot's answer) get nothing.
        """
        if talk is SmallTalk.HELP:
            return [Reply(help_text(user.lang, user.is_admin, self.bot_username))]
        if not user.private and talk is not SmallTalk.GREETING:
            return []
        return [Reply(t(user.lang, f"smalltalk_{talk.value}"))]

    async def upload(self, upload: Upload, user: User, status: StatusSink) -> str:
        """A file sent with the caption ``/add``: the outcome, which the status message shows."""
        refusal = self.gate(BY_NAME["add"], user)
        if refusal:
            return refusal
        return await self.corpus.upload(upload, user.lang, status)

