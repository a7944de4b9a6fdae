"""``/synonym add 고소, 소송`` and ``/synonym list``: the corpus's synonyms file from the chat."""
from __future__ import annotations

from bot import format as fmt

USAGE = "사용법: <code>/synonym add 고소, 소송, 제소</code> 또는 <code>/synonym list</code>"


def synonym_command(engine, args: str) -> str:
    action, _, rest = args.strip().partition(" ")
    if action == "list":
        groups = engine.synonyms.to_text().strip().splitlines()
        groups = [g for g in groups if g.strip() and not g.startswith("#")]
        shown = "\n".join(fmt.escape(g) for g in groups[-60:])
        return f"<b>동의어 {len(groups)}줄</b> ({fmt.escape(str(engine.synonyms_path))})\n{shown}"
    if action == "add":
        words = [w.strip() for w in rest.replace("，", ",").split(",") if w.strip()]
        if len(words) < 2:
            return USAGE
        if not engine.add_synonyms(words):
            return f"이미 있는 동의어입니다: {fmt.escape(', '.join(words))}"
        return f"✅ 동의어 추가: {fmt.escape(', '.join(words))}"
    return USAGE
