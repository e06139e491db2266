from django.urls import path

from articles import views

app_name = "articles"
urlpatterns = [
    path("articles/", views.article_list, name="list"),
    path("articles/upload/", views.upload, name="upload"),
    path("articles/requeue/", views.article_requeue, name="requeue"),
    path("articles/<int:pk>/", views.article_detail, name="detail"),
    path("articles/<int:pk>/status/", views.article_status, name="status"),
    path("articles/<int:pk>/file/", views.article_file, name="file"),
    path("articles/<int:pk>/edit/", views.article_edit, name="edit"),
    path("articles/<int:pk>/archive/", views.article_archive, name="archive"),
    path("articles/<int:pk>/restore/", views.article_restore, name="restore"),
    path("articles/<int:pk>/pledges/new/", views.pledge_add, name="pledge_add"),
    path("review/", views.review_queue, name="review"),
    path("review/bulk/", views.review_bulk, name="review_bulk"),
    path("review/undo/", views.review_undo, name="review_undo"),
    path("review/pledges/<int:pk>/", views.pledge_card, name="pledge_card"),
    path("review/pledges/<int:pk>/confirm/", views.pledge_confirm, name="pledge_confirm"),
    path("review/pledges/<int:pk>/reject/", views.pledge_reject, name="pledge_reject"),
    path("review/pledges/<int:pk>/edit/", views.pledge_edit, name="pledge_edit"),
    path("review/pledges/<int:pk>/restates/", views.pledge_restates, name="pledge_restates"),
    path("review/pledges/<int:pk>/reopen/", views.pledge_reopen, name="pledge_reopen"),
    path("review/pledges/<int:pk>/history/", views.pledge_history, name="pledge_history"),
    path("review/candidates/<int:pk>/accept/", views.candidate_accept, name="candidate_accept"),
    path("review/candidates/<int:pk>/alias/", views.candidate_alias, name="candidate_alias"),
    path("review/candidates/<int:pk>/dismiss/", views.candidate_dismiss, name="candidate_dismiss"),
    path(
        "review/organisation-candidates/<int:pk>/accept/",
        views.org_candidate_accept,
        name="org_candidate_accept",
    ),
    path(
        "review/organisation-candidates/<int:pk>/alias/",
        views.org_candidate_alias,
        name="org_candidate_alias",
    ),
    path(
        "review/organisation-candidates/<int:pk>/dismiss/",
        views.org_candidate_dismiss,
        name="org_candidate_dismiss",
    ),
]
