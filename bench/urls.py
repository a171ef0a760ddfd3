from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal


def trivial(request):
    """T0: the cheapest response through the same middleware."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("__bench__/trivial", trivial), *portal]
