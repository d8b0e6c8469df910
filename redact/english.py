"""The applicant's items as English text prints them: the name in pinyin, and the unit's
English name beside its Chinese one.

A paper's English title block, an English paper or certificate, and a reference list print
王伟东 as ``WANG Wei-dong``, ``Wang Weidong``, ``Weidong Wang`` or ``WANG Weidong``; the
recogniser reads them as Latin letters that no Chinese matcher sees. Only the whole name is
taken, word for word: ``Wang Weidong`` is not 王伟's, nor is ``Wang W.`` (initials name too
many people), nor an e-mail address that spells the name.

A unit's English name cannot be spelt from its Chinese one; a paper's English affiliation
(``1. Xinjiang Institute of Surveying and Mapping, Urumqi 830002, China``) is known by the
postcode it shares with the Chinese affiliation where the applicant's unit was found
(``1. 新疆维吾尔自治区测绘院，新疆 乌鲁木齐 830002``); on the applicant's own page, by an
English work-unit label before it (``Work Unit: …``). An English name the applicant lists
among their units is matched like any other unit name.

Pure functions over strings, like ``redact.matching``; spans index the text as given.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from types import ModuleType

#: Surnames read otherwise than the character's usual reading (单 is Shan, 曾 Zeng, 解 Xie).
#: Other characters take their usual reading only: their rarer ones are other people's
#: names (王 also reads yu, and Yu Wei is a colleague, not 王伟).
SURNAME_READINGS = {
    "单": ("shan",), "曾": ("zeng",), "解": ("xie",), "仇": ("qiu",), "区": ("ou",),
    "朴": ("piao",), "查": ("zha",), "盖": ("ge",), "缪": ("miao",), "翟": ("zhai",),
    "乐": ("yue", "le"), "覃": ("qin",), "召": ("shao",), "折": ("she",), "种": ("chong",),
    "秘": ("bi",), "繁": ("po",), "员": ("yun",), "宿": ("su",), "能": ("nai",),
    "隗": ("wei",), "尉迟": ("yuchi",), "万俟": ("moqi",), "长孙": ("zhangsun",),
    "单于": ("chanyu",),
}

#: A word of Latin letters, hyphens or apostrophes joining its pieces (Wei-dong, Xi'an).
_WORD = re.compile(r"[A-Za-zÀ-ɏ]+(?:['’\-‐][A-Za-zÀ-ɏ]+)*")
_LATIN_LETTER = re.compile("[A-Za-z]")
#: Capitals whose small letters look alike, so the recogniser may read either.
_EITHER_CASE = frozenset("cosuvwxzCOSUVWXZ")


def _fold(word: str) -> str:
    """Lower-case ASCII letters of ``word``: tone marks and ü's dots dropped, joiners too."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return "".join(c for c in plain.lower() if "a" <= c <= "z")


def _syllable_spellings(syllable: str) -> tuple[str, ...]:
    """ü, which pypinyin writes v, as it is printed: u (Lu), yu (Lyu) or v (Lv)."""
    if "v" not in syllable:
        return (syllable,)
    return tuple(syllable.replace("v", u) for u in ("u", "yu", "v"))


_IMPORT_LOCK = threading.Lock()


@functools.cache
def _pypinyin() -> ModuleType:
    """pypinyin, imported on first use without its phrase dictionary where this process has
    not imported it yet: names are read character by character, and the phrases cost about
    50 MB of every worker's memory (``PYPINYIN_NO_PHRASES`` is pypinyin's documented switch;
    it is set only while the import runs)."""
    with _IMPORT_LOCK:
        if "pypinyin" in sys.modules:
            return sys.modules["pypinyin"]
        before = os.environ.get("PYPINYIN_NO_PHRASES")
        os.environ["PYPINYIN_NO_PHRASES"] = "1"
        try:
            import pypinyin
        finally:
            if before is None:
                del os.environ["PYPINYIN_NO_PHRASES"]
            else:
                os.environ["PYPINYIN_NO_PHRASES"] = before
        return pypinyin


def _readings(text: str) -> list[str]:
    """The usual reading of each of ``text``'s characters, without tones (ü as v)."""
    pp = _pypinyin()
    return [str(r) for r in pp.lazy_pinyin(text, style=pp.Style.NORMAL)]


