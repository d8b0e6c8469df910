"""Find the applicant's name, ID number and work-unit names in recognised text.

Pure functions over strings: nothing here sees an image. A match is reported as spans of
character indices into the *original* line texts, so geometry can turn it into boxes.

Normalisation (``normalize``) folds full-width forms to half-width (NFKC), drops every kind
of white space (``张　三`` matches ``张三``) and every middle-dot variant (``·•・‧.``), so
``阿不都热合曼·买买提`` matches however the dot was printed or read, or if it was lost.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from .elements import Applicant

#: Middle-dot variants used in transliterated (e.g. Uyghur) names, and what OCR makes of them.
DOTS = frozenset("·•・‧.．∙⋅･◦°")
#: Characters OCR reads in place of a name's middle dot.
DOT_STANDINS = "-一—_~"

#: What usually follows a person's name in these documents; a CJK character that is not one
#: of these, right after a two-character name, most likely makes it a longer, different name.
NAME_FOLLOWERS = tuple(
    """同志 先生 女士 老师 教授 工程师 高工 高级 副 正 等 在 于 自 从 是 为 的 同 与 和 及 跟
    参加 参与 担任 负责 主持 完成 获 承担 男 女 性别 身份 出生 民族 年 月 现 已 系 被 所
    因 对 向 将 把 按 以 具 有 本 任 该 同学 学员 编号 证 号 汉 族 签 盖 确认 申请 申报
    考核 评 经 通过 不 无 均 也 都 曾 至 到 来 去 作 做 提 或 共 联系 电话 手机
    身 住 工作 单位 职 专业 毕业 学历 学位 同事""".split()
)

#: Common surnames: a CJK character just before a two-character name that is one of these
#: likely starts a different three-character name (``李王伟``). Function words that are also
#: rare surnames (于, 和, 向, 在, 由 …) are left out on purpose.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭林何高罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程"
    "魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷黎史龙陶贺顾"
    "毛郝龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关"
    "兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华"
    "喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏"
    "宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)

#: Labels after which the next characters are a person's name; there a one-character OCR
#: error in a name of three or more characters is still taken as the applicant's name.
NAME_LABELS = (
    "姓名", "名字", "申请人", "申报人", "持证人", "学员", "学生", "乙方", "作者", "负责人",
    "本人", "被考核人", "考生", "受聘人", "聘用人员", "员工", "职工",
)

#: OCR confusions in digit strings.
_DIGIT_VIEW = {
    **{d: d for d in "0123456789"},
    "O": "0", "o": "0", "D": "0", "Q": "0", "〇": "0",
    "I": "1", "l": "1", "|": "1", "i": "1", "丨": "1",
    "Z": "2", "z": "2", "S": "5", "s": "5", "B": "8", "G": "6", "b": "6",
    "X": "X", "x": "X", "×": "X", "Ｘ": "X",
    "*": "*", "＊": "*", "※": "*", "✱": "*",
}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class Span:
    """Characters ``start:end`` (end-exclusive) of line number ``line``."""

    line: int
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    """One occurrence of an applicant item (or, with ``masked=False``, a look-alike kept visible)."""

    kind: str
    spans: tuple[Span, ...]
    text: str
    score: float
    masked: bool = True
    warning: str = ""


# -- normalisation ---------------------------------------------------------------------------

def normalize(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for matching; return it with, per output character, its index in ``text``.

    >>> normalize("张　三")
    ('张三', [0, 2])
    """
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if c.isspace() or c in DOTS or unicodedata.category(c) == "Cf":
                continue
            out.append(c.upper() if c.isascii() else c)
            index.append(i)
    return "".join(out), index


def normalize_name(name: str) -> list[str]:
    """The parts of a name between middle dots, normalised: ``阿不都·买买提`` → ['阿不都', '买买提']."""
    parts = re.split("[" + re.escape("".join(DOTS)) + "]", unicodedata.normalize("NFKC", name))
    return [p for p in (normalize(p)[0] for p in parts) if p]


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0002fa1f"


# -- ID numbers ------------------------------------------------------------------------------

