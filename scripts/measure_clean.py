#!/usr/bin/env python3
"""Measure the news cleaner (index.text.clean) on real development data.

Run from the project root:

    /work/main/.venv/bin/python scripts/measure_clean.py [--show 5]

Reads (paths can be changed with the options below; nothing is written):
  * /work/dev/news1600.jsonl — 1,600 Naver articles (id, title, text), measured as shipped,
    flattened to one paragraph (as dataset exports store them) and flattened with its
    punctuation and quotes stripped;
  * ../shared/eval/news_dev_questions.jsonl — reader questions over those articles: the share
    whose answer (spaces ignored) is still in the cleaned text of its article;
  * the raw articles under output/ of the lovit/naver_news_search_scraper mirror (git show);
  * the Korean branches of the mitul-kalariya/scrapping-webs mirror: each saved page through
    index.ingest.extract.page_from_html, and the expected extraction stored beside it;
  * the seed article (tests/index/fixtures) flattened to one paragraph: its key sentences
    must stay and none of its chrome.

Per dataset: articles, how many would be empty, how many lose more than 30 % of their
characters, characters removed by kind, and how many still hold a ©/ⓒ, "무단 전재" or
"Copyright" notice.  ``--show N`` prints N samples of what is removed (per kind) and of
what is kept around it, plus every article that loses more than 30 %.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from index.ingest.extract import page_from_html  # noqa: E402
from index.ingest.fetch import FetchError  # noqa: E402
from index.text.clean import CLEANER_VERSION, Cleaned, clean_article  # noqa: E402

NEWS = Path("/work/dev/news1600.jsonl")
QUESTIONS = ROOT.parent.parent / "shared" / "eval" / "news_dev_questions.jsonl"
LOVIT = Path("/work/.mirror/lovit+naver_news_search_scraper/repo")
MITUL = Path("/work/.mirror/mitul-kalariya+scrapping-webs/repo")
SEED = ROOT / "tests" / "index" / "fixtures" / "000_6889fb97133f14de.txt"
KOREAN_BRANCHES = ("Chosun-Ibo-online", "JTBC-Online", "Kbs_news", "MBC-News", "MBN-News-Online(KR)",
                   "TV-chosun", "YTN-Online", "Yohap-News-TV", "sbsnews")
SEED_KEEPS = ("블랙홀처럼 자원을 빨아들이고", "10억 달러 이상을 투자할 계획", "대주주인 마이크로소프트",
              "수백명에 불과하기 때문에", "휴머노이드 분야에 AI를 접목", "급여를 인상하고 있고", "소송을 건 이유가")
SEED_CHROME = ("ⓒ", "Copyright", "All rights reserved", "무단", "재배포", "AI학습", "사진=", "특파원", "글자크기",
               "TOP", "00:09", "2024.01.22", "2023.11.06", "권진영", "정지윤", "로이터", "AFP", "골똘히", "발표하고 있다")
NOTICES = {"©/ⓒ": re.compile("[©ⓒ]"), "무단 전재": re.compile(r"무단\s?전재"),
           "Copyright": re.compile("copyright", re.I)}
_STRIPPED = re.compile(r"[\"'“”‘’「」『』【】［］()\[\]{}<>=]|[.,!?](?=\s|$)")


class Doc(NamedTuple):
    id: str
    text: str


def flatten(text: str) -> str:
    return " ".join(text.split())


def strip_punctuation(text: str) -> str:
    return flatten(_STRIPPED.sub(" ", text))


def non_space(text: str) -> str:
    return "".join(text.split())


# ---- datasets ------------------------------------------------------------------------


def news_docs(path: Path) -> list[Doc]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
    return [Doc(row["id"], row["text"]) for row in rows]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def lovit_docs(repo: Path) -> list[Doc]:
    files = [f for f in _git(repo, "ls-tree", "-r", "--name-only", "HEAD").split("\n")
             if "/news/" in f and f.endswith(".txt")]
    docs = []
    for name in files:
        for number, line in enumerate(_git(repo, "show", f"HEAD:{name}").split("\n")):
            if line.strip():
                docs.append(Doc(f"{name}:{number}", line))
    return docs


def mitul_pages(repo: Path) -> Iterator[tuple[str, dict]]:
    for branch in KOREAN_BRANCHES:
        for name in _git(repo, "ls-tree", "-r", "--name-only", branch).split("\n"):
            if re.search(r"test_article_\d+\.json$", name):
                data = json.loads(_git(repo, "show", f"{branch}:{name}"))
                for number, item in enumerate(data if isinstance(data, list) else [data]):
                    yield f"{branch}/{Path(name).stem}/{number}", item


def mitul_docs(repo: Path) -> tuple[list[Doc], list[Doc], list[str]]:
    """(extractor output, expected extraction, pages the extractor refused)."""
    extracted, expected, refused = [], [], []
    for key, item in mitul_pages(repo):
        text = item.get("parsed_data", {}).get("text") or []
        if text:
            expected.append(Doc(key, "\n".join(text) if isinstance(text, list) else str(text)))
        html = (item.get("raw_response") or {}).get("content") or ""
        if not html:
            continue
        try:
            extracted.append(Doc(key, page_from_html(html, requested_url="", final_url="").text))
        except FetchError:
            refused.append(key)
    return extracted, expected, refused


# ---- measuring -----------------------------------------------------------------------


class Report(NamedTuple):
    name: str
    articles: int
    empty: int
    lost_30: int
    removed_by_kind: Counter
    notices_left: Counter
    raw_chars: int
    removed_chars: int


def measure(name: str, docs: list[Doc], cleaned: dict[str, Cleaned]) -> Report:
    by_kind: Counter = Counter()
    notices: Counter = Counter()
    empty = lost = 0
    for doc in docs:
        result = cleaned[doc.id]
        for removal in result.removed:
            by_kind[removal.kind.value] += len(non_space(removal.text))
        if re.search(r"\w", doc.text) and not re.search(r"\w", result.text):
            empty += 1
        elif result.removed_chars > 0.3 * result.raw_chars:
            lost += 1
        for label, pattern in NOTICES.items():
            notices[label] += bool(pattern.search(result.text))
    return Report(name, len(docs), empty, lost, by_kind, notices,
                  sum(c.raw_chars for c in cleaned.values()), sum(c.removed_chars for c in cleaned.values()))


def answer_share(questions: list[dict], texts: dict[str, str]) -> tuple[int, int, int, list[dict]]:
    """(questions, answer in raw text, answer still in cleaned text, the lost ones)."""
    in_raw = kept = 0
    lost = []
    for question in questions:
        raw, cleaned = texts.get(question["article_id"], ("", ""))
        answer = non_space(question["answer"])
        if answer and answer in non_space(raw):
            in_raw += 1
            if answer in non_space(cleaned):
                kept += 1
            else:
                lost.append(question)
    return len(questions), in_raw, kept, lost


def print_report(report: Report) -> None:
    share = 100 * report.removed_chars / max(1, report.raw_chars)
    kinds = ", ".join(f"{kind} {chars}" for kind, chars in report.removed_by_kind.most_common())
    notices = ", ".join(f"{label} {count}" for label, count in report.notices_left.items())
    print(f"{report.name:<28} articles {report.articles:>5}  empty {report.empty:>3}  lose>30% {report.lost_30:>3}"
          f"  removed {report.removed_chars} of {report.raw_chars} chars ({share:.1f} %)")
    print(f"{'':<28} by kind: {kinds or '-'}")
    print(f"{'':<28} notices left: {notices}")


def show_samples(name: str, docs: list[Doc], cleaned: dict[str, Cleaned], count: int, rng: random.Random) -> None:
    print(f"\n==== {name}: samples of removals")
    by_kind: dict[str, list[str]] = {}
    for doc in docs:
        for removal in cleaned[doc.id].removed:
            by_kind.setdefault(removal.kind.value, []).append(removal.text)
    for kind, texts in sorted(by_kind.items()):
        for text in rng.sample(texts, min(count, len(texts))):
            print(f"  [{kind}] {text[:160]!r}")
    print(f"---- {name}: notices left in cleaned text")
    for doc in docs:
        for label, pattern in NOTICES.items():
            for match in pattern.finditer(cleaned[doc.id].text):
                start = max(0, match.start() - 60)
                print(f"  {doc.id} [{label}] {cleaned[doc.id].text[start:match.end() + 60]!r}")
    print(f"---- {name}: articles that lose more than 30 % (or all)")
    for doc in docs:
        result = cleaned[doc.id]
        if result.removed_chars > 0.3 * result.raw_chars:
            print(f"  {doc.id} removed {result.removed_chars}/{result.raw_chars}: kept {result.text[:200]!r}")
            for removal in result.removed:
                print(f"      - [{removal.kind.value}] {removal.text[:160]!r}")


def check_seed(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    ok = True
    for shape, shaped in (("flattened", flatten(text)), ("stripped", strip_punctuation(text))):
        cleaned = clean_article(shaped).text
        missing = [s for s in SEED_KEEPS if non_space(strip_punctuation(s)) not in non_space(cleaned)]
        chrome = [c for c in SEED_CHROME if c in cleaned]
        ok = ok and not missing and not chrome
        print(f"seed {shape:<10} key sentences kept {len(SEED_KEEPS) - len(missing)}/{len(SEED_KEEPS)}"
              f"  chrome left: {chrome or 'none'}  missing: {missing or 'none'}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--news", type=Path, default=NEWS)
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--lovit", type=Path, default=LOVIT)
    parser.add_argument("--mitul", type=Path, default=MITUL)
    parser.add_argument("--seed", type=Path, default=SEED)
    parser.add_argument("--show", type=int, default=0, help="print N samples per kind and dataset")
    args = parser.parse_args(argv)
    rng = random.Random(10)
    print(f"cleaner {CLEANER_VERSION}")

    news = news_docs(args.news)
    datasets = [
        ("news1600 as shipped", news),
        ("news1600 one paragraph", [Doc(d.id, flatten(d.text)) for d in news]),
        ("news1600 no punctuation", [Doc(d.id, strip_punctuation(d.text)) for d in news]),
        ("lovit raw", lovit_docs(args.lovit)),
    ]
    extracted, expected, refused = mitul_docs(args.mitul)
    datasets += [("mitul extracted", extracted), ("mitul expected", expected)]
    questions = [json.loads(line) for line in args.questions.read_text(encoding="utf-8").split("\n") if line.strip()]

    for name, docs in datasets:
        cleaned = {doc.id: clean_article(doc.text) for doc in docs}
        print_report(measure(name, docs, cleaned))
        if name.startswith("news1600"):
            texts = {doc.id: (doc.text, cleaned[doc.id].text) for doc in docs}
            total, in_raw, kept, lost = answer_share(questions, texts)
            print(f"{'':<28} answers kept {kept}/{in_raw} ({100 * kept / max(1, in_raw):.2f} %)"
                  f" of {total} questions (answer found in the raw text: {in_raw})")
            for question in lost[: max(args.show, 3)]:
                print(f"{'':<30}lost: {question['article_id']} {question['answer']!r}")
        if args.show:
            show_samples(name, docs, cleaned, args.show, rng)
    print(f"mitul pages the extractor refused: {len(refused)} {refused}")
    return 0 if check_seed(args.seed) else 1


if __name__ == "__main__":
    raise SystemExit(main())