@functools.lru_cache(maxsize=64)
def name_spellings(name: str) -> tuple[tuple[str, str], ...]:
    """``(surname, given name)`` pairs in lower-case pinyin without spaces, e.g. 王伟东 →
    ``(("wang", "weidong"), ("wangwei", "dong"))``: the characters' usual readings (a
    surname's own, ``SURNAME_READINGS``), ü spelt three ways, and a name of three or four
    characters split after its first and after its second. Empty for a name that is not two
    to four Chinese characters (a dotted Uyghur name is not spelt in pinyin)."""
    if not 2 <= len(name) <= 4 or not all("\u4e00" <= c <= "\u9fff" for c in name):
        return ()
    out: dict[tuple[str, str], None] = {}
    # A compound surname (欧阳明: Ouyang Ming) is the first two characters; the other split
    # spells no one else's name, so both are tried.
    for k in (1, 2) if len(name) >= 3 else (1,):
        surname, given = name[:k], name[k:]
        readings = [SURNAME_READINGS.get(surname) or ("".join(_readings(surname)),)]
        readings += [(r,) for r in _readings(given)]
        spelt = [tuple(s for r in rs for s in _syllable_spellings(r)) for rs in readings]
        for combo in itertools.product(*spelt):
            out[combo[0], "".join(combo[1:])] = None
    return tuple(out)


def romanized_name_spans(text: str, name: str) -> list[tuple[int, int]]:
    """Spans ``(start, end)`` of ``text`` that spell the applicant's ``name`` in pinyin, as
    whole words in either order: surname then given name (``WANG Wei``, ``WangWei``) or
    given name then surname (``Wei Wang``). Every word starts with a capital (or a letter
    whose small form looks the same), as names are printed."""
    spellings = name_spellings(name)
    if not spellings or not _LATIN_LETTER.search(text):
        return []
    words = [(m.start(), m.end(), _fold(m.group())) for m in _WORD.finditer(text)]
    if not words:
        return []
    # Candidates as (first word, last word, order: "sg" surname first, "gs", or "" in one word).
    found: list[tuple[int, int, str]] = []
    for i, (s, e, w) in enumerate(words):
        if not _capitalised(text[s]) or _in_address(text, s, e):
            continue
        for sur, given in spellings:
            if w in (sur + given, given + sur):
                found.append((i, i, ""))
                break
            if i + 1 >= len(words):
                continue
            s2, e2, w2 = words[i + 1]
            between = text[e:s2]
            if not _capitalised(text[s2]) or _in_address(text, s2, e2):
                continue
            # Only a space between: "Wei Wang, Ming Li" holds no "Wang, Ming".
            if (w, w2) in ((sur, given), (given, sur)) and between and not between.strip():
                found.append((i, i + 1, "sg" if (w, w2) == (sur, given) else "gs"))
                break
    # Two that share a word are two people read without the comma between them (Wei Wang
    # Weidong Wang, for 王伟东): the one in the order the line prints names in is the name.
    order = _name_order(text, words)
    out: list[tuple[int, int]] = []
    for k, (i, j, how) in enumerate(found):
        if how != order and any(c[0] <= j and i <= c[1] for c in found[:k] + found[k + 1:]):
            continue
        out.append((words[i][0], words[j][1]))
    return out


def _name_order(text: str, words: Sequence[tuple[int, int, str]]) -> str:
    """How ``text`` prints names: ``"sg"`` (surname first) where more of its words in capitals
    (WANG) come before a word in small letters (Wei) than after one, as Chinese journals
    print WANG Wei, LI Ming; otherwise ``"gs"``, the English order (Wei Wang, Ming Li)."""
    def caps(k: int) -> bool:
        s, e, _ = words[k]
        return e - s > 1 and text[s:e].isupper()

    before = after = 0
    for k in range(len(words) - 1):
        a, b = caps(k), caps(k + 1)
        before += a and not b
        after += b and not a
    return "sg" if before > after else "gs"


def _capitalised(first: str) -> bool:
    return first.isupper() or first in _EITHER_CASE


def _in_address(text: str, s: int, e: int) -> bool:
    """Whether ``text[s:e]`` is part of an e-mail or web address (wangwei@…, www.wangwei.cn)."""
    before = text[s - 1] if s > 0 else ""
    after = text[e] if e < len(text) else ""
    return before in ("@", "/") or after == "@" or (before == "." and s > 1 and text[s - 2].isalnum()) \
        or (after == "." and e + 1 < len(text) and text[e + 1].isalpha())


