from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from organizations.models import Organization

from .public import listed_accessions


class PagesSitemap(Sitemap):
    def items(self):
        return ["home", "principles:editions", "registry:list", "registry:data"]

    def location(self, item):
        return reverse(item)


class OrganizationsSitemap(Sitemap):
    """Listed organizations' profiles. Individuals are never in a sitemap."""

    def items(self):
        return (
            Organization.objects.filter(
                accessions__in=listed_accessions().filter(kind="organization")
            )
            .distinct()
            .order_by("slug")
            .only("slug")
        )

    def location(self, item):
        return reverse("organizations:profile", args=[item.slug])
