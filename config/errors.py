"""Error pages in the portal's layout (no traceback ever reaches a user)."""

from django.shortcuts import render

from audit.services import record


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    # Every refusal is audited: a pattern of 403s is how probing shows.
    record(
        "http.403",
        actor=getattr(request, "user", None),
        after={"path": request.path[:200], "method": request.method},
        request=request,
    )
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)
