from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.registry, name="list"),
    path("signatories.csv", views.export_csv, name="csv"),
    path("signatories.json", views.export_json, name="json"),
    path("data/", views.data, name="data"),
    path("feed/", views.NewSignatoriesFeed(), name="feed"),
    path("statistics/", views.statistics, name="statistics"),
    path("<public_id:public_id>/", views.entry, name="entry"),
    path("<public_id:public_id>/badge.svg", views.badge, name="badge"),
]
