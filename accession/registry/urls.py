from django.urls import path

from common import converters  # noqa: F401 - registers public_id and token
from common.page_cache import shared_page

from . import views

# The registry's pages, under the reader's language (/be/registry/…).
app_name = "registry"
urlpatterns = [
    path("", views.registry, name="list"),
    path("data/", views.data, name="data"),
    path("statistics/", views.statistics, name="statistics"),
    path("<public_id:public_id>/", views.entry, name="entry"),
]

# Its machine-readable outputs, at language-neutral addresses (/registry/signatories.csv); their
# labels follow a `lang` parameter or stay English.
open_data_patterns = (
    [
        path("signatories.csv", views.export_csv, name="csv"),
        path("signatories.json", views.export_json, name="json"),
        path("feed/", shared_page(views.NewSignatoriesFeed()), name="feed"),
        path("<public_id:public_id>/badge.svg", views.badge, name="badge"),
    ],
    "open_data",
)
