from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from . import health


def home(request):
    return render(request, "home.html")


@never_cache
def healthz(request):
    data, healthy = health.report()
    data["status"] = "ok" if healthy else "unavailable"
    return JsonResponse(data, status=200 if healthy else 503)
