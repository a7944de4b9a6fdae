"""Everything the bot says, in Korean and English, as Telegram HTML templates.

The language follows the Telegram user's ``language_code`` (``en…`` is English,
everything else Korean); see :meth:`Lang.of`. Values put into a template are
escaped (and stripped of direction overrides) unless they are :class:`Html`.
"""
from __future__ import annotations

from enum import StrEnum

from bot.format import Html, echo


class Lang(StrEnum):
    KO = "ko"
    EN = "en"

    @classmethod
    def of(cls, language_code: str | None) -> "Lang":
        """The bot's language for a Telegram ``language_code`` (Korean unless it is English)."""
        return cls.EN if (language_code or "").lower().split("-")[0] == "en" else cls.KO


TEXTS: dict[str, tuple[str, str]] = {
    # ---- answers -----------------------------------------------------------------------
    "no_hits": ("관련 기사를 찾지 못했습니다.", "No related article found."),
    "no_hits_hint": (
        "다른 표현이나 구체적인 이름(인물, 회사, 사건)으로 다시 물어봐 주세요. 관리자는 /add 로 기사를 추가할 수 있습니다.",
        "Try other words or a specific name (person, company, event). Admins can add articles with /add.",
    ),
    "empty_question": (
        "질문을 입력해 주세요. 예: <code>/ask 머스크가 오픈AI를 고소한 이유는?</code>",
        "Please type a question, e.g. <code>/ask why did Musk sue OpenAI?</code>",
    ),
    "too_long": (
        "질문이 너무 깁니다({length}자). {limit}자 이내로 핵심만 물어봐 주세요.",
        "Your question is too long ({length} characters). Please keep it under {limit}.",
    ),
    "slow_down": (
        "질문이 너무 빠르게 이어지고 있습니다. {seconds}초 후에 다시 물어봐 주세요.",
        "You are asking very fast. Please try again in {seconds} s.",
    ),
    "more": ("더 보기 ▸", "More ▸"),
    "prev": ("◂ 이전", "◂ Previous"),
    "page": ("{page}쪽", "page {page}"),
    "no_more": ("더 보여드릴 결과가 없습니다.", "No more results."),
    "expired": ("이 답변은 만료되었습니다. 질문을 다시 보내 주세요.", "This answer has expired. Please send the question again."),
    "vote_thanks": ("의견 감사합니다!", "Thanks for the feedback!"),
    "vote_switched": ("의견을 바꿨습니다. 감사합니다!", "Vote changed. Thanks!"),
    "vote_taken_back": ("의견을 취소했습니다.", "Vote taken back."),
    "loading": ("기사 색인을 불러오는 중입니다. 잠시 후 다시 물어봐 주세요.", "The article index is still loading. Please ask again in a moment."),
    "error": ("죄송합니다. 처리 중 오류가 발생했습니다. 잠시 후 다시 시도해 주세요.", "Sorry, something went wrong. Please try again later."),
    # ---- chats, media, inline --------------------------------------------------------------
    "admin_only": ("이 명령은 관리자만 사용할 수 있습니다.", "Only admins can use this command."),
    "unknown_command": ("알 수 없는 명령입니다. /help 로 사용법을 확인하세요.", "Unknown command. See /help."),
    "media_hint": (
        "사진·스티커·음성은 읽지 못합니다. 질문을 글로 보내 주세요.",
        "I can't read photos, stickers or voice messages. Please type your question.",
    ),
    "file_hint": (
        "파일을 추가하려면 캡션에 /add 를 적어 보내세요.",
        "To import a file, send it with the caption /add.",
    ),
    "greeting": (
        "안녕하세요! 뉴스 기사에서 답을 찾아 드리는 봇입니다. 이 그룹에서는 <code>/ask 질문</code>, "
        "<code>@{username} 질문</code>, 또는 제 메시지에 답장으로 물어보세요.",
        "Hello! I answer questions from news articles. In this group, ask with <code>/ask question</code>, "
        "<code>@{username} question</code>, or by replying to one of my messages.",
    ),
    "inline_hint": ("질문을 입력하세요 (예: 머스크 소송 이유)", "Type a question (e.g. why did Musk sue OpenAI)"),
    "inline_no_hits": ("관련 기사를 찾지 못했습니다", "No related article found"),
    "inline_loading": ("색인을 불러오는 중입니다…", "The index is loading…"),
    # ---- help ----------------------------------------------------------------------------
    "help_title": ("<b>한국어 뉴스 질문응답 봇</b>", "<b>Korean news Q&amp;A bot</b>"),
    "help_intro": (
        "개인 대화에서는 그냥 질문하고, 그룹에서는 /ask 로 물어보세요.",
        "Ask a question in a private chat, or with /ask in a group.",
    ),
    "help_inline": (
        "어느 대화에서든 <code>@{username} 질문</code> 을 입력하면 찾은 기사를 그 대화에 보낼 수 있습니다.",
        "In any chat, type <code>@{username} question</code> to send a passage there.",
    ),
    "cmd_ask": ("기사에서 답 찾기", "ask a question"),
    "cmd_help": ("사용법", "how to use the bot"),
    "cmd_start": ("시작 안내", "welcome"),
    "cmd_add": ("기사 추가 (관리자)", "add an article (admin)"),
    "cmd_list": ("기사 목록 (관리자)", "list articles (admin)"),
    "cmd_remove": ("기사 삭제 (관리자)", "remove an article (admin)"),
    "cmd_stats": ("색인 통계 (관리자)", "index figures (admin)"),
    "cmd_reload": ("기사 폴더 다시 읽기 (관리자)", "reread the corpus folder (admin)"),
    "cmd_feedback": ("사용자 의견 보기 (관리자)", "read feedback (admin)"),
    "cmd_synonym": ("동의어 관리 (관리자)", "manage synonyms (admin)"),
    "cmd_feed": ("뉴스 피드 구독 관리 (관리자)", "follow news feeds (admin)"),
    # ---- /add ------------------------------------------------------------------------------
    "add_usage": (
        "사용법:\n<code>/add\n제목\n출처: 머니투데이\n날짜: 2024-04-05\nURL: https://…\n본문…</code>\n"
        "또는 <code>/add https://뉴스/기사주소</code>, 또는 파일(.txt .md .html .jsonl)을 캡션 <code>/add</code> 와 함께 보내세요.",
        "Usage:\n<code>/add\nTitle\n출처: outlet\n날짜: 2024-04-05\nURL: https://…\nText…</code>\n"
        "or <code>/add https://news/article-url</code>, or send a file (.txt .md .html .jsonl) with the caption <code>/add</code>.",
    ),
    "add_failed": ("⚠️ 추가하지 못했습니다: {reason}\n\n{usage}", "⚠️ Could not add it: {reason}\n\n{usage}"),
    "fetching": ("🌐 가져오는 중… {url}", "🌐 Fetching… {url}"),
    "fetch_failed": ("⚠️ 기사를 가져오지 못했습니다: {reason}", "⚠️ Could not fetch the article: {reason}"),
    "added": ("✅ 추가됨 <code>{id}</code> {title} ({sentences}문장)", "✅ added <code>{id}</code> {title} ({sentences} sentences)"),
    "duplicate": ("↩️ 이미 있음 <code>{id}</code> {title}", "↩️ already there <code>{id}</code> {title}"),
    "skipped": ("⚠️ 건너뜀: {reason}", "⚠️ skipped: {reason}"),
    "add_summary": ("추가 {added} · 중복 {duplicate} · 건너뜀 {skipped}", "added {added} · duplicates {duplicate} · skipped {skipped}"),
    "downloading": ("📥 파일을 내려받는 중…", "📥 Downloading the file…"),
    "download_failed": ("⚠️ 파일을 내려받지 못했습니다: {reason}", "⚠️ Could not download the file: {reason}"),
    "importing": ("📥 {count}건 가져오는 중…", "📥 Importing {count} articles…"),
    "import_progress": ("📥 가져오는 중… {done}/{total}", "📥 Importing… {done}/{total}"),
    "unsupported_file": ("지원하지 않는 파일 형식입니다. 지원: {kinds}", "Unsupported file type. Supported: {kinds}"),
    "file_too_big": (
        "파일이 너무 큽니다. 텔레그램 봇은 20MB까지만 내려받을 수 있습니다.",
        "The file is too big: Telegram bots can download at most 20 MB.",
    ),
    # ---- /list /remove /reload /stats /feedback ------------------------------------------------
    "list_header": ("<b>기사 {count}건</b> ({page}/{pages}쪽)", "<b>{count} articles</b> (page {page}/{pages})"),
    "list_next": ("다음: /list {page}", "next: /list {page}"),
    "remove_usage": ("사용법: <code>/remove 기사ID</code> (ID는 /list 에서 확인)", "Usage: <code>/remove ARTICLE_ID</code> (ids are in /list)"),
    "remove_missing": ("⚠️ <code>{id}</code> 기사가 없습니다.", "⚠️ There is no article <code>{id}</code>."),
    "removed": ("🗑 삭제됨 <code>{id}</code> {title}", "🗑 removed <code>{id}</code> {title}"),
    "reloaded": ("🔄 다시 읽었습니다: 기사 {before} → {after}건", "🔄 Reread the corpus: {before} → {after} articles"),
    "stats_header": ("<b>색인 통계</b>", "<b>Index figures</b>"),
    "stats_line": ("{label}: {value}", "{label}: {value}"),
    "stat_articles": ("기사", "articles"),
    "stat_sentences": ("문장", "sentences"),
    "stat_sentence_terms": ("색인 낱말", "distinct terms"),
    "stat_sentence_postings": ("색인 항목", "postings"),
    "stat_sentence_avgdl": ("문장당 평균 낱말", "average terms per sentence"),
    "stat_tokenizer": ("형태소 분석기 버전", "tokenizer version"),
    "stat_removed_chars": ("정제로 지운 글자 (크레디트·바이라인 등)", "characters removed as boilerplate"),
    "stat_raw_chars": ("받은 그대로의 글자", "characters as received"),
    "stat_over_cleaned": ("3분의 1 넘게 지워진 기사", "articles that lost over a third"),
    "stat_retention_removed": ("보관 기한으로 지운 기사", "articles removed by retention"),
    "stat_feeds": ("구독 피드", "feeds followed"),
    "stat_cleaner": ("정제기 버전", "cleaner version"),
    "stats_votes": ("의견: 👍 {up} · 👎 {down}", "feedback: 👍 {up} · 👎 {down}"),
    "feedback_header": ("<b>의견</b> 👍 {up} · 👎 {down}", "<b>Feedback</b> 👍 {up} · 👎 {down}"),
    "feedback_line": ("{mark} {time} {question} [{ids}]", "{mark} {time} {question} [{ids}]"),
    "feedback_none": ("아직 의견이 없습니다.", "No feedback yet."),
    # ---- small talk ----------------------------------------------------------------------
    "smalltalk_greeting": (
        "안녕하세요! 뉴스에 대해 궁금한 것을 물어보세요. 예: <code>머스크가 오픈AI를 고소한 이유는?</code> (/help)",
        "Hello! Ask me about the news, e.g. <code>why did Musk sue OpenAI?</code> (/help)",
    ),
    "smalltalk_thanks": ("천만에요! 또 궁금한 게 있으면 물어보세요.", "You're welcome! Ask me anything about the news."),
    "smalltalk_laugh": ("😊 뉴스에 대해 궁금한 게 있으면 물어보세요.", "😊 Ask me anything about the news."),
    "smalltalk_chat": (
        "저는 기사에서 답을 찾아 드리는 봇이에요. 뉴스에 대해 물어보세요. (/help)",
        "I answer questions from news articles. Ask me about the news. (/help)",
    ),
    # ---- feeds -------------------------------------------------------------------------
    "feed_usage": (
        "사용법: <code>/feed add 주소</code>, <code>/feed list</code>, <code>/feed remove 주소</code>, "
        "<code>/feed poll</code>, <code>/feed digest on</code>(새 기사 알림 받기)/<code>off</code>",
        "Usage: <code>/feed add URL</code>, <code>/feed list</code>, <code>/feed remove URL</code>, "
        "<code>/feed poll</code>, <code>/feed digest on</code> (get a digest of new articles) / <code>off</code>",
    ),
    "feed_checking": ("📡 피드를 확인하는 중… {url}", "📡 Checking the feed… {url}"),
    "feed_refused": ("⚠️ 피드를 추가하지 못했습니다: {reason}", "⚠️ Could not add the feed: {reason}"),
    "feed_following": ("✅ 구독합니다: {title}\n<code>{url}</code>", "✅ Following: {title}\n<code>{url}</code>"),
    "feed_removed": ("🗑 구독을 끊었습니다: <code>{url}</code>", "🗑 Stopped following <code>{url}</code>"),
    "feed_unknown": ("⚠️ 구독 중인 피드가 아닙니다: <code>{url}</code>", "⚠️ Not a followed feed: <code>{url}</code>"),
    "feed_none": ("구독 중인 피드가 없습니다. <code>/feed add 주소</code> 로 추가하세요.",
                  "No feeds yet. Add one with <code>/feed add URL</code>."),
    "feed_list_header": ("<b>구독 피드 {count}개</b>", "<b>{count} feeds</b>"),
    "feed_list_line": ("• {title} — 기사 {added}건, 마지막 확인 {polled}\n  <code>{url}</code>",
                       "• {title} — {added} articles, last polled {polled}\n  <code>{url}</code>"),
    "feed_list_error": ("  ⚠️ 연속 {failures}회 실패: {error}", "  ⚠️ failed {failures} times in a row: {error}"),
    "feed_polling": ("📡 피드를 확인하는 중…", "📡 Polling the feeds…"),
    "feed_poll_summary": ("📡 피드 {feeds}개 확인: 새 기사 {added}건, 실패 {failed}개",
                          "📡 Polled {feeds} feeds: {added} new articles, {failed} failed"),
    "feed_added_articles": ("📰 {title}: 새 기사 {count}건", "📰 {title}: {count} new articles"),
    "feed_failed": ("⚠️ {title}: {error}", "⚠️ {title}: {error}"),
    "feed_digest_on": ("🔔 피드로 새 기사가 들어오면 알려드립니다.", "🔔 You will get a digest when feeds bring new articles."),
    "feed_digest_off": ("🔕 피드 알림을 껐습니다.", "🔕 Feed digests are off."),
    "feed_digest": ("🔔 <b>피드 새 기사</b>", "🔔 <b>New from your feeds</b>"),
    # ---- /synonym --------------------------------------------------------------------------
    "synonym_usage": (
        "사용법: <code>/synonym add 고소, 소송, 제소</code>, <code>/synonym remove 고소, 소송, 제소</code> 또는 <code>/synonym list</code>",
        "Usage: <code>/synonym add 고소, 소송, 제소</code>, <code>/synonym remove 고소, 소송, 제소</code> or <code>/synonym list</code>",
    ),
    "synonym_list": ("<b>동의어 {count}줄</b>", "<b>{count} synonym lines</b>"),
    "synonym_exists": ("이미 있는 동의어입니다: {words}", "These synonyms are already there: {words}"),
    "synonym_added": ("✅ 동의어 추가: {words}", "✅ synonyms added: {words}"),
    "synonym_removed": ("🗑 동의어 삭제: {words}", "🗑 synonyms removed: {words}"),
    "synonym_missing": ("⚠️ 그런 동의어 묶음이 없습니다: {words}", "⚠️ No such synonym group: {words}"),
    # ---- the console chat ----------------------------------------------------------------------
    "console_banner": (
        "뉴스 질문응답 봇 — 콘솔 모드 (console chat)\n"
        "TELEGRAM_BOT_TOKEN이 설정되지 않아 터미널에서 실행합니다. 텔레그램에서 쓰려면 .env 에\n"
        "TELEGRAM_BOT_TOKEN=… 을 넣으세요 (.env.example 참고).\n"
        "No TELEGRAM_BOT_TOKEN set, so the bot runs here; put one in .env to run it on Telegram.\n\n"
        "질문을 입력하세요 (type a question). 명령: /help, /more (더 보기), /prev (이전), /up /down (의견), /quit\n"
        "/add 뒤에 줄을 바꿔 제목과 본문을 쓰고 마지막 줄에 . 만 입력하면 기사가 추가됩니다.\n",
        "News question answering bot — console chat\n"
        "No TELEGRAM_BOT_TOKEN set, so the bot runs here; put one in .env to run it on Telegram (see .env.example).\n\n"
        "Type a question. Commands: /help, /more, /prev, /up /down (feedback), /quit\n"
        "/add, then the title and the text on new lines, then a line with a single . adds an article.\n",
    ),
    "console_loading": ("기사 색인을 불러오는 중… (loading Kiwi and the index)", "Loading Kiwi and the index…"),
    "console_ready": (
        "준비됐습니다: 기사 {articles}건, 문장 {sentences}개 ({folder}, {seconds} s)\n",
        "Ready: {articles} articles, {sentences} sentences ({folder}, {seconds} s)\n",
    ),
    "console_no_button": ("(없음 — nothing to do)", "(nothing to do)"),
    "console_silent": (
        "(답 없음: 텔레그램에서도 봇은 이 메시지에 답하지 않습니다. 질문이 너무 빠르게 이어졌다면 잠시 뒤 다시 물어보세요.)",
        "(no reply: on Telegram too the bot answers nothing to this. If questions came too fast, ask again in a moment.)",
    ),
    "console_article_prompt": (
        "제목, (출처:/날짜:/URL:), 본문을 입력하고 . 한 줄로 끝내세요:",
        "Type the title, (출처:/날짜:/URL:), the text, and end with a line holding a single .:",
    ),
    "console_bye": ("안녕히 가세요.", "Goodbye."),
}


def t(lang: Lang | str, key: str, **values: object) -> str:
    """The text ``key`` in ``lang``, with ``values`` escaped (unless :class:`Html`) and filled in."""
    korean, english = TEXTS[key]
    template = english if lang == Lang.EN else korean
    return template.format(**{name: _value(v) for name, v in values.items()})


def _value(value: object) -> str:
    if isinstance(value, Html):
        return value
    return echo(str(value))
