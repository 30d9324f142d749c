from django.urls import path

from common import converters  # noqa: F401 - registers public_id and token

from . import views

# The public profile, organizations:profile, is the registry's (config/urls.py adds it here).
app_name = "organizations"
urlpatterns = [
    path("new/", views.register, name="register"),
    path("invitations/<token:token>/", views.accept_invitation, name="accept_invitation"),
    path("manage/<slug:slug>/", views.manage, name="manage"),
    path("manage/<slug:slug>/edit/", views.edit, name="edit"),
    path("manage/<slug:slug>/invite/", views.invite, name="invite"),
    path("manage/<slug:slug>/remove/", views.remove_representative, name="remove"),
]
