"""What a branch's secretary is told when a rule of ``rules`` says no: the reason in words, by
the nomination's state."""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import rules
from .choices import CLOSED_STATES, State
from .models import Nomination


def edit_refusal(nomination: Nomination) -> str:
    """Why the branch's secretary cannot change the nomination now (``rules.can_edit_nomination``
    said no), by its state: said by the edit page's refusal and the nomination's page."""
    state = nomination.state
    if rules.campaign_is_archived(nomination.campaign):
        return _("评选活动已归档，只能查看，不能再修改。")
    if rules.draft_too_late(nomination):
        return _("推荐已截止：这份草稿没有提交，不能再提交或删除。如需补报，请联系组织部门。")
    if state == State.DRAFT:
        return _("评选活动尚未开始推荐，草稿暂不能修改。")
    if state == State.SUBMITTED:
        return _("已提交，等待资格审查；如需修改，请联系组织部门退回。")
    if state == State.RETURNED:
        return _("退回修改的期限已过，不能再修改或重新提交。")
    shown = {"state": nomination.get_state_display()}
    if state in CLOSED_STATES:
        return _("这份推荐已结束（%(state)s），不能再修改。") % shown
    return _("已通过资格审查（当前：%(state)s），不能再修改。") % shown
