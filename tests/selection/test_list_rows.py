"""The nomination dashboard's rows, built in Python: the same HTML as the template markup they
replaced (whitespace between tags aside), escaping and the local time included."""

import datetime
import re

import pytest
from django.template import engines
from django.utils import timezone

from selection.choices import IntegrityVerdict, State
from selection.models import IntegrityOpinion
from selection.queries import BranchNomination
from selection.templatetags.lists import branch_row, scope_row
from selection.views.common import url_for
from tests.factories import NominationFactory

pytestmark = pytest.mark.django_db

# The markup the filters replaced, as it stood in selection/dashboard.html.
BRANCH_ROW = """{% load states %}<tr>
      <td><a href="{% url 'selection:nomination_detail' n.pk %}">{{ n.member.name }}</a></td>
      <td>{% state_badge n %}</td>
      <td>{{ n.updated_at|date:"Y-m-d H:i" }}</td>
    </tr>"""
SCOPE_ROW = """{% load states %}<tr>
      <td><a href="{% url 'selection:nomination_detail' n.pk %}">{{ n.member.name }}</a></td>
      <td>{{ n.branch.name }}</td>
      <td>{% state_badge n %}</td>
      <td>{% if n.integrity_opinion %}{{ n.integrity_opinion.get_verdict_display }}{% else %}—{% endif %}</td>
      <td>{{ n.updated_at|date:"Y-m-d H:i" }}</td>
    </tr>"""  # noqa: E501


def template_made(source: str, nomination) -> str:
    html = engines["django"].from_string(source).render({"n": nomination})
    return re.sub(r">\s+<", "><", html)


@pytest.fixture
def nomination(branch_a1):
    nomination = NominationFactory(
        member__organization=branch_a1,
        member__name='张<b>伟</b> & "小张"',
        state=State.SUBMITTED,
    )
    # 23:30 UTC is the next day in Beijing: the row shows the local date and time.
    moment = datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC)
    type(nomination).objects.filter(pk=nomination.pk).update(updated_at=moment)
    nomination.refresh_from_db()
    return nomination


def listed(nomination) -> BranchNomination:
    """The nomination as the secretary's dashboard reads it (``queries.secretary_dashboard``)."""
    return BranchNomination(
        nomination.pk,
        nomination.branch_id,
        nomination.member.name,
        nomination.state,
        nomination.updated_at,
    )


def test_a_branch_row_is_the_markup_it_replaced(nomination):
    made = branch_row(listed(nomination), url_for("selection:nomination_detail"))

    assert made == template_made(BRANCH_ROW, nomination)
    assert "张&lt;b&gt;伟&lt;/b&gt; &amp; &quot;小张&quot;" in made
    assert timezone.localtime(nomination.updated_at).strftime("%Y-%m-%d %H:%M") in made
    assert "2026-03-02 07:30" in made


@pytest.mark.parametrize("with_opinion", [False, True])
def test_a_scope_row_is_the_markup_it_replaced(nomination, city_admin, with_opinion):
    if with_opinion:
        IntegrityOpinion.objects.create(
            nomination=nomination, verdict=IntegrityVerdict.VETO, reason="待核实", by=city_admin
        )
        nomination = (
            type(nomination).objects.select_related("integrity_opinion").get(pk=nomination.pk)
        )

    made = scope_row(nomination, url_for("selection:nomination_detail"))

    assert made == template_made(SCOPE_ROW, nomination)
    assert ("<td>—</td>" in made) is not with_opinion


# The campaign picker's options as they stood in components/campaign_picker.html.
CAMPAIGN_OPTIONS = (
    '{% for c in campaigns %}<option value="{{ c.pk }}"{% if c.pk == campaign.pk %} selected'
    "{% endif %}>{{ c.title }}（{{ c.get_phase_display }}）</option>{% endfor %}"
)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_campaign_pickers_options_are_the_markup_they_replaced(city, language):
    from django.utils import translation

    from selection.choices import Phase
    from selection.templatetags.pickers import campaign_options
    from tests.factories import CampaignFactory

    campaigns = [
        CampaignFactory(owner=city, title='<script>"二〇二六" & 选树', phase=Phase.SCREENING),
        CampaignFactory(owner=city, phase=Phase.NOMINATING),
        CampaignFactory(owner=city, phase=Phase.NOMINATING),
    ]
    with translation.override(language):
        for chosen in [campaigns[1], None]:
            context = {"campaigns": campaigns, "campaign": chosen}
            made = campaign_options(campaigns, chosen)
            assert made == engines["django"].from_string(CAMPAIGN_OPTIONS).render(context)
        assert "&lt;script&gt;&quot;二〇二六&quot; &amp; 选树" in made
        assert str(Phase.SCREENING.label) in made


