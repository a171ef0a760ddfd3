"""Forms of the review. They keep what the user typed; services judge the values."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from config.fields import DateTimeInput
from config.wording import as_typed
from members.choices import OrgKind
from members.models import User
from selection.choices import QuotaKind

from .choices import Rating
from .committees import eligible_reviewers, matching_reviewers, seats
from .errors import EvaluationError
from .models import Criterion
from .services import Problem, parse_points, submit_problems

RATING_WIDGET = forms.RadioSelect(attrs={"class": "form-check-input"})


class ScorecardForm(forms.Form):
    """One points field and one comment per criterion, plus the integrity veto. Each box is
    checked on its own (``services.parse_points``): a wrong one is marked where it stands, keeps
    what was typed, and the others can still be saved (``draft``). When ``submitting``, every
    box the submit still lacks is marked too, all at once (``services.submit_problems``)."""

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

    def __init__(self, *args, criteria: list[Criterion], submitting: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        self.submitting = submitting
        self.saveable: tuple[dict[int, tuple[str | None, str | None]], bool | None, str | None] = (
            {},
            None,
            None,
        )
        for criterion in criteria:
            points = forms.CharField(
                label=_("%(name)s（满分 %(max)s）")
                % {"name": criterion.label, "max": as_typed(criterion.max_points)},
                # A submit without it is refused by ``submit_problems``, with the others.
                required=False,
                max_length=10,
                widget=forms.NumberInput(
                    attrs={
                        # The browser checks these before the submit is confirmed (app.js);
                        # the form is novalidate, so drafts and autosave are never held up.
                        "min": 0,
                        "max": as_typed(criterion.max_points),
                        "step": "0.5",
                        "required": True,
                        "inputmode": "decimal",
                        "class": "form-control mb-2 points-box",
                    }
                ),
            )
            # a number input takes no maxlength (the field still checks the length)
            points.widget.attrs.pop("maxlength", None)
            self.fields[f"points_{criterion.pk}"] = points
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("“%(name)s”的评语") % {"name": criterion.label},
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def clean(self):
        cleaned = super().clean()
        typed = {}  # criterion id -> (points, comment), of the criteria whose points are right
        kept = {}  # criterion id -> (points, comment) a draft saves, None for a box left as saved
        for criterion in self.criteria:
            points, comment = f"points_{criterion.pk}", f"comment_{criterion.pk}"
            # Each box on its own: a comment is kept beside points that are wrong or not yet
            # given, and said not saved only when it is itself wrong (too long).
            text = cleaned.get(comment)
            value = raw = None
            if points in cleaned:
                try:
                    value = parse_points(cleaned[points], criterion)
                    raw = cleaned[points]
                except EvaluationError as error:
                    self.add_error(points, error.message)
            if raw is not None or text is not None:
                kept[criterion.pk] = (raw, text)
            if raw is not None:
                typed[criterion.pk] = (value, text or "")
        # What a draft keeps, taken before a submit's problems are marked: a score that lacks
        # only its comment, a veto that lacks only its reason are saved all the same.
        self.saveable = (kept, cleaned.get("veto"), cleaned.get("veto_reason"))
        if self.submitting:
            right = [criterion for criterion in self.criteria if criterion.pk in typed]
            veto = bool(cleaned.get("veto")) and "veto_reason" in cleaned
            for problem in submit_problems(right, typed, veto, cleaned.get("veto_reason", "")):
                self.add_error(self.box(problem), problem.message)
        return cleaned

    @staticmethod
    def box(problem: Problem) -> str:
        """The name of the field ``problem`` is about."""
        if problem.criterion_id is None:
            return problem.box
        return f"{problem.box}_{problem.criterion_id}"

    def full_clean(self):
        """Mark each wrong box for Bootstrap (Django adds aria-invalid and the error's id); a
        wrong points box turns to text, so that what was typed ("abc") shows again instead of
        a blank number box."""
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
            if name.startswith("points_"):
                widget.input_type = "text"

    def criterion_fields(self) -> list[tuple[Criterion, forms.BoundField, forms.BoundField]]:
        """Each criterion with its points and comment fields, for the template."""
        return [(c, self[f"points_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def draft(self) -> tuple[dict[int, tuple[str | None, str | None]], bool | None, str | None]:
        """What can be saved of the values as typed, valid or not (once validated): each
        criterion's points and comment where that box is right (None for a wrong one, left as
        saved: ``services.save_card``), the veto and its reason (None for a reason too long to
        keep, left as saved)."""
        return self.saveable

    def focus_first(self) -> None:
        """Mark the box for the keyboard: the first wrong box in the page's order, or else the
        first points box left empty, so a card opens ready to be scored, a refused one at what
        to mend. The mark (data-focus-first, static/js/app.js) is taken on a wide screen only: on
        a phone, autofocus scrolled the page past the candidate's details."""
        boxes = [f"{box}_{c.pk}" for c in self.criteria for box in ("points", "comment")]
        wrong = [name for name in [*boxes, "veto_reason"] if name in self.errors]
        empty = [
            f"points_{c.pk}" for c in self.criteria if self[f"points_{c.pk}"].value() in (None, "")
        ]
        if wrong or empty:
            self.fields[(wrong or empty)[0]].widget.attrs["data-focus-first"] = True

    def problems(self) -> list[str]:
        """Each wrong box's error, named (a points error names its criterion already)."""
        found, colon = [], _("：")
        for name, errors in self.errors.items():
            for error in errors:
                if name.startswith("points_") or name == "veto_reason" or name not in self.fields:
                    found.append(str(error))
                else:
                    found.append(f"{self.fields[name].label}{colon}{error}")
        return found


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

    def __init__(self, *args, campaign, stage=None, node=None, search: str = "", **kwargs):
        # Rendered with label_tag: no ASCII colon after the Chinese labels, like the others.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # Any reviewer who may sit on the committee is a valid choice (the service checks
        # again); the select offers only the first matches of ``search``, ``more`` counts
        # the rest, so the page stays the same size however many there are.
        field = self.fields["user"]
        field.queryset = eligible_reviewers(campaign, stage, node)
        self.search, self.shown, self.more = search, 0, 0
        if not self.is_bound:
            shown, self.more = matching_reviewers(field.queryset, search)
            self.shown = len(shown)
            field.choices = [("", field.empty_label), *((u.pk, str(u)) for u in shown)]
        field.widget.attrs["class"] = "form-select"
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
        self.fields["user"].queryset = User.objects.filter(
            pk__in=seats(campaign).values("user_id")
        ).order_by("username")


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

    def __init__(self, *args, ids: list[int], allow_empty: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].choices = [(pk, pk) for pk in ids]
        # 逐级推荐: a pool with nothing left to choose is confirmed empty (the service checks).
        self.fields["chosen"].required = not allow_empty


