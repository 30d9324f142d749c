from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .public import listed_signatories


class InEveryLanguage(Sitemap):
    """Each address in each of the site's languages, with the others as its alternates."""

    i18n = True
    alternates = True
    x_default = True


class PagesSitemap(InEveryLanguage):
    def items(self):
        return ["home", "principles:editions", "registry:list", "registry:data"]

    def location(self, item):
        return reverse(item)


class OrganizationsSitemap(InEveryLanguage):
    """Listed organizations' profiles. Individuals are never in a sitemap."""

    # Addresses per page: a thousand organizations, each in three languages.
    limit = 3000

    def items(self):
        return (
            listed_signatories()
            .filter(kind="organization")
            .order_by("organization__slug")
            .values_list("organization__slug", flat=True)
        )

    def location(self, item):
        return reverse("organizations:profile", args=[item])
