from django.urls import path

from . import review_views

app_name = "review"
urlpatterns = [
    path("", review_views.queue, name="queue"),
    path("<public_id:public_id>/", review_views.request_page, name="request"),
    path("<public_id:public_id>/<slug:action>/", review_views.act, name="act"),
]
