"""Each reminder e-mail links to the page where its work is done (the banner's link), when
``SITE_URL`` says where the portal is; without it, it says to sign in, as before."""

import datetime

from tests.factories import CampaignFactory

from .arrange import DEADLINE, hours_before

SITE = "https://xuanshu.example.gov.cn"


def _mail_to(mailoutbox, user):
    [mail] = [m for m in mailoutbox if m.to == [user.email]]
    return mail.body, mail.alternatives[0][0]


def test_the_scoring_reminder_links_to_the_reviewer_s_cards(
    settings, scoring, reviewer, run, mailoutbox
):
    settings.SITE_URL = SITE

    campaign, _cards = scoring
    run(hours_before(23))

    body, html = _mail_to(mailoutbox, reviewer)
    cards = f"{SITE}/review/?campaign={campaign.pk}"  # the queue shows one campaign at a time
    assert body.rstrip().endswith(f"去评分：{cards}")
    assert f'<a href="{cards}">去评分</a>' in html


def test_the_nominating_reminder_links_to_the_secretary_s_nominations(
    settings, city, secretary, run, mailoutbox
):
    settings.SITE_URL = SITE
    CampaignFactory(owner=city, phase="nominating", nominating_deadline=DEADLINE)

    run(hours_before(23))

    body, _html = _mail_to(mailoutbox, secretary)
    assert body.rstrip().endswith(f"去推荐：{SITE}/nominations/")


def test_the_overdue_reminder_links_to_the_campaign_s_committee(
    settings, scoring, city_admin, run, mailoutbox
):
    settings.SITE_URL = SITE
    campaign, _cards = scoring

    run(DEADLINE + datetime.timedelta(minutes=5))

    body, _html = _mail_to(mailoutbox, city_admin)
    assert body.rstrip().endswith(f"去处理：{SITE}/campaigns/{campaign.pk}/review/")


def test_without_a_site_url_the_reminder_says_to_sign_in(
    settings, scoring, reviewer, run, mailoutbox
):
    settings.SITE_URL = ""

    run(hours_before(23))

    body, html = _mail_to(mailoutbox, reviewer)
    assert body.rstrip().endswith("请登录平台，在“评审”中完成评分并提交。")
    assert "href" not in html
