"""The PDF builders' shared layout: what a table cell becomes, and paragraphs parsed once."""

from django.utils.translation import gettext_lazy
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from reports.builders.common import Styles, grid


def cells(table):
    return table._cellvalues


def test_a_short_cell_is_drawn_as_text_and_a_long_or_multiline_one_wraps():
    styles = Styles()
    long_name = "第一区第二党委第三支部机关离退休干部联合党支部" * 2
    table = grid(
        [["姓名", long_name, "第一行\n第二行", None, gettext_lazy("男")]],
        [20 * mm, 30 * mm, 30 * mm, 20 * mm, 20 * mm],
        styles,
        header=False,
    )

    name, branch, lines, empty, gender = cells(table)[0]
    assert name == "姓名"
    assert isinstance(branch, Paragraph) and branch.style is styles.cell
    assert isinstance(lines, Paragraph)
    assert empty == ""
    assert gender == "男" and type(gender) is str  # a lazy label is made text for reportlab


def test_a_flowable_cell_is_left_as_it_is():
    styles = Styles()
    photo = Spacer(10, 10)
    table = grid([["照片", photo]], [20 * mm, 30 * mm], styles, header=False)

    assert cells(table)[0][1] is photo


def test_a_label_is_parsed_once_per_style_and_drawn_each_time():
    styles = Styles()
    first = styles.p("主要事迹摘要", styles.heading)
    second = styles.p("主要事迹摘要", styles.heading)
    other_style = styles.p("主要事迹摘要", styles.body)

    assert first is not second
    assert first.frags is second.frags
    assert other_style.frags is not first.frags
    for paragraph in (first, second):
        assert paragraph.wrap(100 * mm, 50 * mm)[1] > 0


def test_a_long_text_and_markup_characters_are_not_shared_and_stay_escaped():
    styles = Styles()
    deeds = "长期扎根基层一线，" * 20
    assert styles.p(deeds).frags is not styles.p(deeds).frags

    paragraph = styles.p("A & B <b>")
    assert "".join(frag.text for frag in paragraph.frags) == "A & B <b>"
