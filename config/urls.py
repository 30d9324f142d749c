from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from accession import views as accession_views
from accession.sitemaps import OrganizationsSitemap, PagesSitemap
from config import converters  # noqa: F401 - registers the converters used below
from config import views as config_views
from principles import views as principles_views

# The admin logs in through allauth, so its rate limits and two-factor login apply there too.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", principles_views.current_edition, name="home"),
    path("principles/", include("principles.urls")),
    path("accession/", include("accession.urls")),
    path("organizations/", include("organizations.urls")),
    path("review/", include("accession.review_urls")),
    path("registry/", include("accession.registry_urls")),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": PagesSitemap, "organizations": OrganizationsSitemap}},
        name="sitemap",
    ),
    path("privacy/", accession_views.privacy, name="privacy"),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("healthz", config_views.healthz, name="healthz"),
    path("robots.txt", config_views.robots, name="robots"),
]
