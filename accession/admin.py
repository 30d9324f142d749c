from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Accession


@admin.register(Accession)
class AccessionAdmin(SimpleHistoryAdmin):
    list_display = ["public_id", "kind", "status", "listing", "edition", "submitted_at"]
    list_filter = ["kind", "status", "listing", "edition"]
    raw_id_fields = ["user", "organization"]
    readonly_fields = ["public_id", "edition_fingerprint", "submitted_at", "decided_at"]
