"""The text table: both languages for every key, the same placeholders, values escaped."""
from __future__ import annotations

import string

import pytest

from bot.commands import COMMANDS
from bot.format import Html
from bot.texts import TEXTS, Lang, t
from tests.fakebot import check_telegram_html


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_in_both_languages_with_the_same_placeholders(key):
    korean, english = TEXTS[key]
    assert korean.strip() and english.strip()
    assert fields(korean) == fields(english)
    for template in (korean, english):
        filled = template.format(**{name: "x" for name in fields(template)})
        assert check_telegram_html(filled) is None, (key, filled)


def test_every_command_has_a_description():
    for command in COMMANDS:
        assert f"cmd_{command.name}" in TEXTS


@pytest.mark.parametrize(
    ("code", "lang"),
    [(None, Lang.KO), ("", Lang.KO), ("ko", Lang.KO), ("en", Lang.EN), ("en-US", Lang.EN), ("EN", Lang.EN),
     ("de", Lang.KO), ("ja", Lang.KO)],
)
def test_language_follows_the_language_code(code, lang):
    assert Lang.of(code) == lang


def test_values_are_escaped_and_stripped_of_direction_overrides():
    text = t(Lang.KO, "synonym_added", words="<b>고소</b>\u202e, 소송\u200b")
    assert text == "✅ 동의어 추가: &lt;b&gt;고소&lt;/b&gt;, 소송"
    assert t(Lang.EN, "add_failed", reason="x", usage=Html("<code>u</code>")).endswith("<code>u</code>")
    assert "👩‍👩‍👧" in t(Lang.KO, "synonym_added", words="👩‍👩‍👧")  # emoji joiners stay
