"""The documented production deployment serves pages: collectstatic with the manifest storage,
then the WSGI application with DEBUG off answers the pages and the hashed assets."""

import secrets

from tests.config.scripts import run_script

# Run in a separate process: DEBUG and the static storage are fixed when settings are imported.
SCRIPT = """
import json, sys
import django
from django.core.management import call_command

django.setup()
call_command("migrate", verbosity=0)
call_command("collectstatic", interactive=False, verbosity=0)

from wsgiref.util import setup_testing_defaults
from django.contrib.staticfiles.storage import staticfiles_storage
from config.wsgi import application

paths = ["/", "/gallery/", "/accounts/login/",
         staticfiles_storage.url("css/app.css"), staticfiles_storage.url("vendor/htmx/htmx.min.js")]
answers = {}
for path in paths:
    environ = {"PATH_INFO": path, "HTTP_HOST": "portal.example.org", "wsgi.url_scheme": "https",
               "HTTPS": "on", "SERVER_PORT": "443"}
    setup_testing_defaults(environ)
    status = []
    body = b"".join(application(environ, lambda s, h, exc_info=None: status.append(s)))
    answers[path] = [int(status[0].split()[0]), len(body)]
print(json.dumps(answers))
"""


def test_collectstatic_then_pages_and_assets_answer_200_with_debug_off(tmp_path):
    answers = run_script(
        SCRIPT,
        tmp_path,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="portal.example.org",
    )
    statuses = {path: status for path, (status, _size) in answers.items()}
    assert statuses == dict.fromkeys(answers, 200)
    assert all(size > 0 for _status, size in answers.values())
    css = next(path for path in answers if path.endswith(".css"))
    assert css != "/static/css/app.css"  # the manifest's hashed name, served far-future
    assert (tmp_path / "staticfiles" / "staticfiles.json").is_file()
