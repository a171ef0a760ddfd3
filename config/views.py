from django.contrib.auth.views import LoginView
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from reminders import queries as reminder_queries
from selection import queries as selection_queries
from selection.views import public

from . import health


@require_GET
def home(request):
    """For visitors, from the cache while the gallery is unchanged (PUBLIC_PAGES, as the
    gallery's pages); a signed-in user's home is theirs (campaigns, reminders) and never kept."""

    def render_page():
        context = {"exemplars": public.home_exemplars()}
        if request.user.is_authenticated:
            context["campaigns"] = list(selection_queries.campaigns(request.user)[:3])
            context["reminders"] = reminder_queries.banner(request.user, timezone.now())
            context["returned"] = selection_queries.returned_to(request.user)
        return render(request, "home.html", context)

    return public.cached_page(request, render_page)


@never_cache
def healthz(request):
    data, healthy = health.report()
    data["status"] = "ok" if healthy else "unavailable"
    return JsonResponse(data, status=200 if healthy else 503)


class ThrottledLoginView(LoginView):
    """Django's sign-in page; an address past the failed sign-in limit (members.login_throttle)
    is answered 429 with a page that says so, before any password is checked."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        from members import login_throttle

        if login_throttle.blocked(request):
            return render(request, "registration/address_throttled.html", status=429)
        return super().post(request, *args, **kwargs)
