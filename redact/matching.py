"""Find the applicant's name, ID number and work-unit names in recognised text.

Pure functions over strings: nothing here sees an image. A match is reported as spans of
character indices into the *original* line texts, so geometry can turn it into boxes.

Normalisation (``normalize``) folds full-width forms to half-width (NFKC) and traditional
misreadings to simplified characters, drops every kind
of white space (``张　三`` matches ``张三``) and every middle-dot variant (``·•・‧.``), so
``阿不都热合曼·买买提`` matches however the dot was printed or read, or if it was lost.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz.distance import Hamming, LCSseq, Levenshtein

from .elements import Applicant
from .english import romanized_name_spans

#: Middle-dot variants used in transliterated (e.g. Uyghur) names, and what OCR makes of them.
DOTS = frozenset("·•・‧.．∙⋅･◦°")
#: Dashes, which after 第 are a misread 一 (NFKC has already made － a -).
_DASHES = frozenset("-‐‑–—―")
#: Characters OCR reads in place of a name's middle dot.
DOT_STANDINS = "-一—_~"
#: Between the parts of a dotted name: nothing, a stand-in, or any one character but a CJK
#: one that the dot was misread as (巴合提☑努尔兰, 巴合提Π努尔兰, 巴合提1努尔兰), but not the
#: punctuation that separates two people in a list.
_DOT_READ_AS = ("(?:[" + re.escape(DOT_STANDINS)
                + "]|[^\\u3400-\\u9fff\\s、，,；;：:（）()《》“”\"'])?")

#: What usually follows a person's name in these documents; a CJK character that is not one
#: of these, right after a two-character name, most likely makes it a longer, different name.
NAME_FOLLOWERS = tuple(
    """同志 同学 同事 同意 先生 女士 老师 教授 工程师 高工 高级 副高 正高 等 在 于 是 为 的 与 及
    跟 参加 参与 担任 负责 主持 完成 获得 获奖 承担 男 女 性别 身份 出生 民族 已 被 所 因 对 向
    将 把 按 以 该 签字 签名 盖章 确认 申请 申报 考核 评审 评定 通过 不 无 也 都 曾任 曾在 到
    或 联系 电话 手机 现任 现在 现为 现工作 现从事 任职 具有 具备 从事 自愿 本人 系统 工作
    单位 职称 职务 专业 毕业 学历 学位 汉族 号码 证号 编号
    和 共 自 从 由 经 系 拟 曾 任 受 赴 入 给 让 请 来 获 编 著 译 副 作 说 称
    荣获 荣立 荣膺 获评 被评 主编 主讲 主审 主管 主任 主要 参编 撰写 执笔 起草 发表 提出
    作为 取得 考取 入职 调入 调至 调到 调任 晋升 出任 兼任 聘任 聘为 聘用 退休 离职 签订 签署 长期
    一直 多次 先后 积极 认真 同时 独立 牵头 带领 组织 指导 合作 研究 设计 审核 审定 校核
    讲授 代表 认为 表示 个人 院长 所长 处长 科长 局长 厅长 站长 部长 队长 组长 校长 经理
    书记 总工 博士 硕士 研究员
    维吾尔 哈萨克 回族 蒙古族 柯尔克孜 塔吉克 锡伯 乌孜别克 满族 俄罗斯族 达斡尔 塔塔尔 土家族
    壮族 苗族 彝族 藏族""".split()
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
    # Among the hundred commonest, once missing: 于倩慧 as a title certificate's holder
    # was no name, and her photo was masked as the applicant's (seed 3917).
    "肖于向"
)

#: Surnames that are far more often a word: a line opening 和王伟 (…李明 | 和王伟共同完成) is
#: no 和王伟's, nor one opening 向王伟同志颁发.
_COMMON_WORDS = frozenset("和明于向")

#: Two-character surnames: after one of these a single character is a whole given name, so
#: 欧阳明 may be the head of a colleague's 欧阳明月 as 王伟 may be of 王伟东.
COMPOUND_SURNAMES = frozenset(
    """欧阳 司马 上官 诸葛 东方 皇甫 尉迟 令狐 慕容 公孙 长孙 宇文 司徒 司空 夏侯 端木 轩辕
    呼延 南宫 万俟 闻人 独孤 西门 澹台 公冶 宗政 濮阳 淳于 单于 太叔 申屠 钟离 赫连 拓跋
    百里 东郭 第五 左丘 鲜于 闾丘 仲孙 梁丘 乐正 羊舌 微生 漆雕 亓官 巫马 公良""".split()
)

#: Labels after which the next characters are a person's name; there a one-character OCR
#: error in a name of three or more characters is still taken as the applicant's name.
NAME_LABELS = (
    "作者简介", "姓名", "名字", "申请人", "申报人", "持证人", "学员", "学生", "乙方", "作者", "负责人",
    "本人", "被考核人", "考生", "受聘人", "聘用人员", "员工", "职工",
)

#: Field labels of certificates and forms: a line that is one of these starts a new field,
#: it does not continue the text above it.
FORM_LABELS = frozenset({
    "姓名", "性别", "民族", "出生年月", "出生日期", "身份证号", "身份证号码", "公民身份号码",
    "工作单位", "单位", "专业", "职务", "职称", "学历", "学位", "级别", "资格名称", "资格级别",
    "证书编号", "管理号", "发证日期", "批准日期", "评审时间", "取得时间", "发证机关", "备注",
})


def is_form_label(text: str) -> bool:
    """Whether ``text`` is a form's field label alone (专业, 职称：, 出生年月:)."""
    norm = normalize(text)[0]
    return norm.rstrip(":：") in FORM_LABELS


