"""A fake Telegram Bot API server (aiohttp, 127.0.0.1 only) for end-to-end bot tests.

Point a python-telegram-bot ``Bot``/``Application`` at it with
``base_url=fake.base_url`` and ``base_file_url=fake.base_file_url``; drive it as a user
with :meth:`FakeTelegram.send_text` / :meth:`send_document` / :meth:`press_button` /
:meth:`send_photo` / :meth:`edit_text` / :meth:`send_inline_query` …, and
observe what the bot did through :attr:`FakeTelegram.sent` / :meth:`wait_for` /
:attr:`calls`. Responses and error descriptions are shaped like Telegram's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .driving_more import MoreDrivingMixin
from .faults import FaultInjectionMixin
from .http_io import error_response, json_response, read_params
from .methods_bot import BotMethodsMixin
from .methods_files import FileMethodsMixin
from .methods_inline import InlineMethodsMixin
from .methods_messages import MessageMethodsMixin
from .methods_updates import UpdateMethodsMixin
from .observing import ObservingMixin
from .records import ApiError, SentRecord
from .webhook import WebhookMixin

__all__ = ["ApiError", "FakeTelegram", "SentRecord"]


class FakeTelegram(
    MessageMethodsMixin,
    FileMethodsMixin,
    InlineMethodsMixin,
    WebhookMixin,
    UpdateMethodsMixin,
    BotMethodsMixin,
    MoreDrivingMixin,
    ObservingMixin,
    FaultInjectionMixin,
):
    """Fake Telegram Bot API server. See module docstring and the tests for usage.

    The behaviour lives in mixins: :mod:`.state` (users, chats, messages, files, update
    queue), :mod:`.driving` (acting as a user), :mod:`.observing` (what the bot did),
    :mod:`.faults` (injected failures), :mod:`.validation` and the ``methods_*`` modules
    (Bot API method handlers). This class wires them to an aiohttp app.
    """

    def __init__(
        self,
        token: str = "123456:TEST-token",
        bot_username: str = "newsqa_bot",
        bot_id: int = 999,
        *,
        bot_first_name: str = "NewsQA",
        strict_html: bool = True,
        supports_inline_queries: bool = True,
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        self.bot_id = bot_id
        self.bot_first_name = bot_first_name
        self.strict_html = strict_html
        self.supports_inline_queries = supports_inline_queries
        self.port: int | None = None
        self.base_url = ""
        self.base_file_url = ""

        self._init_state()
        self._init_faults()
        self._init_webhook()
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None

        self._methods: dict[str, Callable[[dict], Any]] = {
            "getme": self._m_get_me,
            "logout": self._m_true,
            "close": self._m_true,
            "getupdates": self._m_get_updates,
            "setwebhook": self._m_set_webhook,
            "deletewebhook": self._m_delete_webhook,
            "getwebhookinfo": self._m_get_webhook_info,
            "setmycommands": self._m_set_my_commands,
            "getmycommands": self._m_get_my_commands,
            "deletemycommands": self._m_delete_my_commands,
            "setmydescription": self._m_true,
            "setmyshortdescription": self._m_true,
            "setmyname": self._m_true,
            "setchatmenubutton": self._m_true,
            "getchat": self._m_get_chat,
            "sendmessage": self._m_send_message,
            "editmessagetext": self._m_edit_message_text,
            "editmessagereplymarkup": self._m_edit_message_reply_markup,
            "answercallbackquery": self._m_answer_callback_query,
            "answerinlinequery": self._m_answer_inline_query,
            "sendchataction": self._m_send_chat_action,
            "deletemessage": self._m_delete_message,
            "deletemessages": self._m_delete_messages,
            "getfile": self._m_get_file,
            "senddocument": self._m_send_document,
        }

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        """Bind 127.0.0.1 on a free port and serve."""
        self._closing = False
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._dispatch)
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=0.5
        )
        await self._runner.setup()
        self._site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await self._site.start()
        self.port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{self.port}/bot"
        self.base_file_url = f"http://127.0.0.1:{self.port}/file/bot"

    async def stop(self) -> None:
        """Wake pending long polls (they answer ``[]``) and shut the server down."""
        self._closing = True
        self._notify()
        await self._stop_webhook()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self._site = None

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    # ------------------------------------------------------------------ HTTP dispatch
    async def _dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith("/file/bot"):
            return await self._serve_file(request, path[len("/file/bot") :])
        if not path.startswith("/bot"):
            return error_response(ApiError(404, "Not Found"))
        token, sep, method = path[len("/bot") :].partition("/")
        if not sep or not method or "/" in method:
            return error_response(ApiError(404, "Not Found"))
        if token != self.token:
            return error_response(ApiError(401, "Unauthorized"))
        try:
            params = await read_params(request)
        except ApiError as err:
            self.calls.append((method, {}))
            return error_response(err)
        self.calls.append((method, params))
        lname = method.lower()
        polling = lname == "getupdates"
        if not polling:
            self._inflight += 1
            self._last_activity = time.monotonic()
        self._notify()
        try:
            handler = self._methods.get(lname)
            if handler is None:
                return error_response(ApiError(404, "Not Found: method not found"))
            fault = self._take_fault(lname, params)
            try:
                if fault is not None and not fault.processed:
                    if fault.delay:
                        await self._sleep(fault.delay)
                    if fault.status not in (None, 200):
                        return error_response(self._fault_error(fault))
                result = await handler(params)
                if fault is not None and fault.processed:
                    if fault.delay:
                        await self._sleep(fault.delay)
                    if fault.status not in (None, 200):
                        return error_response(self._fault_error(fault))
            except ApiError as err:
                return error_response(err)
            return json_response({"ok": True, "result": result})
        finally:
            if not polling:
                self._inflight -= 1
                self._last_activity = time.monotonic()
            self._notify()

    async def _serve_file(self, request: web.Request, rest: str) -> web.StreamResponse:
        token, sep, file_path = rest.partition("/")
        if token != self.token:
            return error_response(ApiError(401, "Unauthorized"))
        self.downloads.append(file_path)
        self._notify()
        fault = self._take_fault("download", {"file_path": file_path})
        if fault is not None:
            if fault.delay:
                await self._sleep(fault.delay)
            if fault.status not in (None, 200):
                return error_response(self._fault_error(fault))
        f = self._files_by_path.get(file_path)
        if f is None:
            return error_response(ApiError(404, "Not Found"))
        return web.Response(
            body=f.content, content_type=f.mime_type or "application/octet-stream"
        )
