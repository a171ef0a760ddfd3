"""Public notice (公示), objections, disclosure consent and exemplar profiles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import Organization

from .campaigns import Campaign
from .nominations import Nomination

# --- Public notice (公示), objections, exemplar profiles ------------------------------------------


class CalendarDay(models.Model):
    """An exception to the Monday–Friday week: a public holiday on a weekday, or a make-up
    working day (调休) on a weekend. Admins keep the list for each year."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日")
        WORKDAY = "workday", _("调休上班")

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    note = models.CharField(_("说明"), max_length=50, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "节假日与调休")
        verbose_name_plural = pgettext_lazy("models", "节假日与调休")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class PublicNotice(models.Model):
    """The 公示 of a campaign's shortlist."""

    campaign = models.OneToOneField(
        Campaign, verbose_name=_("评选活动"), on_delete=models.CASCADE, related_name="notice"
    )
    starts_on = models.DateField(_("公示开始"))
    ends_on = models.DateField(_("公示结束"))
    working_days = models.PositiveSmallIntegerField(_("工作日数"))
    contact = models.CharField(
        _("受理联系方式"), max_length=200, help_text=_("如：组织部干部科 电话 0000-0000000")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "公示")
        verbose_name_plural = pgettext_lazy("models", "公示")

    def __str__(self) -> str:
        return f"{self.campaign} {self.starts_on}–{self.ends_on}"


class Objection(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        DISMISSED = "dismissed", _("不予采纳")
        UPHELD = "upheld", _("查实")

    notice = models.ForeignKey(
        PublicNotice, verbose_name=_("公示"), on_delete=models.CASCADE, related_name="objections"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("被反映人"), on_delete=models.CASCADE, related_name="objections"
    )
    name = models.CharField(_("反映人姓名"), max_length=50)
    contact = models.CharField(_("联系方式"), max_length=100)
    text = models.TextField(_("反映内容"), max_length=2000)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    status = models.CharField(
        _("处理状态"), max_length=10, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    resolution = models.TextField(_("处理意见"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    investigator = models.CharField(_("调查核实人"), max_length=100, blank=True)
    finding = models.TextField(_("调查核实情况"), max_length=2000, blank=True)
    answer = models.TextField(_("答复反映人"), max_length=2000, blank=True)
    answer_sent_to = models.CharField(_("答复发送至"), max_length=100, blank=True)
    #: The language of the page the objection was filed on, which the answer is written in;
    #: blank: the portal's (objections filed before it was kept).
    language = models.CharField(
        _("提交语言"), max_length=10, choices=settings.LANGUAGES, blank=True
    )

    class Meta:
        verbose_name = pgettext_lazy("model", "异议")
        verbose_name_plural = pgettext_lazy("models", "异议")
        ordering = ["status", "created_at"]

    def __str__(self) -> str:
        return f"{self.nomination_id} · {self.get_status_display()}"


class DisclosureConsent(models.Model):
    """The member's consent to public disclosure of their profile (PIPL art. 25)."""

    nomination = models.OneToOneField(
        Nomination, verbose_name=_("推荐"), on_delete=models.CASCADE, related_name="consent"
    )
    wording = models.TextField(_("告知与同意文本"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "公开同意")
        verbose_name_plural = pgettext_lazy("models", "公开同意")

    def __str__(self) -> str:
        return f"{self.nomination_id} {self.recorded_at:%Y-%m-%d}"


class ExemplarProfile(models.Model):
    """The gallery page (风采展示) of an approved nomination."""

    nomination = models.OneToOneField(
        Nomination, verbose_name=_("推荐"), on_delete=models.PROTECT, related_name="profile"
    )
    slug = models.SlugField(_("网址标识"), max_length=60, unique=True)
    title = models.CharField(_("标题"), max_length=100)
    summary = models.CharField(_("简介"), max_length=300)
    story = models.TextField(_("事迹全文"), help_text=_("可使用简单的 HTML 格式；脚本等会被清除。"))
    photo = models.ImageField(_("照片"), upload_to="profiles/photos/", blank=True)
    thumbnail = models.ImageField(_("缩略图"), upload_to="profiles/thumbs/", blank=True)
    #: The thumbnail at twice its size, for screens of two or three device pixels to a CSS pixel
    #: (a phone); made with it.
    thumbnail_large = models.ImageField(_("大缩略图"), upload_to="profiles/thumbs/", blank=True)
    tags = models.CharField(
        _("领域标签"), max_length=200, blank=True, help_text=_("用逗号分隔，如：教育,乡村振兴")
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("所在组织"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)
    views = models.PositiveIntegerField(_("浏览次数"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "先进风采")
        verbose_name_plural = pgettext_lazy("models", "先进风采")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["year", "published_at"], name="profile_year_pub_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def image(self, kind: str):
        """The file the gallery serves under ``kind`` (its URL's name: ``thumb``, ``thumb2x`` or
        ``photo``); None for any other name, which names no image."""
        return {"thumb": self.thumbnail, "thumb2x": self.thumbnail_large, "photo": self.photo}.get(
            kind
        )

    def image_url(self, kind: str) -> str:
        """The public URL of the thumbnail or photo, with its version (selection.gallery)."""
        from django.urls import reverse

        from ..gallery import image_version

        image = self.image(kind)
        version = image_version(image.name, self.published_at)
        return f"{reverse('public:gallery_image', args=[self.slug, kind])}?v={version}"

    @property
    def thumbnail_url(self) -> str:
        return self.image_url("thumb")

    @property
    def photo_url(self) -> str:
        return self.image_url("photo")

    @property
    def shows_photo(self) -> bool:
        """Whether the public pages offer the photo: only with the thumbnails cut from it at
        publishing, which a photo that cannot be read (stored broken) has none of."""
        return bool(self.photo and self.thumbnail)

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.replace("，", ",").split(",") if t.strip()]


class Revocation(models.Model):
    """撤销荣誉: an exemplar later found unworthy. The reason is for the record (the 撤销名单),
    never for a public page; the public sees the decision's document reference, from the
    revocation until ``public_until`` (none: not publicised)."""

    nomination = models.OneToOneField(
        Nomination, verbose_name=_("推荐"), on_delete=models.PROTECT, related_name="revocation"
    )
    reason = models.TextField(_("撤销理由"), max_length=2000)
    document = models.CharField(
        _("撤销决定文号"), max_length=100, help_text=_("如：东组字〔2027〕12号")
    )
    public_until = models.DateField(_("公告截止日期"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("撤销时间"), auto_now_add=True)

    class Meta:
        verbose_name = pgettext_lazy("model", "撤销荣誉")
        verbose_name_plural = pgettext_lazy("models", "撤销荣誉")
        ordering = ["-revoked_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.nomination_id} {self.document}"
