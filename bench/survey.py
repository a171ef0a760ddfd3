"""Issue 37 item 13: issuing a batch of survey codes and opening their printable sheet, each
under a second for 500 codes. Used by ``make bench`` (bench/run.py) and by
tests/evaluations/test_bench_survey.py."""

from __future__ import annotations

import time

from django.test import Client
from django.urls import reverse

TARGET_SECONDS = 1.0


def rows(nomination, by, count: int = 500) -> list[dict]:
    """Issue ``count`` codes for ``nomination`` as ``by``, then open the sheet as ``by``."""
    from evaluations import services
    from evaluations.models import SurveyCode

    start = time.perf_counter()
    services.issue_codes(nomination, count, by=by)
    issued = time.perf_counter() - start

    client = Client()
    client.force_login(by)
    unused = SurveyCode.objects.filter(survey__nomination=nomination, used_at__isnull=True).count()
    start = time.perf_counter()
    response = client.get(reverse("evaluations:survey_sheet", args=[nomination.pk]))
    body = response.content
    sheet = time.perf_counter() - start
    return [
        {
            "name": f"survey codes: issue {count}",
            "figure": round(issued, 3),
            "unit": "s",
            "target": f"<= {TARGET_SECONDS:g} s",
            "met": issued <= TARGET_SECONDS,
        },
        {
            "name": f"survey codes: printable sheet of {unused}",
            "figure": round(sheet, 3),
            "unit": "s",
            "size_kb": len(body) // 1024,
            "target": f"<= {TARGET_SECONDS:g} s, HTTP 200",
            "met": sheet <= TARGET_SECONDS and response.status_code == 200,
        },
    ]
