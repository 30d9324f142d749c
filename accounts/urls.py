from django.urls import path

from . import views

urlpatterns = [
    path("", views.account_home, name="account_home"),
    path("data/", views.download_data, name="account_data"),
    path("delete/", views.delete_account, name="account_delete"),
]
