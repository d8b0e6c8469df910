"""Synthetic people, ID numbers (GB 11643) and work units for Xinjiang title applications."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

# --------------------------------------------------------------------------- ID numbers

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_check_char(first17: str) -> str:
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError("need 17 digits")
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def is_valid_id(s: str) -> bool:
    s = s.upper()
    return len(s) == 18 and s[:17].isdigit() and id_check_char(s[:17]) == s[17]


#: (code, province/city text used for addresses, ID issuing police office)
REGIONS_XJ = [
    ("650102", "新疆乌鲁木齐市天山区", "乌鲁木齐市公安局天山区分局"),
    ("650103", "新疆乌鲁木齐市沙依巴克区", "乌鲁木齐市公安局沙依巴克区分局"),
    ("650104", "新疆乌鲁木齐市新市区", "乌鲁木齐市公安局新市区分局"),
    ("650105", "新疆乌鲁木齐市水磨沟区", "乌鲁木齐市公安局水磨沟区分局"),
    ("650106", "新疆乌鲁木齐市头屯河区", "乌鲁木齐市公安局头屯河区分局"),
    ("650202", "新疆克拉玛依市独山子区", "克拉玛依市公安局独山子区分局"),
    ("652301", "新疆昌吉市", "昌吉市公安局"),
    ("652801", "新疆库尔勒市", "库尔勒市公安局"),
    ("653101", "新疆喀什市", "喀什市公安局"),
    ("654002", "新疆伊宁市", "伊宁市公安局"),
    ("654201", "新疆塔城市", "塔城市公安局"),
    ("652901", "新疆阿克苏市", "阿克苏市公安局"),
    ("650502", "新疆哈密市伊州区", "哈密市公安局伊州区分局"),
]
REGIONS_OTHER = [
    ("410105", "河南省郑州市金水区", "郑州市公安局金水分局"),
    ("320106", "江苏省南京市鼓楼区", "南京市公安局鼓楼分局"),
    ("510107", "四川省成都市武侯区", "成都市公安局武侯区分局"),
    ("620102", "甘肃省兰州市城关区", "兰州市公安局城关分局"),
    ("610113", "陕西省西安市雁塔区", "西安市公安局雁塔分局"),
    ("370202", "山东省青岛市市南区", "青岛市公安局市南分局"),
    ("130102", "河北省石家庄市长安区", "石家庄市公安局长安分局"),
]
STREETS = [
    "友好北路",
    "北京南路",
    "新华南路",
    "长江路",
    "河北东路",
    "西虹东路",
    "南湖南路",
    "钱塘江路",
    "光明路",
    "解放北路",
    "文化路",
    "人民路",
    "建设路",
    "团结路",
    "黄河路",
    "红旗路",
]


def make_id(rng: random.Random, region: str, birth: date, male: bool, want_x: bool | None = None) -> str:
    for _ in range(400):
        seq = rng.randrange(0, 500) * 2 + (1 if male else 0)
        first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
        c = id_check_char(first17)
        if want_x is None or (c == "X") == want_x:
            return first17 + c
    raise RuntimeError("could not make the wanted ID")  # pragma: no cover


def group_id(s: str, groups: tuple[int, ...] = (4, 4, 4, 4, 2), sep: str = " ") -> str:
    out, i = [], 0
    for g in groups:
        out.append(s[i : i + g])
        i += g
    if i < len(s):
        out.append(s[i:])
    return sep.join(p for p in out if p)


def star_id(s: str, keep_head: int = 6, keep_tail: int = 4, star: str = "*") -> str:
    return s[:keep_head] + star * (len(s) - keep_head - keep_tail) + s[-keep_tail:]


# --------------------------------------------------------------------------- names

SURNAMES = list(
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔向汤"
)
COMPOUND_SURNAMES = ["欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "令狐", "慕容", "公孙"]
GIVEN_M = list("伟强磊军洋勇杰涛明超斌鹏辉华飞刚平健波宁峰浩亮凯俊文博宇晨帅东海林荣建国志新龙庆永")
GIVEN_F = list("芳娜敏静丽艳娟霞婷雪琳燕玲萍红梅莉倩颖洁佳慧琴晶欣悦蕾岚媛蓉月璐瑶")
UY_GIVEN_M = [
    "阿不都热合曼",
    "买买提",
    "艾尔肯",
    "吐尔逊",
    "阿布来提",
    "穆合塔尔",
    "伊力哈木",
    "吾斯曼",
    "依明",
    "卡德尔",
    "热合木江",
    "麦麦提",
    "玉素甫",
    "阿迪力",
    "艾力",
    "努尔买买提",
    "阿卜杜拉",
]
UY_GIVEN_F = [
    "阿依古丽",
    "古丽娜尔",
    "热依拉",
    "帕提古丽",
    "迪丽努尔",
    "米热古丽",
    "努尔妮萨",
    "再努尔",
    "阿孜古丽",
]
UY_FATHER = [
    "买买提",
    "吐尔逊",
    "艾山",
    "阿不都拉",
    "热合曼",
    "依明",
    "托乎提",
    "卡斯木",
    "司马义",
    "肉孜",
    "玉苏甫",
    "阿木提",
    "亚森",
    "吾守尔",
    "艾则孜",
]
KZ_GIVEN_M = [
    "叶尔兰",
    "努尔别克",
    "阿斯哈尔",
    "叶尔江",
    "赛力克",
    "哈孜别克",
    "巴合提",
    "达吾列提",
    "别克波拉提",
]
KZ_GIVEN_F = ["加娜尔", "阿依达娜", "古丽米拉", "阿娜尔古丽", "沙吾列"]
KZ_FATHER = ["哈力木", "别克", "努尔兰", "吐尔洪", "加恒", "沙吾提", "木拉提", "阿曼", "叶尔肯"]
DOTS = ("·", "•", "・")
#: The name parts in Arabic script, as a Xinjiang ID card prints them above the Chinese
#: (Uyghur; Kazakh in its own Arabic alphabet). The reader cannot read this script.
SCRIPT_PARTS = {
    "阿不都热合曼": "ئابدۇراخمان", "买买提": "مەمەت", "艾尔肯": "ئەركىن", "吐尔逊": "تۇرسۇن",
    "阿布来提": "ئابلەت", "穆合塔尔": "مۇختەر", "伊力哈木": "ئىلھام", "吾斯曼": "ئوسمان",
    "依明": "ئىمىن", "卡德尔": "قادىر", "热合木江": "رەھىمجان", "麦麦提": "مەمەت",
    "玉素甫": "يۈسۈپ", "阿迪力": "ئادىل", "艾力": "ئەلى", "努尔买买提": "نۇرمەمەت",
    "阿卜杜拉": "ئابدۇللا", "阿依古丽": "ئايگۈل", "古丽娜尔": "گۈلنار", "热依拉": "رەيلا",
    "帕提古丽": "پاتىگۈل", "迪丽努尔": "دىلنۇر", "米热古丽": "مېھرىگۈل", "努尔妮萨": "نۇرنىسا",
    "再努尔": "زەينۇر", "阿孜古丽": "ئەزىزگۈل", "艾山": "ھەسەن", "阿不都拉": "ئابدۇللا",
    "热合曼": "راخمان", "托乎提": "توختى", "卡斯木": "قاسىم", "司马义": "ئىسمائىل",
    "肉孜": "روزى", "玉苏甫": "يۈسۈپ", "阿木提": "ھامۇت", "亚森": "ياسىن", "吾守尔": "ئوشۇر",
    "艾则孜": "ئەزىز", "叶尔兰": "ەرلان", "努尔别克": "نۇربەك", "阿斯哈尔": "اسقار",
    "叶尔江": "ەرجان", "赛力克": "سەرىك", "哈孜别克": "قازىبەك", "巴合提": "باقىت",
    "达吾列提": "داۋلەت", "别克波拉提": "بەكبولات", "加娜尔": "جانار", "阿依达娜": "ايدانا",
    "古丽米拉": "گۇلميرا", "阿娜尔古丽": "انارگۇل", "沙吾列": "ساۋلە", "哈力木": "حاليم",
    "别克": "بەك", "努尔兰": "نۇرلان", "吐尔洪": "تۇرعان", "加恒": "جاقان", "沙吾提": "ساۋىت",
    "木拉提": "مۇرات", "阿曼": "امان", "叶尔肯": "ەركىن",
}


def han_name(rng: random.Random, male: bool, n_chars: int, surname: str | None = None) -> str:
    given = GIVEN_M if male else GIVEN_F
    if surname is None:
        surname = rng.choice(COMPOUND_SURNAMES) if n_chars == 4 else rng.choice(SURNAMES)
    k = n_chars - len(surname)
    return surname + "".join(rng.choice(given) for _ in range(max(1, k)))


def dot_name(rng: random.Random, male: bool, kazakh: bool = False) -> str:
    if kazakh:
        g = rng.choice(KZ_GIVEN_M if male else KZ_GIVEN_F)
        f = rng.choice(KZ_FATHER)
    else:
        g = rng.choice(UY_GIVEN_M if male else UY_GIVEN_F)
        f = rng.choice(UY_FATHER)
    return f"{g}·{f}"


def in_script(name: str) -> str | None:
    """``name`` (a dotted Uyghur or Kazakh name) written in Arabic script, or None."""
    parts = name
    for d in DOTS:
        parts = parts.replace(d, " ")
    words = [SCRIPT_PARTS.get(p) for p in parts.split()]
    return " ".join(w for w in words if w) if len(words) > 1 and all(words) else None


def with_dot(name: str, dot: str) -> str:
    for d in DOTS:
        name = name.replace(d, dot)
    return name


def has_dot(name: str) -> bool:
    return any(d in name for d in DOTS)


# --------------------------------------------------------------------------- units


@dataclass(frozen=True)
class Unit:
    full: str
    aliases: tuple[str, ...] = ()
    similar: tuple[str, ...] = ()  # different units that look alike (distractors)
    city: str = "乌鲁木齐"
    postcode: str = "830000"
    seal_bottom: tuple[str, ...] = ("", "人事专用章", "合同专用章")


APPLICANT_UNITS = [
    Unit(
        "新疆维吾尔自治区测绘院",
        ("自治区测绘院", "新疆测绘院"),
        ("新疆维吾尔自治区地质调查院", "新疆维吾尔自治区测绘科学研究院"),
        "乌鲁木齐",
        "830002",
    ),
    Unit(
        "新疆维吾尔自治区第一测绘院",
        ("自治区第一测绘院", "新疆第一测绘院"),
        ("新疆维吾尔自治区第二测绘院", "新疆维吾尔自治区第三测绘院"),
        "昌吉",
        "831100",
    ),
    Unit(
        "乌鲁木齐市自然资源局",
        ("乌市自然资源局",),
        ("昌吉市自然资源局", "乌鲁木齐市生态环境局"),
        "乌鲁木齐",
        "830091",
    ),
    Unit(
        "新疆生产建设兵团勘测规划设计研究院",
        ("兵团勘测院", "兵团勘测设计院"),
        ("新疆生产建设兵团第八师勘测设计院", "新疆兵团勘察设计院（集团）有限公司"),
        "乌鲁木齐",
        "830002",
    ),
    Unit(
        "伊犁哈萨克自治州不动产登记中心",
        ("伊犁州不动产登记中心",),
        ("伊犁哈萨克自治州林业和草原局", "塔城地区不动产登记中心"),
        "伊宁",
        "835000",
    ),
    Unit(
        "新疆维吾尔自治区地震局",
        ("自治区地震局", "新疆地震局"),
        ("新疆维吾尔自治区气象局", "新疆维吾尔自治区地矿局"),
        "乌鲁木齐",
        "830011",
    ),
    Unit(
        "喀什地区基础测绘院", ("喀什测绘院",), ("喀什地区自然资源局", "和田地区基础测绘院"), "喀什", "844000"
    ),
    Unit(
        "中国电建集团西北勘测设计研究院有限公司",
        ("西北院", "西北勘测设计研究院"),
        ("中国电建集团中南勘测设计研究院有限公司", "中国电建集团成都勘测设计研究院有限公司"),
        "西安",
        "710065",
    ),
    Unit(
        "新疆维吾尔自治区国土资源信息中心",
        ("自治区国土资源信息中心", "国土资源信息中心"),
        ("新疆维吾尔自治区国土综合整治中心", "新疆维吾尔自治区矿产资源储量评审中心"),
        "乌鲁木齐",
        "830002",
    ),
]

OTHER_UNITS = [
    "新疆大学",
    "石河子大学",
    "新疆农业大学",
    "武汉大学测绘学院",
    "长安大学地质工程与测绘学院",
    "哈密市自然资源局",
    "克拉玛依市测绘院",
    "阿克苏地区自然资源局",
    "吐鲁番市不动产登记中心",
    "新疆维吾尔自治区自然资源规划研究院",
    "昌吉回族自治州测绘院",
    "巴音郭楞蒙古自治州自然资源局",
    "新疆兵团第一师阿拉尔市自然资源局",
    "中国地质调查局乌鲁木齐自然资源综合调查中心",
    "新疆维吾尔自治区地理信息中心",
    "博尔塔拉蒙古自治州不动产登记中心",
    "阿勒泰地区测绘院",
    "新疆天地图信息技术有限公司",
    "新疆维吾尔自治区第三测绘院",
    "中国科学院新疆生态与地理研究所",
]
SCHOOLS = [
    "新疆大学",
    "武汉大学",
    "长安大学",
    "中国矿业大学",
    "石河子大学",
    "新疆农业大学",
    "河海大学",
    "中国地质大学（武汉）",
    "西南交通大学",
    "兰州交通大学",
    "山东科技大学",
    "辽宁工程技术大学",
]
MAJORS = [
    "测绘工程",
    "地理信息科学",
    "遥感科学与技术",
    "土地资源管理",
    "地质工程",
    "大地测量学与测量工程",
    "摄影测量与遥感",
    "地图制图学与地理信息工程",
    "水文与水资源工程",
    "工程测量技术",
]
TITLES = ["工程师", "高级工程师", "正高级工程师", "助理工程师"]
POSTS = ["科员", "副科长", "科长", "技术员", "项目经理", "副主任", "主任", "工程师", "副总工程师"]


# --------------------------------------------------------------------------- person


@dataclass
class Person:
    name: str
    male: bool
    ethnic: str
    birth: date
    id_number: str
    region: str
    address: str
    police: str
    unit: Unit | None = None
    name_style: str = "han3"
    school: str = ""
    major: str = ""
    title: str = "工程师"
    extra: dict = field(default_factory=dict)

    @property
    def sex(self) -> str:
        return "男" if self.male else "女"

    @property
    def surname(self) -> str:
        if has_dot(self.name):
            return self.name
        for cs in COMPOUND_SURNAMES:
            if self.name.startswith(cs):
                return cs
        return self.name[0]

    def applicant_json(self) -> dict:
        units = [self.unit.full, *self.unit.aliases] if self.unit else []
        return {"name": self.name, "id_number": self.id_number, "units": units}


def make_person(
    rng: random.Random,
    name_style: str = "han3",
    unit: Unit | None = None,
    want_x: bool | None = None,
    xinjiang: bool = True,
    male: bool | None = None,
) -> Person:
    male = rng.random() < 0.6 if male is None else male
    if name_style == "han2":
        name, ethnic = han_name(rng, male, 2), rng.choice(["汉", "汉", "回"])
    elif name_style == "han4":
        name, ethnic = han_name(rng, male, 4), "汉"
    elif name_style == "uyghur":
        name, ethnic = dot_name(rng, male), "维吾尔"
    elif name_style == "kazakh":
        name, ethnic = dot_name(rng, male, kazakh=True), "哈萨克"
    else:
        name, ethnic = han_name(rng, male, 3), rng.choice(["汉", "汉", "汉", "回", "蒙古"])
    birth = date(1965, 1, 1) + timedelta(days=rng.randrange(0, 365 * 33))
    code, place, police = rng.choice(REGIONS_XJ if xinjiang else REGIONS_OTHER)
    idn = make_id(rng, code, birth, male, want_x)
    addr = (
        f"{place}{rng.choice(STREETS)}{rng.randrange(1, 900)}号{rng.randrange(1, 30)}栋"
        f"{rng.randrange(1, 6)}单元{rng.randrange(101, 2600)}室"
    )
    return Person(
        name=name,
        male=male,
        ethnic=ethnic,
        birth=birth,
        id_number=idn,
        region=code,
        address=addr,
        police=police,
        unit=unit,
        name_style=name_style,
        school=rng.choice(SCHOOLS),
        major=rng.choice(MAJORS),
        title=rng.choice(TITLES[:3]),
    )


def other_person(rng: random.Random, avoid: set[str]) -> Person:
    for _ in range(100):
        style = rng.choices(
            ["han2", "han3", "han3", "han3", "uyghur", "kazakh", "han4"], [2, 6, 0, 0, 2, 1, 0.3]
        )[0]
        p = make_person(rng, style, xinjiang=rng.random() < 0.85)
        if p.name not in avoid:
            return p
    raise RuntimeError("name space exhausted")  # pragma: no cover


def confusable_names(rng: random.Random, name: str) -> list[str]:
    """Other people's names that contain, are contained in, or share the surname of ``name``."""
    out: list[str] = []
    if has_dot(name):
        g, f = name.split("·", 1)
        out.append(f"{g}·{rng.choice([x for x in UY_FATHER + KZ_FATHER if x != f])}")
        out.append(f"{rng.choice([x for x in UY_GIVEN_M + KZ_GIVEN_M if x != g])}·{f}")
        out.append(g)  # given name alone is another person in a list (e.g. 买买提)
    else:
        sur = next((cs for cs in COMPOUND_SURNAMES if name.startswith(cs)), name[0])
        if len(name) == 2:
            out.append(name + rng.choice(GIVEN_M + GIVEN_F))  # 王伟 -> 王伟东
        else:
            out.append(name[:-1])  # 王伟东 -> 王伟
            out.append(name[:-1] + rng.choice([c for c in GIVEN_M if c != name[-1]]))
        out.append(sur + rng.choice(GIVEN_M) + rng.choice(GIVEN_F))
        out.append(sur + rng.choice(GIVEN_F))
    return [n for n in dict.fromkeys(out) if n != name and len(n) >= 2]


CN_DIGITS = "〇一二三四五六七八九"


def cn_year(y: int) -> str:
    return "".join(CN_DIGITS[int(c)] for c in str(y))


def cn_num(n: int) -> str:
    if n <= 10:
        return "〇一二三四五六七八九十"[n]
    if n < 20:
        return "十" + CN_DIGITS[n - 10]
    tens, ones = divmod(n, 10)
    return CN_DIGITS[tens] + "十" + (CN_DIGITS[ones] if ones else "")


def cn_date(d: date) -> str:
    return f"{cn_year(d.year)}年{cn_num(d.month)}月{cn_num(d.day)}日"
