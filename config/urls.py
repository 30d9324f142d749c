from django.contrib import admin
from django.urls import include, path

from accession import views as accession_views
from config import views as config_views
from principles import views as principles_views

urlpatterns = [
    path("", principles_views.current_edition, name="home"),
    path("principles/", include("principles.urls")),
    path("accession/", include("accession.urls")),
    path("organizations/", include("organizations.urls")),
    path("privacy/", accession_views.privacy, name="privacy"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", config_views.healthz, name="healthz"),
]
