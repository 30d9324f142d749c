from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Accession, PrivateDataView


@admin.register(Accession)
class AccessionAdmin(SimpleHistoryAdmin):
    list_display = ["public_id", "kind", "status", "listing", "edition", "submitted_at"]
    list_filter = ["kind", "status", "listing", "edition"]
    raw_id_fields = ["user", "organization"]
    readonly_fields = ["public_id", "edition_fingerprint", "submitted_at", "decided_at"]


@admin.register(PrivateDataView)
class PrivateDataViewAdmin(admin.ModelAdmin):
    """The record of who opened whose private data; nobody edits it."""

    list_display = ["accession", "coordinator", "at"]
    list_select_related = ["accession", "coordinator"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
