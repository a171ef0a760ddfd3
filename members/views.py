from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from config import keyset

from . import masking, queries, scope, services
from .choices import Role
from .forms import LinkUserForm

PAGE_SIZE = 50


def _require_member_role(user) -> None:
    if not scope.has_role(user, *scope.MEMBER_ROLES):
        raise PermissionDenied


@login_required
def member_list(request):
    _require_member_role(request.user)
    search = queries.clean_search(request.GET.get("q", ""))
    # By member number, "previous / next" from the unique index: neither the page nor the count
    # (capped) reads the whole scope, whatever its size.
    members = queries.member_list(request.user, search=search)
    page = keyset.keyset_page(
        members,
        "member_no",
        PAGE_SIZE,
        after=queries.clean_search(request.GET.get("after", ""), 32),
        before=queries.clean_search(request.GET.get("before", ""), 32),
    )
    count = keyset.capped_count(members)
    context = {"page": page, "search": search, "count": count, "more": count >= keyset.COUNT_CAP}
    return render(request, "members/member_list.html", context)


@login_required
def member_detail(request, pk: int):
    _require_member_role(request.user)
    member = queries.member_for(request.user, pk)
    may_reveal = scope.can_see_personal_data(request.user, member)
    reveal = masking.revealed(
        request,
        may=may_reveal,
        verb="member.personal_data_viewed",
        target=member,
        org_path=member.organization.path,
    )
    return render(
        request,
        "members/member_detail.html",
        {"member": member, "may_reveal": may_reveal, "reveal": reveal},
    )


@login_required
@require_POST
def link_user(request, pk: int):
    """An admin links a user account to this member record (conflicts of interest follow)."""
    _require_member_role(request.user)
    member = queries.member_for(request.user, pk)
    if not scope.within(request.user, member.organization.path, Role.ADMIN):
        raise PermissionDenied  # before the form: a secretary learns nothing from its errors
    form = LinkUserForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["username"]))
        return redirect("members:detail", pk)
    username = form.cleaned_data["username"]
    try:
        user = services.link_user_to_member(member, username, by=request.user, request=request)
    except services.LinkError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("账号 %(username)s 已关联到该党员。") % {"username": user.get_username()},
        )
    return redirect("members:detail", pk)
