"""aiohttp plumbing: parse Bot API request parameters, build Telegram-shaped responses."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from .records import ApiError, bad

__all__ = ["coerce_param", "error_response", "json_response", "read_params"]

_INT_FIELDS = {
    "chat_id",
    "from_chat_id",
    "message_id",
    "message_thread_id",
    "reply_to_message_id",
    "offset",
    "limit",
    "user_id",
    "cache_time",
    "max_connections",
}
_FLOAT_FIELDS = {"timeout"}
_BOOL_FIELDS = {
    "disable_notification",
    "protect_content",
    "drop_pending_updates",
    "show_alert",
    "disable_web_page_preview",
    "allow_sending_without_reply",
    "allow_paid_broadcast",
    "disable_content_type_detection",
    "is_personal",
}
_JSON_FIELDS = {
    "reply_markup",
    "allowed_updates",
    "commands",
    "entities",
    "caption_entities",
    "reply_parameters",
    "link_preview_options",
    "scope",
    "message_ids",
    "menu_button",
    "results",
    "button",
}


def json_response(payload: dict, status: int = 200) -> web.Response:
    """A JSON response with non-ASCII text kept as is, like Telegram's."""
    return web.Response(
        status=status,
        text=json.dumps(payload, ensure_ascii=False),
        content_type="application/json",
    )


def error_response(err: ApiError) -> web.Response:
    """``{"ok": false, "error_code", "description"[, "parameters"]}`` with the HTTP status."""
    body: dict[str, Any] = {
        "ok": False,
        "error_code": err.code,
        "description": err.description,
    }
    if err.parameters:
        body["parameters"] = err.parameters
    return json_response(body, err.code)


def coerce_param(name: str, value: Any) -> Any:
    """Convert a form/query string to the type the named Bot API field has."""
    if isinstance(value, str):
        if name in _INT_FIELDS:
            try:
                return int(value)
            except ValueError:
                return value
        if name in _FLOAT_FIELDS:
            try:
                return float(value)
            except ValueError:
                return value
        if name in _BOOL_FIELDS:
            return value.strip().lower() in ("true", "1")
        if name in _JSON_FIELDS:
            try:
                return json.loads(value)
            except ValueError:
                if name == "reply_markup":
                    raise bad("can't parse reply keyboard markup JSON object") from None
                raise bad(f"can't parse {name} JSON object") from None
    return value


async def read_params(request: web.Request) -> dict:
    """Merge query, JSON body or (multipart) form fields; uploads become ``__file__`` dicts."""
    params: dict[str, Any] = {}
    for k, v in request.query.items():
        params[k] = v
    if request.method == "POST" and request.can_read_body:
        ctype = request.content_type
        if ctype == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise bad("can't parse JSON object") from None
            if not isinstance(body, dict):
                raise bad("JSON object expected")
            params.update(body)
        elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
            form = await request.post()
            for k, v in form.items():
                if isinstance(v, web.FileField):
                    params[k] = {
                        "__file__": True,
                        "filename": v.filename,
                        "content_type": v.content_type,
                        "content": v.file.read(),
                    }
                else:
                    params[k] = v
    return {k: coerce_param(k, v) for k, v in params.items()}
