"""Forms of the review. They keep what the user typed; services judge the values."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from members.choices import Role
from members.models import User
from members.scope import ancestor_paths

from .choices import Rating
from .models import Criterion

RATING_WIDGET = forms.RadioSelect(attrs={"class": "form-check-input"})


class ScorecardForm(forms.Form):
    """One points field and one comment per criterion, plus the integrity veto."""

    veto = forms.BooleanField(
        label=_("廉洁一票否决"),
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )
    veto_reason = forms.CharField(
        label=_("否决理由"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            points = forms.CharField(
                label=_("%(name)s（满分 %(max)s）")
                % {"name": criterion.label, "max": criterion.max_points},
                required=False,
                max_length=10,
                widget=forms.NumberInput(
                    attrs={
                        "min": 0,
                        "max": criterion.max_points,
                        "step": "0.5",
                        "inputmode": "decimal",
                        "class": "form-control mb-2 w-auto",
                    }
                ),
            )
            # a number input takes no maxlength (the field still checks the length)
            points.widget.attrs.pop("maxlength", None)
            self.fields[f"points_{criterion.pk}"] = points
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("评语"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def criterion_fields(self) -> list[tuple[Criterion, forms.BoundField, forms.BoundField]]:
        """Each criterion with its points and comment fields, for the template."""
        return [(c, self[f"points_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> dict[int, tuple[str, str]]:
        return {
            c.pk: (self.cleaned_data[f"points_{c.pk}"], self.cleaned_data[f"comment_{c.pk}"])
            for c in self.criteria
        }


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("回避理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReviewerForm(forms.Form):
    user = forms.ModelChoiceField(label=_("评审委员"), queryset=User.objects.none())
    cap = forms.IntegerField(label=_("评审上限"), required=False, min_value=1, max_value=10000)

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        # Reviewers at, above or below the campaign's organisation (the service checks again).
        where = Q(role_assignments__organization__path__in=ancestor_paths(campaign.owner.path)) | Q(
            role_assignments__organization__path__startswith=campaign.owner.path
        )
        self.fields["user"].queryset = (
            User.objects.filter(where, is_active=True, role_assignments__role=Role.REVIEWER)
            .exclude(committees__campaign=campaign)
            .distinct()
            .order_by("username")
        )
        self.fields["user"].widget.attrs["class"] = "form-select"
        self.fields["cap"].widget.attrs["class"] = "form-control"


class AssignForm(forms.Form):
    user = forms.ModelChoiceField(label=_("评审委员"), queryset=User.objects.none())
    override_reason = forms.CharField(
        label=_("超出评审上限的理由"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(committees__campaign=campaign).order_by(
            "username"
        )


class CriterionForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=50)
    max_points = forms.DecimalField(
        label=_("满分"), min_value=1, max_value=100, max_digits=5, decimal_places=1
    )
    rubric = forms.CharField(
        label=_("评分细则"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IssueCodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("发放数量"),
        min_value=1,
        max_value=500,
        initial=30,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


class SurveyForm(forms.Form):
    political = forms.ChoiceField(
        label=_("政治素质好"), choices=Rating.choices, widget=RATING_WIDGET
    )
    performance = forms.ChoiceField(
        label=_("岗位业绩好"), choices=Rating.choices, widget=RATING_WIDGET
    )
    public = forms.ChoiceField(label=_("群众评价好"), choices=Rating.choices, widget=RATING_WIDGET)
    integrity = forms.ChoiceField(
        label=_("廉洁自律好"), choices=Rating.choices, widget=RATING_WIDGET
    )
    overall = forms.ChoiceField(label=_("总体评价"), choices=Rating.choices, widget=RATING_WIDGET)


class ShortlistForm(forms.Form):
    chosen = forms.TypedMultipleChoiceField(label=_("拟推荐人选"), coerce=int, choices=())
    reason = forms.CharField(
        label=_("理由（与排名顺序不一致或修改已确定的名单时必填）"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [(pk, pk) for pk in ids]
