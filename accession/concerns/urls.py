from django.urls import path

from common import converters  # noqa: F401 - registers public_id

from . import views

app_name = "concerns"
urlpatterns = [
    path("", views.procedure, name="procedure"),
    path("new/", views.new, name="new"),
    path("case/", views.case, name="case"),
    path("mine/<public_id:public_id>/", views.mine, name="mine"),
    path("<public_id:public_id>/respond/", views.respond, name="respond"),
]
