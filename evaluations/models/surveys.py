"""The public survey (民主测评) of a nomination: its one-time codes and anonymous responses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from selection.models import Nomination

from ..choices import Rating


class Survey(models.Model):
    """民主测评 of one nomination."""

    nomination = models.OneToOneField(
        Nomination, verbose_name=_("推荐"), on_delete=models.CASCADE, related_name="survey"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    # Counters kept by issue_codes and respond (UPDATE … SET n = n + 1), so the ranking reads
    # one row per survey instead of counting every code and answer.
    issued_count = models.PositiveIntegerField(_("已发放"), default=0, editable=False)
    response_count = models.PositiveIntegerField(_("已收回"), default=0, editable=False)
    satisfied_count = models.PositiveIntegerField(_("满意"), default=0, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("model", "民主测评")
        verbose_name_plural = pgettext_lazy("models", "民主测评")

    def __str__(self) -> str:
        return str(self.nomination)


class SurveyCode(models.Model):
    """A one-time code: 128 random bits, unguessable; used once."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("民主测评"), on_delete=models.CASCADE, related_name="codes"
    )
    code = models.CharField(_("测评码"), max_length=40, unique=True)
    issued_at = models.DateTimeField(_("发放时间"), auto_now_add=True)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "测评码")
        verbose_name_plural = pgettext_lazy("models", "测评码")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.code[:6] + "…"


class SurveyResponse(models.Model):
    """One anonymous response. Not linked to its code, so a response cannot be traced back."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("民主测评"), on_delete=models.CASCADE, related_name="responses"
    )
    political = models.CharField(_("政治素质"), max_length=12, choices=Rating.choices)
    performance = models.CharField(_("岗位业绩"), max_length=12, choices=Rating.choices)
    public = models.CharField(_("群众评价"), max_length=12, choices=Rating.choices)
    integrity = models.CharField(_("廉洁自律"), max_length=12, choices=Rating.choices)
    overall = models.CharField(_("总体评价"), max_length=12, choices=Rating.choices)

    class Meta:
        verbose_name = pgettext_lazy("model", "测评结果")
        verbose_name_plural = pgettext_lazy("models", "测评结果")

    def __str__(self) -> str:
        return f"{self.survey_id}: {self.overall}"
