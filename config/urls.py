from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.health import healthz, readyz

urlpatterns = [
    path("", include("pledges.urls")),
    path("", include("articles.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
]

admin.site.site_header = "Pledgewatch administration"
admin.site.site_title = "Pledgewatch admin"

handler500 = "config.errors.server_error"
