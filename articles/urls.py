from django.urls import path

from articles.views import add_pledge, articles, candidates, review

app_name = "articles"
urlpatterns = [
    path("articles/", articles.article_list, name="list"),
    path("articles/upload/", articles.upload, name="upload"),
    path("articles/requeue/", articles.article_requeue, name="requeue"),
    path("articles/<int:pk>/", articles.article_detail, name="detail"),
    path("articles/<int:pk>/status/", articles.article_status, name="status"),
    path("articles/<int:pk>/file/", articles.article_file, name="file"),
    path("articles/<int:pk>/edit/", articles.article_edit, name="edit"),
    path("articles/<int:pk>/archive/", articles.article_archive, name="archive"),
    path("articles/<int:pk>/restore/", articles.article_restore, name="restore"),
    path("articles/<int:pk>/pledges/new/", add_pledge.pledge_add, name="pledge_add"),
    path("review/", review.review_queue, name="review"),
    path("review/bulk/", review.review_bulk, name="review_bulk"),
    path("review/undo/", review.review_undo, name="review_undo"),
    path("review/pledges/<int:pk>/", review.pledge_card, name="pledge_card"),
    path("review/pledges/<int:pk>/confirm/", review.pledge_confirm, name="pledge_confirm"),
    path("review/pledges/<int:pk>/reject/", review.pledge_reject, name="pledge_reject"),
    path("review/pledges/<int:pk>/edit/", review.pledge_edit, name="pledge_edit"),
    path("review/pledges/<int:pk>/restates/", review.pledge_restates, name="pledge_restates"),
    path("review/pledges/<int:pk>/reopen/", review.pledge_reopen, name="pledge_reopen"),
    path("review/pledges/<int:pk>/history/", review.pledge_history, name="pledge_history"),
    path("review/possible/<int:pk>/dismiss/", review.possible_dismiss, name="possible_dismiss"),
    path(
        "review/candidates/<str:kind>/<int:pk>/accept/", candidates.candidate_accept, name="candidate_accept"
    ),
    path("review/candidates/<str:kind>/<int:pk>/alias/", candidates.candidate_alias, name="candidate_alias"),
    path(
        "review/candidates/<str:kind>/<int:pk>/dismiss/",
        candidates.candidate_dismiss,
        name="candidate_dismiss",
    ),
]
