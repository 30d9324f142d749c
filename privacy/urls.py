from django.urls import path

from . import views

urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("accounts/data/", views.download_data, name="account_data"),
    path("accounts/delete/", views.delete_account, name="account_delete"),
]
