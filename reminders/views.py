from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from . import queries, services


@login_required
@require_POST
def dismiss(request, pk: int):
    """Close one of the user's own sign-in reminders."""
    log = queries.reminder_for(request.user, pk)
    if log is None:
        raise Http404
    services.dismiss(log, by=request.user)
    return redirect("home")
