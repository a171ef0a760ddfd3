"""The kinds of reminder, and which deadline each is about."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    #: Before the scoring deadline, to reviewers with cards not submitted.
    SCORING = "scoring", _("评分截止提醒")
    #: Before the nominating deadline, to secretaries whose branches have places left.
    NOMINATING = "nominating", _("推荐截止提醒")
    #: After a deadline, to the campaign's admins, while work of that phase is left.
    SCREENING_OVERDUE = "screening_overdue", _("资格审查逾期提醒")
    REVIEWING_OVERDUE = "reviewing_overdue", _("评审逾期提醒")
    NOTICE_OVERDUE = "notice_overdue", _("公示期满提醒")
    #: 逐级推荐: before a stage's deadline, to the admins of its nodes still to decide; after
    #: it, to the admins above them, who may decide for them.
    STAGE = "stage", _("本级推荐截止提醒")
    STAGE_OVERDUE = "stage_overdue", _("本级推荐逾期提醒")


#: Kinds sent after their deadline (point 0), to admins.
OVERDUE_KINDS = (Kind.SCREENING_OVERDUE, Kind.REVIEWING_OVERDUE, Kind.NOTICE_OVERDUE)

#: Kinds about the nodes of a stage (逐级推荐), whose digest lists those nodes.
STAGE_KINDS = (Kind.STAGE, Kind.STAGE_OVERDUE)
