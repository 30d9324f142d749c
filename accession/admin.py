from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ReadOnlyAdmin

from .models import Accession, PrivateDataView, Signatory


@admin.register(Accession)
class AccessionAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """State changes happen on the review desk only."""

    list_display = ["public_id", "kind", "status", "edition", "submitted_at"]
    list_filter = ["kind", "status", "edition"]


@admin.register(Signatory)
class SignatoryAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["public_id", "kind", "listing", "hidden_at", "acceded_at"]
    list_filter = ["kind", "listing"]


@admin.register(PrivateDataView)
class PrivateDataViewAdmin(ReadOnlyAdmin):
    """The record of who opened whose private data; nobody edits it."""

    list_display = ["accession", "coordinator", "at"]
    list_select_related = ["accession", "coordinator"]
