"""The applicant's name spelt in pinyin (English title blocks, English papers, references)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from redact.elements import Applicant
from redact.english import (
    authors_affiliations,
    english_affiliations,
    english_unit_field,
    name_spellings,
    romanized_name_spans,
)
from redact.matching import find_matches, match_text


def spelt(text: str, name: str) -> list[str]:
    return [text[s:e] for s, e in romanized_name_spans(text, name)]


def test_masks_the_name_in_an_english_author_line() -> None:
    assert spelt("WANG Wei1, LI Jianguo2, ZHANG Sanfeng1", "王伟") == ["WANG Wei"]


def test_masks_the_name_in_either_order_and_written_together() -> None:
    line = "Wei Wang, Jianguo Li; Wang Wei; WangWei; WANGWEI"
    assert spelt(line, "王伟") == ["Wei Wang", "Wang Wei", "WangWei", "WANGWEI"]


def test_masks_a_hyphenated_given_name() -> None:
    assert spelt("WANG Wei-dong1, OUYANG Ming1", "王伟东") == ["WANG Wei-dong"]


def test_leaves_wang_weidong_alone_when_the_applicant_is_wang_wei() -> None:
    assert spelt("WANG Weidong1, WANG Wei-dong2, Weidong Wang", "王伟") == []


def test_leaves_wang_wei_alone_when_the_applicant_is_wang_weidong() -> None:
    assert spelt("WANG Wei1, Wei Wang", "王伟东") == []


def test_leaves_yu_wei_alone_though_wang_may_read_yu() -> None:
    assert spelt("YU Wei1, Wei Yu", "王伟") == []


def test_leaves_initials_alone() -> None:
    """Wang W. names every Wang whose given name starts with W."""
    assert spelt("[3] Wang W, Li J G. Land use change[J]. Geomatics, 2019(3): 12-16.", "王伟") == []


def test_leaves_an_e_mail_address_alone() -> None:
    assert spelt("E-mail: wangwei@xjch.cn, www.wangwei.com", "王伟") == []


def test_two_people_in_a_list_are_not_one_name() -> None:
    """"Wei Wang, Ming Li": the Wang and the Ming are two people's."""
    assert spelt("Wei Wang, Ming Li", "王明") == []


def test_leaves_lower_case_words_in_a_sentence_alone() -> None:
    assert spelt("so he an area of land", "何安") == []


def test_reads_surnames_as_surnames() -> None:
    assert spelt("SHAN Xiong, ZENG Qiang, XIE Fang", "单雄") == ["SHAN Xiong"]
    assert spelt("SHAN Xiong, ZENG Qiang, XIE Fang", "曾强") == ["ZENG Qiang"]
    assert spelt("SHAN Xiong, ZENG Qiang, XIE Fang", "解放") == ["XIE Fang"]


def test_compound_surnames_are_one_word() -> None:
    assert spelt("OUYANG Ming1, OUYANG Mingyue2, Ming Ouyang", "欧阳明") == ["OUYANG Ming", "Ming Ouyang"]


def test_u_umlaut_is_printed_three_ways() -> None:
    line = "LÜ Xiaohong, Lyu Xiaohong, Lu Xiaohong, Xiaohong Lv"
    assert spelt(line, "吕晓红") == ["LÜ Xiaohong", "Lyu Xiaohong", "Lu Xiaohong", "Xiaohong Lv"]


def test_a_dotted_name_is_not_spelt_in_pinyin() -> None:
    assert name_spellings("阿不都热合曼·买买提") == ()
    assert spelt("Abudourehemanmaimaiti", "阿不都热合曼·买买提") == []


def test_find_matches_reports_the_spelling_as_the_name() -> None:
    lines = ["王伟东¹，王伟¹，李建国²", "WANG Weidong1, WANG Wei1, LI Jianguo2"]
    found = [(m.kind, m.text, m.masked) for m in find_matches(lines, Applicant("王伟"))]
    assert ("name", "WANG Wei", True) in found
    assert not any("Weidong" in text for _, text, _ in found)


def test_match_text_reports_the_spelling_too() -> None:
    assert [(k, s, e, m) for k, s, e, _, m, _ in match_text("Author: WANG Wei (1985-)",
                                                         Applicant("王伟"))] == [("name", 8, 16, True)]


SYLLABLES = st.sampled_from(["wang", "li", "zhang", "liu", "chen", "yang", "zhao", "huang"])
GIVEN = st.lists(st.sampled_from(["wei", "ming", "jian", "guo", "hong", "xiao", "li", "na"]),
                 min_size=1, max_size=2).map("".join)


