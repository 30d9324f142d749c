from django.urls import path

from common import converters  # noqa: F401 - registers public_id and token

from . import import_views, views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("import/", import_views.upload, name="import"),
    path("import/confirm/", import_views.confirm, name="import_confirm"),
    path("import/signatories.csv", import_views.template, name="import_template"),
    path("<public_id:public_id>/", views.request_page, name="request"),
    path("<public_id:public_id>/<slug:action>/", views.act, name="act"),
]
