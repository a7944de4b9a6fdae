"""Query expansion data and pure helpers: aliases, synonyms, English → Korean."""
from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import pytest

from index.query.aliases import AliasTable, mine_aliases
from index.query.expand import (
    DEFAULT_LEXICON_PATH,
    DEFAULT_TRANSLIT_PATH,
    LATIN_ECHO_WEIGHT,
    SYNONYM_WEIGHT,
    english_key,
    english_to_korean,
    expand_korean_terms,
    fold_latin,
    load_lexicon,
    load_translit,
    stem_candidates,
)
from index.query.parse import QueryResources, parse_question
from index.query.words import (
    STOP_QUESTION_WORDS_EN,
    STOP_QUESTION_WORDS_KO,
    WEAK_QUESTION_WORDS_KO,
    is_english_question,
    question_term_weight,
)
from index.query.synonyms import (
    DEFAULT_SYNONYMS_PATH,
    SynonymSet,
    load_synonyms,
    parse_synonyms,
    save_synonyms,
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def translit():
    return load_translit()


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


def surfaces(result):
    return {surface for _source, surface, _weight in result}


def weight_of(result, surface):
    return max(w for _s, k, w in result if k == surface)


# -- alias mining -----------------------------------------------------------------
MINING_CASES = [
    # 연합뉴스 style: name, original in brackets, particle after the bracket
    ("일론 머스크 테슬라 최고경영자(CEO)가 오픈에이아이(Open AI)를 상대로 소송을 제기했다.",
     [("최고경영자", "CEO"), ("오픈에이아이", "Open AI")]),
    # a particle-ending word before a one-word name is not part of it
    ("머스크는 오픈에이아이(Open AI)에 소송을 건 이유에 대해 밝혔다.", [("오픈에이아이", "Open AI")]),
    # two-word person name
    ("xAI의 에단 나이트(Ethan Knight) 부사장은 최근 테슬라를 떠났다.", [("에단 나이트", "Ethan Knight")]),
    # acronym; (현지시간) is no alias
    ("미국 일간 월스트리트저널(WSJ)은 9일(현지시간) 이같이 보도했다.", [("월스트리트저널", "WSJ")]),
    # quoted name
    ("테슬라는 슈퍼컴퓨터 '도조(Dojo)' 개발에 10억 달러를 투자한다.", [("도조", "Dojo")]),
    ("머스크가 세운 인공지능 스타트업 엑스에이아이(xAI)는 투자를 유치했다.", [("엑스에이아이", "xAI")]),
    # reversed forms: Latin first, Hangul gloss in brackets
    ("머스크 CEO(최고경영자)는 지난 9일 엑스(X, 옛 트위터)에 글을 올렸다.",
     [("최고경영자", "CEO"), ("엑스", "X")]),
    ("[서울=뉴시스] xAI(엑스에이아이)는 새 모델 그록을 공개했다.", [("엑스에이아이", "xAI")]),
    ("증권거래위원회(SEC)와 FTC(미국 연방거래위원회)가 조사에 나섰다.",
     [("증권거래위원회", "SEC"), ("연방거래위원회", "FTC")]),
    # descriptors before the name are not part of it; "The" is kept in the Latin
    ("미국 일간 뉴욕타임스(The New York Times)에 따르면", [("뉴욕타임스", "The New York Times")]),
    # 조선일보/한국경제 style: several names in one sentence
    ("구글 딥마인드(Google DeepMind)의 데미스 허사비스(Demis Hassabis) CEO와 샘 올트먼(Sam Altman)",
     [("구글 딥마인드", "Google DeepMind"), ("데미스 허사비스", "Demis Hassabis"), ("샘 올트먼", "Sam Altman")]),
    ("세르게이 브린(Sergey Brin) 구글 공동창업자와 젠슨 황(Jensen Huang) 엔비디아 CEO",
     [("세르게이 브린", "Sergey Brin"), ("젠슨 황", "Jensen Huang")]),
    # mixed Hangul/Latin names
    ("챗GPT(ChatGPT)를 만든 오픈AI(OpenAI)는", [("챗GPT", "ChatGPT"), ("오픈AI", "OpenAI")]),
    # bylines, ages, dates, stock codes, Hanja, photo credits: nothing
    ("[서울=뉴스1] 김철수 기자 = (AP=연합뉴스) 일론 머스크(53) 美(미국) 삼성전자(005930) (사진=로이터)", []),
    ("지난해(2024년) 매출은 3조원(약 22억 달러)을 기록했다.", []),
    # a list of several Latin names is ambiguous; a bracketed Latin gloss of one word is kept
    ("공동창업자들(Sam Altman, Greg Brockman)과 반도체(semiconductor) 기업", [("반도체", "semiconductor")]),
    ("엔비디아(NVIDIA·사진)와 국제통화기금(IMF)", [("엔비디아", "NVIDIA"), ("국제통화기금", "IMF")]),
    ("머스크는 에단 나이트 (Ethan Knight)를 영입했다.", [("에단 나이트", "Ethan Knight")]),
    # a title or a kind of outlet next to the name is skipped for the name itself
    ("트럼프 대통령(Trump)은 로이터 통신(Reuters)에 말했다.", [("트럼프", "Trump"), ("로이터", "Reuters")]),
    ("메타(Meta·옛 페이스북)와 애플(Apple)은", [("메타", "Meta"), ("애플", "Apple")]),
    ("이재용 삼성전자 회장(사진)과 김 위원장(노동당 총비서)", []),
]


@pytest.mark.parametrize("line,expected", MINING_CASES)
def test_mine_aliases(line, expected):
    assert mine_aliases(line) == expected


def test_mine_aliases_dedupes_within_text():
    text = "오픈에이아이(Open AI)는 … 오픈에이아이(Open AI)의"
    assert mine_aliases(text) == [("오픈에이아이", "Open AI")]


# -- alias table ------------------------------------------------------------------
def test_alias_table_both_directions_and_counts():
    table = AliasTable()
    table.add_pairs(mine_aliases("머스크는 오픈에이아이(Open AI)에 소송을 걸었다."), "a1")
    table.add_pairs([("오픈에이아이", "OpenAI"), ("오픈AI", "OpenAI")], "a2")
    # Latin → Hangul ignores case and spaces ("OpenAI" finds "open ai"), most frequent first
    assert table.lookup("OpenAI") == ("오픈에이아이", "오픈ai")
    assert table.lookup("open ai") == ("오픈에이아이", "오픈ai")
    # Hangul → Latin
    assert table.lookup("오픈에이아이") == ("open ai", "openai")
    assert table.lookup("오픈 AI") == ("openai",)
    assert table.count("오픈에이아이", "Open AI") == 1
    assert table.lookup("unknown") == () and table.lookup("머스크") == ()
    assert "OpenAI" in table and "머스크" not in table
    assert len(table) == 3 and table.articles == {"a1", "a2"}


def test_alias_table_exact_removal():
    table = AliasTable()
    table.add_pairs([("에단 나이트", "Ethan Knight")], "a1")
    table.add_pairs([("에단 나이트", "Ethan Knight"), ("도조", "Dojo")], "a2")
    assert table.lookup("ethan knight") == ("에단 나이트",)
    assert table.remove_article("a2") is True
    assert table.lookup("ethan knight") == ("에단 나이트",)  # still backed by a1
    assert table.lookup("Dojo") == () and table.lookup("도조") == ()
    assert table.remove_article("a2") is False
    table.remove_article("a1")
    assert table.lookup("에단나이트") == () and len(table) == 0 and table.articles == frozenset()


def test_alias_table_rejects_wrong_scripts():
    table = AliasTable()
    assert table.add_pairs([("Dojo", "도조"), ("", "x"), ("도조", "Dojo")], "a") == 1


def test_alias_table_json_round_trip(tmp_path):
    table = AliasTable()
    table.add_pairs([("에단 나이트", "Ethan Knight"), ("월스트리트저널", "WSJ")], "a1")
    table.add_pairs([("월스트리트저널", "WSJ")], "a2")
    data = json.loads(table.to_json())
    assert data["version"] == AliasTable.VERSION
    again = AliasTable.from_json(table.to_json())
    assert again.pairs() == table.pairs() == [
        ("월스트리트저널", "wsj", 2), ("에단 나이트", "ethan knight", 1)]
    again.remove_article("a1")
    assert again.lookup("wsj") == ("월스트리트저널",) and again.lookup("ethan knight") == ()
    path = tmp_path / "aliases.json"
    table.save(path)
    assert AliasTable.load(path).pairs() == table.pairs()
    with pytest.raises(ValueError):
        AliasTable.from_json(json.dumps({"version": 99, "articles": {}}))


def test_alias_table_loaded_from_a_snapshot_changes_and_removes_exactly():
    table = AliasTable()
    table.add_pairs([("에단 나이트", "Ethan Knight"), ("월스트리트저널", "WSJ")], "a1")
    table.add_pairs([("월스트리트저널", "WSJ"), ("도조", "Dojo")], "a2")
    again = AliasTable.from_json(table.to_json())
    assert again.articles == {"a1", "a2"} and len(again) == 3
    again.add_pairs([("도조", "Dojo")], "a2")  # an article of the snapshot gets more pairs
    again.add_pairs([("엑스에이아이", "xAI")], "a3")
    assert again.count("도조", "Dojo") == 2 and again.articles == {"a1", "a2", "a3"}
    assert AliasTable.from_json(again.to_json()).pairs() == again.pairs()
    assert again.remove_article("a2") is True and again.remove_article("a2") is False
    assert again.lookup("dojo") == () and again.lookup("wsj") == ("월스트리트저널",)
    assert again.remove_article("a1") and again.remove_article("a3") and len(again) == 0 and again.articles == frozenset()


def test_alias_table_reads_the_first_format_and_refuses_broken_rows():
    old = {"version": 1, "articles": {"a1": [["월스트리트저널", "wsj", 2]], "a2": [["월스트리트저널", "wsj", 1]]}}
    table = AliasTable.from_json(json.dumps(old))
    assert table.pairs() == [("월스트리트저널", "wsj", 3)]
    table.remove_article("a1")
    assert table.count("월스트리트저널", "WSJ") == 1
    broken = {**AliasTable.from_json(json.dumps(old)).to_dict()}
    broken["pair"] = [5, 0]
    with pytest.raises(ValueError):
        AliasTable.from_dict(broken)
    with pytest.raises(ValueError):
        AliasTable.from_dict({"version": AliasTable.VERSION, "articles": ["a1"]})


# -- synonyms ----------------------------------------------------------------------
SYNONYM_TEXT = """\
# comment
고소, 소송, 제소

OpenAI, 오픈AI, 오픈에이아이
최대주주 => 대주주
a\\,b, c
x, y => z
"""


def test_parse_synonyms_groups_and_mappings():
    syn = parse_synonyms(SYNONYM_TEXT)
    assert syn.groups == (("고소", "소송", "제소"), ("openai", "오픈ai", "오픈에이아이"), ("a,b", "c"))
    assert syn.mappings == ((("최대주주",), ("대주주",)), (("x", "y"), ("z",)))
    assert syn.expand("고소") == {"소송", "제소"}
    assert syn.expand("오픈 AI") == {"openai", "오픈에이아이"}  # NFKC, case and spaces ignored
    assert syn.expand("ＯｐｅｎＡＩ") == {"오픈ai", "오픈에이아이"}
    assert syn.expand("최대주주") == {"대주주"} and syn.expand("대주주") == set()  # one way
    assert syn.expand("y") == {"z"} and syn.expand("a,b") == {"c"}
    assert "소송" in syn and "없는말" not in syn


def test_synonyms_round_trip_and_add_group(tmp_path):
    syn = parse_synonyms(SYNONYM_TEXT)
    assert parse_synonyms(syn.to_text()) == syn
    assert syn.add_group(["사임", "사퇴"]) is True
    assert syn.add_group(["사퇴", "사임"]) is False  # same group
    assert syn.add_group(["혼자"]) is False
    path = tmp_path / "sub" / "synonyms.txt"
    save_synonyms(path, syn, header="saved by test")
    assert path.read_text(encoding="utf-8").startswith("# saved by test\n")
    assert load_synonyms(path) == syn
    assert load_synonyms(path).expand("사임") == {"사퇴"}
    assert [p.name for p in path.parent.iterdir()] == ["synonyms.txt"]  # no temp files left


def test_remove_group_takes_back_only_that_group():
    syn = parse_synonyms("고소, 소송, 제소\n소송, 송사\n최대주주 => 대주주\n")
    assert syn.remove_group(["제소", "고소"]) is False  # not a group of exactly these words
    assert syn.remove_group(["제소", "소송", "고소"]) is True
    assert syn.remove_group(["고소", "소송", "제소"]) is False  # gone already
    assert syn.expand("고소") == set() and syn.expand("소송") == {"송사"}
    assert syn.expand("최대주주") == {"대주주"}  # mappings stay
    assert syn == parse_synonyms("소송, 송사\n최대주주 => 대주주\n")


def test_synonym_set_built_by_hand_equals_parsed():
    built = SynonymSet()
    built.add_group(["고소", "소송", "제소"])
    built.add_mapping(["최대주주"], ["대주주"])
    assert built == parse_synonyms("고소, 소송, 제소\n최대주주 => 대주주\n")
    assert built.to_text() == "고소, 소송, 제소\n최대주주 => 대주주\n"


def test_parse_synonyms_skips_malformed():
    syn = parse_synonyms("a => b => c\n=>\n, ,\nsolo\n")
    assert len(syn) == 0


def test_default_synonyms():
    syn = load_synonyms()
    assert 40 <= len(syn.groups) <= 120
    assert {"소송", "제소"} <= syn.expand("고소")
    assert "오픈에이아이" in syn.expand("openai")
    assert "ceo" in syn.expand("최고경영자")
    assert "美" in syn.expand("미국")
    assert DEFAULT_SYNONYMS_PATH.read_text(encoding="utf-8").startswith("#")


# -- data files --------------------------------------------------------------------
def test_translit_loader(translit):
    expected = {
        "musk": "머스크", "tesla": "테슬라", "apple": "애플", "google": "구글",
        "microsoft": "마이크로소프트", "amazon": "아마존", "nvidia": "엔비디아", "samsung": "삼성",
        "openai": "오픈에이아이", "altman": "올트먼", "xai": "엑스에이아이", "chatgpt": "챗GPT",
        "biden": "바이든", "trump": "트럼프", "putin": "푸틴", "kim jong un": "김정은",
        "kakao": "카카오", "naver": "네이버", "coupang": "쿠팡", "fed": "연준", "nato": "나토",
        "wsj": "월스트리트저널", "nyt": "뉴욕타임스", "bloomberg": "블룸버그", "reuters": "로이터",
    }
    for english, hangul in expected.items():
        assert hangul in translit[english], english
    assert len(translit) > 30000
    assert all(1 <= len(forms) <= 3 for forms in translit.values())
    for word in ("the", "why", "what", "did", "who"):
        assert word not in translit
    assert all(len(key) >= 2 for key in translit)
    head = DEFAULT_TRANSLIT_PATH.read_text(encoding="utf-8").splitlines()[:6]
    assert any("muik/transliteration" in line and line.startswith("#") for line in head)
    assert any("Apache" in line for line in head)
    assert DEFAULT_TRANSLIT_PATH.stat().st_size <= 1_500_000


def test_translit_loader_custom_file(tmp_path):
    path = tmp_path / "t.tsv"
    path.write_text("# header\nKim Jong-un\t김정은|김정운\nfoo\t푸\nfoo\t후|푸\n\nbad line\n", encoding="utf-8")
    assert load_translit(path) == {"kim jong un": ("김정은", "김정운"), "foo": ("푸", "후")}


def test_lexicon(lexicon):
    assert len(lexicon) >= 400
    assert set(lexicon["sue"]) >= {"소송", "고소", "제소"}
    assert "대주주" in lexicon["largest shareholder"]
    assert "자율주행" in lexicon[english_key("self-driving")]
    assert lexicon["interest rate"] == ("금리",)
    assert "인재" in lexicon["talent"] and "수도" in lexicon["capital"]
    assert DEFAULT_LEXICON_PATH.read_text(encoding="utf-8").startswith("#")


def test_build_translit_rules(tmp_path):
    spec = importlib.util.spec_from_file_location("build_translit", ROOT / "scripts" / "build_translit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    source = tmp_path / "src.tsv"
    source.write_text(
        "english\thangul\tsource_file\n"
        "Mountain View\t마운틴뷰\tkorean-go\nmountain view\t마운틴 뷰\tdoosan\n"
        "Peru\t퍼루\tkorean-go\nPeru\t페루\tdoosan\nPeru\t페루우\tdoosan\nPeru\t뻬루\tcities\n"
        "Why\t와이\tdoosan\nThe Day Before\t더데이비포\tsuggests\nx\t엑스\tself\nmusk\t무스크\tself\n",
        encoding="utf-8",
    )
    table = module.build(source)
    assert table["mountain view"] == ["마운틴뷰"]  # spacing variants are one form
    assert table["peru"] == ["퍼루", "페루", "페루우"]  # at most three, by source priority
    assert "why" not in table and "the day before" not in table and "x" not in table
    assert table["musk"] == ["머스크"]  # the supplement replaces the source
    out = tmp_path / "out.tsv"
    assert module.main(["--source", str(source), "--out", str(out)]) == 0
    assert load_translit(out)["peru"] == ("퍼루", "페루", "페루우")


# -- English questions ----------------------------------------------------------------
def test_is_english_question():
    assert is_english_question("why did Musk sue OpenAI?")
    assert not is_english_question("머스크가 오픈AI를 고소한 이유는?")
    assert not is_english_question("오픈AI CEO는 누구?")
    assert not is_english_question("2024?")


def test_stem_candidates():
    assert "lawsuit" in stem_candidates("lawsuits")
    assert "sue" in stem_candidates("sued")
    assert "invest" in stem_candidates("investing")
    assert "ban" in stem_candidates("banned")
    assert "cut" in stem_candidates("cutting")
    assert "raise" in stem_candidates("raising")
    assert "company" in stem_candidates("companies")
    assert "sell" in stem_candidates("sold")
    assert stem_candidates("news")[0] == "news"


def test_musk_sue_openai(translit, lexicon):
    result = english_to_korean("why did Musk sue OpenAI?", translit, lexicon, AliasTable())
    got = surfaces(result)
    assert "머스크" in got
    assert got & {"소송", "고소"}
    assert got & {"오픈에이아이", "오픈AI"}
    assert not got & {"why", "did", "와이", "디드"}
    assert all(0 < w <= 1 for _s, _k, w in result)
    # three renderings of "sue" share its weight
    assert math.isclose(weight_of(result, "소송"), 1 / math.sqrt(3))
    assert weight_of(result, "머스크") == 1.0
    assert weight_of(result, "musk") == LATIN_ECHO_WEIGHT  # names keep their Latin spelling


def test_accents_are_folded_and_hangul_is_left_alone():
    assert fold_latin("Jürgen Hinzpeter") == "Jurgen Hinzpeter"
    assert fold_latin("Émmanuel Macron, Straße, Ørsted") == "Emmanuel Macron, Strasse, Orsted"
    assert fold_latin("힌츠페터 × 2") == "힌츠페터 × 2"
    assert fold_latin("Zoe\u0308") == "Zoe"  # an accent typed as a combining mark


def test_an_accented_name_is_one_word(tokenizer, translit, lexicon):
    """Jürgen is not "j" + "rgen" (the ü cut it in two)."""
    resources = QueryResources(translit=translit, lexicon=lexicon, synonyms=None, aliases=None)
    tokens = {t.token for t in parse_question("When did Jürgen Hinzpeter die?", tokenizer, resources)}
    assert "jurgen" in tokens and not tokens & {"j", "rgen"}


def test_an_ordinal_day_is_its_number(translit, lexicon):
    """"on the 24th" asks for 24 (the corpus writes 24일: 24 + 일), not for a word "th"."""
    got = surfaces(english_to_korean("Who is Putin meeting on the 24th?", translit, lexicon, None))
    assert "24" in got and not got & {"th", "24th"}


def test_according_to_is_no_content_word(translit, lexicon):
    result = english_to_korean("How much were deposits, according to the Bank of Korea?", translit, lexicon, None)
    assert "according" not in {source for source, _surface, _weight in result}
    assert "한국은행" in surfaces(result)


def test_tesla_dojo(translit, lexicon):
    got = surfaces(english_to_korean("How much will Tesla invest in Dojo?", translit, lexicon, None))
    assert {"테슬라", "투자", "도조"} <= got
    assert not got & {"how", "much", "will", "in"}


def test_ethan_knight_from_mined_aliases(translit, lexicon):
    aliases = AliasTable()
    aliases.add_pairs(mine_aliases("xAI의 에단 나이트(Ethan Knight) 부사장이 회사를 떠났다."), "a1")
    result = english_to_korean("Where did Ethan Knight go?", translit, lexicon, aliases)
    assert ("ethan knight", "에단 나이트", 1.0) in result  # phrase matched before single words
    assert not surfaces(result) & {"에탄", "where", "did", "go"}


def test_largest_shareholder(translit, lexicon):
    result = english_to_korean("Who is OpenAI's largest shareholder?", translit, lexicon, None)
    got = surfaces(result)
    assert "대주주" in got and "최대주주" in got
    assert got & {"오픈에이아이", "오픈AI"}
    assert not got & {"who", "is", "openai's"}


def test_capital_of_france(translit, lexicon):
    got = surfaces(english_to_korean("what is the capital of France?", translit, lexicon, None))
    assert {"프랑스", "수도"} <= got
    assert not got & {"what", "is", "the", "of"}


def test_inflections_acronyms_and_unknown_words(translit, lexicon):
    result = english_to_korean("Did the U.S. sue over lawsuits? What did WHO say? TSMC", translit, lexicon, None)
    got = surfaces(result)
    assert {"미국", "소송", "세계보건기구"} <= got  # U.S. and WHO read as acronyms
    assert ("tsmc", "TSMC", 1.0) in result or "tsmc" in got
    unknown = english_to_korean("zorblax quux", {}, {}, None)
    assert unknown == [("zorblax", "zorblax", 1.0), ("quux", "quux", 1.0)]
    sued = surfaces(english_to_korean("Who sued Apple?", translit, lexicon, None))
    assert {"소송", "애플"} <= sued


def test_camel_case_composition():
    translit = {"open": ("오픈",), "space": ("스페이스",)}
    got = surfaces(english_to_korean("OpenAI SpaceX xAI", translit, {}, None))
    assert {"오픈AI", "오픈에이아이", "스페이스X", "스페이스엑스", "엑스에이아이"} <= got
    assert {"openai", "spacex", "xai"} <= got  # the Latin spelling too


def test_hyphenated_and_multiword_keys(translit, lexicon):
    got = surfaces(english_to_korean("Will self-driving electric cars cut interest rates?", translit, lexicon, None))
    assert {"자율주행", "전기차", "금리"} <= got


def test_hangul_in_english_question_is_ignored(translit, lexicon):
    got = surfaces(english_to_korean("why did 머스크 sue?", translit, lexicon, None))
    assert "머스크" not in got and "소송" in got


# -- Korean queries --------------------------------------------------------------------
def test_expand_korean_terms():
    syn = load_synonyms()
    aliases = AliasTable()
    aliases.add_pairs(mine_aliases("머스크는 오픈에이아이(Open AI)에 소송을 걸었다."), "a1")
    out = dict(expand_korean_terms(["머스크", "고소"], syn, aliases))
    assert out == {"소송": SYNONYM_WEIGHT, "제소": SYNONYM_WEIGHT}
    out = dict(expand_korean_terms(["오픈", "ai", "고소"], syn, aliases))
    assert {"오픈에이아이", "openai", "소송"} <= set(out)
    assert "인공지능" not in out  # "ai" inside 오픈+ai is not AI in general
    assert all(w < 1 for w in out.values())
    out = dict(expand_korean_terms(["오픈에이아이"], syn, aliases))
    assert "open ai" in out and "openai" in out
    assert expand_korean_terms([], syn, aliases) == []
    assert expand_korean_terms(["고소", "소송"], syn, None) == [("제소", SYNONYM_WEIGHT)]


def test_question_words():
    assert {"왜", "무엇", "누구", "어떻", "되", "하"} <= STOP_QUESTION_WORDS_KO
    assert "이유" not in STOP_QUESTION_WORDS_KO and 0 < WEAK_QUESTION_WORDS_KO["이유"] < 1
    assert {"why", "what", "who", "did", "does", "is", "the", "a", "of"} <= STOP_QUESTION_WORDS_EN
    assert question_term_weight("왜") == 0 and question_term_weight("이유") == 0.5
    assert question_term_weight("소송") == 1


# -- with Kiwi: expansions become the tokens the index has ------------------------------
@pytest.fixture(scope="module")
def kiwi_tokens():
    kiwipiepy = pytest.importorskip("kiwipiepy")
    kiwi = kiwipiepy.Kiwi(num_workers=1)
    keep = {"NNG", "NNP", "NNB", "NR", "VV", "VA", "XR", "SL", "SH", "SN"}

    def tokens(text):
        return [t.form.lower() for t in kiwi.tokenize(text) if t.tag.split("-")[0] in keep]

    return tokens


def test_expansions_tokenize_like_articles(kiwi_tokens, translit, lexicon):
    result = english_to_korean("why did Musk sue OpenAI?", translit, lexicon, None)
    query = {tok for _s, surface, _w in result for tok in kiwi_tokens(surface)}
    article = set(kiwi_tokens("머스크는 오픈에이아이(Open AI)에 소송을 건 데 이어 오픈AI를 고소했다."))
    assert {"머스크", "소송", "고소", "오픈에이아이", "오픈", "ai"} <= query & article
    assert set(kiwi_tokens("무엇을 누가 언제 어떻게 했나? 왜 됐나? 어디 있나?")) <= STOP_QUESTION_WORDS_KO


def test_lexicon_targets_tokenize(kiwi_tokens, lexicon):
    empty = sorted({f for forms in lexicon.values() for f in forms if not kiwi_tokens(f)})
    assert empty == []


def test_lexicon_targets_do_not_fall_apart_into_other_syllables(kiwi_tokens, lexicon):
    """Read alone, a Hangul word can come out as another: 금 as 그, 섬 as 서 (서다), 봄 as 보 (보다), 삶 as 살.
    A form must give a token of two syllables or more, or one that is its first syllable (쌀값: 쌀 + 값)."""
    def broken(form: str) -> bool:
        if not all("가" <= ch <= "힣" for ch in form):
            return False  # 5G, 8강: Latin letters and digits read as they are
        tokens = kiwi_tokens(form)
        return not any(len(t) >= 2 for t in tokens) and form[0] not in tokens
    assert sorted({f for forms in lexicon.values() for f in forms if broken(f)}) == []


@pytest.mark.parametrize("question, dropped, kept", [
    ("어제 무슨 일 있었어?", {"일"}, set()),
    ("삼성전자에 무슨 일이?", {"일"}, {"삼성전자"}),
    ("어떤 일이 있었나", {"일"}, set()),
    ("5일 무슨일 있었어", set(), {"5", "일"}),  # 5일 is a day: 일 stays
    ("일 잘하는 법", set(), {"일"}),
])
def test_the_il_of_what_happened_is_no_term(tokenizer, question, dropped, kept):
    """무슨 일 / 어떤 일 ask "what happened": 일 (thing) is no subject, so "어제 무슨 일 있었어?" asks about nothing,
    where it once got passages holding 일 in any sense."""
    tokens = {t.token for t in parse_question(question, tokenizer)}
    assert not tokens & dropped and kept <= tokens


def test_a_lower_case_word_is_no_acronym_when_the_question_uses_capitals():
    """An article's "무선접속네트워크(RAN)" put 무선, 접속, 네트워크 into "How many horses ran in the race?"."""
    table = AliasTable()
    table.add_pairs(mine_aliases("5G 무선접속네트워크(RAN) 장비를 공급한다. 도조(Dojo) 슈퍼컴퓨터를 만든다."), "a1")
    assert table.lookup("ran") == ("무선접속네트워크",)
    ran = surfaces(english_to_korean("How many horses ran in the race?", {}, {}, table))
    assert "무선접속네트워크" not in ran
    assert "무선접속네트워크" not in surfaces(english_to_korean("Ran out of time in the race?", {}, {}, table))  # a first word
    assert "무선접속네트워크" in surfaces(english_to_korean("Who makes RAN equipment?", {}, {}, table))
    assert "무선접속네트워크" in surfaces(english_to_korean("who makes ran equipment", {}, {}, table))  # no case to go by
    assert "도조" in surfaces(english_to_korean("What is Tesla's dojo?", {}, {}, table))  # a reading, not an expansion
