"""The English translation is complete and its compiled catalogue matches the source."""

import gettext
import json
import re
from pathlib import Path

import pytest
from django.urls import reverse

PO = Path(__file__).resolve().parents[2] / "locale/en/LC_MESSAGES/django.po"
MO = PO.with_suffix(".mo")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _entries():
    """(msgid, [msgstr…], flags) for each entry of the .po file (a small, strict parser); an
    entry with a context (``msgctxt``) has its msgid written "msgid | context"."""
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        flags = ""
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags = line
            elif line.startswith("#"):
                continue
            elif line.startswith('"') and current:
                fields[current] += json.loads(line)
            elif line:
                key, _, value = line.partition(" ")
                current = key
                fields[key] = json.loads(value)
        if fields.get("msgid"):
            strings = [v for k, v in fields.items() if k.startswith("msgstr")]
            context = fields.get("msgctxt")
            yield (f"{fields['msgid']} | {context}" if context else fields["msgid"]), strings, flags


def test_every_string_has_a_reviewed_english_translation():
    problems = [
        msgid
        for msgid, strings, flags in _entries()
        if "fuzzy" in flags or not all(strings) or any(HAN.search(s) for s in strings)
    ]

    assert problems == []


PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[sdf%]")

#: Chinese strings that say the same thing and share one English translation. Any other two
#: sharing one were a fuzzy guess accepted unread ("满意" had become "Manchu", "好" "Female").
SYNONYMS = [
    {"动作", "操作"},
    {"名称", "姓名"},
    {"拟推荐人选", "确定为拟推荐"},
    {"推荐", "推荐人数", "推荐数"},
    {"状态", "处理状态"},
    {"发起时间", "开始时间"},
    {"纪检监察", "纪检人员"},
    {"编码只能包含字母、数字、下划线和连字符。", "编号只能包含字母、数字、下划线和连字符。"},
    {"党组织", "所在党组织"},
    # A model's own name ("… | model(s)") beside the words its pages use for it.
    {"得分", "评分"},
    {"异议", "反映内容"},
    {"评审委员", "评委"},
    {"评审委员", "评审人数"},
    {"测评码", "民主测评码"},
    {"失败", "未通过"},
    {"总分", "合计"},
    {"排名", "名次"},
    {"本级排名", "本级名次"},
    {"选树对象", "先进风采"},
    {"待处理", "待出具"},
    {"公开同意", "本人同意公开"},
    {"您没有权限执行此操作。", "您没有执行此操作的权限。"},
    {"修改记录", "变更"},
    {"移出", "删除"},
    {"修改", "编辑"},
    {"退回修改理由", "退回理由"},
    # Revoking a token (its button) and an honour (the confirming button): the same verb.
    {"撤销", "确认撤销"},
    {"选择", "推荐 | column heading: tick to recommend"},
    # The audit's change labels ("… | audit change") name fields in the words of their pages.
    {"错误", "错误信息"},
    {"版本", "版次"},
    {"类别", "类型"},
    {"答复发送至", "答复送达"},
    {"逾期", "逾期未确定"},
    {"所在组织", "组织"},
    {"备注", "说明"},
    {"提醒对象", "收件人"},
    {"评委", "评审委员"},
    # an audit event named after the state it leads to
    {"拟推荐", "确定为拟推荐"},
    {"已撤销荣誉", "撤销荣誉"},
    # the notice page's column of what was reported: the objection itself
    {"反映内容", "异议"},
    # the top menu's short English labels (one row at 1280 px) beside the pages' own words
    {"审计", "审计日志 | top menu"},
    {"名册", "党员名册 | top menu"},
]


def _source(msgid: str) -> str:
    """The Chinese of a msgid, without its context ("text | context")."""
    return msgid.partition(" | ")[0]


def test_a_translation_keeps_the_placeholders_of_its_source():
    mismatched = [
        (msgid, strings)
        for msgid, strings, _flags in _entries()
        if any(
            sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(msgid)) for s in strings
        )
    ]

    assert mismatched == []


def test_no_english_translation_hedges_a_plural_with_an_s_in_brackets():
    """A count's noun agrees with it through the plural forms ("1 nominee", "2 nominees")."""
    hedged = [msgid for msgid, strings, _flags in _entries() if any("(s)" in s for s in strings)]

    assert hedged == []


def test_the_english_noun_follows_its_own_count():
    from django.utils import translation

    short = "可推荐的人选只有 %(k)s 名，少于名额 %(n)s 名：标为“不能推荐”的人选不计入名额。"
    with translation.override("en"):
        one, two = (translation.ngettext(short, short, k) % {"k": k, "n": 3} for k in (1, 2))

    assert one.startswith("Only 1 nominee can be chosen, short of the quota of 3:")
    assert two.startswith("Only 2 nominees can be chosen, short of the quota of 3:")


