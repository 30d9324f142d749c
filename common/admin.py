from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown in the admin, changed only through the site's own pages and services, where the
    rules live (review, recusal, four eyes, notifications, history, the tally): the admin must
    not be a side door around them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