def test_the_campaign_picker_is_a_form_for_two_campaigns_or_more(city):
    from django.utils import translation

    from selection.templatetags.pickers import campaign_options, campaign_picker
    from tests.factories import CampaignFactory

    campaigns = [CampaignFactory(owner=city), CampaignFactory(owner=city)]

    made = campaign_picker(campaigns, campaigns[1])
    with translation.override("en"):
        english = campaign_picker(campaigns, campaigns[1])

    assert made.startswith('<form method="get"') and made.endswith("</form>")
    assert campaign_options(campaigns, campaigns[1]) in made
    assert '<select id="campaign-select" name="campaign"' in made and "data-autosubmit" in made
    assert "评选活动" in made and "切换" in made
    assert "Campaign" in english and "评选活动" not in english
    assert campaign_picker(campaigns[:1], campaigns[0]) == campaign_picker([], None) == ""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_state_badge_is_the_markup_format_html_made_in_each_language(language):
    """The badges are made once per state and language; each is what ``format_html`` made per
    row, in the language active when it is shown."""
    from types import SimpleNamespace

    from django.utils import translation
    from django.utils.html import format_html

    from selection.choices import State
    from selection.templatetags.states import COLOURS, state_badge

    with translation.override(language):
        for state in State.values:
            made = state_badge(SimpleNamespace(state=state))
            assert made == format_html(
                '<span class="badge state-{} {}">{}</span>',
                state,
                COLOURS.get(state, "text-bg-success"),
                State(state).label,
            )
    with translation.override("en"):
        assert ">Submitted<" in state_badge(SimpleNamespace(state=State.SUBMITTED))


# The secretary's branches as they stood in selection/dashboard.html.
BRANCH_SECTIONS = """{% load i18n lists %}{% for row in branches %}
<section class="card mb-3 branch-quota" id="branch-{{ row.quota.branch.pk }}">
  <div class="card-header d-flex justify-content-between flex-wrap">
    <strong>{{ row.quota.branch.name }}</strong>
    <span>{% blocktranslate with used=row.quota.used limit=row.quota.limit left=row.quota.left %}名额：已用 {{ used }} / 共 {{ limit }}，剩余 {{ left }}{% endblocktranslate %}</span>
  </div>
  <div class="table-responsive">
  <table class="table table-sm mb-0">
    <thead><tr><th>{% translate "被推荐人" %}</th><th>{% translate "状态" %}</th><th>{% translate "更新时间" %}</th></tr></thead>
    <tbody>
    {% for n in row.nominations %}
    {{ n|branch_row:detail_url }}
    {% empty %}
    <tr><td colspan="3" class="text-muted">{% translate "本支部尚未推荐。" %}</td></tr>
    {% endfor %}
    </tbody>
  </table>
  </div>
</section>
{% endfor %}"""  # noqa: E501


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_secretarys_branches_are_the_markup_they_replaced(nomination, branch_a2, language):
    from decimal import Decimal

    from django.utils import translation

    from selection.queries import BranchDashboard
    from selection.quota import Quota
    from selection.templatetags.lists import branch_sections

    branch_a2.name = "西区<二>支部"
    branches = [
        BranchDashboard(
            Quota(nomination.branch, 3, 1, 40, "fixed", Decimal(3)), [listed(nomination)]
        ),
        BranchDashboard(Quota(branch_a2, 2, 3, 12, "ratio", Decimal(15)), []),
    ]
    url = url_for("selection:nomination_detail")
    with translation.override(language):
        made, row = branch_sections(branches, url), branch_row(listed(nomination), url)
        html = (
            engines["django"]
            .from_string(BRANCH_SECTIONS)
            .render({"branches": branches, "detail_url": url})
        )

    assert made == re.sub(r">\s+<", "><", html).strip()
    assert "西区&lt;二&gt;支部" in made and row in made
