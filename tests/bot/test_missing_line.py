"""The line under a passage whose article never says a name the question gave."""
from __future__ import annotations

from bot.format import hit_block, missing_line
from bot.state import ShownHit


def shown(**fields) -> ShownHit:
    return ShownHit(article_id="a", title="아모레 1분기 실적", source="가상일보", passage="영업이익이 줄었다.", **fields)


def test_the_missing_names_are_listed_escaped_in_the_users_language():
    assert missing_line(["삼성전자"]) == "<i>이 기사에 없는 말: 삼성전자</i>"
    assert missing_line(["삼성전자", "<LG>"], "en") == "<i>Not in this article: 삼성전자, &lt;LG&gt;</i>"
    assert missing_line([]) == ""


def test_a_hit_block_shows_the_line_only_when_a_name_is_missing():
    block = hit_block(1, shown(missing=["삼성전자"]))
    assert block.endswith("\n   <i>이 기사에 없는 말: 삼성전자</i>") and "가상일보" in block
    assert "없는 말" not in hit_block(1, shown())
    older = '{"article_id": "a", "title": "t", "passage": "p", "also": []}'  # stored before the field existed
    assert ShownHit.model_validate_json(older).missing == []