#: A postcode: six digits standing alone.
_POSTCODE = re.compile(r"(?<!\d)\d{6}(?!\d)")
#: Between one affiliation and the next in a list.
_AFFILIATION_SEP = re.compile(r"[;；]")
#: An affiliation's opening, with its number if it has one: ``(1. ``, ``2 ``, ``（3．``.
_AFFILIATION_HEAD = re.compile(r"\s*[(（]?\s*(?:(\d)(?!\d)\s*[.．、]?\s*)?")
#: A run of Latin letters (a word of the city's name before a postcode).
_LATIN_WORD = re.compile(r"[A-Za-z]+")
#: Words of a body's name; the parts of an English affiliation after its first that hold
#: none of these are places (Urumqi, Xinjiang), which are not the unit's name.
_BODY_WORDS = re.compile(
    r"\b(?:institutes?|institution|universit(?:y|ies)|college|school|faculty|academy|bureau|"
    r"cent(?:er|re)|company|co|ltd|corporation|corp|corps|group|department|dept|"
    r"administration|survey(?:ing)?|mapping|team|brigade|station|office|laborator(?:y|ies)|"
    r"lab|ministry|commission|committee|agency|authority|hospital|council|association|"
    r"society|design|engineering|planning|geolog\w*|exploration|resources?)\b", re.I)


def _affiliation_head(text: str, seg: int) -> tuple[str | None, int]:
    """The number of the affiliation that starts at ``text[seg]`` (None without one) and
    where its name starts."""
    head = _AFFILIATION_HEAD.match(text, seg)
    assert head is not None  # (every part of it is optional)
    return head.group(1), head.end()


def _segment_start(text: str, at: int) -> int:
    """Where the affiliation holding ``text[at]`` starts: after the separator before it."""
    seps = [m.end() for m in _AFFILIATION_SEP.finditer(text, 0, at)]
    return seps[-1] if seps else 0


def _affiliation_at(text: str, start: int, end: int) -> tuple[str | None, str | None]:
    """The number and postcode of the affiliation holding ``text[start:end]`` (the unit's
    name), each None where the text shows none."""
    number, name_at = _affiliation_head(text, _segment_start(text, start))
    if name_at != start:
        number = None  # (a number not right before the name is some other figure)
    close = _AFFILIATION_SEP.search(text, end)
    code = _POSTCODE.search(text, end, close.start() if close else len(text))
    return number, code.group() if code else None


def _body_parts(text: str, start: int, stop: int, city_last: bool) -> tuple[int, int] | None:
    """The span of ``text[start:stop]``'s leading comma-separated parts that name a body (its
    first, and those after it that name one too: a school, then its university), with the
    city's part left out: the last, when ``city_last`` (the postcode follows it), or the
    words before ``stop`` (the postcode) in the part it ends."""
    parts = [(max(m.start(), start), m.end()) for m in _PART.finditer(text, 0, stop)
             if start < m.end()]
    if parts and city_last:
        a, _ = parts.pop()
        # Where the comma before the city was lost (read as a full stop, or not at all),
        # its words before the city's.
        city = list(_LATIN_WORD.finditer(text, a, stop))
        if len(city) >= 2:
            b = city[-1].start()
            while b > a and text[b - 1] in " .,，":
                b -= 1
            if _BODY_WORDS.search(text, a, b):
                parts.append((a, b))
    taken: list[tuple[int, int]] = []
    for a, b in ((a, b) for a, b in parts if text[a:b].strip()):
        if not _BODY_WORDS.search(text[a:b]):
            break
        taken.append((a, b))
    if not taken:
        return None
    a, b = taken[0][0], taken[-1][1]
    while b > a and text[b - 1] == " ":
        b -= 1
    return a, b


def _english_affiliations_on(lines: Sequence[str], previous: Mapping[int, int] | None = None
                             ) -> list[tuple[str, str | None, tuple[int, int], int, int, int]]:
    """Every English affiliation with a postcode on the page: ``(postcode, number, which,
    line, start, end)``, the span being its leading parts that name a body (not the city);
    ``which`` tells one affiliation from another (two spans for one wrapped over two lines).
    ``previous``: for a line, the line it continues (``reading.continuations``), where an
    affiliation that opens a line began (…Institute of | Surveying and Mapping, Urumqi
    830002; or …Mapping, Urumqi | 830002, China)."""
    previous = previous or {}
    out = []
    for li, text in enumerate(lines):
        if len(_LATIN_WORD_2.findall(text)) < 3:
            continue
        for hit in _POSTCODE.finditer(text):
            seg = _segment_start(text, hit.start())
            number, start = _affiliation_head(text, seg)
            which = (li, hit.start())
            here = _body_parts(text, start, hit.start(), city_last=True)
            spans = [(li, *here)] if here is not None else []
            pi = previous.get(li)
            if seg == 0 and start == 0 and pi is not None and len(_LATIN_WORD_2.findall(lines[pi])) >= 2:
                # It opens the line with no number of its own: it began on the line before.
                before = lines[pi]
                number, pstart = _affiliation_head(before, _segment_start(before, len(before)))
                # With nothing of it here but the postcode, that line ends in its city.
                there = _body_parts(before, pstart, len(before), city_last=here is None)
                if there is not None:
                    spans.insert(0, (pi, *there))
            out += [(hit.group(), number, which, sl, a, b) for sl, a, b in spans]
    return out


