from django.urls import path

from common import converters  # noqa: F401 - registers public_id and token

from . import views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<public_id:public_id>/", views.request_page, name="request"),
    path("<public_id:public_id>/<slug:action>/", views.act, name="act"),
]
