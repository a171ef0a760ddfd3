from django.urls import path

from .views import manage, review, survey

app_name = "evaluations"
urlpatterns = [
    path("review/", review.queue, name="queue"),
    path("review/<int:nomination_pk>/", review.score, name="score"),
    path("review/<int:nomination_pk>/autosave/", review.autosave, name="autosave"),
    path("review/<int:nomination_pk>/conflict/", review.declare_conflict, name="conflict"),
    path("review/<int:nomination_pk>/photo/", review.photo, name="photo"),
    path(
        "review/<int:nomination_pk>/attachments/<int:attachment_pk>/",
        review.attachment,
        name="attachment",
    ),
    path("campaigns/<int:pk>/review/", manage.committee, name="committee"),
    path("campaigns/<int:pk>/review/criteria/", manage.save_criteria, name="save_criteria"),
    path("campaigns/<int:pk>/review/reviewers/", manage.add_reviewer, name="add_reviewer"),
    path(
        "campaigns/<int:pk>/review/reviewers/<int:reviewer_pk>/delete/",
        manage.remove_reviewer,
        name="remove_reviewer",
    ),
    path("campaigns/<int:pk>/review/auto-assign/", manage.auto_assign, name="auto_assign"),
    path(
        "campaigns/<int:pk>/review/nominations/<int:nomination_pk>/assign/",
        manage.assign,
        name="assign",
    ),
    path("campaigns/<int:pk>/review/cards/<int:card_pk>/delete/", manage.unassign, name="unassign"),
    path("campaigns/<int:pk>/review/cards/<int:card_pk>/reopen/", manage.reopen, name="reopen"),
    path("campaigns/<int:pk>/results/", manage.results, name="results"),
    path("campaigns/<int:pk>/results/shortlist/", manage.confirm_shortlist, name="shortlist"),
    path("campaigns/<int:pk>/results/<int:nomination_pk>/", manage.cards, name="cards"),
    path("nominations/<int:pk>/survey/", survey.manage, name="survey"),
    path("nominations/<int:pk>/survey/sheet/", survey.sheet, name="survey_sheet"),
    path("survey/<str:code>/", survey.public, name="survey_public"),
]
