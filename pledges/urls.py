from django.urls import path

from pledges import views

app_name = "pledges"
urlpatterns = [
    path("", views.home, name="home"),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge"),
    path("countries/<str:code>/", views.country_detail, name="country"),
    path("leaders/<slug:slug>/", views.leader_detail, name="leader"),
    path("coalitions/<slug:slug>/", views.organisation_detail, name="organisation"),
]
