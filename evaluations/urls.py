from django.urls import path

from .views import manage, node_committee, results, review, stages, survey

app_name = "evaluations"
urlpatterns = [
    path("review/", review.queue, name="queue"),
    path("review/<id:nomination_pk>/", review.score, name="score"),
    path("review/<id:nomination_pk>/autosave/", review.autosave, name="autosave"),
    path("review/<id:nomination_pk>/conflict/", review.declare_conflict, name="conflict"),
    path("review/<id:nomination_pk>/photo/", review.photo, name="photo"),
    path("review/<id:nomination_pk>/photo/preview/", review.photo_preview, name="photo_preview"),
    path(
        "review/<id:nomination_pk>/attachments/<id:attachment_pk>/",
        review.attachment,
        name="attachment",
    ),
    path("campaigns/<id:pk>/review/", manage.committee, name="committee"),
    path("campaigns/<id:pk>/review/criteria/", manage.save_criteria, name="save_criteria"),
    path("campaigns/<id:pk>/review/reviewers/", manage.add_reviewer, name="add_reviewer"),
    path(
        "campaigns/<id:pk>/review/reviewers/<id:reviewer_pk>/delete/",
        manage.remove_reviewer,
        name="remove_reviewer",
    ),
    path("campaigns/<id:pk>/review/auto-assign/", manage.auto_assign, name="auto_assign"),
    path(
        "campaigns/<id:pk>/review/nominations/<id:nomination_pk>/assign/",
        manage.assign,
        name="assign",
    ),
    path("campaigns/<id:pk>/review/cards/<id:card_pk>/delete/", manage.unassign, name="unassign"),
    path("campaigns/<id:pk>/review/cards/<id:card_pk>/reopen/", results.reopen, name="reopen"),
    path("campaigns/<id:pk>/results/", results.results, name="results"),
    path("campaigns/<id:pk>/results/shortlist/", results.confirm_shortlist, name="shortlist"),
    path("campaigns/<id:pk>/results/<id:nomination_pk>/", results.cards, name="cards"),
    path("campaigns/<id:pk>/stages/", stages.overview, name="stages"),
    path("campaigns/<id:pk>/stages/edit/", stages.configure, name="stages_configure"),
    path(
        "campaigns/<id:pk>/stages/<id:position>/<id:node_pk>/",
        stages.pool,
        name="stage_pool",
    ),
    path(
        "campaigns/<id:pk>/stages/<id:position>/<id:node_pk>/confirm/",
        stages.confirm,
        name="stage_confirm",
    ),
    path(
        "campaigns/<id:pk>/stages/<id:position>/<id:node_pk>/assign/",
        stages.assign,
        name="stage_assign",
    ),
    path(
        "campaigns/<id:pk>/stages/<id:position>/<id:node_pk>/withdraw/",
        stages.withdraw,
        name="stage_withdraw",
    ),
    path(
        "campaigns/<id:pk>/stages/<id:position>/<id:node_pk>/<id:nomination_pk>/eligible/",
        stages.eligible,
        name="stage_eligible",
    ),
    path(
        "campaigns/<id:pk>/stages/<id:position>/<id:node_pk>/<id:nomination_pk>/ineligible/",
        stages.ineligible,
        name="stage_ineligible",
    ),
    path(
        "campaigns/<id:pk>/stages/<id:position>/<id:node_pk>/committee/",
        node_committee.committee,
        name="node_committee",
    ),
    path(
        "campaigns/<id:pk>/stages/<id:position>/<id:node_pk>/committee/reviewers/",
        node_committee.add,
        name="node_committee_add",
    ),
    path(
        "campaigns/<id:pk>/stages/<id:position>/<id:node_pk>/committee/reviewers/"
        "<id:reviewer_pk>/delete/",
        node_committee.remove,
        name="node_committee_remove",
    ),
    path("nominations/<id:pk>/survey/", survey.manage, name="survey"),
    path("nominations/<id:pk>/survey/sheet/", survey.sheet, name="survey_sheet"),
    # Before the code's path, which "thanks" would otherwise match (a code is 22 characters).
    path("survey/thanks/", survey.thanks, name="survey_thanks"),
    path("survey/<str:code>/", survey.public, name="survey_public"),
]
