"""The periodic tasks Celery beat sends (``CELERY_BEAT_SCHEDULE``); intervals in seconds.

Exactly one beat runs them for the whole deployment (config/beat.py); each task is idempotent."""

PERIODIC_TASKS = {
    # A phase moves within a minute of its deadline.
    "advance-campaign-phases": {"task": "selection.advance_phases", "schedule": 60.0},
    "flush-gallery-views": {"task": "selection.flush_views", "schedule": 300.0},
    "sweep-report-jobs": {"task": "reports.sweep", "schedule": 60.0},
    # Roster imports whose task was lost fail within a minute of ROSTER_STALE_SECONDS.
    "sweep-roster-imports": {"task": "members.sweep_rosters", "schedule": 60.0},
    "purge-report-files": {"task": "reports.purge", "schedule": 3600.0},
    "clear-expired-sessions": {"task": "members.clear_sessions", "schedule": 86400.0},
    # Personal data of nominations not selected, past UNSELECTED_RETENTION_DAYS (archives app).
    "delete-unselected-personal-data": {"task": "archives.delete_unselected", "schedule": 86400.0},
    # A reminder goes out within five minutes of its point (each once: reminders/services.py).
    "send-deadline-reminders": {"task": "reminders.send_due", "schedule": 300.0},
}
