from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from evaluations import queries as review_queries
from members import scope
from members.choices import Role
from reminders import queries as reminder_queries
from selection import queries as selection_queries
from selection.views import public

from . import health, languages
from .middleware import SessionLimitsMiddleware


@require_safe
def home(request):
    """For visitors, from the cache while the gallery is unchanged (PUBLIC_PAGES, as the
    gallery's pages); a signed-in user's home is theirs (campaigns, reminders) and never kept."""

    def render_page():
        context = {"exemplars": public.home_exemplars()}
        user = request.user
        if user.is_authenticated:
            reviewing = scope.has_role(user, Role.REVIEWER)
            context["campaigns"] = selection_queries.home_campaigns(user)
            context["reminders"] = reminder_queries.banner(user, timezone.now())
            context["reopened"] = review_queries.reopened_cards(user) if reviewing else []
            context["returned"], context["ineligible"] = selection_queries.secretary_notices(user)
        return render(request, "home.html", context)

    return public.cached_page(request, render_page)


@never_cache
def healthz(request):
    data, healthy = health.report()
    data["status"] = "ok" if healthy else "unavailable"
    return JsonResponse(data, status=200 if healthy else 503)


@never_cache
@require_safe
@login_required
def keep_alive(request):
    """Asked by static/js/keep-alive.js every few minutes while someone types in a long form
    (``data-keep-alive``): typing sends no request, and SessionLimitsMiddleware would sign the
    writer out after SESSION_IDLE_MINUTES. It counts as activity like any page; answered 204.

    A GET: any page opened counts as activity already, so it gives another site nothing new, it
    carries no CSRF token that signing in again in another tab would have made stale, and,
    signed out, it gets Django's redirect to the sign-in page (which the script reads as
    "signed out"), not the "what you typed was not saved" message of a form sent signed out."""
    SessionLimitsMiddleware.seen_now(request)
    return HttpResponse(status=204)


class ThrottledLoginView(LoginView):
    """Django's sign-in page; an address past the failed sign-in limit (members.login_throttle)
    is answered 429 with a page that says so, before any password is checked."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        from members import login_throttle

        if login_throttle.blocked(request):
            return render(request, "registration/address_throttled.html", status=429)
        return super().post(request, *args, **kwargs)


@csrf_exempt
def set_language(request):
    """Django's language switch, which keeps the choice in a cookie for this browser; a signed-in
    user's choice is also kept on their account, for their other browsers and their e-mails
    (``config.languages``).

    Without a CSRF check, so that it works from the public pages (cached, they carry no
    visitor's token). The account is still safe from other sites: the session cookie is
    SameSite=Lax, so their forms arrive signed out and change no one's saved language."""
    response = i18n.set_language(request)
    languages.remember(request.user, request.POST.get("language"))
    return response
