from __future__ import annotations

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.wording import listing
from members import scope
from members.choices import OrgKind, Role
from selection import rules as selection_rules
from selection.forms import choice_errors
from selection.models import Nomination, Stage

from . import rules
from .choices import Kind
from .stages import stage_at


class FetchedChoices(ModelChoiceIterator):
    """A short list of choices read with one plain query. Django's iterator streams them
    through ``QuerySet.iterator()``, which on PostgreSQL opens a server-side cursor (DECLARE,
    FETCH and CLOSE: three round trips) for what is here a dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ShortChoiceField(forms.ModelChoiceField):
    iterator = FetchedChoices


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("form field: which report", "报表"),
        error_messages=choice_errors(_("请选择报表。"), _("所选报表不在您可以生成的报表之中。")),
    )
    campaign = ShortChoiceField(
        label=pgettext_lazy("form field: one campaign", "评选活动"),
        queryset=None,
        error_messages=choice_errors(
            _("请选择评选活动。"), _("所选评选活动不存在或不在您的范围内。")
        ),
    )
    organization = ShortChoiceField(
        label=_("党组织范围"),
        queryset=None,
        required=False,
        empty_label=_("我的全部范围"),
    )
    #: "<campaign>:<position>": a level is the level of one campaign (``stage_choices``).
    stage = forms.ChoiceField(label=_("推荐层级"), required=False)
    nomination = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)
    unmasked = forms.BooleanField(
        label=_("推荐审批表显示完整个人信息（将记入审计日志）"),
        required=False,
        help_text=_("默认对联系电话、身份证号和出生日期脱敏。"),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Kind.choices)
        self.fields["kind"].choices = [(kind, labels[kind]) for kind in rules.kinds_for(user)]
        self.fields["campaign"].queryset = selection_rules.visible_campaigns(user).order_by(
            "-year", "title"
        )
        organization = self.fields["organization"]
        organization.queryset = rules.organizations_for(user).order_by("path")
        # Offered: the top of the user's scope and the level below it (not every branch of a
        # city); any organisation of the scope is accepted, as from a nomination's page.
        organization.widget.choices = ShortChoiceField(
            rules.organization_choices(user).order_by("path"), empty_label=organization.empty_label
        ).choices
        self.fields["nomination"].queryset = Nomination.objects.filter(
            selection_rules.nominations_q(user)
        ).select_related("branch", "member")
        self.fields["stage"].choices = [("", _("最终结果（不分层级）")), *stage_choices(user)]
        if not scope.has_role(user, Role.ADMIN):
            # Full personal data is an admin's choice only (``rules.may_unmask``).
            del self.fields["unmasked"]

    @property
    def offers_unmasked(self) -> bool:
        return "unmasked" in self.fields

    @property
    def offers_stages(self) -> bool:
        """Some campaign the user sees is run level by level."""
        return len(self.fields["stage"].choices) > 1

    @property
    def stage_kinds(self) -> str:
        """The reports of one stage the user may ask for (汇总表, and 评审明细 for an admin),
        named in the note under the form."""
        offered = dict(self.fields["kind"].choices)
        names = [str(offered[kind]) for kind in rules.STAGE_KINDS if kind in offered]
        return listing(names)

    def clean(self):
        """The stage chosen by its position, found in the campaign chosen; full personal data
        only in a 推荐审批表."""
        data = super().clean()
        data["unmasked"] = data.get("unmasked", False)
        if data["unmasked"] and data.get("kind") not in (None, Kind.FORMS):
            self.add_error("unmasked", _("只有推荐审批表含个人信息，其他报表无需选择此项。"))
        chosen, campaign = data.get("stage"), data.get("campaign")
        data["stage"] = None
        if chosen and campaign is not None:
            owner, position = (int(part) for part in chosen.split(":"))
            data["stage"] = stage_at(campaign, position) if owner == campaign.pk else None
            if data["stage"] is None:
                self.add_error(
                    "stage",
                    _("所选评选活动《%(title)s》没有这一推荐层级，请选择列在该活动名下的层级。")
                    % {"title": campaign.title},
                )
        return data


def stage_choices(user) -> list[tuple[str, list[tuple[str, str]]]]:
    """The stages of the campaigns run level by level that the user sees, grouped under each
    campaign's title and valued ``<campaign>:<position>`` (a stage of another campaign than the
    one chosen is refused), each named with its level (第2级·区(县)委). Only the levels the user
    may ask for (``rules.offered_stage_levels``: a 支部书记 none above the branch, a 党总支 none
    above its own). One query, and one more when some campaign is run level by level."""
    levels = dict(OrgKind.choices)
    titles: dict[int, str] = {}
    found: dict[int, dict[int, list[str]]] = {}
    rows = list(
        Stage.objects.filter(
            campaign__in=selection_rules.visible_campaigns(user), campaign__stages__position=2
        )
        .values_list("campaign", "campaign__title", "position", "level")
        .distinct()
        .order_by("-campaign__year", "campaign__title", "campaign", "position", "level")
    )
    offered = rules.offered_stage_levels(user) if rows else set()
    for campaign, title, position, level in rows:
        if level not in offered:
            continue
        titles[campaign] = title
        found.setdefault(campaign, {}).setdefault(position, []).append(
            str(levels.get(level, level))
        )
    return [
        (
            titles[campaign],
            [
                (
                    f"{campaign}:{position}",
                    _("第%(n)d级·%(level)s") % {"n": position, "level": "/".join(names)},
                )
                for position, names in positions.items()
            ],
        )
        for campaign, positions in found.items()
    ]
