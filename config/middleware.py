import logging
import time
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.log import log_response
from django.utils.translation import gettext as _

from . import errors, languages


class NulCharacterMiddleware:
    """A NUL character has no place in an address or a header, and PostgreSQL refuses text that
    holds one: wherever a part of the path or a header is looked up or recorded (a survey code,
    a profile's slug in the API, the session cookie, the User-Agent django-axes keeps at sign-in)
    the query would fail with a 500. Such a request is answered 400 before anything reads it.
    (Form fields and search boxes refuse a NUL on their own, with a message at the field.)"""

    logger = logging.getLogger("django.security.NulCharacter")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or any(
            "\x00" in value for key, value in request.META.items() if key.startswith("HTTP_")
        ):
            response = errors.bad_request(request)
            # Hostile input, not a fault of the portal: one warning line (the path escaped),
            # no traceback; Django logs the response no second time.
            log_response(
                "NUL character in the path or a header: %s",
                request.path,
                response=response,
                request=request,
                logger=self.logger,
            )
            return response
        return self.get_response(request)


class ChosenLanguageMiddleware:
    """Pages in the language ``config.languages.of_request`` picks: Chinese unless the user
    chose otherwise (the switch's cookie, or a signed-in user's saved choice). In MIDDLEWARE
    after AuthenticationMiddleware, as the signed-in user decides where there is no cookie.

    Signed in, the account without a language of its own takes the browser's here
    (``languages.keep_browser_choice``): on the first request after signing in, or the next one
    of a session begun before accounts kept a language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        languages.keep_browser_choice(request)
        language = languages.of_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class SessionLimitsMiddleware:
    """Signs a user out after SESSION_IDLE_MINUTES without a request, or SESSION_COOKIE_AGE
    after signing in, whichever comes first; under the strict password policy, sends a user
    whose password is older than PASSWORD_MAX_AGE_DAYS to change it first (on any page but
    those of ``_exempt``)."""

    SEEN, SIGNED_IN = "_seen", "_signed_in"
    # Write the last-seen time at most this often (a session write per request is wasteful).
    RESOLUTION = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            session = request.session
            signed_in = session.setdefault(self.SIGNED_IN, now)
            seen = session.get(self.SEEN, now)
            if (
                now - seen > settings.SESSION_IDLE_MINUTES * 60
                or now - signed_in > settings.SESSION_COOKIE_AGE
            ):
                logout(request)
                messages.info(request, _("您已较长时间未操作，请重新登录。"))
                return redirect_to_login(request.get_full_path())
            if now - seen >= self.RESOLUTION or self.SEEN not in session:
                session[self.SEEN] = now
            if self._password_expired(user) and request.path not in self._exempt():
                messages.warning(request, _("密码已超过有效期，请先修改密码。"))
                return redirect("password_change")
        return self.get_response(request)

    @classmethod
    def stamp(cls, sender, request, user, **kwargs):
        """On sign-in (``user_logged_in``): the clock of both limits starts now."""
        if request is not None and hasattr(request, "session"):
            now = int(time.time())
            request.session[cls.SIGNED_IN] = now
            request.session[cls.SEEN] = now

    @classmethod
    def seen_now(cls, request):
        """The idle clock starts again now, whatever the RESOLUTION (the keep-alive's request,
        which comes every few minutes only, each meant to count)."""
        request.session[cls.SEEN] = int(time.time())

    @staticmethod
    def _password_expired(user) -> bool:
        days = settings.PASSWORD_MAX_AGE_DAYS
        changed = getattr(user, "password_changed_at", None)
        return bool(days and changed and timezone.now() - changed > timedelta(days=days))

    @staticmethod
    def _exempt() -> set[str]:
        # The keep-alive (config.views.keep_alive) too: a form's ping is no page to send anyone
        # on from, and its script reads a redirect as "signed out". The next page the user opens
        # still sends them to change the password.
        return {
            reverse("password_change"),
            reverse("password_change_done"),
            reverse("logout"),
            reverse("keep_alive"),
        }


class SecondFactorMiddleware:
    """A user with a confirmed TOTP device must enter a code after the password before anything
    else; with OTP_REQUIRED_FOR_ADMINS, an admin without one is sent to set it up first.

    Whether the user has a device is noted in the session at sign-in (one query then, none per
    request)."""

    PENDING = "_otp_pending"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from members import otp

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return self.get_response(request)
        # Most users have no second factor: decide that first (a session key, a setting),
        # and look at the path only for those who must stop.
        pending = request.session.get(self.PENDING)
        if pending and not self._exempt(request.path, setting_up=False):
            # A device to answer for: only the code page (not setup, which would hand out a
            # fresh secret and let the password alone replace the second factor).
            return redirect_to_login(request.get_full_path(), reverse("otp_verify"))
        if not pending and otp.required_for(user) and not self._exempt(request.path):
            messages.warning(request, _("请先设置两步验证（动态口令）。"))
            return redirect("otp_setup")
        return self.get_response(request)

    @classmethod
    def stamp(cls, sender, request, user, **kwargs):
        """On sign-in (``user_logged_in``): does this user have a second factor to enter?"""
        from members import otp

        if request is not None and hasattr(request, "session"):
            request.session[cls.PENDING] = otp.has_device(user)

    @staticmethod
    def _exempt(path: str, *, setting_up: bool = True) -> bool:
        exempt = {reverse("otp_verify"), reverse("logout"), reverse("set_language")}
        exempt.add(reverse("healthz"))
        if setting_up:
            exempt.add(reverse("otp_setup"))
        return path.startswith(settings.STATIC_URL) or path in exempt


class PrivatePagesMiddleware:
    """A page made for a signed-in user (unmasked personal data, nominations, their name in the
    navigation bar) is kept by no cache at all: ``Cache-Control: private, no-store`` unless the
    view said otherwise. Visitors' public pages are left to their views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


