from django.urls import path, re_path

from pledges import account, views
from pledges.data_out import api, exports, feeds

app_name = "pledges"
urlpatterns = [
    path("", views.home, name="home"),
    path("pledges/", views.pledge_list, name="list"),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge"),
    path("pledges/totals/", views.pledge_totals, name="totals"),
    path("pledges/pick/", views.pick, name="pick"),
    path("pledges/totals/summary/", views.totals_summary, name="totals-summary"),
    path("pledges/totals.csv", views.totals_csv, name="totals-csv"),
    path("countries/<str:code>/", views.country_detail, name="country"),
    path("leaders/<slug:slug>/", views.leader_detail, name="leader"),
    path("coalitions/<slug:slug>/", views.timeline, name="timeline"),
    path("organisations/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("methodology/", views.methodology, name="methodology"),
    path("conditions/", views.conditions, name="conditions"),
    path("conditions/<int:pk>/state/", views.condition_state, name="condition-state"),
    path("account/", account.account, name="account"),
    path("account/tokens/<int:pk>/revoke/", account.revoke_token, name="revoke-token"),
    # Data out (exports, feed, JSON API): views live in pledges/data_out/exports.py, feeds.py, api.py.
    re_path(r"^pledges/export\.(?P<fmt>csv|xlsx|json)$", exports.export, name="export"),
    path("pledges/feed/", feeds.pledge_feed, name="feed"),
    path("api/", api.docs, name="api-docs"),
    path("api/pledges/", api.pledge_list, name="api-pledges"),
    path("api/pledges/<int:pk>/", api.pledge_detail, name="api-pledge"),
]
