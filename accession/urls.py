from django.urls import path

from . import views

app_name = "accession"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.accede_individual, name="accede"),
    path("new/organization/<slug:slug>/", views.accede_organization, name="accede_organization"),
    path("<str:public_id>/", views.detail, name="detail"),
    path("<str:public_id>/edit/", views.edit, name="edit"),
    path("<str:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<str:public_id>/listing/", views.change_listing, name="listing"),
    path("<str:public_id>/hide/", views.hide_now, name="hide"),
    path("<str:public_id>/respond/", views.respond, name="respond"),
]