#: Rows of the stages form: more levels than a city's tree has below it.
STAGE_ROWS = 4


class StageForm(forms.Form):
    """One stage of a campaign run level by level; a row left without a level is no stage."""

    level = forms.ChoiceField(label=_("推荐层级"), required=False)
    quota_kind = forms.ChoiceField(label=_("名额方式"), choices=QuotaKind.choices, required=False)
    quota_value = forms.DecimalField(
        label=_("每个组织的名额"),
        min_value=0,
        max_value=9999,
        decimal_places=2,
        initial=1,
        required=False,
    )
    deadline = forms.DateTimeField(
        label=_("本级截止时间"),
        required=False,
        widget=DateTimeInput(),
    )
    runs_survey = forms.BooleanField(label=_("本级开展民主测评"), required=False)
    publicised = forms.BooleanField(label=_("本级名单公示"), required=False)
    recheck_integrity = forms.BooleanField(label=_("本级重新出具廉洁意见"), required=False)
    recheck_eligibility = forms.BooleanField(label=_("本级重新进行资格审查"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "—"), *OrgKind.choices]
        for field in self.fields.values():
            # Bootstrap's controls, at their column's width: a select sized to its longest
            # choice made the table wider than the page in English.
            if isinstance(field.widget, forms.CheckboxInput):  # named by a label beside it
                field.widget.attrs["class"] = "form-check-input"
                continue
            field.widget.attrs["aria-label"] = field.label  # the column names the field
            field.widget.attrs["class"] = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )


def stages_valid(rows: list[StageForm]) -> bool:
    """Every row valid, and every level but the last given its places: the last level's are
    the campaign's number of exemplars (set with the campaign), so what its row says does not
    apply and may be left empty."""
    if not all(row.is_valid() for row in rows):
        return False
    levels = [row for row in rows if row.cleaned_data.get("level")]
    for row in levels[:-1]:
        for name in ("quota_kind", "quota_value"):
            if row.cleaned_data.get(name) in (None, ""):
                row.add_error(name, _("请填写本级名额。"))
    return not any(row.errors for row in rows)


def stage_forms(data, stages) -> list[StageForm]:
    """The rows of the stages form, filled from the campaign's stages (lowest level first)."""
    rows = []
    for index in range(STAGE_ROWS):
        stage = stages[index] if index < len(stages) else None
        initial = (
            {
                "level": stage.level,
                "quota_kind": stage.quota_kind,
                "quota_value": as_typed(stage.quota_value),  # 2, not 2.00
                "deadline": stage.deadline,
                "runs_survey": stage.runs_survey,
                "publicised": stage.publicised,
                "recheck_integrity": stage.recheck_integrity,
                "recheck_eligibility": stage.recheck_eligibility,
            }
            if stage
            else {}
        )
        if not stages and index == 0:
            initial["runs_survey"] = True  # where ``survey_stages`` runs it when none is ticked
        rows.append(StageForm(data, prefix=f"s{index + 1}", initial=initial))
    return rows
