from django.urls import path

from common import converters  # noqa: F401 - registers public_id and token

from . import views

app_name = "accession"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("new/", views.accede_individual, name="accede"),
    path("new/organization/<slug:slug>/", views.accede_organization, name="accede_organization"),
    path("claim/", views.claim, name="claim"),
    path("claims/<public_id:claim_id>/withdraw/", views.withdraw_claim, name="claim_withdraw"),
    path("take-over/", views.take_over, name="take_over"),
    path("<public_id:public_id>/", views.detail, name="detail"),
    path("<public_id:public_id>/edit/", views.edit, name="edit"),
    path("<public_id:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<public_id:public_id>/listing/", views.change_listing, name="listing"),
    path("<public_id:public_id>/hide/", views.hide_now, name="hide"),
    path("<public_id:public_id>/respond/", views.respond, name="respond"),
]
