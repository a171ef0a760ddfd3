"""How the API writes JSON: plain UTF-8 (no ``\\uXXXX`` escapes), one encoder. ninja's
answers (:class:`Renderer`), the cached public answers (:func:`dumps`) and the errors
(:func:`response`) all go through here, so every answer reads the same."""

from __future__ import annotations

from django.http import JsonResponse
from ninja.renderers import JSONRenderer


class Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


def dumps(payload) -> bytes:
    """``payload`` as the API's JSON, encoded (UTF-8)."""
    return Renderer().render(None, payload, response_status=200).encode()


def response(payload, *, status: int = 200) -> JsonResponse:
    """A JSON answer made outside ninja's views (errors, the root, unknown paths)."""
    return JsonResponse(
        payload,
        status=status,
        encoder=Renderer.encoder_class,
        json_dumps_params=Renderer.json_dumps_params,
        safe=False,
    )