def id_check_digit(first17: str) -> str:
    """GB 11643 check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS))
    return _ID_CHECK[total % 11]


def id_number_problems(id_number: str) -> list[str]:
    """Why ``id_number`` is not a valid 18-character resident ID (empty list when it is)."""
    s = normalize(id_number)[0]
    if not re.fullmatch(r"\d{17}[\dX]", s):
        return [f"ID number {mask_id(s)} is not 17 digits plus a digit or X"]
    if id_check_digit(s[:17]) != s[17]:
        return [f"ID number {mask_id(s)} fails the GB 11643 check digit (typo?); masking it anyway"]
    return []


def mask_id(text: str) -> str:
    """Shorten an ID number for reports and logs: first 6 and last 4 characters kept."""
    s = "".join(c for c in text if not c.isspace())
    if len(s) <= 10:
        return "*" * len(s)
    return s[:6] + "*" * (len(s) - 10) + s[-4:]


# -- matching on one text --------------------------------------------------------------------

@dataclass(frozen=True)
class _Hit:
    kind: str
    start: int  # in normalised text
    end: int
    score: float
    masked: bool = True
    warning: str = ""


def _name_hits(norm: str, applicant_name: str) -> list[_Hit]:
    parts = normalize_name(applicant_name)
    if not parts:
        return []
    dotted = len(parts) > 1
    sep = "[" + re.escape(DOT_STANDINS) + "]?" if dotted else ""
    pattern = sep.join(re.escape(p) for p in parts)
    name_len = sum(len(p) for p in parts)
    hits: list[_Hit] = []
    for m in re.finditer(pattern, norm):
        s, e = m.start(), m.end()
        other = None if dotted else _extends_to_other_name(norm, s, e, name_len)
        if other is not None:
            hits.append(_Hit("other_name", other[0], other[1], 1.0, masked=False,
                             warning=f"kept {norm[other[0]:other[1]]}: a different name"))
        else:
            hits.append(_Hit("name", s, e, 1.0))
    if not dotted and name_len >= 3:
        hits.extend(_fuzzy_labelled_names(norm, parts[0], hits))
    return hits


def _extends_to_other_name(norm: str, s: int, e: int, n: int) -> tuple[int, int] | None:
    """If the name at ``s:e`` is part of a longer name, return that longer name's span."""
    if n != 2:
        # Three- and four-character names are rarely the head of a longer name.
        return None
    if e < len(norm) and is_cjk(norm[e]) and not norm.startswith(NAME_FOLLOWERS, e):
        return (s, e + 1)
    if (s >= 1 and norm[s - 1] in SURNAMES
            and (s == 1 or not is_cjk(norm[s - 2]) or norm.endswith(NAME_LABELS, 0, s - 1))):
        return (s - 1, e)
    return None


def _fuzzy_labelled_names(norm: str, name: str, exact: list[_Hit]) -> list[_Hit]:
    hits = []
    n = len(name)
    for label in NAME_LABELS:
        for m in re.finditer(re.escape(label) + r"[:：]?", norm):
            s = m.end()
            cand = norm[s:s + n]
            if len(cand) < n or not all(is_cjk(c) for c in cand):
                continue
            if any(h.start <= s < h.end for h in exact):
                continue
            if s + n < len(norm) and is_cjk(norm[s + n]) and not norm.startswith(NAME_FOLLOWERS, s + n):
                continue
            if sum(a != b for a, b in zip(cand, name)) == 1:
                hits.append(_Hit("name", s, s + n, 0.7,
                                 warning=f"name read as {cand} after {label}; masked as the applicant's"))
    return hits


def _digit_view(norm: str) -> str:
    return "".join(_DIGIT_VIEW.get(c, "\0") for c in norm)


def _id_hits(norm: str, id_number: str) -> list[_Hit]:
    target = normalize(id_number)[0]
    n = len(target)
    if n < 15:
        return []
    view = _digit_view(norm)
    hits: list[_Hit] = []
    i = 0
    while i <= len(view) - n:
        window = view[i:i + n]
        if "\0" in window:
            i += window.rindex("\0") + 1
            continue
        known = [(a, b) for a, b in zip(window, target) if a != "*"]
        stars = n - len(known)
        mismatches = sum(a != b for a, b in known)
        # Digits that are not really digits in the original text (O, l, S …) count as evidence
        # only beside real digits, so "SOLID" never reads as a number.
        real_digits = sum(c.isdigit() for c in norm[i:i + n])
        if real_digits >= 8 and len(known) >= 10 and mismatches <= (0 if stars else 2):
            warning = ""
            if mismatches:
                warning = f"ID number {mask_id(window)} read with {mismatches} differing digit(s); masked"
            hits.append(_Hit("id_number", i, i + n, 1.0 - 0.15 * mismatches, warning=warning))
            i += n
        else:
            i += 1
    return hits