@given(SYLLABLES, GIVEN, st.sampled_from(["{S} {G}", "{G} {S}", "{S}{G}"]))
def test_a_spelling_of_the_name_is_found_whole(sur: str, given_: str, form: str) -> None:
    name = {"wang": "王", "li": "李", "zhang": "张", "liu": "刘", "chen": "陈", "yang": "杨",
            "zhao": "赵", "huang": "黄"}[sur]
    chars = {"wei": "伟", "ming": "明", "jian": "建", "guo": "国", "hong": "红", "xiao": "晓",
             "li": "丽", "na": "娜"}
    g, rest = "", given_
    while rest:
        syl = next(s for s in sorted(chars, key=len, reverse=True) if rest.startswith(s))
        g, rest = g + chars[syl], rest[len(syl):]
    printed = form.format(S=sur.upper(), G=given_.title())
    line = f"Authors: {printed}1, ZHOU Tao2"
    assert spelt(line, name + g) == [printed]
    # One more letter on the given name makes it someone else's.
    assert spelt(f"Authors: {form.format(S=sur.upper(), G=given_.title() + 'g')}1", name + g) == []


CN = "（1. 新疆维吾尔自治区测绘院，新疆 乌鲁木齐 830002；2. 新疆大学 地理学院，新疆 乌鲁木齐 830046）"
UNIT_AT = (0, CN.index("新疆维吾尔"), CN.index("新疆维吾尔") + 11)


def english_units(*english: str, chinese: str = CN, at: tuple[int, int, int] = UNIT_AT) -> list[str]:
    lines = [chinese, *english]
    return [lines[li][a:b] for li, a, b in english_affiliations(lines, [at])]


def test_masks_the_english_affiliation_with_the_chinese_ones_postcode() -> None:
    assert english_units("(1. Xinjiang Institute of Surveying and Mapping, Urumqi 830002, China; "
                         "2. College of Geography, Xinjiang University, Urumqi 830046, China)") \
        == ["Xinjiang Institute of Surveying and Mapping"]


def test_takes_a_school_and_its_university_but_not_the_city() -> None:
    chinese = "武汉大学 遥感信息工程学院，湖北 武汉 430079"
    assert english_units("School of Remote Sensing and Information Engineering, Wuhan University, "
                         "Wuhan, Hubei 430079, China", chinese=chinese, at=(0, 0, 4)) \
        == ["School of Remote Sensing and Information Engineering, Wuhan University"]


def test_takes_the_name_where_the_comma_before_the_city_was_lost() -> None:
    assert english_units("(1. Xinjiang Institute of Surveying and Mapping. Urumqi 830002, China;") \
        == ["Xinjiang Institute of Surveying and Mapping"]


def test_leaves_another_affiliation_in_the_same_city_alone_by_its_number() -> None:
    chinese = "（1. 新疆维吾尔自治区测绘院，新疆 乌鲁木齐 830002；2. 新疆地震局，新疆 乌鲁木齐 830002）"
    at = (0, chinese.index("新疆维吾尔"), chinese.index("新疆维吾尔") + 11)
    assert english_units("(1. Xinjiang Institute of Surveying and Mapping, Urumqi 830002, China;",
                         "2. Earthquake Agency of Xinjiang, Urumqi 830002, China)",
                         chinese=chinese, at=at) == ["Xinjiang Institute of Surveying and Mapping"]


def test_takes_neither_of_two_unnumbered_affiliations_in_one_city() -> None:
    chinese = "新疆维吾尔自治区测绘院，新疆 乌鲁木齐 830002"
    assert english_units("Xinjiang Institute of Surveying and Mapping, Urumqi 830002, China",
                         "Earthquake Agency of Xinjiang, Urumqi 830002, China",
                         chinese=chinese, at=(0, 0, 11)) == []


def test_a_line_that_names_no_body_is_no_affiliation() -> None:
    assert english_units("Samples were taken near Urumqi 830002 in May.") == []


def test_without_a_postcode_nothing_is_paired() -> None:
    assert english_units("(1. Xinjiang Institute of Surveying and Mapping, Urumqi, China)",
                         chinese="（1. 新疆维吾尔自治区测绘院，新疆 乌鲁木齐）", at=(0, 4, 15)) == []