def came_from(request) -> str:
    """The portal page (path and query) a request was sent from: htmx's HX-Current-URL, else
    the Referer, when it is of this site (same host, not http under https); "" otherwise."""
    for url in (request.headers.get("HX-Current-URL", ""), request.headers.get("Referer", "")):
        try:
            parts = urlsplit(url)
        except ValueError:  # not an address at all ("http://[x": a bracket never closed)
            continue
        page = parts.path + (f"?{parts.query}" if parts.query else "")
        if (
            url
            and page.startswith("/")
            and url_has_allowed_host_and_scheme(
                url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            )
            # The path alone must be safe too (a path "//host/..." is another site's address).
            and url_has_allowed_host_and_scheme(page, allowed_hosts={request.get_host()})
        ):
            return page
    return ""


class SignedOutMiddleware:
    """One rule for a request that is sent to the sign-in page because nobody is signed in
    (``login_required``, or SessionLimitsMiddleware ending a session):

    - an htmx request is answered 401 with a status line and a sign-in link back to its page,
      which htmx swaps where the answer would have gone (as it does the autosave's 422), never
      the sign-in page itself; where that is the element that asked (a polling row), into the
      page's ``#signed-out`` area instead (``HX-Retarget``);
    - a form sent (POST) goes to the sign-in page with ``next`` = the page the form was on (an
      address made for POSTs only cannot be opened afterwards), and that page says what was lost;
    - anything else keeps Django's redirect.

    In MIDDLEWARE after the frame and CSP middleware (its answers get their headers) and
    before SessionLimitsMiddleware (whose end of a session it sees)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 302 or request.user.is_authenticated:
            return response
        if not self._signs_in_for(request, response.get("Location", "")):
            return response
        page = came_from(request)
        if request.headers.get("HX-Request") == "true":
            sign_in = resolve_url(settings.LOGIN_URL)
            if page:
                sign_in += "?" + urlencode({"next": page})
            answer = render(request, "components/signed_out.html", {"sign_in": sign_in}, status=401)
            # Shown even where the page picks a part of the answer (hx-select).
            answer["HX-Reselect"] = ".signed-out"
            if self._replaces_itself(request):
                # A polling row (a report job, the roster import's status) asks for itself: the
                # line in its place would take a row out of its table. It goes to the page's
                # #signed-out area instead, and the row, left as it was, polls no more (it
                # polls by replacing itself, ``load delay:2s``, and is not replaced).
                answer["HX-Retarget"] = "#signed-out"
                answer["HX-Reswap"] = "innerHTML"
            return answer
        if request.method == "POST":
            lost = _("登录已过期，请重新登录后再提交（刚才填写的内容未能保存）。")
            messages.warning(request, lost)
            return redirect_to_login(page) if page else redirect(settings.LOGIN_URL)
        return response

    @staticmethod
    def _replaces_itself(request) -> bool:
        """An htmx request whose answer would take the place of the element that sent it (its
        target is itself, both named by id in htmx's headers)."""
        target = request.headers.get("HX-Target")
        return bool(target) and target == request.headers.get("HX-Trigger")

    @staticmethod
    def _signs_in_for(request, location: str) -> bool:
        """A redirect to the sign-in page that would come back to this very request (not, say,
        the language switch returning to the sign-in page)."""
        parts = urlsplit(location)
        back = parse_qs(parts.query).get("next", [""])[0]
        return parts.path == resolve_url(settings.LOGIN_URL) and back == request.get_full_path()


class NotAllowedPageMiddleware:
    """An address made for a form (``require_POST``, ``require_http_methods``, a class-based
    view's methods) opened directly — a reload, a bookmark, a link — answers 405 with a page in
    the portal's layout saying so and a link back, not Django's empty 405 (a browser's own error
    page). Answers that already say something (the API's) are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            isinstance(response, HttpResponseNotAllowed)
            and request.method in ("GET", "HEAD")
            and not response.content
        ):
            back = came_from(request)
            if back in ("", request.get_full_path()) or back.startswith(
                resolve_url(settings.LOGIN_URL)
            ):
                back = reverse("home")
            page = render(request, "errors/405.html", {"back": back}, status=405)
            page["Allow"] = response["Allow"]
            return page
        return response
