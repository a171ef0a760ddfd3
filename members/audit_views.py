"""The audit trail for admins and auditors: filter by actor, verb, object and date; export CSV.
Read-only: nothing here (or anywhere) changes or deletes an audit row."""

from __future__ import annotations

import csv
import datetime
import re
import unicodedata
from typing import NamedTuple
from urllib.parse import quote

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.fields.json import KT
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from audit import changes, export, verbs
from audit.models import AuditEvent
from audit.services import record
from config.fields import DateField, DateInput
from config.wording import form_errors

from . import scope
from .choices import Role
from .models import User

AUDIT_ROLES = (Role.ADMIN, Role.AUDITOR)
#: Rows a page. On a phone each row is a card: 100 made a page some 10,000 px long; the
#: pager below the list (with the filters kept) leads on.
PAGE_SIZE = 25
EXPORT_LIMIT = 100_000


#: The 对象 filter's "type id": the id last, after a space, a # or nothing ("推荐 8", "推荐8").
KIND_AND_ID = re.compile(r"(?P<kind>.*?)\s*#?(?P<pk>[0-9]+)")


class Target(NamedTuple):
    """The 对象 filter as read: the codes of the kind named (none: any kind) and the id (none:
    any); or a lone ``word`` naming no installed kind, a stored type or an id."""

    kinds: tuple[str, ...] = ()
    pk: str = ""
    word: str = ""


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("操作人账号"), required=False, max_length=150)
    verb = forms.ChoiceField(
        label=_("动作"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    target = forms.CharField(
        label=_("对象"),
        required=False,
        max_length=100,
        help_text=_("对象类型、编号或二者，如 推荐、42 或 推荐 42"),
    )
    since = DateField(label=_("起始日期"), required=False, widget=DateInput())
    until = DateField(label=_("截止日期"), required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Made once a form, in the request's language (a callable would be called again by
        # every reader of the choices: the widget, the validation).
        self.fields["verb"].choices = verbs.choices()
        for name in ("actor", "target", "since", "until"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"

    def clean_target(self) -> Target:
        """What the 对象 column's first line shows ("推荐 8": a kind and an id; a kind's name
        may have a space, "API 令牌"; typed without the space or with a #, "推荐8", "推荐 #8"),
        or one of the two alone. A kind reads as the column shows it, in either language, or as
        its code (selection.nomination, also an old row's type no longer installed). Words
        naming no kind are refused at the field, not answered with an empty page (the cell's
        second line, "汇总表 #34", names the object, not its kind)."""
        # Full-width digits, ＃ and spaces as typed by a Chinese input method read as ASCII.
        text = " ".join(unicodedata.normalize("NFKC", self.cleaned_data["target"]).split())
        if not text:
            return Target()
        if kinds := verbs.kind_codes(text):
            return Target(kinds=kinds)
        if verbs.stored_kind(text):
            return Target(word=text)
        numbered = KIND_AND_ID.fullmatch(text)
        # The id as stored: str(pk), so 019 finds 19.
        kind, pk = (numbered["kind"].strip(), str(int(numbered["pk"]))) if numbered else (text, "")
        if not kind:
            return Target(word=pk)
        if kinds := verbs.kind_codes(kind):
            return Target(kinds=kinds, pk=pk)
        if verbs.stored_kind(kind):
            return Target(kinds=(kind,), pk=pk)
        if " " in kind:
            raise forms.ValidationError(_("请填写对象类型、编号，或“类型 编号”。"))
        raise forms.ValidationError(
            _("“%(kind)s”不是对象类型。请按“对象”列第一行填写类型和编号，如 推荐 42。"),
            params={"kind": kind},
        )

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("截止日期不能早于起始日期。"))
        return data


def events_for(user):
    """Events of the organisations in the user's audit scope. An event tied to no organisation
    is about a user (a sign-in, a refusal, a second-factor step, an export: its actor; a failed
    sign-in: the user name tried) and belongs to the organisations where that user holds a
    role; one about nobody in particular (an unknown user name, an anonymous refusal) is
    system-wide and shown to superusers only."""
    prefixes = scope.paths(user, *AUDIT_ROLES)
    if not prefixes and not user.is_superuser:
        raise PermissionDenied
    if user.is_superuser:
        return AuditEvent.objects.all()
    condition = scope.prefixes_q(prefixes, "org_path")
    people = User.objects.filter(scope.prefixes_q(prefixes, "role_assignments__organization__path"))
    condition |= Q(org_path="", actor__in=people.values("pk"))
    condition |= Q(org_path="", actor__isnull=True, tried__in=people.values("username"))
    return AuditEvent.objects.alias(tried=KT("after__username")).filter(condition)


def _filtered(request):
    form = AuditFilterForm(request.GET or None)
    events = events_for(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["actor"].strip():
            # Through the account (audit_actor_idx): the name is matched case-insensitively
            # in the users table, never by a scan of the (large) audit table.
            named = User.objects.filter(username__iexact=data["actor"].strip())
            events = events.filter(actor__in=named.values("pk"))
        if data["verb"]:
            events = events.filter(verb__startswith=data["verb"].strip())
        target = data["target"]  # through audit_target_idx (target_type, target_id)
        if target.word:
            events = events.filter(Q(target_type=target.word) | Q(target_id=target.word))
        elif target.pk:
            events = events.filter(target_type__in=target.kinds, target_id=target.pk)
        elif target.kinds:
            events = events.filter(target_type__in=target.kinds)
        tz = timezone.get_current_timezone()
        if data["since"]:
            events = events.filter(
                created_at__gte=datetime.datetime.combine(data["since"], datetime.time.min, tz)
            )
        if data["until"]:
            events = events.filter(
                created_at__lt=datetime.datetime.combine(
                    data["until"] + datetime.timedelta(days=1), datetime.time.min, tz
                )
            )
    return form, events.order_by("-created_at", "-id")


@login_required
def audit_list(request):
    form, events = _filtered(request)
    if form.is_bound and not form.is_valid():
        # The filter's messages, and no events: a filter that cannot apply must not look
        # like one that found everything.
        events = events.none()
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    status = 400 if form.is_bound and not form.is_valid() else 200
    # The verb filter's hundred options depend only on the language and the code's verbs and
    # labels: made once and kept (under the release, which the code's labels are part of), they
    # are most of the page's rendering otherwise.
    context = {"form": form, "page": page, "entries": changes.of_page(page)}
    return render(request, "members/audit_list.html", context, status=status)


#: What a file name may not hold on common systems, nor a space (a name without one stays one
#: word when it is mailed or typed in a shell), and what an ASCII one may.
NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|\s\x00-\x1f\x7f]+')
NOT_ASCII_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def export_names(data: dict) -> tuple[str, str]:
    """The export's file name after its filter (action, account, object, dates; to today when
    no end is set): in ASCII, as every browser takes it
    (audit-review.card_submitted-2026-12-01_2026-12-07.csv), and in the reader's language
    (审计日志_提交评分表_2026-12-01至2026-12-07.csv, Audit-trail_Campaign-saved_2026-12-08.csv):
    the parts apart by "_", a space within one as "-", as no file system refuses and no
    shell splits."""
    plain, words = ["audit"], [str(_("审计日志"))]
    verb = (data.get("verb") or "").strip()
    if verb:
        group = verb.removesuffix(".")
        plain.append(group)
        words.append(
            str(verbs.GROUPS.get(group, group)) if verb.endswith(".") else verbs.label(verb)
        )
    if actor := (data.get("actor") or "").strip():
        plain.append(actor)
        words.append(actor)
    target = data.get("target") or Target()
    if target.kinds or target.pk or target.word:
        kind = target.kinds[0] if target.kinds else ""
        number = target.pk or target.word
        plain.append("-".join(filter(None, (kind.rpartition(".")[2], number))))
        words.append(" ".join(filter(None, (verbs.kind_label(kind), number))))
    since, until = data.get("since"), data.get("until") or timezone.localdate()
    if since and since != until:
        plain.append(f"{since:%Y-%m-%d}_{until:%Y-%m-%d}")
        words.append(
            _("%(since)s至%(until)s") % {"since": f"{since:%Y-%m-%d}", "until": f"{until:%Y-%m-%d}"}
        )
    else:
        plain.append(f"{until:%Y-%m-%d}")
        words.append(f"{until:%Y-%m-%d}")
    plain = [NOT_ASCII_NAME.sub("-", part).strip("-")[:60] for part in plain]
    words = [NOT_IN_FILE_NAMES.sub("-", part).strip("-")[:60] for part in words]
    return "-".join(filter(None, plain)) + ".csv", "_".join(filter(None, words)) + ".csv"


class _Echo:
    def write(self, value):
        return value


@login_required
def audit_export(request):
    form, events = _filtered(request)
    if form.is_bound and not form.is_valid():
        return HttpResponseBadRequest(
            form_errors(form),
            content_type="text/plain; charset=utf-8",
        )
    record(
        "audit.exported", actor=request.user, after={"filters": request.GET.dict()}, request=request
    )
    writer = csv.writer(_Echo())
    # The rows are written after the view returns, while the response streams: in the
    # language of the request, whatever the thread's is by then.
    language = translation.get_language()

    def rows():
        with translation.override(language):
            yield "\ufeff"  # so that spreadsheet programs read the file as UTF-8
            yield writer.writerow(export.header())
            for row in export.csv_rows(events[:EXPORT_LIMIT].iterator(chunk_size=export.CHUNK)):
                yield writer.writerow(row)

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    plain, words = export_names(form.cleaned_data if form.is_bound else {})
    response["Content-Disposition"] = (
        f"attachment; filename=\"{plain}\"; filename*=utf-8''{quote(words)}"
    )
    response["Cache-Control"] = "private, no-store"
    return response