#: Traditional forms the recogniser sometimes returns for simplified characters common in
#: names and unit names; documents here are printed in simplified characters, so these are
#: misreadings and are folded back before matching.
TRAD_TO_SIMP = str.maketrans(
    "責華國會區東業務廣貿縣電機設計員學醫術發藝經濟興門開關處廳鄉鎮黨總劃測繪質調農銷"
    "費團協辦寧陝遼龍蘇鄭澤衛維爾環車場產廠聯財專豐書實驗體職師範軍導護療個資訊語圖館"
    "報傳運輸鐵礦鋼氣熱動勞險稅審檢監證價規築準標紡織藥貨銀儲庫為與長間陽廈漢貴雲綜閩"
    "贛麗買亞約瑪達蘭孫劉陳張趙楊黃吳鄧蕭韓馮許錢葉蔣盧謝鍾賀偉強紅輝鵬濤傑鳳榮曉靜穎"
    "潔嬌寶義連剛鋒勝慶歡薩麥魯齊烏顧嚴戰雙雞鴻歐陸瑩綠蓮瓊們鄒塗閆羅蘆譚鐘顏龔賽習納"
    "賈訓練歷畢號碼單稱級優評論項題讀課進選邊還這過愛應時數樹橋歲濱灣獎瑤畫碩禮種筆紀"
    "紹絲線繼續聖聲臺舉藍裝觀記詩誠說諾豔貝賢躍邁銘錦閣隊靈韻領頭風飛馬駿騰鳴鷹齡瑋綺"
    "緯莊萬賓贊軒輪遙郵鈴錫闊鞏韋須顯勳勵匯穩競彊悅兌銳閱脫別戶內眞淸靑",
    "责华国会区东业务广贸县电机设计员学医术发艺经济兴门开关处厅乡镇党总划测绘质调农销"
    "费团协办宁陕辽龙苏郑泽卫维尔环车场产厂联财专丰书实验体职师范军导护疗个资讯语图馆"
    "报传运输铁矿钢气热动劳险税审检监证价规筑准标纺织药货银储库为与长间阳厦汉贵云综闽"
    "赣丽买亚约玛达兰孙刘陈张赵杨黄吴邓萧韩冯许钱叶蒋卢谢钟贺伟强红辉鹏涛杰凤荣晓静颖"
    "洁娇宝义连刚锋胜庆欢萨麦鲁齐乌顾严战双鸡鸿欧陆莹绿莲琼们邹涂闫罗芦谭钟颜龚赛习纳"
    "贾训练历毕号码单称级优评论项题读课进选边还这过爱应时数树桥岁滨湾奖瑶画硕礼种笔纪"
    "绍丝线继续圣声台举蓝装观记诗诚说诺艳贝贤跃迈铭锦阁队灵韵领头风飞马骏腾鸣鹰龄玮绮"
    "纬庄万宾赞轩轮遥邮铃锡阔巩韦须显勋励汇稳竞疆悦兑锐阅脱别户内真清青"  # 彊: in 新彊
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
    #: Characters of the item the reader lost (never read) before the first span and after
    #: the last: the mask reaches over them at the read characters' pitch.
    lost: tuple[int, int] = (0, 0)


# -- normalisation ---------------------------------------------------------------------------

def normalize(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` for matching; return it with, per output character, its index in ``text``.

    >>> normalize("张　三")
    ('张三', [0, 2])
    """
    folded, index = _fold(text)
    return folded, list(index)


@functools.lru_cache(maxsize=8192)
def _fold(text: str) -> tuple[str, tuple[int, ...]]:
    # Cached: a page's lines are folded again by every matcher (about 1,300 calls a page).
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).translate(TRAD_TO_SIMP):
            if c.isspace() or c in DOTS or unicodedata.category(c) == "Cf":
                continue
            if c in _DASHES and out and out[-1] == "第":
                c = "一"  # the recogniser's dash for the 一 of an ordinal (…第- | 第一测绘院)
            out.append(c.upper() if c.isascii() else c)
            index.append(i)
    return "".join(out), tuple(index)


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


@functools.lru_cache(maxsize=64)
def _name_pattern(applicant_name: str) -> tuple[list[str], re.Pattern[str] | None]:
    """The name's normalised parts and the pattern that finds it (cached: asked for every
    line of every page)."""
    parts = normalize_name(applicant_name)
    if not parts:
        return parts, None
    pattern = re.escape(parts[0])
    for part in parts[1:]:
        after_dot = _DOT_READ_AS + re.escape(part)
        fused = _DOT_FUSED.get(part[0])
        if fused is not None:
            # Or the dot's 口 fused so, and the character read again on its own after it
            # (麦麦提·亚森 read 麦麦提哑亚森 on a turned ID card; seed 5264, 0%).
            after_dot = f"(?:{after_dot}|{re.escape(fused)}{re.escape(part[0])}?{re.escape(part[1:])})"
        pattern += after_dot
    return parts, re.compile(pattern)


#: A middle dot read fused with the character after it into that character with 口 beside
#: it (热合曼•阿木提 read 热合曼啊木提): the dot is that 口. The character may be read again
#: after it (麦麦提哑亚森).
_DOT_FUSED = {"阿": "啊", "马": "吗", "尼": "呢", "巴": "吧", "合": "哈", "可": "呵", "加": "咖",
              "那": "哪", "米": "咪", "古": "咕", "丁": "叮", "乌": "呜", "达": "哒", "拉": "啦",
              "亚": "哑", "贝": "呗", "土": "吐", "依": "咿"}


#: List punctuation the recogniser may read a middle dot as (a vertical column's dot read
#: ，or ：): the dot only where it was read with doubt, as a list's comma is read surely.
_DOT_READ_AS_MARK = "，,：:"


@functools.lru_cache(maxsize=64)
def _doubtful_dot_pattern(applicant_name: str) -> re.Pattern[str] | None:
    """A dotted name with list punctuation between its parts (see ``_DOT_READ_AS_MARK``)."""
    parts = normalize_name(applicant_name)
    if len(parts) < 2:
        return None
    sep = "(?:" + _DOT_READ_AS + "|[" + re.escape(_DOT_READ_AS_MARK) + "])"
    return re.compile(sep.join(re.escape(p) for p in parts))


def _name_hits(norm: str, applicant_name: str, conf: Sequence[float] | None = None,
               born: str | None = None, dots: Collection[int] = ()) -> list[_Hit]:
    """The applicant's name in ``norm``, and look-alikes kept; ``born``: the applicant's birth
    year, for a two-character name read with a slip in an author's note (``_fuzzy_labelled_names``).
    ``dots``: the positions of ``norm`` that a middle dot stood before (``dot_breaks``)."""
    parts, pattern = _name_pattern(applicant_name)
    if pattern is None:
        return []
    dotted = len(parts) > 1
    name_len = sum(len(p) for p in parts)
    # An undotted name with a Han surname is no dotted name's first part: a dot after it
    # parts it from what follows (an author list's small comma read as one, 高琳·吐尔逊·司马
    # for 高琳1，吐尔逊·司马义3, left 高琳 unmasked as a colleague's 高琳吐).
    han = not dotted and parts[0][:1] in SURNAMES and parts[0][:1] not in _NAME_PART_HEADS
    hits: list[_Hit] = []
    for m in pattern.finditer(norm):
        s, e = m.start(), m.end()
        if han and e in dots:
            other = None
        else:
            other = _longer_dotted_name(norm, s, e) if dotted \
                else _extends_to_other_name(norm, s, e, name_len, conf)
        if other is not None:
            hits.append(_Hit("other_name", other[0], other[1], 1.0, masked=False,
                             warning=f"kept {norm[other[0]:other[1]]}: a different name"))
        else:
            hits.append(_Hit("name", s, e, 1.0))
    loose = _doubtful_dot_pattern(applicant_name)
    if loose is not None and conf is not None:
        for m in loose.finditer(norm):
            marks = [k for k in range(m.start(), m.end()) if norm[k] in _DOT_READ_AS_MARK]
            if marks and all(conf[k] < MISREAD_CONFIDENCE for k in marks) \
                    and not any(h.start < m.end() and m.start() < h.end for h in hits):
                hits.append(_Hit("name", m.start(), m.end(), 0.9))
    if name_len >= 3 or born:
        hits.extend(_fuzzy_labelled_names(norm, parts, hits, conf,
                                          born if name_len < 3 else None))
    if dotted and conf is not None:
        hits.extend(_garbled_dotted_names(norm, parts, hits, conf, dots))
    return hits


#: A part of a dotted name this long or longer may hold one garbled slip (see
#: ``_garbled_dotted_names``); in a shorter one a slip is half the part.
GARBLED_PART = 3
#: A dotted name this long (normalised) may hold one slip on a glyph twin read merely unsure
#: (below MISREAD_CONFIDENCE) rather than garbled: six characters read right in their
#: places, the dot between them, and a seventh a stroke from the name's own.
LONG_DOTTED_NAME = 6


def _garbled_dotted_names(norm: str, parts: Sequence[str], exact: Sequence[_Hit],
                          conf: Sequence[float], dots: Collection[int]) -> list[_Hit]:
    """The dotted name (normalised ``parts``) read whole, with its dot (or a stand-in for it)
    between every two parts, where a part of GARBLED_PART or more characters has one
    character read as a garbled glyph (below GARBLED_CONFIDENCE): 阿通力-玉苏角 for
    阿迪力·玉苏甫 in a 100 dpi report, 通 at 0.59 and 角 at 0.48 (fresh set 3917).

    Every part in its place and each slip on a glyph the recogniser could not read: a
    colleague's name differs in a character printed as clearly as the rest, or in length.
    In a name of LONG_DOTTED_NAME or more characters, one slip on a glyph twin may be merely
    unsure (米热古丽· | 吾守尔 read 来热古丽· | 吾守尔 across a sentence's line break, 来 at
    0.70; fresh set 7381); a colleague's 阿迪力·玉苏普 read so stays theirs.
    """
    standins = [k for k, c in enumerate(norm) if c in DOT_STANDINS]
    if not dots and not standins:
        return []  # most lines: no dot, nothing to walk from
    first = len(parts[0])
    starts = {b - first for b in (*dots, *standins)}
    hits = []
    long_name = sum(len(p) for p in parts) >= LONG_DOTTED_NAME
    for s in sorted(k for k in starts if k >= 0):
        pos, slips, unsure_ok = s, 0, long_name
        for i, part in enumerate(parts):
            if i:
                if pos < len(norm) and norm[pos] in DOT_STANDINS:
                    pos += 1
                elif pos not in dots:
                    break
            seen = norm[pos:pos + len(part)]
            if len(seen) < len(part) or not all(is_cjk(c) for c in seen):
                break
            wrong = [k for k in range(len(part)) if seen[k] != part[k]]
            twin = unsure_ok and bool(wrong) and glyph_twins(seen[wrong[0]], part[wrong[0]])
            if wrong and (len(wrong) > 1 or len(part) < GARBLED_PART
                          or conf[pos + wrong[0]] >= (MISREAD_CONFIDENCE if twin
                                                      else GARBLED_CONFIDENCE)):
                break
            if wrong and conf[pos + wrong[0]] >= GARBLED_CONFIDENCE:
                unsure_ok = False
            slips += len(wrong)
            pos += len(part)
        else:
            if slips and not _name_goes_on(norm, pos) \
                    and not any(h.start < pos and s < h.end for h in exact):
                hits.append(_Hit("name", s, pos, 0.6, warning=(
                    f"name read as {norm[s:pos]}, its slips garbled; masked as the applicant's")))
    return hits


def _name_goes_on(norm: str, at: int) -> bool:
    """Whether a name ending at ``at`` of ``norm`` goes on: a Chinese character follows that
    starts none of the words that follow a name (``NAME_FOLLOWERS``)."""
    return at < len(norm) and is_cjk(norm[at]) and not norm.startswith(NAME_FOLLOWERS, at)


#: Han surnames that also begin Uyghur name parts (古丽, 艾山, 米热, 马木提): a name starting
#: with one may be a dotted name's first part.
_NAME_PART_HEADS = frozenset("古艾米马")

#: Endings that make a Uyghur or Kazakh name part another name (买买提江 is not 买买提).
_NAME_PART_SUFFIXES = ("江", "汗", "古丽", "别克")


def _longer_dotted_name(norm: str, s: int, e: int) -> tuple[int, int] | None:
    """The span of a longer dotted name that the dotted name at ``s:e`` of ``norm`` begins,
    its last part going on in a name part's ending (阿不都热合曼·买买提江), if any."""
    for suffix in _NAME_PART_SUFFIXES:
        end = e + len(suffix)
        if norm.startswith(suffix, e) and not _name_goes_on(norm, end):
            return (s, end)
    return None


def _extends_to_other_name(norm: str, s: int, e: int, n: int,
                           conf: Sequence[float] | None = None) -> tuple[int, int] | None:
    """If the name at ``s:e`` is part of a longer name, return that longer name's span.
    ``conf``: the recogniser's confidence per character of ``norm``, if known."""
    # Names with a one-character given name may be the head of a longer name; those with
    # two or more rarely are.
    if n != 2 and not (n == 3 and norm[s:s + 2] in COMPOUND_SURNAMES):
        return None
    if _name_goes_on(norm, e):
        return (s, e + 1)
    # A cell that is the name and one more character, read garbled, is a longer name whose
    # last character was misread, even as a word that may follow a name in a sentence: a
    # colleague's 闫平涛 read 闫平为 (为 at 0.25) beside the applicant 闫平, in a roster.
    if (conf is not None and e + 1 == len(norm) and is_cjk(norm[e])
            and conf[e] < GARBLED_CONFIDENCE and not any(is_cjk(c) for c in norm[:s])):
        return (s, e + 1)
    if (n == 2 and s >= 1 and norm[s - 1] in SURNAMES and norm[s - 1] not in _COMMON_WORDS
            and (s == 1 or not is_cjk(norm[s - 2]) or norm.endswith(NAME_LABELS, 0, s - 1))):
        return (s - 1, e)
    return None


def _name_letters(text: str, name: str) -> tuple[str, str, list[int]]:
    """``text`` read as a cell holding ``name``: its letters (normalised, without what stands
    for a dotted name's dot), the name's own letters, and where each read letter is in
    ``text``."""
    norm, index = normalize(text)
    parts = normalize_name(name)
    # A dotted name's dot may be read as a dash or 一; an undotted name may contain 一.
    drop = DOT_STANDINS if len(parts) > 1 else ""
    letters = [k for k, c in enumerate(norm) if c not in drop]
    return "".join(norm[k] for k in letters), "".join(parts), [index[k] for k in letters]


def name_cut_at_end(text: str, name: str) -> tuple[int, int, int] | None:
    """``(start, end, lost)``: the span of ``name``'s start ending ``text``, when the rest of
    it was cut off (the page's edge), and how many of its characters are missing. Taken: a
    dotted name's whole first part and at least one character of the next (阿不都热合曼·吾
    for 阿不都热合曼·吾守尔), or all but one character of an undotted name of four or more.
    Shorter starts are as likely another person's whole name."""
    parts = normalize_name(name)
    full = "".join(parts)
    norm, index = normalize(text)
    if len(parts) >= 2:
        shortest = len(parts[0]) + 1
    elif len(full) >= 4:
        shortest = len(full) - 1
    else:
        return None
    for k in range(len(full) - 1, shortest - 1, -1):
        if norm.endswith(full[:k]):
            start = len(norm) - k
            if len(parts) < 2 and start > 0 and is_cjk(norm[start - 1]):
                # An undotted name's start after another character may be part of a longer
                # name (李欧阳娜); a dotted name's whole first part is distinctive enough.
                return None
            return index[start], index[-1] + 1, len(full) - k
    return None


def name_unread_after_dot(text: str, name: str) -> tuple[int, int, int] | None:
    """``(start, end, lost)`` where ``text`` ends in a dotted name's first part and its dot,
    the rest unread (a signature 阿不都热合曼·阿木提 read 阿不都热合曼·): the part and dot's
    span, and how many characters the rest of the name has. The dot says the name goes on;
    the part must start the text or follow something other than a Chinese character."""
    parts = normalize_name(name)
    body = text.rstrip()
    if len(parts) < 2 or not body or body[-1] not in DOTS:
        return None
    norm, index = normalize(body[:-1])
    if not norm.endswith(parts[0]):
        return None
    start = len(norm) - len(parts[0])
    if start > 0 and is_cjk(norm[start - 1]):
        return None
    return index[start], len(body), sum(len(p) for p in parts[1:])


def near_name_span(text: str, name: str, edits: int = 1, same_length: bool = True,
                   exact: bool = False, conf: Sequence[float] | None = None,
                   sure: float | None = None) -> tuple[int, int] | None:
    """``(start, end)`` of ``text`` when all of it is ``name`` read with one to ``edits``
    characters wrong (诸葛颗霞 for 诸葛颖霞; middle dots and spaces aside), else ``None``.
    With ``same_length`` off, characters lost or added count as wrong ones too; with
    ``exact``, none wrong is near enough as well (a cell joined to its wrapped end, which
    the exact matchers do not join). ``conf`` (per character of ``text``): every slip must
    then fall on a character the recogniser was unsure of (below ``sure``, by default
    LABELLED_NAME_CONFIDENCE).

    Only for a cell whose row is already the applicant's (it holds their ID number, or their
    birth date and sex): there, a slip in the name cell is the applicant's name misread, not
    a colleague's.
    """
    seen, want, letters = _name_letters(text, name)
    if len(want) < 2 or len(seen) < 2 or not all(is_cjk(c) for c in seen):
        return None
    least = 0 if exact else 1
    if same_length:
        if len(seen) != len(want) or not least <= sum(a != b for a, b in zip(seen, want)) <= edits:
            return None
    elif not least <= Levenshtein.distance(seen, want) <= edits:
        return None
    if conf is not None and seen != want and not _plausible_misread(
            seen, want, [conf[k] for k in letters], frozenset(),
            sure=LABELLED_NAME_CONFIDENCE if sure is None else sure):
        return None
    return letters[0], letters[-1] + 1


def lost_name_ends(text: str, name: str) -> tuple[int, int]:
    """How many of ``name``'s characters ``text`` (a near miss, :func:`near_name_span`) lost
    before its first and after its last character, in the cheapest alignment of the two:
    (1, 0) for 尔妮萨·托手提 read for 努尔妮萨·托乎提."""
    seen, want, _ = _name_letters(text, name)
    return _lost_at_ends(seen, want)


def _lost_at_ends(seen: str, want: str) -> tuple[int, int]:
    """How many of ``want``'s characters ``seen`` lacks before its first and after its last,
    in the cheapest alignment of the two."""
    head = tail = 0
    ops = Levenshtein.opcodes(seen, want)
    if len(ops) and ops[0].tag == "insert" and ops[0].src_start == 0:
        head = ops[0].dest_end - ops[0].dest_start
    if len(ops) and ops[-1].tag == "insert" and ops[-1].src_start == len(seen):
        tail = ops[-1].dest_end - ops[-1].dest_start
    return head, tail


def garbled_name_cell(text: str, name: str, conf: Sequence[float]) -> tuple[int, int] | None:
    """``text`` as the name cell of the row that holds the applicant's ID number, read
    garbled: two or more of ``name``'s characters in their order, every other glyph read
    unsure (below MISREAD_CONFIDENCE, ``conf`` per character of ``text``), from half the
    name's length to one more (通力旺尔 for 阿迪力·吐尔逊, its wrapped 逊 fused into the cell at
    69 dpi; seed 8806). As ``(start, end)`` indices into ``text``, or None."""
    norm, index = normalize(text)
    full = "".join(normalize_name(name))
    if not norm or len(conf) != len(text) or not all(is_cjk(c) or c in DOT_STANDINS for c in norm):
        return None
    if not len(full) <= 2 * len(norm) <= 2 * (len(full) + 1):
        return None
    ops = Levenshtein.editops(norm, full)
    wrong = [op.src_pos for op in ops if op.tag in ("replace", "delete")]
    if len(norm) - len(wrong) < 2 or any(conf[index[k]] >= MISREAD_CONFIDENCE for k in wrong):
        return None
    return index[0], index[-1] + 1


def birth_row_edits(name: str) -> int:
    """How many characters of ``name`` may be misread in a cell of the applicant's birth row
    (:func:`born_on_row`): one in a name of up to five, two in a longer one."""
    return max(1, len("".join(normalize_name(name))) // 3)


#: A birth date as rosters print it: 1984.01, 1984.1, 1984-01, 1984年1月, 198401, 1984.01.03,
#: 19840103, 1984年1月3日 (normalised text). Months 10-12 are tried first: 1976.12 is December,
#: not January the 2nd (an annual assessment's row was missed so).
_BIRTH_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*[.\-/年]?\s*(1[0-2]|0?[1-9])"
                         r"(?:\s*[.\-/月]?\s*([0-3]?[0-9])日?)?(?![0-9])")


def born_on_row(cells: Sequence[str], id_number: str) -> bool:
    """Whether a roster row's ``cells`` give the birth year and month (and day, if printed)
    that ``id_number`` encodes, and no sex other than the one it encodes (GB 11643: the
    17th digit is odd for men). Such a row is the applicant's: :func:`near_name_span` may
    then take its name cell with :func:`birth_row_edits` slips."""
    digits = _digit_view(normalize(id_number)[0])
    if len(digits) != 18 or not digits[:17].isdigit():
        return False
    year, month, day = digits[6:10], int(digits[10:12]), int(digits[12:14])
    sex = "男" if int(digits[16]) % 2 else "女"
    dated = False
    for cell in cells:
        norm = normalize(cell)[0]
        if norm in ("男", "女") and norm != sex:
            return False
        for m in _BIRTH_DATE.finditer(norm):
            if m.group(1) == year and int(m.group(2)) == month and (
                    m.group(3) is None or int(m.group(3)) == day):
                dated = True
    return dated


def _fuzzy_labelled_names(norm: str, parts: Sequence[str], exact: list[_Hit],
                          conf: Sequence[float] | None, born: str | None = None) -> list[_Hit]:
    """The name (normalised ``parts``) read with one slip right after a name label (姓名：张二,
    姓名热依拉·司马文), where the recogniser was unsure of the slipped character.

    A two-character name is half changed by one slip: it is taken only with the applicant's
    birth year ``born`` right after it, as an author's note gives it (作者简介：汤敬（1971—）,
    敏 read as 敬, fresh set 5283)."""
    hits = []
    name = "".join(parts)
    n = len(name)
    for label in NAME_LABELS:
        if label not in norm:  # most lines hold no label: the search alone was 6 ms a page
            continue
        for m in re.finditer(re.escape(label) + r"[:：]?", norm):
            s = m.end()
            # A dotted name's dot is gone from ``norm``, or was read as a stand-in (热依拉-司马文).
            skip = len(parts[0]) if len(parts) > 1 and len(norm) > s + len(parts[0]) \
                and norm[s + len(parts[0])] in DOT_STANDINS else None
            taken = [i for i in range(s, min(len(norm), s + n + (skip is not None)))
                     if skip is None or i != s + skip]
            cand = "".join(norm[i] for i in taken)
            if len(cand) < n or not all(is_cjk(c) for c in cand):
                continue
            e = taken[-1] + 1
            if n < 3 and not (born and norm.startswith("(" + born, e)):
                continue
            if any(h.start <= s < h.end for h in exact):
                continue
            if _name_goes_on(norm, e):
                continue
            if sum(a != b for a, b in zip(cand, name)) == 1 and _plausible_misread(
                    cand, name, [conf[i] for i in taken] if conf is not None else None,
                    frozenset(), sure=LABELLED_NAME_CONFIDENCE):
                cuts = list(itertools.accumulate(len(p) for p in parts))
                shown = "·".join(cand[a:b] for a, b in zip([0, *cuts], cuts))
                hits.append(_Hit("name", s, e, 0.7,
                                 warning=f"name read as {shown} after {label}; masked as the applicant's"))
    return hits


#: Labels after which a document names whose it is (a certificate's holder, an ID card's).
HOLDER_LABELS = ("姓名", "持证人")


def document_holder(lines: Sequence[str], applicant_name: str,
                    neighbours: Iterable[tuple[int, int]] = ()) -> str | None:
    """Another person's name given as the document's holder ("姓名 严志平", or a diploma's
    "学生贾晶，性别女" or "胡涛，男，1969年7月24日生"), if any.

    Only a name that is clearly not the applicant's counts: it differs from the applicant's
    normalised name in at least two characters and in at least half of them, so a misread of
    the applicant's own name (诸葛颗霞 for 诸葛颖霞) never does. ``neighbours`` as for
    :func:`find_matches` (the name often stands in the next cell of the label's row).
    """
    own = "".join(normalize_name(applicant_name))
    if not own:
        return None
    norms = [normalize(t)[0] for t in lines]
    texts = list(norms)
    texts += [norms[i] + norms[j] for i, j in neighbours if norms[i].endswith(HOLDER_LABELS)]
    for norm in texts:
        for label in HOLDER_LABELS:
            for m in re.finditer(re.escape(label), norm):
                name = ""
                rest = norm[m.end():].lstrip(":：")
                for i, c in enumerate(rest):
                    # The next field's label may follow with no gap: 姓名：严志平性别：男.
                    if not is_cjk(c) or len(name) == 4 or (name and rest.startswith(_FIELD_WORDS, i)):
                        break
                    name += c
                if len(name) >= 2 and _someone_else(name, own):
                    return name
        # A diploma names its graduate in a sentence: 学生贾晶，性别女，…
        for m in _GRADUATE.finditer(norm):
            name = m.group(1) or m.group(2)
            if all(is_cjk(c) for c in name) and _someone_else(name, own):
                return name
    # ... and a degree certificate may open with a dotted name, longer than a Han one (its
    # dot is gone from the normalised text): 迪丽努尔·依明，女，1974年5月7日生。
    for text in lines:
        opening = _DOTTED_OPENING.match(text)
        if opening is not None:
            name = "".join(c for c in normalize(opening.group(1))[0] if c not in DOT_STANDINS)
            if all(is_cjk(c) for c in name) and _someone_else(name, own):
                return name
    return None


def _someone_else(name: str, own: str) -> bool:
    """Whether ``name`` is a person's name clearly not the applicant's normalised ``own``:
    at least two characters differ, and at least half of them."""
    if not _looks_like_name(name):
        return False
    d = Levenshtein.distance(name, own)
    return d >= 2 and 2 * d >= max(len(name), len(own))


#: 学生<name>，性别 (normalised: the comma may be read half-width or lost), or a degree
#: certificate's opening <name>，男，1969年… (the line's first words, then the sex and a year).
_GRADUATE = re.compile(r"学生([^\d,，:：]{2,12}?)[,，]?性别"
                       r"|^([^\d,，:：。]{2,4}?)[,，]?[男女][,，]?\d{4}年")


#: A degree certificate's opening with a dotted name (the dot read as a stand-in, too).
_DOTTED_OPENING = re.compile(
    r"\s*([\u3400-\u9fff]{1,8}\s*[" + re.escape("".join(DOTS) + DOT_STANDINS)
    + r"]\s*[\u3400-\u9fff]{1,8})\s*[,，]?\s*[男女]\s*[,，]?\s*[0-9]{4}\s*年")


#: Form fields that follow 姓名 in the next cell when the name's own cell is empty or unread.
_FIELD_WORDS = ("性别", "民族", "出生", "年龄", "籍贯", "学历", "学位", "职称", "职务", "单位", "部门",
                "电话", "身份", "证件", "编号", "日期", "照片", "政治", "面貌", "工作", "现任", "专业",
                "毕业", "联系", "手机", "住址", "地址", "文化", "婚姻", "健康", "户口", "曾用", "序号")


def _looks_like_name(text: str) -> bool:
    """Whether ``text`` (2-4 CJK characters) can be a person's name rather than a form
    field: a Han name starts with a common surname; longer transliterated names pass."""
    if text.startswith(_FIELD_WORDS):
        return False
    return text[0] in SURNAMES or len(text) >= 4


def _digit_view(norm: str) -> str:
    """``norm`` with each character read as a digit (or X) where OCR confuses it with one,
    and every other character as NUL."""
    return _NOT_DIGIT_LIKE.sub("\0", norm).translate(_DIGIT_TABLE)


_NOT_DIGIT_LIKE = re.compile("[^" + "".join(re.escape(c) for c in _DIGIT_VIEW) + "]")
_DIGIT_TABLE = str.maketrans(_DIGIT_VIEW)


#: (Stars read after the tail are the decoder's: 652***********8911 came back 652***8911**.)
_STARRED = re.compile(r"(?<![0-9X])(?P<head>[0-9]{3,8})\*+(?P<tail>[0-9]{3}[0-9X])\**(?![0-9X*])")
_STARRED_LOOSE = re.compile(
    r"(?<![0-9X])(?P<head>[0-9]{3,8})[*\u4e00-\u9fff]{6,16}(?P<tail>[0-9]{3}[0-9X])(?![0-9X*])")
#: What the recogniser reads star glyphs as (米 is the nearest glyph to ＊).
STAR_GLYPHS = "*米水本中南宗由"
#: A run of star glyphs only, however short: the CTC decoder merges a run of identical
#: glyphs, so ten stars can come out as three characters (610中水水7050).
_STARRED_GLYPHS = re.compile(
    rf"(?<![0-9X])(?P<head>[0-9]{{3,8}})[{STAR_GLYPHS}]{{2,16}}(?P<tail>[0-9]{{3}}[0-9X])(?![0-9X*])")
#: A star read inside the shown head, before its last digit (62010*2*******5463 for
#: 620102********5463 on a blurred roster): the head is both parts.
_STARRED_SPLIT_HEAD = re.compile(
    r"(?<![0-9X])(?P<head>[0-9]{3,7})\*(?P<more>[0-9])\*{3,}(?P<tail>[0-9]{3}[0-9X])(?![0-9X*])")


#: A dash between two digits: an ID number printed in groups (650102-19850302-123X).
_GROUP_DASH = re.compile("(?<=[0-9])[" + "".join(map(re.escape, sorted(_DASHES))) + "](?=[0-9])")


def old_id_number(id_number: str) -> str | None:
    """The 15-digit first-generation form of an 18-digit ID number (650102850302123 for
    650102198503021234: no century, no check digit), printed on papers from before 2004;
    None for a number of someone born outside the 1900s (who never had one) or not 18 long."""
    s = normalize(id_number)[0]
    if len(s) != 18 or not s[:17].isdigit() or s[6:8] != "19":
        return None
    return s[:6] + s[8:17]


#: Marks that end a clause after a number, never the ink of its last character.
_SENTENCE_MARKS = frozenset(",.;:!?)]}、。，；：！？）】")


def _id_hits(norm: str, id_number: str) -> list[_Hit]:
    hits = _id_hits_grouped(norm, id_number)
    old = old_id_number(id_number)
    if old is not None and len(norm) >= len(old):
        # A first-generation number stands alone: not inside a longer run of digits.
        hits += [h for h in _id_hits_grouped(norm, old)
                 if not any(h.start < o.end and o.start < h.end for o in hits)
                 and not (h.start > 0 and norm[h.start - 1].isdigit())
                 and not (h.end < len(norm) and norm[h.end].isdigit())]
    return hits


def _id_hits_grouped(norm: str, id_number: str) -> list[_Hit]:
    if not _GROUP_DASH.search(norm):
        return _id_hits_in(norm, id_number)
    # The number is looked for with its groups' dashes left out, and found where they were.
    kept = [k for k in range(len(norm)) if not _GROUP_DASH.match(norm, k)]
    hits = _id_hits_in("".join(norm[k] for k in kept), id_number)
    return [replace(h, start=kept[h.start], end=kept[h.end - 1] + 1) for h in hits]


def _id_hits_in(norm: str, id_number: str) -> list[_Hit]:
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
        # A starred copy may show as little as the region's first digits and the last four
        # (654***********2146): all of them must agree, and the last four must be shown.
        starred = stars and "*" not in window[-4:] and len(known) >= 7 and real_digits >= 7
        if ((real_digits >= 8 and len(known) >= 10) or starred) and mismatches <= (0 if stars else 2):
            warning = ""
            if mismatches:
                warning = f"ID number {mask_id(window)} read with {mismatches} differing digit(s); masked"
            hits.append(_Hit("id_number", i, i + n, 1.0 - 0.15 * mismatches, warning=warning))
            i += n
        else:
            i += 1
    # OCR merges a run of stars into fewer (654**********2146 read as 654****2146, or as
    # 610*7050 with a single star): a starred form is also taken by its shown ends alone,
    # whatever the number of stars between them.
    # Stars are also misread as CJK (650106****中***6176, 650由南宗南南本*中中水*6176): a run
    # between the shown ends with at least two real stars in it is taken as the starred part.
    # A run of star glyphs alone (no real star read) counts too.
    upper = norm.upper()
    for m in [*_STARRED.finditer(view), *_STARRED_LOOSE.finditer(upper),
              *_STARRED_GLYPHS.finditer(upper), *_STARRED_SPLIT_HEAD.finditer(view)]:
        head, tail = m.group("head") + (m.groupdict().get("more") or ""), m.group("tail")
        starred = m.re is not _STARRED_LOOSE or m.group(0).count("*") >= 2
        if (len(head) + len(tail) >= 7 and target.startswith(head) and target.endswith(tail)
                and starred and not any(h.start < m.end() and m.start() < h.end for h in hits)):
            hits.append(_Hit("id_number", m.start(), m.end(), 0.9))
    # Its check character lost, or read as a mark (65290119791110117\ for …117X, the X at a
    # photo's edge; seed 7913, 6%): the rest, seventeen digits as printed, is the number,
    # and the mark after them its last character's ink.
    # (Most lines hold no such run: they are passed over on a substring test.)
    if n == 18 and target[:-1] in norm:
        for m in re.finditer(r"[0-9]+", norm):
            if m.group() != target[:-1] or any(h.start < m.end() and m.start() < h.end
                                              for h in hits):
                continue
            end = m.end()
            if end < len(norm) and not (norm[end].isspace() or is_cjk(norm[end])
                                        or norm[end] in _SENTENCE_MARKS):
                end += 1
            hits.append(_Hit("id_number", m.start(), end, 0.85,
                             warning=f"ID number {mask_id(target)} read without its last "
                             "character; masked"))
    return hits


#: An ID number's label, which a starred number split by the detector keeps on its first part.
_ID_LABEL = re.compile("身份证|证件号|身份号")
_ID_HEAD = re.compile(r"(?<![0-9X])(?P<head>[0-9]{3,8})\**$")
_ID_TAIL = re.compile(r"^\**(?P<tail>[0-9]{2,3}[0-9X])(?![0-9X])")


def _labelled_id_head(norm: str, target: str) -> re.Match[str] | None:
    head = _ID_HEAD.search(norm)
    if len(target) < 15 or head is None or not _ID_LABEL.search(norm[:head.start()]):
        return None
    return head if target.startswith(head.group("head")) else None


def ends_in_id_head(norm: str, id_number: str) -> bool:
    """Whether normalised text ends in an ID label and the first digits (three or more) of
    ``id_number``, its stars maybe lost: the first part of ``starred_id_across``."""
    return _labelled_id_head(norm, normalize(id_number)[0]) is not None


def starred_id_across(first: str, second: str, id_number: str) -> tuple[int, int] | None:
    """Where a starred ID number lies across two normalised texts on one row, the detector
    having dropped its stars between them (身份证件号码650 | 1048, stars lost): ``(start of its
    head in first, end of its tail in second)``, or None.

    ``first`` must hold an ID label before digits that begin the ID number (three or more);
    ``second`` must open with its last three or four characters, one of them maybe misread
    (at that size 1048 came back as 348): the label and the shown head carry the rest.
    """
    target = normalize(id_number)[0]
    head, tail = _labelled_id_head(first, target), _ID_TAIL.match(second)
    if head is None or tail is None:
        return None
    shown = tail.group("tail")
    want = target[-len(shown):]
    if sum(a != b for a, b in zip(shown, want)) > 1:
        return None
    return head.start("head"), tail.end("tail")


def _max_edits(length: int) -> int:
    return 2 if length >= 14 else 1 if length >= 8 else 0


#: A difference on one of these is a different body, never an OCR slip: 第一测绘院 is not
#: 第二测绘院, 中南院 is not 西北院.
DISTINCT_CHARS = frozenset("一二三四五六七八九十百第0123456789东南西北中上下前后左右大小")
#: A character the recogniser was at least this sure of is taken as read, not as a misreading.
MISREAD_CONFIDENCE = 0.9
#: In a column of cells repeating the unit, where the column itself says whose it is, a
#: character read with less than this is a misreading (壤 at 0.94 for 维 in a 13 px roster's
#: 新疆壤客尔自治区地震局, seed 9261); a colleague's unit printed clearly reads surer.
COLUMN_MISREAD_CONFIDENCE = 0.95
#: A character read with less confidence than this is a garbled glyph: it says nothing of
#: what was printed there, a number or direction character as much as any other.
GARBLED_CONFIDENCE = 0.6


#: After a name label the context is strong: only a near-certain reading of the differing
#: character makes it another person's name.
LABELLED_NAME_CONFIDENCE = 0.97


#: Characters a stroke or a dot apart, which the recogniser confuses even when it is sure
#: (乌鲁木齐 read as 鸟鲁木齐). Used for unit names, and for a long dotted name's one unsure
#: slip only (``_garbled_dotted_names``): 王玉 and 王王 are both real names.
GLYPH_TWINS = frozenset(
    frozenset(p) for p in ("乌鸟", "己已", "已巳", "未末", "土士", "人入", "日曰", "自白", "干千",
                           "天夫", "午牛", "木本", "贝见", "厂广", "今令", "戊戌", "戌戍", "冶治",
                           "径经", "候侯", "拨拔", "汩汨", "刺剌", "券卷", "徽微", "矿旷", "上土",
                           "米来"))


def glyph_twins(a: str, b: str) -> bool:
    """Whether characters ``a`` and ``b`` differ by a stroke or a dot (see ``GLYPH_TWINS``)."""
    return frozenset((a, b)) in GLYPH_TWINS


@functools.lru_cache(maxsize=256)
def _first_chars(c: str) -> frozenset[str]:
    """``c`` and its glyph twins: what a unit beginning with ``c`` may be read beginning with."""
    return frozenset({c, *(x for pair in GLYPH_TWINS if c in pair for x in pair)})


def _part_ends(name: str) -> set[int]:
    """Where a dotted name's parts end inside it (characters of the normalised name before each
    dot): 达吾列提·叶尔肯 → {4}."""
    ends = list(itertools.accumulate(len(p) for p in normalize_name(name)))
    return set(ends[:-1])


def _one_lost_at_break(left: str, right: str, units: Sequence[str]) -> bool:
    """Whether a unit's name wrapped from ``left`` to ``right`` (normalised lines) lost the
    一 of its 第一 at the break (``_plausible_misread`` takes a lost 一 after 第)."""
    return left.endswith("第") and not right.startswith("一") and any(
        "第一" + right[:1] in normalize(u)[0] for u in units)


def _plausible_misread(seen: str, want: str, conf: Sequence[float] | None,
                       distinct: frozenset[str] = DISTINCT_CHARS,
                       sure: float = MISREAD_CONFIDENCE, twins: bool = False,
                       garbled: float = GARBLED_CONFIDENCE, marks: bool = False) -> bool:
    """Whether ``seen`` can be ``want`` misread by OCR: every difference falls on a character
    the recogniser was unsure of (or, with ``twins``, on a glyph twin), and none on a
    ``distinct`` character. With ``twins`` (unit names), a ``distinct`` character of ``want``
    may be read as a garbled glyph (below ``garbled``) that is none itself: 西死 for 西北 in
    a 100 dpi roster, where a sibling's 西南 is read as 南. With ``marks``, the other way
    round too: a character that is none read as a garbled ``distinct`` one (below
    GARBLED_CONFIDENCE: 第 at 0.40 for 集)."""
    for edit in Levenshtein.editops(seen, want):
        op, i, j = edit.tag, edit.src_pos, edit.dest_pos
        # A glyph twin first: 上 (a direction) for 土 differs by a stroke, however sure
        # (国上资源 down a social-insurance record's column; fresh set 4471, 0%).
        if op == "replace" and twins and glyph_twins(seen[i], want[j]):
            continue
        if op in ("replace", "delete"):
            if seen[i] in distinct and not (
                    marks and op == "replace" and want[j] not in distinct
                    and conf is not None and conf[i] < GARBLED_CONFIDENCE):
                return False
            if op == "replace" and want[j] in distinct and not (
                    twins and conf is not None and conf[i] < garbled):
                return False
            if conf is not None and conf[i] >= sure:
                return False
        elif want[j] in distinct and not (twins and want[j - 1:j + 1] == "第一"):
            # Insert: a character of the name was not read at all. But for a lost 一 after
            # 第: a single thin stroke, it is the one numeral that vanishes whole at low
            # resolution (新疆维吾尔自治区第 | 测绘院 in a 100 dpi roster's cells, fresh set
            # 8039), where 二 and 三 leave a stroke to read.
            return False
    return True


#: Characters of what follows a unit's name on its seal (合同专用章, 财务专用章, …).
_SEAL_USE_CHARS = frozenset("合同财务人事业务行政发票党委公章专用印")


def seal_reading_fits(seal_text: str, unit: str, garbled: bool = False) -> bool:
    """Whether a seal's arc text, read with OCR errors, can be ``unit`` rather than a sibling.

    Curved seal text is read with many slips, so a fuzzy score alone lets 第三测绘院 pass for
    第一测绘院 and 和田地区… for 喀什地区…. Here the best-aligned part of the reading may not
    differ from the unit on a number or direction character, nor by two or more neighbouring
    substitutions (a different word, not a slip). ``garbled``: runs of substitutions and
    missing characters are taken as the ink's (for a reading other evidence backs), and so is
    a number or direction read as a glyph that is none itself; a number or direction read
    for another, and the legal-form check, still hold.
    """
    u = normalize(unit)[0]
    t = normalize(seal_text)[0]
    if not u or not t:
        return False
    # The stretch of the reading closest to the unit (seals add 专用章, numbers, stray marks).
    # On ties the window nearest the unit's length: 和田地区… against 喀什地区… is two characters
    # different, not two missing.
    best = (len(u) + len(t), len(u), "", 0)
    for length in range(max(1, len(u) - 3), len(u) + 4):
        for start in range(0, max(1, len(t) - length + 1)):
            window = t[start:start + length]
            d = Levenshtein.distance(window, u)
            if (d, abs(len(window) - len(u))) < best[:2]:
                best = (d, abs(len(window) - len(u)), window, start + len(window))
    seen = best[2]
    edits = Levenshtein.editops(seen, u)
    if ORG_FORM.search(u) and any(e.tag != "delete" and e.dest_pos == len(u) - 1 for e in edits):
        # The unit's closing character (院 of …测绘院) is not where it should be and the
        # reading's name goes on (自治区测绘|地理信息继续教育基地): another body whose name starts
        # like the unit's, not a slip.
        arc_end = len(normalize(seal_text.split(" ")[0])[0])
        rest = t[best[3]:arc_end]
        if sum(1 for c in rest if is_cjk(c) and c not in _SEAL_USE_CHARS) >= 2:
            return False
    run = missing = 0
    last = -2
    # Every 中心 has its 中, so losing it to faint ink tells no sibling apart (…信息他 for
    # …信息中心, the project report's seal).
    distinct = _distinct_positions(u)
    for edit in edits:
        if edit.tag == "delete":
            if seen[edit.src_pos] in DISTINCT_CHARS:
                return False
            continue
        # A character of the unit replaced or missing.
        # (A direction read for its glyph twin is a slip: 国上资源 for 国土资源, seed 1598.
        # With ``garbled``, so is one read as a glyph that is no number or direction itself:
        # 西汇 for 西北 on a blurred report's seal over its signed name, seed 8462; a
        # sibling's seal reads its own direction.)
        swapped = edit.tag == "replace" and seen[edit.src_pos] in DISTINCT_CHARS
        if (edit.dest_pos in distinct and not (garbled and edit.tag == "replace" and not swapped)) \
                or (swapped and not glyph_twins(seen[edit.src_pos], u[edit.dest_pos])):
            return False
        if edit.tag == "insert":
            # Missing, not different: seal readings drop characters where the ring's ink is
            # faint (中国电建集团西北|计研究院 for …西北勘测设计研究院…); a sibling differs in
            # what is printed there. A few may go, together or apart.
            missing += 1
            if missing > min(3, len(u) // 4) and not garbled:
                return False
            continue
        run = run + 1 if edit.dest_pos == last + 1 else 1
        last = edit.dest_pos
        if run >= 2 and not garbled:
            return False
    return True


def column_unit_matches(lines: Sequence[str], columns: Sequence[Sequence[int]],
                        units: Sequence[str], matched: Iterable[int],
                        neighbours: Iterable[tuple[int, int]] = (),
                        confidences: Sequence[Sequence[float]] | None = None,
                        partial: Iterable[int] = ()) -> list[Match]:
    """The applicant's unit in table cells read too badly for :func:`find_matches`, in a
    column (``columns``: groups of line indices) where another cell (``matched``) was read
    as that unit: a roster's 工作单位 column repeats one unit, and a low-resolution scan
    garbles each copy differently.

    A cell counts when nearly all of it is within 40% edits of one of the unit's names of
    eight or more characters, every character that differs was read with less than
    ``COLUMN_MISREAD_CONFIDENCE`` (``confidences``, per character of each line; without
    them nothing counts) or is a glyph twin of the unit's (本 for 木, however sure: the
    column's one print is misread the same way down it), and none is read as a number or
    direction character unless garbled (the unit's own may be read as a glyph that is none,
    but not with its neighbour replaced too: 成都 for 西北 is another word). A colleague's unit
    in the same column, printed
    clearly, stays visible however close (昌吉市… beside 乌鲁木齐市…, 地矿局 beside 地震局).
    A cell wrapped onto a second line (``neighbours``: the line below in the cell) is read
    joined. Cells of ``partial`` (where only an alias inside the full name was found, the
    rest garbled: 新糖维备尔 | 自治区测绘院) count as the unit's for the column, and are
    looked at again for the whole name.
    """
    if confidences is None:
        return []
    evidence = set(matched)
    done = evidence - set(partial)
    below = dict(neighbours)
    names = [normalize(u)[0] for u in units if len(normalize(u)[0]) >= 8]
    out: list[Match] = []

    def cell_match(i: int, slips: frozenset[tuple[str, str]]) -> Match | None:
        parts = [i]
        j = below.get(i)
        if j is not None and j not in done and 0 < len(lines[j].strip()) <= 3:
            parts.append(j)
        text = "".join(lines[k] for k in parts)
        conf = [c for k in parts for c in confidences[k]]
        if len(conf) != len(text):
            return None
        span = loose_unit_span(text, names)
        if span is None:
            return None
        read = text[span[0]:span[1]]
        if 10 * sum(is_cjk(c) for c in read) < 8 * sum(is_cjk(c) for c in text):
            return None
        norm, index = normalize(read)
        sure = [conf[span[0] + k] for k in index]
        # (In the unit's column a direction or number read as a glyph that is none is
        # as unsure a slip as any: 西光 for 西北 at 0.79 down a blurred 100 dpi record whose
        # sibling rows read 中南 clearly; probe set 7003. So is a garbled glyph read as
        # one: 第团 for 集团, 勤南 for 勘测, 第 and 南 at 0.19-0.41; fresh set 7390. Not
        # where its neighbour was replaced too: 成部 for 西北 is a sibling's 成都.)
        if not any(_column_misread(norm, u, sure, slips) for u in names
                   if Levenshtein.distance(norm, u) <= 0.4 * len(u)):
            return None
        spans = []
        offset = 0
        for k in parts:
            a, b = max(span[0], offset), min(span[1], offset + len(lines[k]))
            if a < b:
                spans.append(Span(k, a - offset, b - offset))
            offset += len(lines[k])
        return Match("unit", tuple(spans), read, 0.5, True,
                     f"unit read as {read} in a table column of the unit")

    for col in columns:
        if not evidence.intersection(col):
            continue
        # (Cells where only an alias was found teach nothing of the rest's slips.)
        slips = _column_slips([lines[i] for i in sorted(done.intersection(col))], names)
        left = [i for i in col if i not in done and lines[i].strip()]
        # Each cell taken may show a slip the rest repeat: look again until none is new.
        while left:
            found = {i: m for i in left if (m := cell_match(i, slips)) is not None}
            if not found:
                break
            out += found.values()
            slips |= _column_slips([m.text for m in found.values()], names)
            left = [i for i in left if i not in found]
    return out


def _column_slips(cells: Sequence[str], names: Sequence[str]) -> frozenset[tuple[str, str]]:
    """The glyphs (read, printed) that the column's cells taken as one of ``names`` (each the
    nearest) read in place of the name's own, where what was read is no number or direction:
    the column's one print is misread the same way down it (院 read 规 on several rows of a
    blurred roster; 北 read 先, garbled on one row of a record and sure on four)."""
    out = set()
    for cell in cells:
        span = loose_unit_span(cell, names) if names else None
        if span is None:
            continue
        norm = normalize(cell[span[0]:span[1]])[0]
        want = min(names, key=lambda u: Levenshtein.distance(norm, u))
        if not norm or Levenshtein.distance(norm, want) > 0.4 * len(want):
            continue
        for e in Levenshtein.editops(norm, want):
            if e.tag == "replace" and norm[e.src_pos] not in DISTINCT_CHARS:
                out.add((norm[e.src_pos], want[e.dest_pos]))
    return frozenset(out)


def _column_misread(seen: str, want: str, conf: Sequence[float],
                    slips: frozenset[tuple[str, str]] = frozenset()) -> bool:
    """Whether a unit-column cell read ``seen`` (``conf`` per character) is the unit name
    ``want`` misread, as ``column_unit_matches`` takes it. A reading two or more characters
    short must have its slips garbled (below GARBLED_CONFIDENCE), not merely unsure: a
    colleague's shorter unit read a little unsure in small print (昌吉市自然资源局, 昌 and
    吉 at 0.87-0.94, over 乌鲁木齐市自然资源局 in a social-insurance record's column; fresh
    set 7402) is another city's body, not the unit with two characters lost. A slip the
    column's other cells of the unit show (``slips``, see ``_column_slips``) counts however
    sure (规 at 0.96 for 院, read 规 unsure on three other rows; fresh set 8093, 0%)."""
    limit = GARBLED_CONFIDENCE if len(want) - len(seen) >= 2 else COLUMN_MISREAD_CONFIDENCE
    if slips:
        conf = _unsure_where(seen, want, conf, slips)
    if _distinct_word_replaced(seen, want):
        return False
    if slips and _slips_and_one_more(seen, want, slips):
        return True
    return _plausible_misread(seen, want, conf, sure=limit, twins=True) or (
        _plausible_misread(seen, want, conf, sure=limit, twins=True, garbled=limit, marks=True)
        and not _word_replaced_on_distinct(seen, want))


def _slips_and_one_more(seen: str, want: str, slips: frozenset[tuple[str, str]]) -> bool:
    """Whether ``seen`` is ``want`` with the column's own ``slips`` and no more other
    replacements than a name of its length is read with anywhere (``_max_edits``), none on
    a number or direction character: with the column's slips taken as read right, the cell
    passes as the strict match would (新疆维客尔向治区第一测绘院, 客 the column's slip for 吾
    and 向 read at 0.97 for 自; fresh set 9032, 61%)."""
    if len(seen) != len(want):
        return False
    ops = Levenshtein.editops(seen, want)
    known = [e for e in ops if e.tag == "replace" and (seen[e.src_pos], want[e.dest_pos]) in slips]
    other = [e for e in ops if e not in known]
    return bool(known) and len(other) <= _max_edits(len(want)) and all(
        e.tag == "replace" and seen[e.src_pos] not in DISTINCT_CHARS
        and want[e.dest_pos] not in DISTINCT_CHARS for e in other)


def _unsure_where(seen: str, want: str, conf: Sequence[float],
                  slips: frozenset[tuple[str, str]]) -> list[float]:
    """``conf`` with the characters of ``seen`` that replace ``want``'s as in ``slips`` set
    just below COLUMN_MISREAD_CONFIDENCE (a slip, though no garbled glyph), and just below
    GARBLED_CONFIDENCE where ``want``'s is a number or direction (as garbled as where the
    column showed it)."""
    out = list(conf)
    for e in Levenshtein.editops(seen, want):
        if e.tag == "replace" and (seen[e.src_pos], want[e.dest_pos]) in slips:
            limit = GARBLED_CONFIDENCE if want[e.dest_pos] in DISTINCT_CHARS \
                else COLUMN_MISREAD_CONFIDENCE
            out[e.src_pos] = min(out[e.src_pos], limit - 0.01)
    return out


def _distinct_word_replaced(seen: str, want: str) -> bool:
    """Whether a run of two or more number or direction characters of ``want`` (西北, 第一)
    was replaced whole in ``seen``: however unsure, a reading that keeps none of it names
    another body (中国电建集团成都勘测设计研究院有限公司, 成 and 都 at 0.52, among a public
    notice's sibling institutes; fresh set 4471, masked whole as 西北院)."""
    replaced = {e.dest_pos for e in Levenshtein.editops(seen, want) if e.tag == "replace"}
    k = 0
    while k < len(want):
        if want[k] not in DISTINCT_CHARS:
            k += 1
            continue
        end = k
        while end < len(want) and want[end] in DISTINCT_CHARS:
            end += 1
        if end - k >= 2 and all(j in replaced for j in range(k, end)):
            return True
        k = end
    return False


def _word_replaced_on_distinct(seen: str, want: str) -> bool:
    """Whether two neighbouring characters of ``want``, one of them a number or direction
    character, were both replaced in ``seen``: another word (成都 for 西北), not a slip."""
    replaced = [e.dest_pos for e in Levenshtein.editops(seen, want) if e.tag == "replace"]
    return any(b == a + 1 and (want[a] in DISTINCT_CHARS or want[b] in DISTINCT_CHARS)
               for a, b in zip(replaced, replaced[1:]))


#: A stamp's label closing a signing line (（盖章）, its brackets often misread), normalised.
_STAMP_LABEL_END = re.compile(r"[(（]?盖章[)）]?$")
#: The same in a line's own text, from where it starts.
STAMP_LABEL_TAIL = re.compile(r"[（(]?\s*盖\s*章\s*[）)]?\s*$")


#: A run of Latin letters and digits, and what ``unit_fragments`` reads one as.
_LATIN_RUN = re.compile(r"[0-9A-Za-z]+")
_GARBLED_GLYPH = "\ufffd"


def unit_fragments(pieces: Sequence[str], units: Sequence[str],
                   min_chars: int = 3) -> tuple[str, int, int] | None:
    """Whether ``pieces`` (the texts of one row's pieces, left to right) are what a seal's
    ink left of one of ``units`` printed beneath it (区 | 绘院 of 喀什地区基础测绘院): every
    character one of the unit's, in its order, at least ``min_chars`` of them, its first or
    its last among them. Where the ink garbled some (新疆 | “5尔自 | 则绘院 of
    新疆维吾尔自治区测绘院), at least half of the unit's characters must be there in order
    (or four and two fifths of them: 号地区则绘院 of 喀什地区基础测绘院),
    the garbled ones at most a third of the read and never two Chinese characters in a row
    (地质调查 in 新疆维吾尔自治区地质调查院 is another unit's word, not ink). Returns the
    unit (normalised) and how many of its characters were lost before the first piece and
    after the last, or None."""
    # The stamp's label after the name (…测绘院（盖章）) is no piece of it, read right or not,
    # and a mark the ink left (新疆维吾！台区第) is no word of another unit's name either.
    seen = "".join(c for c in _STAMP_LABEL_END.sub("", normalize("".join(pieces))[0])
                   if c.isalnum())
    if len(seen) < min_chars:
        return None
    for unit in sorted(units, key=lambda u: -len(normalize(u)[0])):
        u = normalize(unit)[0]
        # Letters and digits where a Chinese name lies under the ink are that ink, a glyph
        # read as a run of them (然资 read "my D" in 市自 | my D | 源局, seed 8290): one garbled
        # glyph, not three.
        read = seen if _LATIN_RUN.search(u) else _LATIN_RUN.sub(_GARBLED_GLYPH, seen)
        if len(u) <= len(read) - len(read) // 3:
            continue
        at, garbled, run = 0, 0, 0
        # Per character read, its place in the unit, or None where it is garbled.
        places: list[int | None] = []
        for c in read:
            k = u.find(c, at)
            if k < 0:
                garbled += 1
                places.append(None)
                run = run + 1 if is_cjk(c) else 0
                if run >= 2:
                    break
                continue
            run = 0
            places.append(k)
            at = k + 1
        else:
            pos = [k for k in places if k is not None]
            if not pos:
                continue
            first, last, held = _slips_in_place(places, len(u))
            # (Garbled characters that each stand in a place of the name nothing else took
            # are all its own, however many, where with them the read holds SIGNED_KEPT of
            # the name: 冶区 | 则绘院 for 自治区第一测绘院, fresh set 5730.)
            enough = len(pos) >= min_chars if not garbled else (
                len(pos) >= min_chars
                and (2 * held >= len(u) or (held >= 4 and 5 * held >= 2 * len(u)))
                and (3 * garbled <= len(read)
                     or (garbled == held - len(pos) and held >= SIGNED_KEPT * len(u))))
            if enough and (pos[0] == 0 or pos[-1] == len(u) - 1):
                return u, first, len(u) - 1 - last
    return None


def unit_in_pieces(pieces: Sequence[str], units: Sequence[str]) -> bool:
    """Whether a row's ``pieces`` (its lines' texts, left to right; a gap the detector kept
    inside a line parts it too) are two or more pieces of one of ``units`` split by a seal's
    ink (``unit_fragments``), each a stretch of it but for glyphs that are none of its
    characters: 中国电建集 | P | 化勘 | 限公司 of 中国电建集团西北勘测设计研究院有限公司, not one
    line 兵团设计院, whose 设计 is another body's word inside a longer name."""
    parts = [part for text in pieces for part in text.split()]
    if len(parts) < 2:
        return False
    found = unit_fragments(parts, units)
    if found is None:
        return False
    unit = found[0]
    for part in parts:
        own = "".join(c for c in normalize(part)[0] if c in unit)
        if own and own not in unit:
            return False
    return True


def _slips_in_place(places: Sequence[int | None], n: int) -> tuple[int, int, int]:
    """For a reading's characters' places in a name of ``n`` characters (None: garbled),
    the first and last place it covers and how many it holds, counting a garbled character
    as the name's own misread wherever the name has a place for it that nothing else read
    took (冶 of 冶区 | 绘院 in 自治区第一测绘院's 治): at the name's lost head or tail, or between
    two places read with room for it."""
    held_at = [k for k in places if k is not None]
    slips = 0
    pending = 0
    prev = -1
    first = held_at[0]
    for k in places:
        if k is None:
            pending += 1
            continue
        took = min(pending, k - prev - 1)
        if prev < 0:
            first = k - took
        slips += took
        pending, prev = 0, k
    tail = min(pending, n - 1 - prev)
    return first, prev + tail, len(held_at) + slips + tail


def signed_with_losses(text: str, units: Sequence[str]) -> str | None:
    """The one of ``units`` (normalised) that ``text``, a whole line, is with only some of
    its characters lost, or None: every character the name's, in its order, its first and
    last among them, and at least SIGNED_KEPT of them (兵測院 for 兵团勘测院, whose 团勘 a
    seal's ink took). Nothing was read in their place, so no other name's word is there."""
    seen = "".join(c for c in _STAMP_LABEL_END.sub("", normalize(text)[0]) if c.isalnum())
    for unit in units:
        u = normalize(unit)[0]
        if (len(seen) >= 3 and seen[0] == u[:1] and seen[-1] == u[-1:]
                and len(seen) >= SIGNED_KEPT * len(u)
                and LCSseq.similarity(seen, u) == len(seen)):
            return u
    return None


#: Of a unit's name signed under its seal, the share a reading must keep (``signed_with_losses``,
#: ``garbled_unit_alone``).
SIGNED_KEPT = 0.6


def garbled_unit_alone(text: str, units: Sequence[str]) -> bool:
    """Whether a line is one of ``units`` alone, garbled in places by the ink of the seal it
    is signed on (C资派信息中心 for 国土资源信息中心: 国土 read C, 源 read 派): what
    ``unit_fragments`` takes for that name, holding at least SIGNED_KEPT of its characters,
    some of them past its region's name and, where that name is read whole, some of the
    unit's own characters (or their glyph twins) after it."""
    norm = normalize(text)[0]
    seen = sum(1 for c in norm if c.isalnum())
    for unit in units:
        found = unit_fragments([text], [unit])
        u = normalize(unit)[0]
        region = _region_prefix(u)
        # What was read must reach past the region's name the unit starts with: 尔自治区 is
        # every region-level body's name, not the unit's (自治区测绘院). And what follows
        # that name must be some of the unit's own: 新疆维吾尔自治区人 (…人力资源和社会保障厅
        # under its own seal) is another body's (fresh set 3728).
        at = norm.find(u[:region]) if region else -1
        own = set(u[region:])
        if found is not None and seen >= SIGNED_KEPT * len(u) \
                and len(u) - 1 - found[2] >= region \
                and (at < 0 or any(c in own or any(glyph_twins(c, d) for d in own)
                                   for c in norm[at + region:])):
            return True
    return False


def _region_prefix(unit: str) -> int:
    """How many characters of ``unit`` (normalised) are the region's name it starts with
    (新疆维吾尔自治区 of 新疆维吾尔自治区测绘院, 自治区 of 自治区测绘院; 0 for none)."""
    return max((len(r) for r in _REGION_NAMES if unit.startswith(r)), default=0)


def inner_unit_alias(read: str, units: Sequence[str]) -> bool:
    """Whether a unit match read as ``read`` is one of the aliases inside the full name
    (``units[0]``), such as 自治区第一测绘院 of 新疆维吾尔自治区第一测绘院 or 西北勘测设计研究院
    of 中国电建集团西北勘测设计研究院有限公司, rather than the full name or another alias: the
    name of ``units`` nearest to it (fewest edits, so also when it was read with a slip,
    自游区第一测绘院) is such an alias."""
    names = [normalize(u)[0] for u in units]
    if len(names) < 2 or not names[0]:
        return False
    seen = normalize(read)[0]
    nearest = min(range(len(names)), key=lambda k: (Levenshtein.distance(seen, names[k]), k))
    return nearest > 0 and names[nearest] in names[0] and names[nearest] != names[0]


def _distinct_positions(unit: str) -> frozenset[int]:
    """Where the normalised ``unit`` has a number or direction character, which tells it from
    a sibling, but for those of its legal-form ending: the 中 of 中心 is the kind of body."""
    form = ORG_FORM.search(unit)
    ending = range(form.start(), form.end()) if form else range(0)
    return frozenset(k for k, c in enumerate(unit) if c in DISTINCT_CHARS and k not in ending)


#: The number characters of DISTINCT_CHARS; the rest say a direction or place.
_NUMBER_CHARS = frozenset("一二三四五六七八九十百第0123456789")


def _sibling_swap(seen: str, unit: str) -> bool:
    """Whether ``seen`` has a number or direction character where ``unit`` has another of the
    same kind (中南 for 西北, 第三 for 第一): a sibling body's name, however close the rest,
    not a garbled reading, which makes any character of any other. A number for a direction,
    or a direction for a number, names no sibling (中建集4北… for 中国电建集团西北…, 4 for 西
    or for 团 alike; fresh set 7415, 有限公司 left out, 79%)."""
    distinct = _distinct_positions(unit)
    return any(op.tag == "replace" and op.dest_pos in distinct and seen[op.src_pos] in DISTINCT_CHARS
               and (seen[op.src_pos] in _NUMBER_CHARS) == (unit[op.dest_pos] in _NUMBER_CHARS)
               for op in Levenshtein.editops(seen, unit))


def _misread_glyph(c: str) -> bool:
    """A letter outside ASCII and CJK (ù, é, ß): on a Chinese page, a glyph misread."""
    return c.isalpha() and not c.isascii() and not is_cjk(c)


def misread_glyphs_only(text: str) -> bool:
    """Whether ``text`` holds misread glyphs (``_misread_glyph``: が for 新 under a seal's ink)
    and nothing else but marks: no Chinese, no Latin letters, no digits."""
    t = "".join(text.split())
    return any(_misread_glyph(c) for c in t) and all(_misread_glyph(c) or not c.isalnum() for c in t)


def loose_unit_span(text: str, units: Sequence[str], max_ratio: float = 0.4) -> tuple[int, int] | None:
    """The stretch of ``text`` closest to one of ``units``, if within ``max_ratio`` edits per
    character, as ``(start, end)`` indices into ``text``.

    Only for text already tied to the applicant's unit by other evidence (the line under the
    unit's own seal, whose ink garbles it): on its own this would match sibling units.
    """
    norm, index = normalize(text)
    # Ranked by characters of a name matched, then by edits per character: the full name
    # read with six slips (中匡庄建集团西北勘议计研究院有限…) beats the alias inside it read
    # with two (西北勘议计研究院), as the line holds the full name. Then one that ends on the
    # name's own last character: 自区第一测:会院 is 自治区第一测绘院 with three slips, and so
    # is 自区第一测 without its garbled end (81% masked, fresh set 5283).
    best: tuple[int, float, bool, int, int, str] | None = None
    for unit in units:
        u = normalize(unit)[0]
        if len(u) < 4:
            continue
        for length in range(max(2, len(u) - 4), len(u) + 3):
            for s in range(0, len(norm) - length + 1):
                edits = Levenshtein.distance(norm[s:s + length], u)
                key = (edits - len(u), edits / len(u), norm[s + length - 1] != u[-1], s,
                       s + length, u)
                if key[1] <= max_ratio and (best is None or key[:3] < best[:3]) \
                        and not _sibling_swap(norm[s:s + length], u):
                    best = key
    if best is None:
        return None
    _, _, _, start, end, found = best
    # An alias matched (自治区…中心) where the full name goes on in front of it (新疆维吾尔…):
    # take the garbled front too, as far as it is mostly that name's characters.
    for unit in units:
        full = normalize(unit)[0]
        if len(full) > len(found) and full.endswith(found):
            front = set(full[:len(full) - len(found)])
            k = 0
            for n in range(1, len(full) - len(found) + 2):
                s0 = start - n
                if s0 < 0 or not (is_cjk(norm[s0]) or not norm[s0].isalnum()):
                    break
                if norm[s0] in front and 2 * sum(c in front for c in norm[s0:start]) >= n:
                    k = n
            start -= k
            found = full
            break
    # Characters the reader dropped or merged (中心 read as one glyph) leave the match short
    # of the name's tail: take the CJK characters that follow, up to the name's length, unless
    # the match already ends on the name's last character.
    ops = Levenshtein.editops(norm[start:end], found)
    lead = sum(1 for op in ops if op.tag == "insert" and op.src_pos == 0)
    if norm[end - 1] != found[-1]:
        longest = max(len(normalize(u)[0]) for u in units)
        # A glyph read as a letter no Chinese page prints (信息书ù for 信息中心: 心 fused
        # with the next label's bracket, fresh set 6351) is one of them too, while the match
        # lacks characters at its end; from there on, only as many as it lacks.
        lacking = sum(1 for op in ops if op.tag == "insert" and op.src_pos == end - start)
        garbled = False
        # Never into the next signer's label (…测免 | 乙方(签字): for …测绘院 beside it, a
        # contract's signature row; fresh set 3352, 45%).
        while end < len(norm) and end - start < longest and (not garbled or lacking > 0) \
                and not _OWN_SIGNATURE.match(norm, end):
            c = norm[end]
            if not is_cjk(c):
                if lacking <= 0 or not _misread_glyph(c):
                    break
                garbled = True
            end += 1
            lacking -= 1
    # Likewise a name's first characters split off by a stray mark (新:疆维吾尔…) or
    # misread under the ink (身鲁木齐… for 乌鲁木齐…): up to as many characters as are missing.
    if lead:
        first = set(found[:lead])
        n = cjk = 0
        marks = False
        label_ends = {m.end() for m in _UNIT_LABEL.finditer(norm)}
        while start - n - 1 >= 0 and cjk < lead and start - n not in label_ends:
            c = norm[start - n - 1]
            if not c.isalnum():
                marks = True
            elif not (c in first or (is_cjk(c) and not marks)):
                break  # past a mark only the name's own characters: "单位：" is a label
            n += 1
            cjk += is_cjk(c)
        # Never start on the stray mark itself, unless it opens the label's value: then it is
        # the name's first character read as a mark (填报单位(盖章)：⇒市自然资原局).
        values = {m.end() for m in _LABEL_VALUE.finditer(norm)}
        while n and not is_cjk(norm[start - n]) and start - n not in values:
            n -= 1
        start -= n
    if _sibling_swap(norm[start:end], found):
        return None  # grown over the sibling's own word (新疆…第 | 三测绘院)
    return index[start], index[end - 1] + 1


#: Of a unit's characters, how many two garbled readings together may leave unread.
WITNESS_UNREAD = 2


def witnessed_unit(readings: Sequence[str], units: Sequence[str]) -> str | None:
    """The one of ``units`` that two or more readings of the same name, each garbled in
    its own way, show together, or None.

    A seal's arc read 新疆三产建设兵生期换规划设计员究展 and the print on the seal read
    新疆生产建吴团勘旭划开究院: neither alone passes for 新疆生产建设兵团勘测规划设计研究院,
    but every character of it but 测 and 研 is read right in one of them. Each reading must
    lie within half the name's length in edits of it (``loose_unit_span``'s stretch of it),
    at most WITNESS_UNREAD of its characters (of eight or more) may be read right in
    neither, and no two readings may agree on another character where the name has its
    own, nor any read a number or direction character for another (a sibling's name is
    printed the same for both readers).
    """
    if len(readings) < 2:
        return None
    for unit in units:
        u = normalize(unit)[0]
        if len(u) < 8:
            continue
        right: set[int] = set()
        seen_at: dict[int, list[str]] = {}
        for reading in readings:
            span = loose_unit_span(reading, [unit], max_ratio=0.5)
            if span is None:
                break
            window = normalize(reading[span[0]:span[1]])[0]
            if _sibling_swap(window, u):
                break
            for op in Levenshtein.opcodes(window, u):
                if op.tag == "equal":
                    right.update(range(op.dest_start, op.dest_end))
                elif op.tag == "replace":
                    for k in range(min(op.src_end - op.src_start, op.dest_end - op.dest_start)):
                        seen_at.setdefault(op.dest_start + k, []).append(window[op.src_start + k])
        else:
            agreed = any(len(chars) > len(set(chars)) for chars in seen_at.values())
            if not agreed and len(u) - len(right) <= WITNESS_UNREAD:
                return u
    return None


def labelled_unit_span(text: str, units: Sequence[str]) -> tuple[int, int] | None:
    """The words a label ties to a unit ("填报单位（盖章）：…", "…（盖章）") when they share
    most of their characters, in order, with one of ``units``, as ``(start, end)`` indices
    into ``text``.

    Looser still than :func:`loose_unit_span`, for the same case (the line under the unit's
    own seal) when the seal's ink took a third of the name: the label says what it is.
    """
    norm, index = normalize(text)
    segments = []
    labels = list(_UNIT_LABEL.finditer(norm))
    if labels:
        start = labels[-1].end()
        # "（盖章）：", "章)：" (its 盖 lost), "（差字）：" (the ink garbled it), "：": the
        # name starts after them.
        colon = next((k for k in range(start, min(len(norm), start + 6)) if norm[k] in ":："), None)
        if colon is not None and (all(c in "(（)）盖章 " for c in norm[start:colon])
                                  or STAMP_PLACE.fullmatch(norm, start, colon)):
            start = colon + 1
        while start < len(norm) and (not is_cjk(norm[start]) or norm.startswith("盖章", start)):
            start += 2 if norm.startswith("盖章", start) else 1
        end = start
        while end < len(norm) and norm[end] not in _SEGMENT_END:
            end += 1
        # The seal's ink read as a comma inside the name (维吾尔白，冶区地展): the words after
        # it go on with the name when they hold two of a unit's characters, or end as it does
        # (自然资，息局 for 乌市自然资源局, 源 read as a comma and 息; fresh set 4903, 73%).
        longer = end
        names = [normalize(u)[0] for u in units]
        while longer < len(norm) and norm[longer] in ",，":
            nxt = longer + 1
            while nxt < len(norm) and norm[nxt] not in _SEGMENT_END:
                nxt += 1
            if max(LCSseq.similarity(norm[longer + 1:nxt], u) for u in names) < 2 and not (
                    nxt > longer + 1 and any(u[-1:] == norm[nxt - 1] for u in names)):
                break
            longer = nxt
        # A signing row goes on to the other party's field (新疆 | 乙方（签字）：…).
        for stop in dict.fromkeys((longer, end)):
            other = _NEXT_FIELD.search(norm, start, stop)
            segments.append((start, other.start() if other else stop))
    stamp = re.search(r"[(（]盖章", norm)
    if stamp is not None:
        start = max(norm.rfind(c, 0, stamp.start()) for c in _SEGMENT_END) + 1
        segments.append((start, stamp.start()))
    for start, end in segments:
        seg = norm[start:end]
        if len(seg) < 2:
            continue
        for unit in units:
            u = normalize(unit)[0]
            common = LCSseq.similarity(seg, u)
            # Two characters read, the rest under the ink, are two of the unit's own in a row
            # (填报单位（盖章）：北院 for 西北院, 甲方（盖章）：新疆 for 新疆维吾尔自治区测绘院,
            # 填报单位（盖章），第一 for 新疆第一测绘院), or its first and last (喀院 for
            # 喀什测绘院, 什测绘 under the ink).
            short = len(seg) == 2 and (seg in u or (len(u) >= 3 and seg == u[0] + u[-1]))
            if short or (common >= 3 and 2 * common >= min(len(seg), len(u))):
                return index[start], index[end - 1] + 1
    return None


def truncated_unit_span(text: str, units: Sequence[str],
                        conf: Sequence[float] | None = None) -> tuple[int, int] | None:
    """The words after a unit label (工作单位：…) when they are the start of one of ``units``
    and run to the end of the line: the detector cut the line short (a photo or a seal
    interrupted it). At least 8 characters and half of the name, as ``(start, end)``
    indices into ``text``; the caller decides whether the page is the applicant's.

    The start must be exact but for slips as a long name allows them (``_max_edits``), given
    ``conf`` (per character of ``text``): each on a character the recogniser was unsure of,
    none on a number or direction, and each followed by two characters read right (勤 for
    勘 in 新疆生产建设兵团勤测规划设计研究). A slip at the very end is where another name
    may part from the unit's (国土资源厅 and 国土资源信息中心), so it is never taken.

    Or, given ``conf``, that much of the start read exactly and the rest garbled: each
    glyph of it that is not the name's next ones in order read unsure, some of the name's
    lost, and the line ending on one of the name's own (中国电建集团西北勘测设v研院限 for
    …设计研究院有限 | 公司, its end run under a photo; fresh set 3094, 36%)."""
    norm, index = normalize(text)
    labels = list(_UNIT_LABEL.finditer(norm))
    if not labels:
        return None
    start = labels[-1].end()
    while start < len(norm) and not is_cjk(norm[start]):
        start += 1
    seg = norm[start:]
    seen = None if conf is None else [conf[k] for k in index[start:]]
    for unit in units:
        u = normalize(unit)[0]
        if not (len(seg) >= max(8, (len(u) + 1) // 2) and len(seg) < len(u)):
            continue
        head = u[:len(seg)]
        slips = [k for k, (a, b) in enumerate(zip(seg, head)) if a != b]
        if not slips or (seen is not None and len(slips) <= _max_edits(len(u))
                         and slips[0] > 0 and slips[-1] < len(seg) - 2
                         and _plausible_misread(seg, head, seen)):
            return index[start], index[-1] + 1
        clean = slips[0]
        if seen is not None and clean >= max(8, (len(u) + 1) // 2) \
                and _garbled_rest(seg[clean:], u[clean:], seen[clean:]):
            return index[start], index[-1] + 1
    return None


def _garbled_rest(seen: str, rest: str, conf: Sequence[float]) -> bool:
    """Whether ``seen``, read after a unit name's clean start, is the name's ``rest`` garbled
    (``truncated_unit_span``): every glyph that is not the rest's own, in order, read
    unsure and none a number or direction (``_plausible_misread``, where the rest's glyphs
    may be lost too), and the last one the rest's own."""
    ops = [e for e in Levenshtein.editops(seen, rest) if e.tag != "insert"]
    return bool(seen) and all(e.src_pos != len(seen) - 1 for e in ops) \
        and _plausible_misread(seen, rest, conf)


#: The field labels whose value is the holder's work unit (a cell before it, or the line's
#: start, on a personal form).
_UNIT_FIELD = re.compile(r"^(?:现?工作单[位住]|所在单[位住]|参保单[位住]|单[位住](?:名称)?)[:：]?")


def is_unit_field_label(text: str) -> bool:
    """Whether ``text`` is a work-unit field's label alone (工作单位, 单位名称：)."""
    return _UNIT_FIELD.fullmatch(normalize(text)[0]) is not None


def _field_value(text: str, label: re.Pattern[str], labelled: bool
                 ) -> tuple[str, list[int], int] | None:
    """``text`` normalised, its index, and where a field's value starts in it: after the
    ``label`` that opens it, or at once when ``labelled`` (the label is the cell before);
    None when neither."""
    norm, index = normalize(text)
    if labelled:
        return norm, index, 0
    found = label.match(norm)
    return None if found is None else (norm, index, found.end())


def misread_unit_field(text: str, units: Sequence[str], labelled: bool,
                       conf: Sequence[float] | None = None,
                       slips: frozenset[tuple[str, str]] = frozenset()) -> tuple[int, int] | None:
    """The value of a work-unit field when it reads as one of ``units`` with slips that a
    sibling's name would not show (``_misread_of``: within 40% edits, its closing character,
    no number or direction, no two neighbouring characters replaced), and is at least four
    characters: 国土资语信意中心 for 国土资源信息中心. The value is all of ``text`` after
    its 工作单位 label, or all of it when ``labelled`` (the label is the cell before). As
    ``(start, end)`` indices into ``text``; the caller decides whether the form is the
    applicant's (a field that says what it holds does not say whose). With ``conf`` (per
    character of ``text``), the closing character may be misread too, unsure and as no kind
    of body (新疆维晋尔自治区第一测绘线 for …测绘院, 线 at 0.72, on a social-insurance
    record's 参保单位; fresh set 7049). ``slips``: glyphs (read, printed) the page's own
    copies of the unit show (``page_unit_slips``); a value with one of them is read as the
    page's unit column reads its cells (``_column_misread``), the field being a copy of the
    same print: 中国电建基因西允勘测设计研完院有限公司 after 参保单位, with 基, 因 and 完
    down the record's column and 允 garbled (fresh set 5317, 0%)."""
    field = _field_value(text, _UNIT_FIELD, labelled)
    if field is None:
        return None
    norm, index, start = field
    value = norm[start:]
    if len(value) < 4 or not all(is_cjk(c) for c in value):
        return None
    if conf is not None and len(conf) != len(text):
        conf = None
    last_unsure = conf is not None and conf[index[-1]] < MISREAD_CONFIDENCE \
        and value[-1] not in BODY_KINDS
    for unit in units:
        u = normalize(unit)[0]
        if len(u) < 4 or Levenshtein.distance(value, u) > 0.4 * len(u):
            continue
        if _misread_of(value, u) or (last_unsure and len(value) == len(u)
                                     and _misread_of(value[:-1] + u[-1], u)):
            return index[start], index[-1] + 1
        shows_slip = len(u) >= 8 and any(
            e.tag == "replace" and (value[e.src_pos], u[e.dest_pos]) in slips
            for e in Levenshtein.editops(value, u))
        if shows_slip and conf is not None \
                and _column_misread(value, u, [conf[k] for k in index[start:]], slips):
            return index[start], index[-1] + 1
    return None


def page_unit_slips(cells: Sequence[str], units: Sequence[str]) -> frozenset[tuple[str, str]]:
    """The glyphs (read, printed) that ``cells``, a page's readings taken as one of ``units``,
    read in place of the unit's own (``_column_slips``, over the names of eight or more
    characters): one print misread the same way wherever the page shows it."""
    names = [n for n in (normalize(u)[0] for u in units) if len(n) >= 8]
    return _column_slips(cells, names) if names else frozenset()


#: The field labels whose value is the holder's ID number (a cell before it, or the line's
#: start): 身份证号, 公民身份号码, 证件号码.
_ID_FIELD = re.compile(r"^(?:公民|居民|[\u4e00-\u9fff]民)?(?:身份证件|身份证|身份|证件)(?:号码|号)[:：]?")
#: A starred ID number as printed: its shown head, the stars, its shown tail.
_STARRED_VALUE = re.compile(r"^(?P<head>[0-9]{3,})\*{3,}(?P<tail>[0-9]*[0-9X])$")


def is_id_field_label(text: str) -> bool:
    """Whether ``text`` is an ID-number field's label alone (身份证号, 公民身份号码：)."""
    return _ID_FIELD.fullmatch(normalize(text)[0]) is not None


#: A starred ID number whose stars (and a digit beside them) the reader garbled: its shown
#: head, four or more characters with stars among them, and its shown tail.
_GARBLED_STARS = re.compile(r"([0-9]{3,})([^0-9]{4,})([0-9]{2,}[0-9X])")


def garbled_starred_id(text: str, id_number: str) -> tuple[int, int] | None:
    """Where ``text`` holds ``id_number`` starred, with its stars read as anything
    (650)**事*****()642 for 650***********0642), as ``(start, end)`` indices into ``text``,
    or None: a head of its first three or more digits, then at least four non-digits with
    four or more stars among them, then its last three or more characters, 15-20 in all,
    most of the number hidden; or, the whole of ``text``, its head, two or more stars and
    two or more of its last four characters in order, the last among them. For a row
    already the applicant's only: 650 and a last three are shared by many numbers."""
    target = normalize(id_number)[0].upper()
    norm, index = normalize(text)
    if len(target) != 18:
        return None
    for m in _GARBLED_STARS.finditer(norm.upper()):
        head, middle, tail = m.groups()
        if (middle.count("*") >= 4 and target.startswith(head) and target.endswith(tail)
                and 15 <= len(m.group()) <= 20 and len(head) + len(tail) <= 10):
            return index[m.start()], index[m.end() - 1] + 1
    # Or the stars read right and the shown tail garbled among them, a cell of nothing
    # else: 650******4*5 for 650***********4005 (its zeros read as a star and lost; seed
    # 1598, 0%). What is read of the tail comes in its order and ends it.
    whole = _STARRED_CELL.fullmatch(norm.upper())
    if whole is not None and target.startswith(whole["head"]):
        shown = whole["tail"].replace("*", "")
        it = iter(target[-4:])
        if len(shown) >= 2 and shown[-1] == target[-1] and all(c in it for c in shown):
            return index[0], index[-1] + 1
    return None


#: A starred ID's cell: its head, stars (some may be lost: 652**704 for 652***********0704 on
#: a roster row, nine stars and a 0 unread; fresh set 8916), and what is read of its tail.
_STARRED_CELL = re.compile(r"(?P<head>[0-9]{3,8})\*{2,}(?P<tail>[0-9X][0-9X*]{0,4})")


def split_starred_id(head: str, tail: str, id_number: str) -> bool:
    """Whether two neighbouring cells read ``head`` and ``tail`` are ``id_number`` starred,
    split where its stars were lost (65 | *7598 for 650***********7598): ``head`` its first
    two or more digits (stars after them allowed), ``tail`` its last three or four
    characters after a star, a star at least between them. For a row already the
    applicant's only, as ``garbled_starred_id``."""
    target = normalize(id_number)[0].upper()
    h, t = normalize(head)[0].upper(), normalize(tail)[0].upper()
    if len(target) != 18 or not (_SPLIT_HEAD.fullmatch(h) and _SPLIT_TAIL.fullmatch(t)):
        return False
    digits, end = h.rstrip("*"), t.lstrip("*")
    return target.startswith(digits) and target.endswith(end) and len(h) + len(t) <= 20


_SPLIT_HEAD = re.compile(r"[0-9]{2,8}\**")
_SPLIT_TAIL = re.compile(r"\*+[0-9]{2,3}[0-9X]")


#: An ID-number field's value that shows at least this many of the number's first
#: characters (its region and the whole birth date), and nothing else, is the number cut off.
ID_HEAD_SHOWN = 14


#: Most edits an unstarred ID number's value may show where each was read unsure
#: (``misread_id_field``): a fifth of its digits, far fewer than another person's differs by.
ID_FIELD_EDITS = 4


def misread_id_field(text: str, id_number: str, labelled: bool,
                     conf: Sequence[float] | None = None) -> tuple[int, int, int] | None:
    """The value of an ID-number field when it is ``id_number`` starred and read with one slip
    in its shown tail (650202*******78X for 650202********788X: a digit lost): the shown head
    exact, at least four digits; the tail's last character right and the rest one edit off;
    any number of stars. Or with only its last character lost, the rest of a tail of three
    or more exact (650**********281 for 650***********281X: the recogniser dropped the X),
    the head at least three digits; or the shown tail cut short after its first characters
    (650**********0 for 650***********070X); or, unstarred, its first ID_HEAD_SHOWN or more
    characters, cut off at the line's end (every one but the last, for a shorter number).
    Or, given ``conf`` (per character of ``text``), unstarred and garbled: within
    ID_FIELD_EDITS of the number, every digit read in place of another or in excess read
    unsure (公民身份证号码：0020219002249248 for 65020219800224924X in a contract at 13 px a
    line, 65 read as 0, 8 lost, X read as 8; fresh set 5164, 0%). The label's first glyph
    may be garbled too (增民 for 公民).
    The value is all of ``text`` after its label, or all of it when ``labelled`` (the label
    is the cell before). As ``(start, end, lost)``: indices into ``text`` and the characters
    lost at its end; the caller decides whether the form is the applicant's."""
    field = _field_value(text, _ID_FIELD, labelled)
    if field is None:
        return None
    norm, index, start = field
    target = normalize(id_number)[0]
    shown = norm[start:]
    if len(target) >= 15 and min(ID_HEAD_SHOWN, len(target) - 1) <= len(shown) < len(target) \
            and target.startswith(shown):
        # Whole but for its last characters, cut off by what lies beside the line's end (a
        # photo: 身份证件号码：65400219680916435; 6501 0419 9309 1057 | 1X, fresh set 8462).
        return index[start], index[-1] + 1, len(target) - len(shown)
    if conf is not None and len(conf) == len(text) and len(target) >= 15 \
            and re.fullmatch(r"[0-9]+[0-9X]", shown) \
            and len(ops := Levenshtein.editops(shown, target)) <= ID_FIELD_EDITS \
            and all(conf[index[start + e.src_pos]] < MISREAD_CONFIDENCE
                    for e in ops if e.tag != "insert"):
        return index[start], index[-1] + 1, 0
    value = _STARRED_VALUE.match(shown)
    if value is None or len(target) < 15:
        return None
    head, tail = value.group("head"), value.group("tail")
    if not target.startswith(head):
        return None
    if len(head) >= 4 and len(tail) >= 2 and tail[-1] == target[-1] \
            and Levenshtein.distance(tail, target[-len(tail):]) <= 1:
        return index[start], index[-1] + 1, 0
    if len(tail) >= 3 and target[:-1].endswith(tail):
        return index[start], index[-1] + 1, 1
    if len(tail) < 4 and target[-4:].startswith(tail) and len(head) + len(tail) >= 4:
        # The shown tail cut short where the line's box ended (650**********0 for
        # 650***********070X on a turned qualification certificate): the rest lies on.
        return index[start], index[-1] + 1, 4 - len(tail)
    return None


#: Where the applicant signs for themselves: a contract's second party, the declarant, the
#: person assessed (乙方（签字）：, 本人签名：, 申报人签字：), in normalised text. Its colon
#: may be read as another small mark (乙方（签字)， with the comma at 0.39, seed 4680), and the
#: bracketed 签 as any glyph, its bracket as 《 (乙方《董字）, fresh set 5317): nothing else in
#: brackets after the party ends in 字.
_OWN_SIGNATURE = re.compile(r"(?:乙方|本人|申报人|申请人|劳动者|承诺人|受聘人|被考核人)"
                            r"(?:[(《〈](?:签字|签名|签章|[\u4e00-\u9fff]字)\)|签字|签名|签章)[:,;、]?")


def _last_own_signature(norm: str) -> re.Match[str] | None:
    """The last applicant's own signing label (``_OWN_SIGNATURE``) in normalised ``norm``."""
    found = list(_OWN_SIGNATURE.finditer(norm))
    return found[-1] if found else None


def is_own_signature_label(text: str) -> bool:
    """Whether ``text`` is an applicant's signing label alone (乙方（签字）：), or ends in one
    (…测绘院乙方（签字）：, the unit signed before it on the row read as one line with it)."""
    norm = normalize(text)[0]
    last = _last_own_signature(norm)
    return last is not None and last.end() == len(norm)


def own_signature_label_end(text: str) -> int | None:
    """Where the last applicant's own signing label (``_OWN_SIGNATURE``) in ``text`` ends, as
    an index into ``text`` (甲方（盖章）：  乙方（签字）：王 → the index of 王), or None."""
    norm, index = normalize(text)
    last = _last_own_signature(norm)
    return index[last.end() - 1] + 1 if last is not None else None


#: What a signature's closing flourish reads as: a stroke or two.
_FLOURISH = frozenset("/\\|丿乀ノ〆~～_-—一、")


def signature_flourish_end(text: str, end: int) -> int:
    """Where a name signed after the applicant's own signing label ends with its flourish:
    the end of ``text`` (trailing spaces aside) when all that follows the name's ``end`` is
    one to three strokes (上官波林/, the hand's last stroke read as a slash), else ``end``.
    The flourish is the signature's ink, and a mask that stops short of it shows where the
    hand went on."""
    rest = text[end:].rstrip()
    marks = rest.replace(" ", "").replace("\u3000", "")
    label = own_signature_label_end(text)
    if label is None or label > end or not 1 <= len(marks) <= 3 or not set(marks) <= _FLOURISH:
        return end
    return end + len(rest)


def misread_signature(text: str, name: str, labelled: bool,
                      conf: Sequence[float] | None = None) -> tuple[int, int] | None:
    """The name signed after an applicant's own signing label (``_OWN_SIGNATURE``) when it is
    ``name`` read with as many slips as a birth row allows (``birth_row_edits``; characters
    lost count): a signature's looser hand read 努尔妮萨·阿不者 for 努尔妮萨·阿不都拉. The
    name is all the rest of ``text`` after the label, or all of it when ``labelled`` (the
    label is the cell before). With ``conf`` (per character of ``text``), also a hand read
    right in its first character and garbled after (``_garbled_hand``). As ``(start, end)``
    indices into ``text``; the caller decides whether the document is the applicant's. A
    name of two characters, where one slip leaves a single one standing, is taken only as
    one of its characters alone (国 for 钟国's hand, the other lost: ``lost_name_ends``
    reaches over it), or as both with the other read unsure (below MISREAD_CONFIDENCE: 许实
    for 许宇, 实 at 0.80; fresh set 7381)."""
    full = "".join(normalize_name(name))
    start = 0
    if not labelled:
        norm, index = normalize(text)
        found = _OWN_SIGNATURE.search(norm)
        if found is None or found.end() == len(norm):
            return None
        start = index[found.end()]
    if len(full) < 3:
        return _short_hand(text, start, full, conf)
    span = near_name_span(text[start:], name, birth_row_edits(name), same_length=False)
    if span is None and conf is not None and len(conf) == len(text):
        span = _garbled_hand(text[start:], name, conf[start:])
    return None if span is None else (start + span[0], start + span[1])


def _short_hand(text: str, start: int, full: str,
                conf: Sequence[float] | None) -> tuple[int, int] | None:
    """``misread_signature`` for a name ``full`` of two characters, from ``start``."""
    norm, index = normalize(text[start:])
    if len(full) != 2 or not norm:
        return None
    one = len(norm) == 1 and norm in full
    both = len(norm) == 2 and conf is not None and len(conf) == len(text) and any(
        norm[k] == full[k] and conf[start + index[1 - k]] < MISREAD_CONFIDENCE for k in (0, 1))
    return (start + index[0], start + index[-1] + 1) if one or both else None


def _garbled_hand(text: str, name: str, conf: Sequence[float]) -> tuple[int, int] | None:
    """``text`` (all that follows a signing label) as ``name`` signed in a hand the reader
    garbled: its first character the name's, read surely, at most one character more or
    fewer, and every character that is not the name's read unsure (below
    GARBLED_CONFIDENCE): 姚的情 (的 0.54, 情 0.47) for 姚莉倩, 公孙養 (養 0.55) for 公孙宇建.
    Or half the name read in it, three characters at least, and every other character read
    unsure (below MISREAD_CONFIDENCE): 住明阿不教立 (住 0.41, 教 0.34, 立 0.65) for
    依明·阿不都拉; or, for a name of five or more, two of its characters, the first read
    surely, in a hand up to a third shorter, the rest unsure; or none of it read right, every
    character unsure and as many as the name's within one. As ``(start, end)`` indices into
    ``text``."""
    full = "".join(normalize_name(name))
    norm, index = normalize(text)
    if not norm:
        return None
    ops = Levenshtein.editops(norm, full)
    kept = len(full) - sum(op.tag in ("replace", "insert") for op in ops)
    unsure = all(conf[index[op.src_pos]] < MISREAD_CONFIDENCE for op in ops
                 if op.tag in ("replace", "delete"))
    if kept >= 3 and 2 * kept >= len(full) and unsure:
        return index[0], index[-1] + 1
    if unsure and len(full) >= 5 and kept >= 2 \
            and ((norm[0] == full[0] and conf[index[0]] >= MISREAD_CONFIDENCE)
                 or any(full[k:k + 2] in norm for k in range(len(full) - 1))) \
            and 0 <= len(full) - len(norm) <= len(full) // 3:
        # A long name's hand squeezed into fewer glyphs: 阿与丽般 for 阿孜古丽·肉孜 (与 0.55,
        # 般 0.60; fresh set 8462), its first character read surely; or two of its
        # characters side by side, as they stand in the name: 你兰阿慢 for 叶尔兰·阿曼 (你
        # 0.8995, 慢 0.31; fresh set 8321, 0%).
        return index[0], index[-1] + 1
    if len(norm) >= 2 and abs(len(norm) - len(full)) <= 1 and all(map(is_cjk, norm)) \
            and all(conf[i] < MISREAD_CONFIDENCE for i in index):
        # A hand the reader made nothing of, every glyph unsure, as long as the name within
        # one: 奏新 (0.60, 0.84) for 蔡瑶莉 (fresh set 2307, 0%). Words printed there are read
        # surely.
        return index[0], index[-1] + 1
    if norm[0] != full[0] or abs(len(norm) - len(full)) > 1 \
            or conf[index[0]] < GARBLED_CONFIDENCE:
        return None
    for op in ops:
        if op.tag in ("replace", "delete") and conf[index[op.src_pos]] >= GARBLED_CONFIDENCE:
            return None
    return index[0], index[-1] + 1


#: A paper's affiliation line opens with a bracket (its numbered entries with 1., the dot
#: gone from the normalised text) or with
#: 作者单位: (1. 新疆维吾尔自治区测绘院，新疆 乌鲁木齐 830002；2. …).
_AFFILIATION_OPEN = re.compile(r"^(?:\((?:[1-9][.、]?)?|作者单位:?)")
#: A postcode as the recogniser reads small print: six characters, a letter for a digit
#: inside (7S8757).
_POSTCODE = re.compile(r"\d{2}[0-9A-Z]{3}\d")
#: Characters that are not CJK: an affiliation's unit name is a run of CJK between them.
_NOT_CJK = re.compile(r"[^\u3400-\u9fff\uf900-\ufaff]+")


def misread_affiliations(text: str, units: Sequence[str],
                         conf: Sequence[float] | None = None) -> list[tuple[int, int]]:
    """On a paper's affiliation line (opened by 作者单位, by a bracket and a numbered entry,
    or by a bracket with a postcode in the line), each name that reads as one of ``units``
    with a character in five replaced at most, where a sibling's name would not differ
    (``_misread_of``): 新疆维春尔自海区测绘院 for 新疆维吾尔自治区测绘院 in small print at
    100 dpi; ``conf`` (per character of ``text``) as for ``_misread_of``. As ``(start, end)``
    indices into ``text``; the caller decides whether the paper is the applicant's (the line
    names every author's unit, so only a slip of their own is taken)."""
    norm = normalize(text)[0]
    opener = _AFFILIATION_OPEN.match(norm)
    if opener is None or not (opener.group() != "(" or _POSTCODE.search(norm)):
        return []
    found = []
    # Runs are split on the raw text: folding drops the middle dots that separate a unit
    # from its city (新疆维春尔自海区测绘院·新疆石河子).
    for run in re.finditer(r"\S+", _NOT_CJK.sub(lambda m: " " * len(m.group()), text)):
        value, index = normalize(run.group())
        if len(value) < 4:
            continue
        seen = None if conf is None else [conf[run.start() + k] for k in index]
        for unit in units:
            u = normalize(unit)[0]
            # Characters replaced, none lost or added, one in five at most: the line names
            # its authors' other units too, and a city's body differs from another city's
            # mostly in length (昌吉市自然资源局 is no slip of 乌鲁木齐市自然资源局). One in
            # four where every one replaced was read garbled, which says nothing of what was
            # printed (中国电建集正西北期新设计研究实有限公司, four at 0.25-0.34 in a 19-character
            # name, on a paper at low resolution; fresh set 4870, 0%).
            slips = Hamming.distance(value, u) if len(value) == len(u) else len(u)
            if len(u) >= 4 and (slips <= len(u) // 5 or (
                    slips <= len(u) // 4 and seen is not None
                    and all(seen[k] < GARBLED_CONFIDENCE
                            for k in range(len(u)) if value[k] != u[k]))) \
                    and _misread_of(value, u, seen):
                found.append(run.span())
                break
            # Or a long name read to its last character with a slip at most, that character
            # (the kind of body) misread unsure, and no kind of body read from there on, the
            # comma after it lost (新疆生产建设兵团勘洲规划设计研究湖北 for …研究院，新疆 at
            # 75 dpi, 湖 at 0.88; fresh set 4471). A longer name ends in its body's kind
            # (测绘科学研究院), so it is never read so.
            n = len(u)
            if len(value) >= n >= BODY_LOST_MIN and not BODY_KINDS.intersection(value[n - 1:]) \
                    and (seen is None or seen[n - 1] < COLUMN_MISREAD_CONFIDENCE) \
                    and Hamming.distance(value[:n - 1], u[:-1]) <= 1 \
                    and _misread_of(value[:n - 1] + u[-1], u, seen):
                found.append((run.start(), run.start() + index[n - 1] + 1))
                break
    return found


#: The last characters that say what kind of body a unit is: a unit read with another of
#: them in that place is another body (研究所 for 研究院).
BODY_KINDS = frozenset("院所局站队司部厅处校会社室馆中心委办")
#: Units this long or longer may be taken with their body's character misread.
BODY_LOST_MIN = 8


#: A signing label with the stamp's place, up to its colon: 甲方（盖章）：, 单位(公章):.
_STAMP_COLON = re.compile(r"(?:盖章|公章)[)）]?[:：]")


def _after_stamp_colon(norm: str) -> int | None:
    """Where the words after the last signing label's colon (``_STAMP_COLON``) begin in the
    normalised ``norm``, or None without one."""
    labels = list(_STAMP_COLON.finditer(norm))
    return labels[-1].end() if labels else None


def stamped_unit_head(text: str, units: Sequence[str]) -> tuple[int, int] | None:
    """The start of a unit's name after a signing label, running to the line's end
    (甲方（盖章）：新), when it is, exactly, a shorter start of one of ``units``: the line
    went on under a seal that hid the rest from the detector. As ``(start, lost)``: the
    index into ``text`` where the name starts, and how many of the unit's characters were
    not read (for the longest unit that fits). The caller checks that the unit's own seal
    covers where the rest would be."""
    norm, index = normalize(text)
    start = _after_stamp_colon(norm)
    if start is None:
        return None
    # A stray mark where the seal's ink cut the line off (甲方（盖章）：自治) is no character.
    seg = norm[start:].rstrip(_CUT_MARKS)
    if not seg or not is_cjk(seg[0]) or len(norm) - start - len(seg) > 2:
        return None
    lost = [len(u) - len(seg) for u in (normalize(unit)[0] for unit in units)
            if len(seg) < len(u) and u.startswith(seg)]
    return (index[start], max(lost)) if lost else None


def ends_at_stamp_label(text: str) -> bool:
    """Whether ``text`` ends with a signing label's colon (甲方（盖章)：), nothing read after it."""
    norm = normalize(text)[0]
    return _after_stamp_colon(norm) == len(norm)


#: A signing label closed by its stamp's bracket, its colon read or not: 甲方（盖章）, 单位(公章)：.
_STAMP_CLOSE = re.compile(r"(?:盖章|公章)(?:[)）][:：]?|[:：])")


def swallowed_stamped_value(text: str, units: Sequence[str]) -> tuple[int, int] | None:
    """A signing label's closing bracket (甲方（盖章）会院; or its colon, the bracket lost)
    followed, to the line's end, by at most
    SWALLOWED_READ Chinese characters, one at least a character of one of ``units``: what is
    left read of a name the seal's ink took, with the colon, into the cells of the few
    characters read (the caller checks that those cells hold far more ink than the
    characters, and that the unit's own seal is over them). As ``(bracket, start)``: the
    indices into ``text`` of the bracket and of the first character after the label."""
    norm, index = normalize(text)
    labels = list(_STAMP_CLOSE.finditer(norm))
    if not labels or not units:
        return None
    start = labels[-1].end()
    seg = norm[start:]
    if not 0 < len(seg) <= SWALLOWED_READ or not all(is_cjk(c) for c in seg) \
            or _NEXT_FIELD.search(seg):
        return None
    if not any(c in normalize(u)[0] for u in units for c in seg):
        return None
    # The bracket, or the colon where the bracket was lost (甲方（盖章：院, seed 6813).
    label = labels[-1].group()
    closed = label.rstrip(":：")
    bracket = labels[-1].start() + (len(closed) if closed[-1:] in ")）" else len(label))
    return index[bracket - 1], index[start]


#: Characters read after a signing label that ``swallowed_stamped_value`` takes for what is
#: left of the name.
SWALLOWED_READ = 3


def garbled_stamped_value(text: str, units: Sequence[str]) -> tuple[int, int] | None:
    """The words after a signing label (甲方（盖章）：区全院) when they run to the line's end,
    are as long as a unit's name may be read (one character to two more than the longest of
    ``units``, the first a CJK one, with no next field and no digits among them), and keep
    some of one unit's characters in order (two at least, and half of theirs: 区…院 of
    喀什地区基础测绘院; a clean 乌鲁 is another unit's start). Under the unit's own seal they
    are its name, which the ink garbled (the caller checks the seal). As ``(colon, start)``:
    the indices into ``text`` of the label's colon and of the words' first character."""
    norm, index = normalize(text)
    start = _after_stamp_colon(norm)
    if start is None or not units:
        return None
    seg = norm[start:]
    names = [normalize(u)[0] for u in units]
    if not seg or not is_cjk(seg[0]) or len(seg) > max(map(len, names)) + 2 \
            or _NEXT_FIELD.search(seg) or any(c.isdigit() for c in seg):
        return None
    kept = max(LCSseq.similarity(seg, u) for u in names)
    if kept < 2 or 2 * kept < len(seg):
        return None
    return index[start - 1], index[start]


#: Marks the recogniser makes of a seal's ink where it cuts a line off (normalised text:
#: full stops are gone with the ``DOTS``).
_CUT_MARKS = ")）]】」』|/\\'\"`。,，、"


#: Where the words a label names end.
_SEGMENT_END = "：:，,；;。"
#: The next field of a signing row, which ends them too (normalised text).
_NEXT_FIELD = re.compile(r"[甲乙丙]方|法定代表人|[(（]签")


#: The shortest head of a full name that an exact alias after it may vouch for.
_MIN_VOUCHED_HEAD = 4


def _misread_head(norm: str, pos: int, alias: str,
                  units: Sequence[str]) -> tuple[int, int] | None:
    """Where the full name starts, and its head's slips, when the alias read exactly at
    ``pos`` is the full name's tail and the characters before it are the full name's head
    read with one slip, else ``None``.

    The exact tail vouches for a slip the recogniser was sure of (新疆维善尔 | 自治区国土资源信息
    中心), which a fuzzy match of the whole name rejects. The head is 4+ characters, its first
    character is read right (东城区… is not 西城区…), and the slip is no number or direction
    (第一… is not 第三…). Right after a unit's label (甲方（盖章）：, 工作单位：), which says a
    name follows, the head may hold two slips if its last character is right too
    (新疆桀画尔 | 自治区测绘院 under a grey seal)."""
    full = normalize(units[0])[0]
    if alias == full or not full.endswith(alias):
        return None
    head = full[:len(full) - len(alias)]
    start = pos - len(head)
    if len(head) < _MIN_VOUCHED_HEAD or start < 0:
        return None
    seen = norm[start:pos]
    slips = [(a, b) for a, b in zip(seen, head) if a != b]
    allowed = 2 if seen[-1] == head[-1] and _LABEL_BEFORE.search(norm, 0, start) else 1
    if not 1 <= len(slips) <= allowed or seen[0] != head[0] \
            or not all(is_cjk(a) for a, _ in slips):
        return None
    return (start, len(slips)) if all(a not in DISTINCT_CHARS and b not in DISTINCT_CHARS
                                      for a, b in slips) else None



#: What follows 第 in an ordinal (第三, 第十二, 第2).
_ORDINAL_NUMERALS = frozenset("一二三四五六七八九十百零〇两0123456789")


def _tail_of_another_body(norm: str, pos: int, full: str, alias: str) -> bool:
    """Whether the alias at ``norm[pos:]`` ends another body's name: the characters before it
    (and before any of the applicant's own full name they end with) end in a place or a level
    that is not the applicant's, or an ordinal (陕西省测绘院, 昌吉回族自治州测绘院, 内蒙古自治区
    测绘院, 第三测绘院 for an applicant of 新疆维吾尔自治区测绘院 who lists 测绘院 or 自治区测绘院;
    but 新疆测绘院 and 新疆自治区测绘院 are theirs)."""
    head = full[:-len(alias)] if full.endswith(alias) else ""
    # How much of the own name's head the text before the alias ends with (two or more
    # characters: 和田地区 ends in 区 as 新疆维吾尔自治区 does).
    k = max((j for j in range(2, len(head) + 1) if norm.endswith(head[-j:], 0, pos)), default=0)
    q = pos - k
    if (head and k == len(head)) or q == 0 or not is_cjk(norm[q - 1]):
        return False
    before = norm[max(0, q - 2):q]
    # An ordinal makes a sibling: 第三测绘院 is not the applicant's 测绘院. (第 before
    # anything but a numeral is a slip in the head: 新疆维第尔 | 自治区…, which hypothesis found.)
    if before[0] == "第" and before[1:] and before[1] in _ORDINAL_NUMERALS:
        return True
    if len(before) == 2 and before in full:
        return False
    # The rest of the own name's head read with slips (新准吾尔区 for 新疆维吾尔自治区) is theirs.
    rest = head[:len(head) - k]
    prior = norm[max(0, q - len(rest)):q]
    if rest and LCSseq.similarity(prior, rest) > 0.5 * len(prior):
        return False
    return before[-1] in _BODY_PREFIX_ENDS or any(
        norm.endswith(p, 0, q) for p in _PLACES if p not in full)


def _unit_hits(norm: str, units: Sequence[str], conf: Sequence[float] | None = None,
               min_edits: int = 0) -> list[_Hit]:
    """The applicant's units in ``norm``; a name of 8+ characters may be read with slips
    (``_max_edits``), any name with at least ``min_edits``."""
    # (-characters matched, distance, start, end): a full name read with one slip beats the
    # exact alias inside it, so the whole name is masked, not just its tail.
    cands: list[tuple[int, int, int, int]] = []
    full = normalize(units[0])[0] if units else ""
    for unit in units:
        u = normalize(unit)[0]
        if len(u) < 2:
            continue
        k = max(_max_edits(len(u)), min_edits if len(u) >= 4 else 0)
        start = 0
        while (pos := norm.find(u, start)) >= 0:
            misread = _misread_head(norm, pos, u, units)
            if misread is not None:
                head, slips = misread
                cands.append((-(pos + len(u) - head - slips), slips, head, pos + len(u)))
            if misread is not None or unit is units[0] \
                    or not _tail_of_another_body(norm, pos, full, u):
                cands.append((-len(u), 0, pos, pos + len(u)))
            start = pos + 1
        if k == 0 or len(norm) < len(u) - k:
            continue
        # A fuzzy match must begin and end on the unit's own first and last characters: the
        # first is often all that tells two places apart (东城区… and 西城区…), and the last
        # says what kind of body it is (院, 局, 所 …), so 测绘局 never passes for 测绘院.
        # (Or on an unsure misreading of the first followed by the second read right: 浙疆…
        # at 0.59 for 新疆…, which no other place's name begins with; seed 1346, 65%.)
        firsts = _first_chars(u[0])
        for s in range(0, max(1, len(norm) - len(u) + k + 1)):
            if norm[s] not in firsts and not (
                    conf is not None and conf[s] < MISREAD_CONFIDENCE
                    and norm[s + 1:s + 2] == u[1]):
                continue
            for length in range(len(u) - k, len(u) + k + 1):
                e = s + length
                if e > len(norm) or norm[e - 1] != u[-1]:
                    continue
                d = Levenshtein.distance(norm[s:e], u, score_cutoff=k)
                if 0 < d <= k and _plausible_misread(
                        norm[s:e], u, conf[s:e] if conf is not None else None, twins=True) \
                        and not _distinct_word_replaced(norm[s:e], u):
                    cands.append((-(len(u) - d), d, s, e))
    hits: list[_Hit] = []
    taken: list[tuple[int, int]] = []
    for _, d, s, e in sorted(cands):
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        warning = f"unit name read with {d} OCR difference(s): {norm[s:e]}" if d else ""
        hits.append(_Hit("unit", s, e, 1.0 - 0.1 * d, warning=warning))
    return hits


#: Words that end a label before a unit's name: a garbled head stops at them.
_HEAD_STOPS = ("单位", "盖章", "甲方", "乙方", "名称")


def _head_before(unit: str, tail: str) -> str:
    """What of ``unit`` comes before an end of it read as ``tail`` (normalised both), which
    may hold a slip (台区测绘院 for 治区测绘院) or lack a character (地区基础绘院 for
    地区基础测绘院); "" where no end of it reads so (or nothing was read)."""
    if not tail:
        return ""
    for n in (len(tail), len(tail) + 1):
        if n < len(unit) and Levenshtein.distance(unit[len(unit) - n:], tail) <= 1:
            return unit[:len(unit) - n]
    return ""


def garbled_head_before(text: str, span: tuple[int, int], units: Sequence[str]) -> int:
    """Where a unit whose tail was read at ``text[span[0]:span[1]]`` starts, when the
    characters before the tail are its head garbled (亲盖维吾年：| 台区测绘院 for 新疆维吾尔自治区
    测绘院, under the unit's own seal): no more of them than the head lost, back to a label's
    end at most, sharing two or more of the head's characters in order and at least a third
    of what they are. ``span[0]`` where they are not (the caller knows the seal is the
    unit's, which makes the ink before its name its own)."""
    norm, index = normalize(text)
    if span[0] not in index:
        return span[0]
    k = index.index(span[0])
    tail = normalize(text[span[0]:span[1]])[0]
    heads = [head for u in units if (head := _head_before(normalize(u)[0], tail))]
    best = span[0]
    for head in heads:
        # (Room for a head read as Latin junk, a letter or two a glyph, and the label's end.)
        prior = norm[max(0, k - 2 * len(head) - 4):k]
        labelled = False
        for stop in _HEAD_STOPS:
            at = prior.rfind(stop)
            if at >= 0:
                prior, labelled = prior[at + len(stop):], True
        # (Marks after a label's colon are no head: 单位：|台区… starts at 台.)
        prior = prior.lstrip(":：)）")
        # Or, right after the label, the head read as letters and no Chinese (填报单位（盖章）：
        # Ⅱs1 | 地区基础则绘院 for 喀什, seed 6802, 78%), or as a digit or two (1 for it, read
        # again with the seal painted out): the seal's ink left the reader nothing to go by,
        # and nothing else stands between the label and the tail. (More digits may be a
        # number of their own: a year.)
        # (Kana, read for a glyph, is left to the rules for pieces under the seal.)
        junk = labelled and 0 < len(prior) <= 2 * len(head) and prior.isascii() \
            and (any(c.isalpha() for c in prior) or (prior.isdigit() and len(prior) <= 2))
        if not junk:
            prior = prior[-len(head):]
        shared = LCSseq.similarity(prior, head)
        # (A level before the tail that the head does not end in makes another body's
        # name: 新疆兵团 | 测绘院.)
        other_level = prior[-1:] in _BODY_PREFIX_ENDS and prior[-1:] != head[-1:]
        if prior and (junk or (shared >= 2 and 3 * shared >= len(prior))) and not other_level:
            best = min(best, index[k - len(prior)])
    return best


def unit_with_a_slip(text: str, units: Sequence[str]) -> tuple[int, int] | None:
    """Where ``text`` reads as one of ``units`` (four characters or more) with at most one
    slip, by the rules of a long name's slips (first and last characters read, the slip no
    number or direction), as ``(start, end)`` indices into ``text``. The recogniser's
    confidence is not asked: this is for text on a seal, whose ink made it sure of 则 for 测.

    A short name read so (新疆则绘院 for 新疆测绘院) may be a sibling body's: only for text
    that other evidence already ties to the unit (the seal it signs, read close to the unit).
    """
    norm, index = normalize(text)
    hits = _unit_hits(norm, units, min_edits=1)
    if not hits:
        return None
    return index[hits[0].start], index[hits[0].end - 1] + 1


def unit_rest_after(read: str, units: Sequence[str]) -> int:
    """How many characters the longest of ``units`` has after ``read`` when ``read`` is
    exactly its start (12 for 伊犁哈 of 伊犁哈萨克自治州不动产登记中心), else 0."""
    seen = normalize(read)[0]
    return max((len(u) - len(seen) for u in (normalize(u)[0] for u in units)
                if seen and u.startswith(seen)), default=0)


#: Whatever follows the last CJK character of a normalised read.
_AFTER_LAST_CHAR = re.compile(r"[^\u3400-\u9fff]+$")


def read_to_last_char(read: str) -> str:
    """``read`` normalised up to its last CJK character: without a mark a seal's ink left
    after it (·疆测: → 疆测)."""
    return _AFTER_LAST_CHAR.sub("", normalize(read)[0])


def unit_lacking_at_end(read: str, units: Sequence[str]) -> int:
    """How many characters a unit read under its seal lacks at its end: all the rest when
    ``read`` is exactly the start of one of ``units`` (``unit_rest_after``); else as many as
    the full name has after the last character read (``read_to_last_char``: ·疆测: for
    新疆测绘院), when that is at most a third of it; 0 when the read ends with the name's
    closing character."""
    lacking = unit_rest_after(read, units)
    seen = read_to_last_char(read)
    full = normalize(units[0])[0]
    if lacking or not seen or seen[-1] not in full or seen[-1] == full[-1]:
        return lacking
    lacking = len(full) - 1 - full.rfind(seen[-1])
    return lacking if lacking <= len(full) // 3 else 0


def unit_lacking_at_start(read: str, units: Sequence[str]) -> int:
    """How many characters a unit read under its seal lacks at its start: where ``read`` is
    the end of one of ``units`` and none of them whole (尔自治区地震局 of 新疆维吾尔自治区地震局
    lacks 4; 自治区地震局, an alias, lacks none), the longest such name's missing head."""
    seen = normalize(read)[0]
    names = sorted({normalize(u)[0] for u in units}, key=len, reverse=True)
    if not seen or seen in names:
        return 0
    return next((len(u) - len(seen) for u in names if u.endswith(seen) and len(u) > len(seen)), 0)


def unit_end_in_next(read: str, following: str, units: Sequence[str], within: int = 4
                     ) -> tuple[int, int] | None:
    """Where a unit read short of its end (``read``, ending in a character of one of
    ``units`` before its last) goes on in ``following``, a piece of its row read again over
    the same ink: ``following`` repeats ``read``'s last character and then holds the rest,
    starting within its first ``within`` characters (产登记中 | 记中心2022年…, 心 left of
    伊犁州不动产登记中心). As ``(start, end)`` indices into ``following`` of the rest."""
    seen = normalize(read)[0]
    norm, index = normalize(following)
    if not seen:
        return None
    for unit in (normalize(u)[0] for u in units):
        at = unit.rfind(seen[-1])
        rest = unit[at + 1:]
        if at < 0 or not rest:
            continue
        q = norm.find(seen[-1] + rest)
        if 0 <= q <= within:
            return index[q + 1], index[q + len(rest)] + 1
    return None


def lost_unit_head(read: str, units: Sequence[str], share: float = 1 / 3) -> int:
    """How many of its first characters the unit ``read`` is closest to (of ``units``) lacks
    before ``read`` begins, in the cheapest alignment of the two: 1 for 鲁木齐市自然资源局
    or 治区第一》绘院 (自治区第一测绘院). At most ``share`` of that unit's characters; 0 when
    nothing is lost or ``read`` is no near reading of a unit."""
    norm = normalize(read)[0]
    # Closest by characters kept in order, then by edits: 地区基绘院 keeps five of
    # 喀什地区基础测绘院's and two of 喀什测绘院's, though fewer edits make the alias.
    closest = min((normalize(u)[0] for u in units if u.strip()),
                  key=lambda u: (-LCSseq.similarity(norm, u), Levenshtein.distance(norm, u)),
                  default="")
    if not norm or not closest:
        return 0
    lost = _lost_at_ends(norm, closest)[0]
    return lost if lost <= share * len(closest) else 0


#: The legal-form ending of a unit name (…有限公司, …研究院, …中心, …局): shared by many units,
#: so it says little about which unit it is.
ORG_FORM = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|集团公司|公司|集团|研究院|研究所|设计院|委员会|人民政府"
    r"|办公室|管理局|管理处|事务所|合作社|中心|基地|学院|大学|医院|学校|银行|分行|支行|院|局|所|厅|处|社"
    r"|站|队|会|部|委|办)$")
_MIN_CUT_UNIT = 6
#: Labels that say the text after them is a work unit (工作单位：…, 甲方：…).
_UNIT_LABEL = re.compile(r"(?:单[位住]|甲方|雇主|公司名称|机构名称)")  # 单住: 单位 misread
#: The stamp's place after a unit label, in brackets, whatever its two characters read as.
STAMP_PLACE = re.compile(r"[(（][^()（）]{1,3}[)）]")
#: A unit's label right before the words it names (normalised text): 甲方（盖章）：, 工作单位：.
_LABEL_BEFORE = re.compile(f"{_UNIT_LABEL.pattern}(?:{STAMP_PLACE.pattern})?[:：]?$")
#: A unit's label up to its colon, whatever the stamp's place between reads as (盖章)).
_LABEL_VALUE = re.compile(f"{_UNIT_LABEL.pattern}[^:：]{{0,5}}[:：]")


#: A unit's name as printed: CJK words ending in a legal form that is rarely an ordinary word.
_UNIT_NAME = re.compile(
    r"[\u4e00-\u9fff]{2,}?(?:股份有限公司|有限责任公司|有限公司|公司|研究院|研究所|设计院|委员会"
    r"|人民政府|管理局|中心|学院|大学|医院|学校|银行|厅|基地|协会|学会)"
    r"|[\u4e00-\u9fff]{4,}?[院局]")


#: A contract's placement clause: the body after it is the employer's own department.
_ASSIGNED_TO = re.compile(r"(?:安排|乙方)[\u4e00-\u9fff]{0,4}?在")


#: A region's full name at the start of a unit's name, and the short forms it is printed
#: with on letters and forms (新疆维吾尔自治区测绘院: 新疆测绘院, 自治区测绘院).
_SHORT_REGION_NAMES: dict[str, tuple[str, ...]] = {
    "新疆维吾尔自治区": ("新疆", "自治区"),
    "新疆生产建设兵团": ("兵团",),
    "内蒙古自治区": ("内蒙古", "自治区"),
    "广西壮族自治区": ("广西", "自治区"),
    "宁夏回族自治区": ("宁夏", "自治区"),
    "西藏自治区": ("西藏", "自治区"),
    "乌鲁木齐市": ("乌市",),
    "伊犁哈萨克自治州": ("伊犁州",),
    "昌吉回族自治州": ("昌吉州",),
    "巴音郭楞蒙古自治州": ("巴州",),
    "博尔塔拉蒙古自治州": ("博州",),
    "克孜勒苏柯尔克孜自治州": ("克州",),
    **{p + "省": (p, "省") for p in """河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南
       湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海""".split()},
}
#: Short forms shorter than this are left out: 省测绘院 would be any province's.
_SHORT_FORM_MIN = 5

#: Where a body's name before an alias ends: a region's level (陕西省, 昌吉回族自治州, 和田地区)
#: or a parent body's (新疆兵团, 自然资源部, 地矿局, 第八师).
_BODY_PREFIX_ENDS = frozenset("省市区县州旗盟团镇乡部厅局师")
#: Regions' full names and their short forms (新疆维吾尔自治区, 新疆, 自治区, 乌市 …).
_REGION_NAMES = frozenset(r for region, shorts in _SHORT_REGION_NAMES.items()
                          for r in (region, *shorts))
#: Places whose name may stand before a body's without a level (内蒙古自治区测绘院).
_PLACES = frozenset(
    [r for r in _REGION_NAMES if r not in ("省", "自治区")]
    + """北京 天津 上海 重庆 中国 国家 乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉 博乐 库尔勒 阿克苏
    喀什 和田 伊宁 伊犁 塔城 阿勒泰 石河子 五家渠 阿拉尔 图木舒克 北屯 奎屯""".split())


def short_unit_names(units: Sequence[str]) -> tuple[str, ...]:
    """The short forms of ``units`` that are not among them already, in order: a unit's name
    with its region's full name at its start shortened (新疆维吾尔自治区地震局: 新疆地震局,
    自治区地震局). The body's own words are never shortened (地矿局 is not derived)."""
    have = {normalize(u)[0] for u in units}
    out: list[str] = []
    # (A unit listed with its second name in brackets is shortened in its two names alone.)
    for unit in (u.strip() for u in units if not _TWO_NAMES.match(u.strip())):
        for region, shorts in _SHORT_REGION_NAMES.items():
            rest = unit[len(region):] if unit.startswith(region) else ""
            if len(normalize(rest)[0]) < 3:
                continue
            for name in (short + rest for short in shorts):
                folded = normalize(name)[0]
                if len(folded) >= _SHORT_FORM_MIN and folded not in have:
                    have.add(folded)
                    out.append(name)
    return tuple(out)


#: A unit's two names in one: 新疆维吾尔自治区测绘院（新疆维吾尔自治区地理信息中心）, a body with
#: a second sign over its door. Not a name and a qualifier (中国地质大学（武汉）, …公司（筹）):
#: the part in brackets must itself be a body's name, ending in a legal form (``ORG_FORM``).
_TWO_NAMES = re.compile(r"^(?P<a>[^（()）]{4,}?)\s*[（(](?P<b>[^（()）]{4,})[）)]$")


def bracketed_unit_names(units: Sequence[str]) -> tuple[str, ...]:
    """The two names of every unit listed as ``A（B）`` where ``B`` is a body's name too,
    each on its own, unless listed already: pages print either alone."""
    have = {normalize(u)[0] for u in units}
    out: list[str] = []
    for unit in (u.strip() for u in units):
        two = _TWO_NAMES.match(unit)
        if two is None or not ORG_FORM.search(normalize(two["b"])[0]):
            continue
        for name in (two["a"].strip(), two["b"].strip()):
            folded = normalize(name)[0]
            if folded not in have:
                have.add(folded)
                out.append(name)
    return tuple(out)


def other_units(lines: Sequence[str], units: Sequence[str]) -> list[str]:
    """Names of units other than the applicant's printed in ``lines`` (武汉大学测绘学院,
    …人力资源和社会保障厅): a page that shows none is the applicant's unit's own paper.

    Approximate by design (a unit name is taken as CJK words ending in a legal form); it only
    ever withholds a conclusion, never masks anything.
    """
    own = [normalize(u)[0] for u in units]
    found = []
    for text in lines:
        norm = normalize(text)[0]
        for m in _UNIT_NAME.finditer(norm):
            name = m.group()
            if any(u in name or name in u or _misread_of(name, u) for u in own if u):
                continue
            if _ASSIGNED_TO.search(name):
                continue  # 安排乙方在数据处理中心从事…: a department of the employer, not a unit
            found.append(name)
    return found


def _misread_of(seen: str, unit: str, conf: Sequence[float] | None = None) -> bool:
    """Whether ``seen`` (a unit name as printed, with whatever came before it on the line) can
    be ``unit`` badly read: within 40% edits of it, with its last character (the kind of
    body), and no difference on a number or direction character (第三测绘院 is another
    unit). ``conf`` (per character of ``seen``): two characters replaced side by side,
    otherwise another word, are a misreading when both were read garbled."""
    cut = max(0, len(seen) - len(unit) - 2)
    seen = seen[cut:]
    if len(unit) < 4 or seen[-1] != unit[-1]:
        return False
    if Levenshtein.distance(seen, unit) > 0.4 * len(unit):
        return False
    last, last_src = -2, -2
    for edit in Levenshtein.editops(seen, unit):
        if (edit.tag != "insert" and seen[edit.src_pos] in DISTINCT_CHARS) or (
                edit.tag != "delete" and unit[edit.dest_pos] in DISTINCT_CHARS):
            return False
        if edit.tag == "replace":
            # Two characters replaced side by side: another word (和田, 喀什), unless both
            # are garbled glyphs, which say nothing (勤源 for 勘测 in small print).
            if edit.dest_pos == last + 1 and not (
                    conf is not None and conf[cut + edit.src_pos] < GARBLED_CONFIDENCE
                    and conf[cut + last_src] < GARBLED_CONFIDENCE):
                return False
            last, last_src = edit.dest_pos, edit.src_pos
    return True


def _cut_unit_hit(norm: str, units: Sequence[str]) -> _Hit | None:
    """A unit name whose legal-form ending is cut off at the end of ``norm``.

    A line that ends in "…国土资源信息" where the unit is "…国土资源信息中心" lost its last
    characters to something beside it (a photo, a stamp, the page edge): every distinctive
    character is there. Only after a unit label (工作单位, 甲方 …) on the same line, and only
    for lines with no continuation line (the caller checks): "自治区测绘" running on into
    "地理信息局" is another body.
    """
    label = _UNIT_LABEL.search(norm)
    if label is None:
        return None
    for unit in units:
        u = normalize(unit)[0]
        form = ORG_FORM.search(u)
        if form is None:
            continue
        core = form.start()
        for k in range(len(u) - 1, max(core, _MIN_CUT_UNIT) - 1, -1):
            if norm.endswith(u[:k]) and len(norm) - k >= label.end():
                return _Hit("unit", len(norm) - k, len(norm), 0.8,
                            warning=f"unit name cut off at the line's end: {u[:k]}")
    return None


def match_text(text: str, applicant: Applicant) -> list[tuple[str, int, int, float, bool, str]]:
    """Every applicant item in one string, as ``(kind, start, end, score, masked, warning)``
    with ``start:end`` indexing ``text`` itself (not its normalised form)."""
    norm, index = normalize(text)
    hits = _hits(norm, applicant, dots=dot_breaks(text, index))
    return [(h.kind, index[h.start], index[h.end - 1] + 1, h.score, h.masked, h.warning)
            for h in hits] + [("name", s, e, ROMANIZED_SCORE, True, "")
                              for s, e in romanized_name_spans(text, applicant.name)]


def dot_breaks(text: str, index: Sequence[int]) -> frozenset[int]:
    """Positions of ``text``'s normalised form (``normalize``'s ``index``) that a middle dot
    stood right before in ``text``: the dots ``normalize`` drops."""
    if DOTS.isdisjoint(text):
        return frozenset()  # most lines: asked of every line a page reads
    return frozenset(k for k in range(1, len(index))
                     if any(text[p] in DOTS for p in range(index[k - 1] + 1, index[k])))


def _joined_dots(left: str, li: Sequence[int], right: str, ri: Sequence[int]) -> frozenset[int]:
    """``dot_breaks`` of two lines joined (their normalised texts one after the other; ``li``
    and ``ri`` are ``normalize``'s indexes), with the break itself where a dot was printed at
    the left line's end or the right line's start (米热古丽· | 吾守尔)."""
    n = len(li)
    at_break = any(c in DOTS for c in left[li[-1] + 1:] + right[:ri[0]])
    return frozenset((*dot_breaks(left, li), *(n + k for k in dot_breaks(right, ri)),
                      *((n,) if at_break else ())))


def _hits(norm: str, applicant: Applicant, conf: Sequence[float] | None = None,
          dots: Collection[int] = ()) -> list[_Hit]:
    digits = _digit_view(normalize(applicant.id_number or "")[0])
    born = digits[6:10] if len(digits) == 18 and digits[6:10].isdigit() else None
    hits = _name_hits(norm, applicant.name, conf, born, dots)
    if applicant.id_number:
        hits += _id_hits(norm, applicant.id_number)
    if applicant.units:
        units = _unit_hits(norm, applicant.units, conf)
        # A "longer name" whose last character begins the applicant's own unit is their name
        # with their unit after it, a roster's cells read as one line (王伟新疆…测绘院).
        starts = {u.start for u in units if u.kind == "unit" and u.masked}
        own = "".join(_name_pattern(applicant.name)[0])
        hits = [_Hit("name", h.start, h.end - 1, 1.0)
                if h.kind == "other_name" and h.end - 1 in starts
                and norm[h.start:h.end - 1] == own else h for h in hits]
        hits += units
    return hits


# -- matching over lines ---------------------------------------------------------------------

def find_matches(lines: Sequence[str], applicant: Applicant,
                 neighbours: Iterable[tuple[int, int]] = (),
                 confidences: Sequence[Sequence[float]] | None = None,
                 apart: Collection[tuple[int, int]] = ()) -> list[Match]:
    """All applicant items in ``lines``.

    ``neighbours`` lists pairs ``(i, j)`` where line ``j`` continues line ``i`` (the next line
    of a paragraph, or the next cell on the same row), so that an item broken across them is
    found; only matches that really cross the break are taken from a pair. ``apart``: the
    pairs that are two cells of a table, where a name is taken across the break only with
    the whole of the second cell (王 | 伟 spread over its cell; 苏明 | 新疆…气象局 is a
    colleague beside a unit, not 苏明新).
    ``confidences`` gives, per line, the recogniser's confidence in each character; with it,
    a near miss is taken as an OCR slip only where the recogniser was unsure.
    """

    def conf_of(li: int, index: list[int]) -> list[float] | None:
        if confidences is None or len(confidences[li]) != len(lines[li]):
            return None
        return [float(confidences[li][k]) for k in index]

    neighbours = list(neighbours)
    continued = {i for i, _ in neighbours}
    dotted = len(normalize_name(applicant.name)) > 1
    matches: list[Match] = []
    cut_units: list[Match] = []  # after every other match, as their order decides duplicates
    for li, text in enumerate(lines):
        norm, index = normalize(text)
        matches += [_line_match(li, text, index, h)
                    for h in _hits(norm, applicant, conf_of(li, index), dot_breaks(text, index))]
        matches += [Match("name", (Span(li, s, e),), text[s:e], ROMANIZED_SCORE)
                    for s, e in romanized_name_spans(text, applicant.name)]
        if applicant.units and li not in continued:
            cut = _cut_unit_hit(norm, applicant.units)
            if cut is not None:
                cut_units.append(_line_match(li, text, index, cut))
    matches += cut_units
    for i, j in neighbours:
        ni, ii = normalize(lines[i])
        nj, ij = normalize(lines[j])
        if not ni or not nj:
            continue
        joined = ni + nj
        ci, cj = conf_of(i, ii), conf_of(j, ij)
        across = starred_id_across(ni, nj, applicant.id_number) if applicant.id_number else None
        if across is not None:
            left = Span(i, ii[across[0]], ii[-1] + 1)
            right = Span(j, ij[0], ij[across[1] - 1] + 1)
            matches.append(Match("id_number", (left, right),
                                 lines[i][left.start:left.end] + lines[j][right.start:right.end],
                                 0.85, True, "starred ID number split where its stars were lost"))
            continue
        hits = _hits(joined, applicant, ci + cj if ci is not None and cj is not None else None,
                     _joined_dots(lines[i], ii, lines[j], ij) if dotted else ())
        doubled = None  # where the right piece's reading of a doubled character starts
        # Where the detector split a line its two boxes may overlap, and both read the
        # character there (新疆维吾尔自治区第一 | 一测绘院, 身份证号：653 | 3****…7948): the right
        # piece goes on after it. Units and ID numbers only, and only where the pieces joined
        # as read make none: two names side by side may share a character. An ID number must
        # take more of the left piece than that character: a roster's cell ending in the
        # digit the next cell's ID begins with (…9015 | 5101…) is no split.
        kinds = ({"unit"} if applicant.units and is_cjk(nj[0]) else set()) | (
            {"id_number"} if applicant.id_number and (nj[0].isdigit() or nj[0] in "*X") else set())
        # Nor where the right piece holds the item whole from its first character and the
        # left piece is more than that character: a cell ending in the character the next
        # cell's unit begins with (许波新 | 新疆…中心, a colleague beside the unit) is no split.
        # (Up to three characters may be read twice so: 中国电建集团 | 集团西北勘测…, a rotated
        # insurance record's cells split where 集团 lay under both boxes; seed 6382, 48%.)
        # (But a left piece that is, whole, the start of one of the unit's names is that
        # name's head: 新疆维吾尔自 | 自治区测绘院, the alias whole in the right piece; seed 5588.)
        n = next((k for k in (3, 2, 1) if len(nj) > k and ni.endswith(nj[:k])), 0) \
            if kinds else 0
        head = n > 0 and "unit" in kinds \
            and any(normalize(u)[0].startswith(ni) for u in applicant.units)
        if (kinds and n
                and not any(h.start < len(ni) < h.end for h in hits)
                and not (len(ni) > n and not head
                         and any(h.kind in kinds and h.masked and h.start == 0
                                 for h in _hits(nj, applicant, cj)))):
            again = [h for h in _hits(ni + nj[n:], applicant,
                                      ci + cj[n:] if ci is not None and cj is not None else None)
                     if h.kind in kinds]
            starts_before = {"unit": len(ni), "id_number": len(ni) - n}
            if any(h.start < starts_before[h.kind] and len(ni) < h.end for h in again):
                hits, nj, ij, doubled = again, nj[n:], ij[n:], ij[0]
        alone: list[_Hit] | None = None
        for h in hits:
            if h.kind == "name" and h.masked and h.start == len(ni) and h.score < 1.0:
                # A name read with a slip right after a label in its own cell (姓名 |
                # 善斯曼·热合曼 for 吾斯曼·热合曼, 善 at 0.91; seed 3689, name and photo 0%):
                # the label's cell gives the line the context it lacks alone.
                alone = _hits(nj, applicant, cj) if alone is None else alone
                if not any(x.kind == "name" and x.masked for x in alone):
                    own = Span(j, ij[0], ij[h.end - len(ni) - 1] + 1)
                    matches.append(Match("name", (own,), lines[j][own.start:own.end], h.score,
                                         True, h.warning))
                    continue
            if h.kind == "name" and h.masked and h.start >= len(ni) and len(ni) < SETTLING_LINE:
                # A short line before it is a cell of its own (a roster's 李四 over 张王伟), no
                # sentence's end that could take the look-alike's first character: the line
                # alone decides.
                continue
            if h.kind == "name" and h.masked and (h.start >= len(ni) or h.end <= len(ni)):
                # The other line settles a look-alike the line alone made: the previous line's
                # end (乙 | 方余磊 is 乙方 and 余磊, not 方余磊), or the next line's start (乙方廖艳同
                # | 意服从 is 廖艳 and 同意, not 廖艳同). The name wins where that look-alike was
                # kept.
                if h.start >= len(ni):
                    own = Span(j, ij[h.start - len(ni)], ij[h.end - len(ni) - 1] + 1)
                elif not any(joined.startswith(w, h.end) and h.end + len(w) > len(ni)
                             for w in NAME_FOLLOWERS):
                    # Only a word the break cut (同 | 意) settles it: a cell that ends in a
                    # garbled character (闫平为, 为 at 0.25) beside the next cell is no more
                    # the name than it was alone.
                    continue
                else:
                    own = Span(i, ii[h.start], ii[h.end - 1] + 1)
                line = lines[own.line]
                if any(not m.masked and m.kind == "other_name" and sp.line == own.line
                       and sp.start < own.end and own.start < sp.end
                       for m in matches for sp in m.spans):
                    matches.append(Match("name", (own,), line[own.start:own.end], h.score,
                                         True, h.warning))
                continue
            if not (h.start < len(ni) < h.end):
                continue
            if h.kind == "name" and (i, j) in apart and h.end < len(nj) + len(ni) \
                    and is_cjk(nj[h.end - len(ni)]):
                continue
            # The break often falls at a name's middle dot (阿娜尔古丽· | 吐尔洪), which the
            # normalised text drops: it goes with the name on whichever side it was printed.
            # A doubled character is masked in both readings: they are the same ink.
            left_end, right_start = ii[-1] + 1, ij[0] if doubled is None else doubled
            while left_end < len(lines[i]) and _is_gap(lines[i][left_end]):
                left_end += 1
            while right_start > 0 and _is_gap(lines[j][right_start - 1]):
                right_start -= 1
            left = Span(i, ii[h.start], left_end)
            right = Span(j, right_start, ij[h.end - len(ni) - 1] + 1)
            text = lines[i][left.start:left.end] + lines[j][right.start:right.end]
            warning = h.warning or f"{h.kind} split across two lines"
            lost_one = h.kind == "unit" and _one_lost_at_break(ni, nj, applicant.units)
            # A dotted name broken at its dot with the dot read on neither line (达吾列提 |
            # 叶尔肯, fresh set 4391): the dot was printed at the first line's end.
            lost_dot = (h.kind == "name" and left_end == ii[-1] + 1 and right_start == ij[0]
                        and len(ni) - h.start in _part_ends(applicant.name)
                        and not _after_dotted_part(lines[i], left.start))
            if lost_one or lost_dot:
                # The lost 一 or dot was printed at the first line's end: its mask reaches
                # over it.
                matches += [Match(h.kind, (left,), lines[i][left.start:left.end],
                                  h.score * 0.95, h.masked, warning, lost=(0, 1)),
                            Match(h.kind, (right,), lines[j][right.start:right.end],
                                  h.score * 0.95, h.masked, warning)]
                continue
            matches.append(Match(h.kind, (left, right), text, h.score * 0.95, h.masked,
                                 warning))
    if dotted:
        matches = [_kept_as_other(m) if m.kind == "name" and m.masked and len(m.spans) > 1
                   and _after_dotted_part(lines[m.spans[0].line], m.spans[0].start) else m
                   for m in matches]
    return _dedupe(matches)


#: Score of the name found in pinyin: the spelling is the name's, but other people may share it.
ROMANIZED_SCORE = 0.9


#: The fewest characters of a line whose end may take the first character of a look-alike
#: name that starts the next line (…，乙 | 方余磊: 乙方 and 余磊): a wrapped sentence's line.
SETTLING_LINE = 8


#: The most characters of one part of a dotted name (a sentence before a full stop read as
#: a dot, 一致好评·努尔妮萨·托乎提, runs longer).
_NAME_PART_MAX = 5


def _after_dotted_part(text: str, start: int) -> bool:
    """Whether ``text[start:]`` follows a middle dot that follows one part of a dotted name
    (two to _NAME_PART_MAX CJK characters): it is then that person's second part
    (赛力克·吐尔逊), and a dotted name joined from there across a line break (赛力克·吐尔逊
    | 吐尔逊, two roster rows, for 吐尔逊·吐尔逊) is not the applicant's."""
    k = start - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    if k < 0 or text[k] not in DOTS:
        return False
    part = 0
    k -= 1
    while k >= 0 and is_cjk(text[k]):
        part += 1
        k -= 1
    return 2 <= part <= _NAME_PART_MAX


def _kept_as_other(m: Match) -> Match:
    return Match("other_name", m.spans, m.text, m.score, False,
                 f"kept {m.text}: part of another person's dotted name")


def _line_match(li: int, text: str, index: list[int], h: _Hit) -> Match:
    """The match for hit ``h`` on line ``li`` (``index`` maps its normalised text to ``text``)."""
    span = Span(li, index[h.start], index[h.end - 1] + 1)
    return Match(h.kind, (span,), text[span.start:span.end], h.score, h.masked, h.warning)


def _is_gap(c: str) -> bool:
    """A middle dot, which normalising drops from names (spaces have no ink to mask)."""
    return c in DOTS


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
