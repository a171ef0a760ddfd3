"""Two-step sign-in pages: set up the authenticator app, enter a code after the password, turn
it off (which needs a current code)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from . import otp, scope
from .choices import Role


class TokenForm(forms.Form):
    token = forms.RegexField(
        label=gettext_lazy("动态口令"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("请输入验证器应用显示的 6 位数字。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 8}
        ),
    )


class ReplaceForm(TokenForm):
    """Setting up a new phone while one is set up: a code of the old one as well."""

    current_token = forms.RegexField(
        label=gettext_lazy("当前手机上的动态口令"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": gettext_lazy("请输入验证器应用显示的 6 位数字。")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 8}
        ),
    )

    field_order = ["current_token", "token"]


def _require_admin(user) -> None:
    if not scope.has_role(user, Role.ADMIN):
        raise PermissionDenied


@login_required
def setup(request):
    """Set up (or replace) the second factor: scan the QR code, confirm with a code."""
    _require_admin(request.user)
    enabled = otp.has_device(request.user)
    if enabled and not request.user.is_verified():
        # Signed in with the password only: the code first (never a fresh secret).
        return redirect_to_login(request.get_full_path(), reverse("otp_verify"))
    form = (ReplaceForm if enabled else TokenForm)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.confirm(
            request.user,
            form.cleaned_data["token"],
            request=request,
            current_token=form.cleaned_data.get("current_token", ""),
        ):
            messages.success(request, _("两步验证已开启，以后登录时需输入动态口令。"))
            return redirect("home")
        form.add_error("token", _("动态口令不正确，请核对手机时间后重试。"))
    device = otp.pending_device(request.user)
    return render(
        request,
        "registration/otp_setup.html",
        {
            "form": form,
            "qr": otp.qr_data_uri(device),
            "secret": device.config_url.split("secret=")[1].split("&")[0],
            "enabled": enabled,
        },
    )


@login_required
def verify(request):
    """The second step of signing in."""
    if not otp.has_device(request.user) or request.user.is_verified():
        return redirect("home")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if otp.verify(request, form.cleaned_data["token"]):
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
                target = "home"
            return redirect(target)
        form.add_error("token", _("动态口令不正确或尝试过于频繁，请稍后重试。"))
    return render(request, "registration/otp_verify.html", {"form": form})


@login_required
@require_POST
def disable(request):
    _require_admin(request.user)
    if otp.required_for(request.user):
        messages.error(request, _("本系统要求管理员必须使用两步验证。"))
        return redirect("otp_setup")
    form = TokenForm(request.POST)
    if not form.is_valid() or not otp.verify(request, form.cleaned_data["token"]):
        messages.error(request, _("动态口令不正确，两步验证未关闭。"))
        return redirect("otp_setup")
    otp.disable(request.user, request=request)
    messages.success(request, _("两步验证已关闭。"))
    return redirect("home")
