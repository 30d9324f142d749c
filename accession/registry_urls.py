from django.urls import path

from . import registry_views

app_name = "registry"
urlpatterns = [
    path("", registry_views.registry, name="list"),
    path("signatories.csv", registry_views.export_csv, name="csv"),
    path("signatories.json", registry_views.export_json, name="json"),
    path("data/", registry_views.data, name="data"),
    path("feed/", registry_views.NewSignatoriesFeed(), name="feed"),
    path("statistics/", registry_views.statistics, name="statistics"),
    path("<public_id:public_id>/", registry_views.entry, name="entry"),
    path("<public_id:public_id>/badge.svg", registry_views.badge, name="badge"),
]
