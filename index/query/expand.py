"""Query expansion: English questions to Korean words, Korean synonyms and aliases.

Pure Python (no Kiwi, no network).  Every expansion is a *surface string*
(``"오픈AI"``, ``"최대주주"``, ``"올리다"``) that the caller runs through the same
Kiwi tokenizer as the index, so it matches however Kiwi splits it.

Weights (documented constants below):

* ``english_to_korean``: each English content word or phrase has a budget of
  ``WORD_WEIGHT`` (1.0).  Its k Korean alternatives (at most
  ``MAX_ALTERNATIVES``) get ``WORD_WEIGHT / sqrt(k)`` each, so one alternative
  counts fully, two ~0.71 each, three ~0.58: a word with many renderings is not
  worth more than a word with one, yet each rendering stays a strong match.
  Names found through the alias table, transliteration or camel-case splitting
  also keep their Latin spelling (``"tesla"``) at ``LATIN_ECHO_WEIGHT``,
  because Korean articles often write names in Latin (only when the word was
  capitalised, or the whole question is lower case).  Unknown English words
  are returned as themselves (lower-cased) at ``UNKNOWN_WEIGHT`` (1.0), so
  ``CEO``, ``AI`` or ``TSMC`` in Korean text still match.
* ``expand_korean_terms``: synonyms get ``SYNONYM_WEIGHT`` (0.6) and
  Hangul↔Latin aliases ``ALIAS_WEIGHT`` (0.6) each: expansions count less than
  the words actually typed (weight 1).
"""
from __future__ import annotations

import math
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Protocol

from index.query.synonyms import SynonymSet, normalize_term, term_key
from index.query.words import STOP_QUESTION_WORDS_EN

DATA_DIR = Path(__file__).resolve().parent / "data"
DEFAULT_TRANSLIT_PATH = DATA_DIR / "translit.tsv"
DEFAULT_LEXICON_PATH = DATA_DIR / "en_ko_lexicon.tsv"

WORD_WEIGHT = 1.0  # budget of one English content word or phrase
MAX_ALTERNATIVES = 4  # Korean renderings kept per English word (priority order)
LATIN_ECHO_WEIGHT = 0.5  # the Latin spelling of a name, alongside its Hangul forms
UNKNOWN_WEIGHT = 1.0  # an English word with no Korean rendering, kept as is
ACRONYM_MAX_LETTERS = 5  # a lower-case word this short, in a question that uses capitals, is no acronym
SYNONYM_WEIGHT = 0.6  # a Korean synonym of a typed term
ALIAS_WEIGHT = 0.6  # the other-script alias of a typed term (오픈에이아이 → open ai)
MAX_KO_EXPANSIONS = 6  # expansions per typed term (or n-gram of terms)
MAX_PHRASE_WORDS = 4  # longest English phrase looked up as one key

