"""The site's addresses: each app's URLs under its prefix, with their names unchanged.

Every page carries its language in its address (/be/…, /ru/…, /en/…), so a shared link opens in
the language it was shared in; machine outputs (CSV, JSON, Atom, badges, the sitemap,
robots.txt, /healthz) and the admin keep language-neutral addresses.
"""

from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path

from accession import views as accession_views
from accession.registry import views as registry_views
from accession.registry.sitemaps import OrganizationsSitemap, PagesSitemap
from accession.registry.urls import open_data_patterns
from accounts import views as accounts_views
from common import views as common_views
from common.page_cache import shared_page
from organizations import urls as organizations_urls
from principles import views as principles_views

# The admin logs in through allauth, so its rate limits and two-factor login apply there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

# An organization's public profile belongs to the registry, which organizations may not import;
# its address and name stay the organizations' own.
SITEMAPS = {"pages": PagesSitemap, "organizations": OrganizationsSitemap}

organizations_patterns = [
    *organizations_urls.urlpatterns,
    path("<slug:slug>/", registry_views.organization_profile, name="profile"),
]

urlpatterns = [
    path("registry/", include(open_data_patterns)),
    # An index of sections, each in pages of a bounded size, so no request builds a sitemap
    # of every organization at once.
    path(
        "sitemap.xml",
        shared_page(sitemaps.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        shared_page(sitemaps.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("language/", accounts_views.choose_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("healthz", common_views.healthz, name="healthz"),
    path("robots.txt", common_views.robots, name="robots"),
    *i18n_patterns(
        path("", principles_views.current_edition, name="home"),
        path("principles/", include("principles.urls")),
        path("accession/", include("accession.urls")),
        path("organizations/", include((organizations_patterns, organizations_urls.app_name))),
        path("review/", include("accession.review.urls")),
        path("registry/", include("accession.registry.urls")),
        path("concerns/", include("accession.concerns.urls")),
        path("", include("privacy.urls")),
        # The account page shows where the person's accessions stand: the accession app's.
        path("accounts/", accession_views.account_home, name="account_home"),
        path("accounts/", include("allauth.urls")),
    ),
]