def _max_edits(length: int) -> int:
    return 2 if length >= 14 else 1 if length >= 8 else 0


def _unit_hits(norm: str, units: Sequence[str]) -> list[_Hit]:
    cands: list[tuple[int, int, int, int]] = []  # (distance, -length, start, end)
    for unit in units:
        u = normalize(unit)[0]
        if len(u) < 2:
            continue
        k = _max_edits(len(u))
        start = 0
        while (pos := norm.find(u, start)) >= 0:
            cands.append((0, -len(u), pos, pos + len(u)))
            start = pos + 1
        if k == 0 or len(norm) < len(u) - k:
            continue
        # A fuzzy match must begin and end on the unit's own first and last characters: the
        # last one says what kind of body it is (院, 局, 所 …), so 测绘局 never passes for 测绘院.
        for s in range(0, max(1, len(norm) - len(u) + k + 1)):
            if norm[s] != u[0]:
                continue
            for length in range(len(u) - k, len(u) + k + 1):
                e = s + length
                if e > len(norm) or norm[e - 1] != u[-1]:
                    continue
                d = Levenshtein.distance(norm[s:e], u, score_cutoff=k)
                if 0 < d <= k:
                    cands.append((d, -length, s, e))
    hits: list[_Hit] = []
    taken: list[tuple[int, int]] = []
    for d, neg_len, s, e in sorted(cands):
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        warning = f"unit name read with {d} OCR difference(s): {norm[s:e]}" if d else ""
        hits.append(_Hit("unit", s, e, 1.0 - 0.1 * d, warning=warning))
        del neg_len
    return hits


def match_text(text: str, applicant: Applicant) -> list[tuple[str, int, int, float, bool, str]]:
    """Every applicant item in one string, as ``(kind, start, end, score, masked, warning)``
    with ``start:end`` indexing ``text`` itself (not its normalised form)."""
    norm, index = normalize(text)
    hits = _hits(norm, applicant)
    return [(h.kind, index[h.start], index[h.end - 1] + 1, h.score, h.masked, h.warning)
            for h in hits]


def _hits(norm: str, applicant: Applicant) -> list[_Hit]:
    hits = _name_hits(norm, applicant.name)
    if applicant.id_number:
        hits += _id_hits(norm, applicant.id_number)
    if applicant.units:
        hits += _unit_hits(norm, applicant.units)
    return hits


# -- matching over lines ---------------------------------------------------------------------

def find_matches(lines: Sequence[str], applicant: Applicant,
                 neighbours: Iterable[tuple[int, int]] = ()) -> list[Match]:
    """All applicant items in ``lines``.

    ``neighbours`` lists pairs ``(i, j)`` where line ``j`` continues line ``i`` (the next line
    of a paragraph, or the next cell on the same row), so that an item broken across them is
    found; only matches that really cross the break are taken from a pair.
    """
    matches: list[Match] = []
    for li, text in enumerate(lines):
        norm, index = normalize(text)
        for h in _hits(norm, applicant):
            span = Span(li, index[h.start], index[h.end - 1] + 1)
            matches.append(Match(h.kind, (span,), text[span.start:span.end], h.score,
                                 h.masked, h.warning))
    for i, j in neighbours:
        ni, ii = normalize(lines[i])
        nj, ij = normalize(lines[j])
        if not ni or not nj:
            continue
        joined = ni + nj
        for h in _hits(joined, applicant):
            if not (h.start < len(ni) < h.end):
                continue
            left = Span(i, ii[h.start], ii[-1] + 1)
            right = Span(j, ij[0], ij[h.end - len(ni) - 1] + 1)
            text = lines[i][left.start:left.end] + lines[j][right.start:right.end]
            matches.append(Match(h.kind, (left, right), text, h.score * 0.95, h.masked,
                                 h.warning or f"{h.kind} split across two lines"))
    return _dedupe(matches)


def _dedupe(matches: list[Match]) -> list[Match]:
    """Drop kept look-alikes that overlap a masked item, and exact duplicates."""
    masked_spans = [s for m in matches if m.masked for s in m.spans]
    out: list[Match] = []
    seen: set[tuple[str, tuple[Span, ...]]] = set()
    for m in matches:
        key = (m.kind, m.spans)
        if key in seen:
            continue
        if not m.masked and any(
            s.line == t.line and s.start < t.end and t.start < s.end
            for s in m.spans for t in masked_spans
        ):
            continue
        seen.add(key)
        out.append(m)
    return out