def test_two_names_read_without_their_comma_are_told_apart_by_the_lines_order() -> None:
    """At small print the comma between two authors is lost: in English order the line is
    (Wei Wang)(Weidong Wang); with surnames in capitals it is (WANG Wei)(WANG Weidong)."""
    assert spelt("Authors: Wei Wang Weidong Wang and Jianguo Li", "王伟东") == ["Weidong Wang"]
    assert spelt("Authors: Wei Wang Weidong Wang and Jianguo Li", "王伟") == ["Wei Wang"]
    assert spelt("WANG Wei WANG Weidong LI Jianguo", "王伟东") == ["WANG Weidong"]
    assert spelt("WANG Wei WANG Weidong LI Jianguo", "王伟") == ["WANG Wei"]


def unit_field(text: str) -> str | None:
    span = english_unit_field(text)
    return text[span[0]:span[1]] if span else None


def test_an_english_work_unit_field_gives_the_unit() -> None:
    assert unit_field("Work Unit: Xinjiang Institute of Surveying and Mapping") \
        == "Xinjiang Institute of Surveying and Mapping"
    assert unit_field("Name: Wang Wei   Employer: Xinjiang Institute of Surveying and Mapping   Date: 2021") \
        == "Xinjiang Institute of Surveying and Mapping"


def test_the_body_that_trained_or_certified_is_no_work_unit() -> None:
    assert unit_field("Training Institution: Wuhan University") is None
    assert unit_field("Organization: China Society of Surveying, Mapping and Geoinformation") is None
    assert unit_field("Unit: 2 hours") is None


def authors_units(name: str, *lines: str) -> list[str]:
    names = [(li, s, e) for li, text in enumerate(lines) for s, e in romanized_name_spans(text, name)]
    return [lines[li][a:b] for li, a, b in authors_affiliations(list(lines), names)]


def test_an_authors_marks_point_to_their_english_affiliation() -> None:
    """An English title block printed apart from the Chinese one (a paper's last page): the
    affiliation numbered as the applicant's name is theirs; a co-author's is not."""
    block = ("WANG Wei1, LI Ming2",
             "(1. Xinjiang Institute of Surveying and Mapping, Urumqi 830002, China; "
             "2. School of Geodesy and Geomatics, Wuhan University, Wuhan 430079, China)")
    assert authors_units("王伟", *block) == ["Xinjiang Institute of Surveying and Mapping"]
    assert authors_units("李明", *block) == ["School of Geodesy and Geomatics, Wuhan University"]


def test_a_sole_authors_one_affiliation_is_theirs() -> None:
    assert authors_units("王伟", "WANG Wei", "(Xinjiang Institute of Surveying and Mapping, Urumqi 830002, China)") \
        == ["Xinjiang Institute of Surveying and Mapping"]
    # A year after the name is no mark: nothing is numbered for it.
    assert authors_units("王伟", "Author: Wang Wei 1985, male",
                         "(1. Xinjiang Institute of Surveying and Mapping, Urumqi 830002, China)") == []


WRAPPED = {
    "in the name": ("(1. Xinjiang Uygur Autonomous Region Institute of",
                    "Surveying and Mapping, Urumqi 830002, China; 2. Wuhan University, Wuhan 430079, China)"),
    "before the postcode": ("(1. Xinjiang Uygur Autonomous Region Institute of Surveying and Mapping, Urumqi",
                            "830002, China; 2. Wuhan University, Wuhan 430079, China)"),
}


def test_an_affiliation_wrapped_over_two_lines_is_taken_on_both() -> None:
    """Where the postcode's line opens the affiliation with no number of its own, it began on
    the line it continues: the name is taken there too, the city left out either way."""
    for first, second in WRAPPED.values():
        lines = [CN, first, second]
        found = [lines[li][a:b] for li, a, b in english_affiliations(lines, [UNIT_AT], {2: 1})]
        assert "".join(found).replace(" ", "") == "XinjiangUygurAutonomousRegionInstituteofSurveyingandMapping"
        assert not any("Urumqi" in f or "Wuhan" in f for f in found)
        # Without knowing the lines continue, the line before is not looked at.
        assert all(li == 2 for li, _, _ in english_affiliations(lines, [UNIT_AT]))


def test_a_postcode_is_no_affiliations_number() -> None:
    """830002 opening a line is a postcode, not affiliation 8."""
    lines = ["WANG Wei1, LI Ming2", *WRAPPED["before the postcode"]]
    names = [(0, *span) for span in romanized_name_spans(lines[0], "王伟")]
    assert [lines[li][a:b] for li, a, b in authors_affiliations(lines, names, {2: 1})] \
        == ["Xinjiang Uygur Autonomous Region Institute of Surveying and Mapping"]