_LETTER_NAMES = dict(zip(
    "abcdefghijklmnopqrstuvwxyz",
    "에이 비 씨 디 이 에프 지 에이치 아이 제이 케이 엘 엠 엔 오 피 큐 알 에스 티 유 브이 더블유 엑스 와이 제트".split(),
))
_IRREGULAR = {
    "went": "go", "sold": "sell", "bought": "buy", "paid": "pay", "laid": "lay", "led": "lead",
    "left": "leave", "ran": "run", "made": "make", "took": "take", "began": "begin",
    "fell": "fall", "rose": "rise", "struck": "strike", "fought": "fight", "spent": "spend",
    "built": "build", "brought": "bring", "met": "meet", "chose": "choose", "held": "hold",
    "lost": "lose", "said": "say", "told": "tell", "won": "win", "stole": "steal",
    "stolen": "steal", "shot": "shoot", "men": "man", "women": "woman", "children": "child",
    "grew": "grow", "grown": "grow", "froze": "freeze", "frozen": "freeze", "hid": "hide",
    "sank": "sink", "fled": "flee", "sought": "seek", "taught": "teach", "wrote": "write",
    "written": "write", "broke": "break", "broken": "break", "gave": "give", "given": "give",
    "arose": "arise", "dealt": "deal", "meant": "mean",
}
_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[A-Za-z0-9]+(?:['&][A-Za-z0-9]+)*|[가-힣]+")
_CAMEL = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|\d+")
_VOWELS = set("aeiou")


class _Lookup(Protocol):
    def lookup(self, word: str) -> tuple[str, ...]: ...


_LATIN_LETTERS = {"ß": "ss", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d",
                  "Đ": "D", "ı": "i"}


def fold_latin(text: str) -> str:
    """Latin letters without their accents (Jürgen → Jurgen, Zoë → Zoe, ß → ss); the rest as it is.

    Hangul is left alone (decomposed, a syllable would fall apart into its letters).
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):  # a letter typed as letter + combining accent: one letter
        if "\u00c0" <= ch <= "\u024f":
            ch = _LATIN_LETTERS.get(ch) or "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        out.append(ch)
    return "".join(out)


def english_key(text: str) -> str:
    """Normalised English key: NFKC, lower case, hyphens/underscores/slashes as spaces."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    text = re.sub(r"[-_/]+", " ", text)
    return " ".join(text.strip(" .'").split())


# -- data files -------------------------------------------------------------
def _read_table(path: Path, split_forms) -> dict[str, tuple[str, ...]]:
    table: dict[str, list[str]] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#") or "\t" not in line:
                continue
            english, _, korean = line.partition("\t")
            key = english_key(english)
            forms = table.setdefault(key, []) if key else []
            for form in split_forms(korean):
                form = " ".join(unicodedata.normalize("NFKC", form).split())
                if form and form not in forms:
                    forms.append(form)
    return {k: tuple(v) for k, v in table.items() if v}


def load_translit(path: str | os.PathLike | None = None) -> dict[str, tuple[str, ...]]:
    """English → Hangul transliterations (``english<TAB>한글|한글``); keys via :func:`english_key`."""
    return _read_table(Path(path) if path else DEFAULT_TRANSLIT_PATH, lambda s: s.split("|"))


def load_lexicon(path: str | os.PathLike | None = None) -> dict[str, tuple[str, ...]]:
    """English → Korean news words (``english<TAB>한국어 한국어``); multi-word keys allowed."""
    return _read_table(Path(path) if path else DEFAULT_LEXICON_PATH, str.split)


# -- English ------------------------------------------------------------------
def stem_candidates(word: str) -> list[str]:
    """``word`` then plausible base forms: lawsuits→lawsuit, sued→sue, banned→ban."""
    w = word.lower()
    out = [w]
    if w in _IRREGULAR:
        out.append(_IRREGULAR[w])
    if len(w) > 3:
        if w.endswith("ies"):
            out.append(w[:-3] + "y")
        if w.endswith("s") and not w.endswith(("ss", "us", "is")):
            out.append(w[:-1])
        if w.endswith("es"):
            out.append(w[:-2])
        if w.endswith("ied"):
            out.append(w[:-3] + "y")
        if w.endswith("ed"):
            out += [w[:-1], w[:-2]]
            if len(w) > 4 and w[-3] == w[-4] and w[-3] not in _VOWELS:
                out.append(w[:-3])
    if len(w) > 5 and w.endswith("ing"):
        out += [w[:-3], w[:-3] + "e"]
        if w[-4] == w[-5] and w[-4] not in _VOWELS:
            out.append(w[:-4])
    return list(dict.fromkeys([w] + [c for c in out[1:] if len(c) >= 3]))


def _phrase_candidates(words: list[str]) -> list[str]:
    """Keys for a phrase: as written, then with its first and/or last word stemmed."""
    if len(words) == 1:
        return stem_candidates(words[0])
    firsts = stem_candidates(words[0])
    lasts = stem_candidates(words[-1])
    middle = words[1:-1]
    return list(dict.fromkeys(" ".join([f, *middle, l]) for f in firsts for l in lasts))


class _Tok:
    __slots__ = ("raw", "low", "stop", "hangul")

    def __init__(self, raw: str, shouting: bool):
        self.hangul = bool(re.match(r"[가-힣]", raw))
        if re.fullmatch(r"(?:[A-Za-z]\.){2,}", raw):
            raw = raw.replace(".", "")  # U.S. → US
        raw = re.sub(r"'s$", "", raw)
        raw = re.sub(r"^(\d+)(?:st|nd|rd|th)$", r"\1", raw, flags=re.IGNORECASE)  # on the 24th: 24 (24일 is 24 + 일)
        if raw.lower().endswith("n't"):
            raw = raw[:-3]
        self.raw = raw
        self.low = raw.lower()
        acronym = not shouting and len(raw) >= 2 and raw.isupper()
        self.stop = self.low in STOP_QUESTION_WORDS_EN and not acronym


def _tokenize_english(question: str) -> list[_Tok]:
    text = unicodedata.normalize("NFKC", question).replace("’", "'").replace("‘", "'")
    letters = [c for c in text if c.isascii() and c.isalpha()]
    shouting = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > 0.6
    return [_Tok(m.group(0), shouting) for m in _TOKEN.finditer(text)]


def _camel_forms(raw: str, translit: Mapping[str, tuple[str, ...]]) -> list[str]:
    """OpenAI → 오픈AI, 오픈에이아이; xAI → 엑스에이아이 (parts via translit / letter names)."""
    parts = _CAMEL.findall(raw)
    if len(parts) < 2 or "".join(parts) != raw or raw.isupper() or raw.islower():
        return []
    hangul, mixed, has_word = [], [], False
    for part in parts:
        if part.isdigit():
            hangul.append(part)
            mixed.append(part)
        elif part.isupper() or len(part) == 1:
            hangul.append("".join(_LETTER_NAMES[c] for c in part.lower()))
            mixed.append(part)
        else:
            forms = translit.get(part.lower())
            if not forms:
                return []
            hangul.append(forms[0].replace(" ", ""))
            mixed.append(forms[0].replace(" ", ""))
            has_word = True
    out = ["".join(mixed)] if has_word else []
    return list(dict.fromkeys(out + ["".join(hangul)]))


def _resolve(words: list[str], translit, lexicon, aliases, acronym: bool = True) -> tuple[list[str], bool]:
    """Korean forms of an English word/phrase, and whether it is a name (echo its Latin).

    ``acronym``: the word may be an acronym. When not (a short word typed in lower case in a question that
    uses capitals: "horses ran in the race"), the corpus's acronym expansions are not its forms (무선접속네트워크
    was mined from "(RAN)").
    """
    alias_forms = list(aliases.lookup(" ".join(words))) if aliases is not None else []
    if not acronym:
        alias_forms = [f for f in alias_forms if not _spells_out(words[0], f)]
    lexicon_forms: tuple[str, ...] = ()
    for cand in _phrase_candidates(words):
        if cand in lexicon:
            lexicon_forms = lexicon[cand]
            break
    if alias_forms or lexicon_forms:
        return list(dict.fromkeys(alias_forms + list(lexicon_forms))), not lexicon_forms
    for cand in _phrase_candidates(words):
        if cand in translit:
            return list(translit[cand]), True
    return [], False


def _spells_out(word: str, hangul: str) -> bool:
    """A Hangul alias that spells out a short Latin word (more syllables than it has letters, plus one): an
    acronym's expansion (RAN: 무선접속네트워크, NSC: 국가안전보장회의), not a reading (dojo: 도조)."""
    syllables = sum(1 for c in hangul if "가" <= c <= "힣")
    return len(word) <= ACRONYM_MAX_LETTERS and syllables > len(word) + 1


def english_to_korean(
    question: str,
    translit: Mapping[str, tuple[str, ...]] | None = None,
    lexicon: Mapping[str, tuple[str, ...]] | None = None,
    aliases: _Lookup | None = None,
) -> list[tuple[str, str, float]]:
    """(english_source, korean_surface, weight) for the content words of an English question.

    Phrases are matched longest first (up to ``MAX_PHRASE_WORDS`` words) against
    the alias table, the lexicon and the transliterations; then single words,
    skipping ``STOP_QUESTION_WORDS_EN``.  Per word the alias table and the
    lexicon win over transliteration; camel-case names are composed from their
    parts; unknown words come back as themselves.  Hangul words are ignored
    (the caller tokenizes them as Korean).  Surfaces are unique (max weight).
    """
    translit = translit or {}
    lexicon = lexicon or {}
    tokens = _tokenize_english(question)
    # Echo a name's Latin spelling when it was written like a name (any capital),
    # or when the whole question is lower case (no case information).
    lower_case_question = not any(t.raw != t.low for t in tokens)
    out: dict[str, tuple[str, float]] = {}

    def emit(source: str, surface: str, weight: float) -> None:
        if surface not in out or out[surface][1] < weight:
            out[surface] = (source, weight)

    i = 0
    while i < len(tokens):
        if tokens[i].hangul:
            i += 1
            continue
        run = 0
        while i + run < len(tokens) and not tokens[i + run].hangul and run < MAX_PHRASE_WORDS:
            run += 1
        matched = 0
        for n in range(run, 1, -1):
            words = [t.low for t in tokens[i : i + n]]
            forms, is_name = _resolve(words, translit, lexicon, aliases)
            if forms:
                cased = lower_case_question or any(t.raw != t.low for t in tokens[i : i + n])
                _emit_forms(emit, " ".join(words), forms, is_name and cased)
                matched = n
                break
        if matched:
            i += matched
            continue
        tok = tokens[i]
        i += 1
        if tok.stop:
            continue
        may_be_acronym = lower_case_question or tok.raw.isupper() or len(tok.low) > ACRONYM_MAX_LETTERS
        forms, is_name = _resolve([tok.low], translit, lexicon, aliases, acronym=may_be_acronym)
        if not forms:
            forms = _camel_forms(tok.raw, translit)
            is_name = bool(forms)
        if forms:
            _emit_forms(emit, tok.low, forms, is_name and (lower_case_question or tok.raw != tok.low))
        else:
            emit(tok.low, tok.low, UNKNOWN_WEIGHT)
    return [(source, surface, weight) for surface, (source, weight) in out.items()]


def _emit_forms(emit, source: str, forms: list[str], is_name: bool) -> None:
    forms = forms[:MAX_ALTERNATIVES]
    share = WORD_WEIGHT / math.sqrt(len(forms))
    for form in forms:
        emit(source, form, share)
    if is_name and term_key(source) not in {term_key(f) for f in forms}:
        emit(source, source, LATIN_ECHO_WEIGHT)


# -- Korean -------------------------------------------------------------------
def expand_korean_terms(
    terms: Iterable[str],
    synonyms: SynonymSet | None = None,
    aliases: _Lookup | None = None,
) -> list[tuple[str, float]]:
    """(surface, weight) expansions of Korean query tokens; the tokens themselves are not returned.

    Runs of 3, then 2 adjacent tokens (joined without spaces, so ``["오픈", "ai"]``
    is looked up as ``오픈ai``), then single tokens not inside a matched run,
    are looked up in ``synonyms`` (weight ``SYNONYM_WEIGHT``) and in ``aliases``
    (``ALIAS_WEIGHT``), at most ``MAX_KO_EXPANSIONS`` per lookup.  Expansions
    equal to a typed token or to a run of typed tokens are skipped.
    """
    terms = [normalize_term(t) for t in terms if t and t.strip()]
    typed = {
        term_key("".join(terms[i : i + n])) for n in (1, 2, 3) for i in range(len(terms) - n + 1)
    }
    out: dict[str, float] = {}
    covered: set[int] = set()
    for n in (3, 2, 1):  # longest first: 오픈+ai matched as 오픈ai is not also "ai"
        for i in range(len(terms) - n + 1):
            span = set(range(i, i + n))
            if span & covered:
                continue
            gram = "".join(terms[i : i + n])
            found: list[tuple[str, float]] = []
            if synonyms is not None:
                found += [(s, SYNONYM_WEIGHT) for s in sorted(synonyms.expand(gram))]
            if aliases is not None:
                found += [(a, ALIAS_WEIGHT) for a in aliases.lookup(gram)]
            found = [(f, w) for f, w in found if term_key(f) not in typed][:MAX_KO_EXPANSIONS]
            if found and n > 1:
                covered |= span
            for surface, weight in found:
                out[surface] = max(out.get(surface, 0.0), weight)
    return list(out.items())
