"""Organisations, party members, their records, users and role assignments."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from config.heartbeat import stale_before

from .choices import (
    AssessmentGrade,
    DisciplineKind,
    Education,
    Ethnicity,
    Gender,
    MemberStatus,
    OrgKind,
    Role,
)

PATH_SEPARATOR = "/"

code_validator = RegexValidator(r"^[A-Za-z0-9_-]+$", _("编码只能包含字母、数字、下划线和连字符。"))


class Organization(models.Model):
    """A node of the party organisation tree.

    ``path`` is a materialised path of codes (``/SW/DW01/ZB0101/``), so a subtree is one indexed
    ``LIKE 'prefix%'`` query. Only :func:`members.services.save_organization` writes it.
    """

    code = models.CharField(_("组织编码"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(_("组织名称"), max_length=100)
    kind = models.CharField(_("组织类别"), max_length=20, choices=OrgKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级组织"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    path = models.CharField(_("路径"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("层级"), default=0, editable=False)

    class Meta:
        verbose_name = pgettext_lazy("model", "党组织")
        verbose_name_plural = pgettext_lazy("models", "党组织")
        ordering = ["path"]
        indexes = [
            models.Index(
                fields=["path"], name="org_path_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_branch(self) -> bool:
        return self.kind == OrgKind.BRANCH

    def contains(self, other: Organization) -> bool:
        """True when ``other`` is this organisation or lies below it."""
        return other.path.startswith(self.path)


class Member(models.Model):
    member_no = models.CharField(_("党员编号"), max_length=32, unique=True)
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=1, choices=Gender.choices)
    ethnicity = models.CharField(
        _("民族"), max_length=2, choices=Ethnicity.choices, default=Ethnicity.HAN
    )
    birth_date = models.DateField(_("出生日期"))
    education = models.CharField(_("学历"), max_length=20, choices=Education.choices)
    joined_on = models.DateField(_("入党日期"))
    full_member_on = models.DateField(_("转正日期"), null=True, blank=True)
    status = models.CharField(
        _("党员状态"), max_length=20, choices=MemberStatus.choices, default=MemberStatus.FULL
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("所在党组织"),
        on_delete=models.PROTECT,
        related_name="members",
        db_index=False,  # member_quota_idx leads with it (one index less to write on import)
    )
    post = models.CharField(_("职务/职称"), max_length=100, blank=True)
    work_unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    id_number = models.CharField(_("身份证号"), max_length=18, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "党员")
        verbose_name_plural = pgettext_lazy("models", "党员")
        ordering = ["organization__path", "member_no"]
        indexes = [
            models.Index(fields=["name"], name="member_name_idx"),
            # A branch's full members counted for its quota from the index alone.
            models.Index(fields=["organization", "status"], name="member_quota_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.member_no}）"


class DisciplineRecord(models.Model):
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="discipline_records"
    )
    kind = models.CharField(_("处分类别"), max_length=20, choices=DisciplineKind.choices)
    decided_on = models.DateField(_("决定日期"))
    until = models.DateField(_("影响期至"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "处分记录")
        verbose_name_plural = pgettext_lazy("models", "处分记录")
        ordering = ["-decided_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.decided_on}"


class AssessmentRecord(models.Model):
    member = models.ForeignKey(
        Member, verbose_name=_("党员"), on_delete=models.CASCADE, related_name="assessments"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    grade = models.CharField(_("考核等次"), max_length=20, choices=AssessmentGrade.choices)

    class Meta:
        verbose_name = pgettext_lazy("model", "年度考核")
        verbose_name_plural = pgettext_lazy("models", "年度考核")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="assessment_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_grade_display()}"


class User(AbstractUser):
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    password_changed_at = models.DateTimeField(_("密码修改时间"), null=True, blank=True)
    member = models.OneToOneField(
        Member,
        verbose_name=_("对应党员"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
    )
    #: The language the user chose with the language switch while signed in; blank: never
    #: chose (the portal's). Read through ``config.languages.of_user``, which also copes with a
    #: language the portal no longer offers.
    language = models.CharField(
        _("界面与邮件语言"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = pgettext_lazy("model", "用户")
        verbose_name_plural = pgettext_lazy("models", "用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    def set_password(self, raw_password):
        # The rotation rule of the strict password policy counts from here.
        super().set_password(raw_password)
        self.password_changed_at = timezone.now()


class RoleAssignment(models.Model):
    """A user holds a role over an organisation and everything below it."""

    user = models.ForeignKey(
        User, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("党组织"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    created_at = models.DateTimeField(_("授予时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "角色授权")
        verbose_name_plural = pgettext_lazy("models", "角色授权")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "organization"], name="role_assignment_unique"
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="role_assignment_known_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organization}"


def roster_path(instance, filename: str) -> str:
    return f"imports/{uuid.uuid4().hex}.xlsx"


class RosterImport(models.Model):
    """An uploaded roster: checked at once (problems listed), imported when confirmed."""

    class State(models.TextChoices):
        CHECKING = "checking", _("检查中")
        INVALID = "invalid", _("有错误")
        CHECKED = "checked", _("待确认")
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已导入")
        FAILED = "failed", _("失败")
        DISCARDED = "discarded", _("已放弃")

    kind = models.CharField(_("类别"), max_length=20)
    file = models.FileField(_("文件"), upload_to=roster_path)
    original_name = models.CharField(_("文件名"), max_length=150)
    uploaded_by = models.ForeignKey(
        User, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="roster_imports"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices)
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    creates = models.PositiveIntegerField(_("新增"), default=0)
    updates = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("不变"), default=0)
    problem_count = models.PositiveIntegerField(_("问题数"), default=0)
    #: The first problems (row, column, value, message); problem_count says how many in all.
    problems = models.JSONField(_("问题"), default=list, blank=True)
    #: The first updates, field by field, as the preview lists them (``Plan.show_update``).
    #: Nullable: a host of the previous release, running beside this one during a rolling
    #: upgrade, inserts imports without it.
    changes = models.JSONField(_("更新内容"), default=list, null=True, blank=True, editable=False)
    #: What the previewed plan would do (``Plan.digest``): an import applies only the same.
    plan_digest = models.CharField(_("预览摘要"), max_length=64, blank=True, editable=False)
    #: What the import says of its file (unreadable, given up, ...) in words, in the language
    #: of the check: shown as it is when it has no ``error_code`` (stored before codes).
    error = models.TextField(_("错误信息"), blank=True)
    #: The same as a code and its parameters (``roster.problems``), put into words when shown,
    #: in the reader's language. Nullable, as ``changes``.
    error_code = models.CharField(max_length=40, null=True, blank=True, editable=False)
    error_params = models.JSONField(null=True, blank=True, editable=False)
    #: When a worker began to apply it (state running).
    started_at = models.DateTimeField(_("开始导入时间"), null=True, blank=True, editable=False)
    #: The last sign of life of its task: set when it is uploaded or queued, touched as a worker
    #: checks or applies it (config/heartbeat.py). Nullable, as ``changes``.
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    #: Waiting for its task or in it: a lost task would leave it here for good.
    UNFINISHED = (State.CHECKING, State.QUEUED, State.RUNNING)

    class Meta:
        verbose_name = pgettext_lazy("model", "名册导入")
        verbose_name_plural = pgettext_lazy("models", "名册导入")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name} #{self.pk}"

    @property
    def stalled(self) -> bool:
        """Unfinished with no sign of life (its heartbeat, its start, its upload) for
        ROSTER_STALE_SECONDS: its task was lost. The sweeper fails it; :meth:`stalled_rows` is the
        same rule as a query."""
        signs = [t for t in (self.heartbeat_at, self.started_at, self.created_at) if t]
        stale = stale_before(settings.ROSTER_STALE_SECONDS)
        return self.state in self.UNFINISHED and bool(signs) and max(signs) < stale

    @classmethod
    def stalled_rows(cls, now=None) -> Q:
        stale = stale_before(settings.ROSTER_STALE_SECONDS, now)
        return (
            Q(state__in=cls.UNFINISHED, created_at__lt=stale)
            & (Q(heartbeat_at__isnull=True) | Q(heartbeat_at__lt=stale))
            & (Q(started_at__isnull=True) | Q(started_at__lt=stale))
        )

    @property
    def stall_minutes(self) -> int:
        return max(1, settings.ROSTER_STALE_SECONDS // 60)

    @property
    def discardable(self) -> bool:
        """Whether its admin may give it up: whenever it will not be written as it is, waiting to
        be checked or to run included; while it runs, only once it has stalled (its writes commit
        together with its state, so a stalled one wrote nothing)."""
        if self.state == self.State.RUNNING:
            return self.stalled
        return self.state not in (self.State.DONE, self.State.DISCARDED)

    @property
    def counted(self) -> bool:
        """Whether its row counts tell its admin anything: not while it is checked, not when its
        file could not be read (an error, no rows counted), not once the sweeper gave it up
        (the counts were of a file that is gone)."""
        if self.state == self.State.CHECKING or self.given_up:
            return False
        return bool(self.total_rows or not self.error)

    @property
    def given_up(self) -> bool:
        """Given up by the sweeper, not by its admin: only the sweeper says why (``give_up``)."""
        return self.state == self.State.DISCARDED and bool(self.error)

    @classmethod
    def expired_rows(cls, now=None) -> Q:
        """Discardable (the same rule as :attr:`discardable`, as a query) and uploaded more than
        ROSTER_STAGED_DAYS ago: the sweeper gives it up, its file with the members' personal
        data removed, rather than keep it until its admin does."""
        return (
            Q(created_at__lt=stale_before(settings.ROSTER_STAGED_DAYS * 86400, now))
            & ~Q(state__in=(cls.State.DONE, cls.State.DISCARDED))
            & (~Q(state=cls.State.RUNNING) | cls.stalled_rows(now))
        )

    @property
    def rows_with_problems(self) -> int:
        """The rows the counts leave out: each has a problem listed (a row is counted as new,
        updated or unchanged only when it has none)."""
        return max(self.total_rows - self.creates - self.updates - self.unchanged, 0)
