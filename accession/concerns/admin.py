from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ReadOnlyAdmin

from .models import Concern, ConcernView


@admin.register(Concern)
class ConcernAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Concerns are handled on the review desk only, where recusal and the record of views
    apply."""

    list_display = ["public_id", "status", "outcome", "received_at", "closed_at"]
    list_filter = ["status", "outcome"]


@admin.register(ConcernView)
class ConcernViewAdmin(ReadOnlyAdmin):
    """The record of who opened a concern; nobody edits it."""

    list_display = ["concern", "coordinator", "at"]
    list_select_related = ["concern", "coordinator"]
