from django.urls import path

from . import views

app_name = "principles"
urlpatterns = [
    path("editions/", views.edition_list, name="editions"),
    path("<int:number>/", views.edition_detail, name="edition"),
    path("compare/<int:a>/<int:b>/", views.compare, name="compare"),
]
