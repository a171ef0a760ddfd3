"""The admin's pages of an exemplar profile: editing it, its photo, publishing it to the
gallery (风采展示) and taking it back."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config.wording import form_errors
from members import scope
from members.choices import Role

from .. import files, gallery, rules
from ..errors import SelectionError
from ..forms import ProfileForm, ReasonForm
from ..models import ExemplarProfile
from .common import refuse, refuse_on_page


def _profile(request, profile_pk: int) -> ExemplarProfile:
    profile = get_object_or_404(
        ExemplarProfile.objects.select_related(
            "nomination__campaign__owner", "nomination__branch", "nomination__member"
        ),
        pk=profile_pk,
    )
    if not rules.can_view_nomination(request.user, profile.nomination):
        raise Http404
    if not rules.can_manage_campaign(request.user, profile.nomination.campaign):
        raise PermissionDenied
    return profile


@login_required
def profile_photo(request, profile_pk: int):
    """The profile's photo as its managers see it on the page, published or not."""
    return files.photo_response(request, _profile(request, profile_pk).photo)


@login_required
def profile_photo_preview(request, profile_pk: int):
    """The profile's photo cut small for its edit page (the full photo behind "查看原图")."""
    profile = _profile(request, profile_pk)
    return files.photo_preview_response(request, profile.photo, of=profile)


@login_required
def profile_edit(request, profile_pk: int):
    profile = _profile(request, profile_pk)
    organizations = scope.organizations(request.user, Role.ADMIN)
    form = ProfileForm(
        request.POST or None, request.FILES or None, instance=profile, organizations=organizations
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                gallery.update_profile(
                    profile,
                    data=form.cleaned_data,
                    photo=form.cleaned_data.get("photo"),
                    by=request.user,
                    request=request,
                )
            except SelectionError as error:  # the form again as typed, to be edited
                page = partial(_profile_page, request, profile, form)
                return refuse_on_page(request, error, page)
            messages.success(request, _("已保存。"))
            return redirect("selection:profile_edit", profile.pk)
        messages.error(request, form_errors(form))
        status = 400
    return _profile_page(request, profile, form, status=status)


def _profile_page(request, profile: ExemplarProfile, form, *, status: int = 200):
    # Personal data in a profile out already is said above the form (no publishing to block).
    exposed = gallery.personal_data_refusal(profile) if profile.published_at else ""
    blockers = gallery.publish_blockers(profile)
    context = {"profile": profile, "form": form, "blockers": blockers, "exposed": exposed}
    if profile.photo:  # under the photo's version: kept by the browser, a new photo a new URL
        preview = reverse("selection:profile_photo_preview", args=[profile.pk])
        context["photo_preview_url"] = f"{preview}?v={files.photo_version(profile.photo)}"
    return render(request, "selection/profile_edit.html", context, status=status)


@login_required
@require_POST
def profile_publish(request, profile_pk: int):
    profile = _profile(request, profile_pk)
    back = reverse("selection:profile_edit", args=[profile.pk])
    try:
        gallery.publish(profile, by=request.user, request=request)
    except SelectionError as error:
        return refuse(request, error, back)
    messages.success(request, _("已发布到风采展示。"))
    return redirect(back)


@login_required
@require_POST
def profile_unpublish(request, profile_pk: int):
    profile = _profile(request, profile_pk)
    back = reverse("selection:profile_edit", args=[profile.pk])
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写撤回理由（不超过 2000 字）。"))
        return redirect(back)
    try:
        gallery.unpublish(
            profile, reason=form.cleaned_data["reason"], by=request.user, request=request
        )
    except SelectionError as error:
        return refuse(request, error, back)
    messages.success(request, _("已撤回。"))
    return redirect(back)
