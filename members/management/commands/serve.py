"""``manage.py serve``: ``runserver`` with the Celery worker and beat of the embedded default.

What ``make run`` starts. Without ``REDIS_URL`` the worker and beat run as threads of the serving
process (``config/embedded.py``): reports are built after the response and the periodic jobs run,
as in production. With ``REDIS_URL`` it is plain ``runserver``: start ``make worker`` and
``make beat`` beside it.
"""

from django.core.management import get_commands, load_command_class

from config import embedded

# The runserver that INSTALLED_APPS selects (whitenoise's, which leaves static files to it).
Runserver = type(load_command_class(get_commands()["runserver"], "runserver"))


class Command(Runserver):
    help = "Serve the portal for development, with the embedded Celery worker and beat."

    def get_handler(self, *args, **options):
        # Called in the process that serves (under the autoreloader, its child, not the watcher),
        # so the worker and beat run once, next to the requests.
        handler = super().get_handler(*args, **options)
        if embedded.start():
            self.stdout.write("Celery worker and beat running in this process (no REDIS_URL).")
        return handler
