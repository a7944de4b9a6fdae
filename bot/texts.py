"""What the bot says, in Korean and English (English when the question is English)."""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    "ko": {
        "no_hits": "관련 기사를 찾지 못했습니다.",
        "no_hits_hint": "다른 표현이나 구체적인 이름(인물, 회사, 사건)으로 다시 물어봐 주세요. 관리자는 /add 로 기사를 추가할 수 있습니다.",
        "empty_question": "질문을 입력해 주세요. 예: <code>/ask 머스크가 오픈AI를 고소한 이유는?</code>",
        "too_long": "질문이 너무 깁니다({length}자). {limit}자 이내로 핵심만 물어봐 주세요.",
        "slow_down": "질문이 너무 빠르게 이어지고 있습니다. {seconds}초 후에 다시 물어봐 주세요.",
        "more": "더 보기 ▸",
        "no_more": "더 보여드릴 결과가 없습니다.",
        "expired": "이 답변은 만료되었습니다. 질문을 다시 보내 주세요.",
        "thanks": "의견 감사합니다!",
        "page": "{page}쪽",
        "admin_only": "이 명령은 관리자만 사용할 수 있습니다.",
        "unknown_command": "알 수 없는 명령입니다. /help 로 사용법을 확인하세요.",
        "error": "죄송합니다. 처리 중 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.",
        "loading": "기사 색인을 불러오는 중입니다. 잠시 후 다시 물어봐 주세요.",
    },
    "en": {
        "no_hits": "No related article found.",
        "no_hits_hint": "Try other words or a specific name (person, company, event). Admins can add articles with /add.",
        "empty_question": "Please type a question, e.g. <code>/ask why did Musk sue OpenAI?</code>",
        "too_long": "Your question is too long ({length} characters). Please keep it under {limit}.",
        "slow_down": "You are asking very fast. Please try again in {seconds} s.",
        "more": "More ▸",
        "no_more": "No more results.",
        "expired": "This answer has expired. Please send the question again.",
        "thanks": "Thanks for the feedback!",
        "page": "page {page}",
        "admin_only": "Only admins can use this command.",
        "unknown_command": "Unknown command. See /help.",
        "error": "Sorry, something went wrong. Please try again later.",
        "loading": "The article index is still loading. Please ask again in a moment.",
    },
}


def t(lang: str, key: str, **values) -> str:
    table = TEXTS.get(lang, TEXTS["ko"])
    return table.get(key, TEXTS["ko"][key]).format(**values)
