from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnly:
    """Shown in the admin, changed only through the site's own pages and services, where the
    rules live (review, recusal, four eyes, notifications, history, the tally): the admin must
    not be a side door around them. For model admins and inlines alike."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnly, admin.ModelAdmin):
    pass