#: A Latin word of two letters or more (a line of English has three or more).
_LATIN_WORD_2 = re.compile(r"[A-Za-z]{2,}")
#: One comma-separated part of an affiliation.
_PART = re.compile(r"[^,，]+")


def english_affiliations(lines: Sequence[str], units_at: Iterable[tuple[int, int, int]],
                         previous: Mapping[int, int] | None = None) -> list[tuple[int, int, int]]:
    """Spans ``(line, start, end)`` of the English names of the applicant's unit: in an
    English line's affiliation that carries the postcode of a Chinese affiliation where the
    unit was found (``units_at``: its spans), and the same number where both show one. Only
    the affiliation's leading parts that name a body are taken, not the city after them.
    ``previous``: as ``_english_affiliations_on`` takes it, for an affiliation wrapped."""
    wanted: dict[str, set[str | None]] = {}
    for li, s, e in units_at:
        number, code = _affiliation_at(lines[li], s, e)
        if code is not None:
            wanted.setdefault(code, set()).add(number)
    if not wanted:
        return []
    found: dict[str, list[tuple[int, int, int, str | None, tuple[int, int]]]] = {}
    for code, number, which, li, a, b in _english_affiliations_on(lines, previous):
        if code in wanted:
            found.setdefault(code, []).append((li, a, b, number, which))
    out = []
    for code, spans in found.items():
        numbers = wanted[code]
        if None not in numbers:
            spans = [sp for sp in spans if sp[3] is None or sp[3] in numbers]
        # Two English affiliations in one city whose numbers do not tell them apart: neither
        # is surely the applicant's.
        if len({sp[4] for sp in spans}) == 1 \
                or (None not in numbers and all(sp[3] is not None for sp in spans)):
            out += [(li, a, b) for li, a, b, _, _ in spans]
    return out


#: An author's affiliation numbers printed after the name (WANG Wei1, WANG Wei1,2*).
_AUTHOR_MARKS = re.compile(r"\s*(\d(?:\s*[,，]\s*\d)*)(?!\d)")


def authors_affiliations(lines: Sequence[str], names_at: Iterable[tuple[int, int, int]],
                         previous: Mapping[int, int] | None = None) -> list[tuple[int, int, int]]:
    """Spans ``(line, start, end)`` of the English affiliations of the applicant as an author
    (``names_at``: their name's spans in pinyin): those numbered as the name's own marks
    (WANG Wei1 → 1. Xinjiang Institute of Surveying and Mapping, Urumqi 830002), or the one
    affiliation of a page that numbers none. For an English paper, or a title block printed
    apart from its Chinese one (on the paper's last page). ``previous``: as
    ``_english_affiliations_on`` takes it."""
    names_at = list(names_at)
    if not names_at:
        return []
    numbers: set[str] = set()
    unmarked = False
    for li, _s, e in names_at:
        marks = _AUTHOR_MARKS.match(lines[li], e)
        if marks is not None:
            numbers.update(re.findall(r"\d", marks.group(1)))
        else:
            unmarked = True
    affiliations = _english_affiliations_on(lines, previous)
    out = [(li, a, b) for _code, number, _which, li, a, b in affiliations
           if number is not None and number in numbers]
    if unmarked and not out and len({af[2] for af in affiliations}) == 1 \
            and affiliations[0][1] is None:
        out += [(li, a, b) for _code, _number, _which, li, a, b in affiliations]
    return out


#: An English form's work-unit label and its colon (a bilingual or English certificate).
#: Not "Institution" nor "Organization": on a training certificate those are the body that
#: trained them or the one that issued it.
_UNIT_LABEL = re.compile(
    r"\b(?:work(?:ing)?\s*unit|employer|affiliation|workplace|place\s+of\s+work|company|"
    r"unit)\s*[:：]\s*", re.I)
#: The next field's label on the same line, which ends the value (two spaces or more first).
_NEXT_LABEL = re.compile(r"\s{2,}[A-Z][A-Za-z.]*(?:\s[A-Za-z.]+){0,2}\s*[:：]")


def english_unit_field(text: str) -> tuple[int, int] | None:
    """Where ``text`` gives a work unit after an English label (``Work Unit: Xinjiang
    Institute of Surveying and Mapping``): the value's span, when it names a body. On the
    applicant's own page that is their unit, in whatever words."""
    label = _UNIT_LABEL.search(text)
    if label is None:
        return None
    start = label.end()
    after = _NEXT_LABEL.search(text, start)
    end = after.start() if after else len(text)
    while end > start and text[end - 1] in " ,.;，。；":
        end -= 1
    if end - start < 4 or not _BODY_WORDS.search(text, start, end):
        return None
    return start, end