def test_different_strings_share_an_english_translation_only_when_they_mean_the_same():
    sources: dict[str, set[str]] = {}
    for msgid, strings, _flags in _entries():
        for string in strings:
            sources.setdefault(string, set()).add(msgid)
    synonyms = [{_source(msgid) for msgid in group} for group in SYNONYMS]
    # The same Chinese under two contexts is one string, whatever its English.
    texts = [{_source(msgid) for msgid in ids} for ids in sources.values()]
    shared = [ids for ids in texts if len(ids) > 1 and ids not in synonyms]

    assert shared == []


def test_compiled_catalogue_is_up_to_date():
    with MO.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)

    def translated(msgid: str) -> str:
        source, _, context = msgid.partition(" | ")
        return catalogue.pgettext(context, source) if context else catalogue.gettext(source)

    stale = [
        msgid
        for msgid, strings, _flags in _entries()
        if len(strings) == 1 and translated(msgid) != strings[0]
    ]

    assert stale == []


@pytest.mark.django_db
def test_english_can_be_chosen_and_is_remembered(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)

    assert response.status_code == 200
    assert "Four-Good Party Member Selection" in response.content.decode()
    assert "四好党员选树" not in response.content.decode().replace("简体中文", "")


@pytest.mark.django_db
def test_chinese_is_the_default(client):
    assert "四好党员选树" in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_browser_language_does_not_switch_the_portal_to_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert "四好党员选树" in response.content.decode()
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_a_visitor_can_switch_language_from_a_cached_public_page():
    """The gallery is served from the cache: the language switch in its footer must work for
    a visitor who was not the one the page was rendered for (and carry nobody's CSRF token)."""
    import re

    from django.test import Client

    Client(enforce_csrf_checks=True).get(reverse("public:gallery"))  # renders and caches it
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(reverse("public:gallery")).content.decode()
    form = re.search(r'<form action="/i18n/setlang/".*?</form>', page, re.S).group(0)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)

    response = visitor.post(
        reverse("set_language"),
        {
            "language": "en",
            "next": "/gallery/",
            **({"csrfmiddlewaretoken": token[1]} if token else {}),
        },
    )

    assert token is None
    assert response.status_code == 302
    assert "Exemplars" in visitor.get(reverse("public:gallery")).content.decode()


def test_no_string_is_translated_inside_an_f_string():
    """makemessages does not read into f-strings: a string translated there never reaches the
    catalogue, and English users see it in Chinese."""
    import ast

    root = PO.parents[3]
    found = []
    for path in root.glob("[!.]*/**/*.py"):
        if "migrations" in path.parts or path.parts[len(root.parts)] in ("tests", "bench"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                found += [
                    f"{path.relative_to(root)}:{call.lineno}"
                    for call in ast.walk(node)
                    if isinstance(call, ast.Call)
                    and getattr(call.func, "id", "") in {"_", "gettext", "ngettext", "pgettext"}
                ]

    assert found == []


#: Full-width punctuation that has no place in English text.
FULL_WIDTH = re.compile(r"[：，；。（）、“”]")


@pytest.mark.django_db
def test_staff_pages_in_english_leave_no_chinese_word_nor_full_width_punctuation(client):
    """Issue 37 item 16: "Phase：Public notice" and the four criterion names in Chinese. Data
    (names, titles) is Latin here, so whatever Chinese is left is the portal's own text."""
    from django.urls import reverse

    from evaluations import services as review
    from members.choices import OrgKind, Role
    from tests.factories import CampaignFactory, OrganizationFactory, user_with_role

    city = OrganizationFactory(code="C", name="Riverton", kind=OrgKind.CITY)
    admin = user_with_role(Role.ADMIN, city, username="admin_en", full_name="Admin")
    campaign = CampaignFactory(owner=city, title="Exemplars 2026", phase="reviewing")
    review.ensure_criteria(campaign)  # the default criteria, named in Chinese
    client.force_login(admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})

    found = {}
    for name in ("selection:campaign_edit", "evaluations:results"):
        text = client.get(reverse(name, args=[campaign.pk])).content.decode()
        body = re.sub(r"<(script|style)[^>]*>.*?</\1>|<[^>]+>", " ", text, flags=re.S)
        body = body.replace("简体中文", "")  # the language switch names Chinese in Chinese
        left = HAN.findall(body) + FULL_WIDTH.findall(body)
        if left:
            found[name] = [
                line.strip()
                for line in body.splitlines()
                if HAN.search(line) or FULL_WIDTH.search(line)
            ]
    assert found == {}


def test_campaign_titles_are_quoted_with_title_marks():
    """A campaign's title holds its own quotes (2025年度国资系统“四好”党员选树): a message
    puts it in 《》, its English in ‘’, so that the quotes inside are not those around it."""
    quoted = [
        msgid
        for msgid, strings, _flags in _entries()
        if any(re.search(r"“%\((campaign|title)\)s”", s) for s in [msgid, *strings])
    ]

    assert quoted == []
