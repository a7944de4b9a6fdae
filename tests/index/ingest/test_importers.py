"""Reading articles from files: JSON Lines keep articles whose text holds Unicode line separators."""
from __future__ import annotations

import json

from index.ingest.importers import parse_bytes


def test_json_lines_split_on_newlines_only():
    """JSON allows raw U+2028, U+2029, U+0085 and \\x1c inside strings; real exports have them."""
    texts = ["첫 문장이다.\u2028둘째 문장이다.", "문단\u2029다음 문단", "a\x85b 기사 본문", "구분\x1c문자 본문입니다"]
    lines = [json.dumps({"title": f"제목 {i}", "text": t}, ensure_ascii=False) for i, t in enumerate(texts)]
    data = ("\r\n".join(lines) + "\n").encode("utf-8")
    parsed = list(parse_bytes(data, "export.jsonl"))
    assert [p.error for p in parsed] == [""] * 4
    assert [p.article.text for p in parsed] == texts
    assert [p.where for p in parsed] == [f"export.jsonl:{n}" for n in range(1, 5)]
