from django.urls import path

from common import converters  # noqa: F401 - registers public_id and token

from . import assisted_views, claim_views, concern_views, import_views, views

app_name = "review"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("import/", import_views.upload, name="import"),
    path("import/confirm/", import_views.confirm, name="import_confirm"),
    path("import/signatories.csv", import_views.template, name="import_template"),
    path("claims/", claim_views.claim_list, name="claims"),
    path("claims/<public_id:claim_id>/", claim_views.claim_page, name="claim"),
    path("claims/<public_id:claim_id>/<slug:action>/", claim_views.claim_act, name="claim_act"),
    path("concerns/", concern_views.concern_list, name="concerns"),
    path("concerns/<public_id:concern_id>/", concern_views.concern_page, name="concern"),
    path(
        "concerns/<public_id:concern_id>/<slug:action>/",
        concern_views.concern_act,
        name="concern_act",
    ),
    path("assisted/new/", assisted_views.new, name="assisted-new"),
    path(
        "assisted/<public_id:public_id>/claim-code/",
        assisted_views.claim_code,
        name="assisted-claim-code",
    ),
    path(
        "assisted/<public_id:public_id>/hide/",
        assisted_views.on_request,
        {"action": "hide"},
        name="assisted-hide",
    ),
    path(
        "assisted/<public_id:public_id>/withdraw/",
        assisted_views.on_request,
        {"action": "withdraw"},
        name="assisted-withdraw",
    ),
    path("<public_id:public_id>/", views.request_page, name="request"),
    path("<public_id:public_id>/<slug:action>/", views.act, name="act"),
]
