"""The campaigns', nominations' and notices' events as the audit pages name them
(:mod:`audit.registry`; SelectionConfig.ready()): their coded values by label, and the
models whose fields a campaign's, a nomination's or a profile's events record by name."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.registry import trail
from members.choices import OrgKind

from .choices import IntegrityVerdict, Phase, QuotaKind, StageDecision, State
from .models import CalendarDay, Campaign, ExemplarProfile, Nomination, Objection

trail.group(
    "calendar",
    _("工作日历"),
    {
        "calendar.day_removed": pgettext_lazy("audit event", "删除日历日期"),
        "calendar.day_set": pgettext_lazy("audit event", "设置日历日期"),
        "calendar.official_loaded": pgettext_lazy("audit event", "导入法定节假日"),
    },
)
trail.group(
    "campaign",
    _("评选活动"),
    {
        "campaign.archived": pgettext_lazy("audit event", "归档评选活动"),
        "campaign.phase_changed": pgettext_lazy("audit event", "切换活动阶段"),
        "campaign.stage_closed": pgettext_lazy("audit event", "推荐层级截止"),
        "campaign.stages_set": pgettext_lazy("audit event", "设置推荐层级"),
        "campaign.quota_removed": pgettext_lazy("audit event", "删除名额"),
        "campaign.quota_set": pgettext_lazy("audit event", "设置名额"),
        "campaign.saved": pgettext_lazy("audit event", "保存评选活动"),
    },
)
trail.group(
    "nomination",
    _("推荐"),
    {
        "nomination.attachment_added": pgettext_lazy("audit event", "添加附件"),
        "nomination.attachment_removed": pgettext_lazy("audit event", "删除附件"),
        "nomination.created": pgettext_lazy("audit event", "新建推荐"),
        "nomination.draft_deleted": pgettext_lazy("audit event", "删除推荐草稿"),
        "nomination.eligibility_overridden": pgettext_lazy("audit event", "改判资格"),
        "nomination.integrity_opinion": pgettext_lazy("audit event", "出具廉洁意见"),
        "nomination.updated": pgettext_lazy("audit event", "修改推荐"),
        "nomination.submit": pgettext_lazy("audit event", "提交推荐"),
        "nomination.return": pgettext_lazy("audit event", "退回推荐修改"),
        "nomination.declare_eligible": pgettext_lazy("audit event", "资格审查通过"),
        "nomination.declare_ineligible": pgettext_lazy("audit event", "资格审查不通过"),
        "nomination.stage_ineligible": pgettext_lazy("audit event", "本级资格审查不通过"),
        "nomination.veto": pgettext_lazy("audit event", "廉洁一票否决"),
        "nomination.start_review": pgettext_lazy("audit event", "推荐进入评审"),
        "nomination.shortlist": pgettext_lazy("audit event", "确定为拟推荐"),
        "nomination.not_select": pgettext_lazy("audit event", "确定未入选"),
        "nomination.resume_review": pgettext_lazy("audit event", "恢复评审"),
        "nomination.open_notice": pgettext_lazy("audit event", "推荐进入公示"),
        "nomination.withdraw": pgettext_lazy("audit event", "撤销推荐"),
        "nomination.approve": pgettext_lazy("audit event", "公示通过"),
        "nomination.publish": pgettext_lazy("audit event", "发布风采"),
        "nomination.unpublish": pgettext_lazy("audit event", "撤回风采"),
        "nomination.revoke": pgettext_lazy("audit event", "撤销荣誉"),
    },
)
trail.group(
    "notice",
    _("公示"),
    {
        "notice.objection_filed": pgettext_lazy("audit event", "登记异议"),
        "notice.objection_contacts_viewed": pgettext_lazy("audit event", "查看异议人联系方式"),
        "notice.objection_investigated": pgettext_lazy("audit event", "调查异议"),
        "notice.objection_resolved": pgettext_lazy("audit event", "答复异议"),
        "notice.opened": pgettext_lazy("audit event", "发布公示"),
    },
)
trail.group(
    "profile",
    _("风采"),
    {
        "profile.consent_recorded": pgettext_lazy("audit event", "登记本人同意"),
        "profile.created": pgettext_lazy("audit event", "新建风采"),
        "profile.updated": pgettext_lazy("audit event", "修改风采"),
    },
)
trail.codes("state", State.choices, group="nomination")
trail.codes("phase", Phase.choices)
trail.codes("verdict", IntegrityVerdict.choices)
trail.codes("decisions", StageDecision.choices)
trail.codes("stages", OrgKind.choices)
trail.codes("status", Objection.Status.choices, group="notice")
trail.codes("kind", QuotaKind.choices, group="campaign")
trail.codes("kind", CalendarDay.Kind.choices, group="calendar")
trail.fields("campaign", Campaign)
trail.fields("nomination", Nomination)
trail.fields("profile", ExemplarProfile)
