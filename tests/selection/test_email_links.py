"""The e-mails lead to the page they are about: with ``SITE_URL`` set, the returned
nomination's e-mail links to the nomination and an objector's answer to the notice; without
it they say to sign in, as before (a worker has no request to take the portal's address from)."""

import pytest

from selection import notice, workflow

pytestmark = pytest.mark.django_db

SITE = "https://xuanshu.example.gov.cn"


def _return(submitted, admin, capture):
    with capture(execute=True):
        workflow.return_for_revision(submitted, by=admin, reason="事迹材料不够具体。")


def test_the_returned_nomination_s_e_mail_links_to_the_nomination(
    settings, submitted, admin, secretary, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE

    _return(submitted, admin, django_capture_on_commit_callbacks)

    [mail] = mailoutbox
    link = f"{SITE}/nominations/{submitted.pk}/"
    assert mail.to == [secretary.email]
    assert mail.body.rstrip().endswith(f"查看这份推荐：{link}")
    html, _kind = mail.alternatives[0]
    assert f'<a href="{link}">查看这份推荐</a>' in html
    assert "请登录平台查看详情。" not in mail.body + html


def test_without_a_site_url_the_e_mail_says_to_sign_in_as_before(
    settings, submitted, admin, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = ""

    _return(submitted, admin, django_capture_on_commit_callbacks)

    [mail] = mailoutbox
    html, _kind = mail.alternatives[0]
    assert mail.body.rstrip().endswith("请登录平台查看详情。")
    assert "<p>请登录平台查看详情。</p>" in html
    assert "http" not in mail.body and "href" not in html


def test_the_objector_s_answer_links_to_the_public_notice(
    settings, running, shortlisted, city_admin, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    objection = notice.file_objection(
        running, shortlisted[0], name="张三", contact="zhang@example.org", text="反映情况" * 6
    )

    with django_capture_on_commit_callbacks(execute=True):
        notice.resolve_objection(
            objection,
            upheld=False,
            investigator="区纪委 王五",
            finding="经走访核实，所反映问题不属实。",
            reason="不予采纳。",
            answer="经调查核实，您反映的问题不属实，感谢监督。",
            by=city_admin,
        )

    [mail] = mailoutbox
    link = f"{SITE}/notice/{running.campaign_id}/"
    assert mail.body.rstrip().endswith(f"查看公示页面：{link}")
    assert f'<a href="{link}">查看公示页面</a>' in mail.alternatives[0][0]
