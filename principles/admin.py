from django.contrib import admin

from common.admin import ReadOnlyAdmin

from .models import Edition, Principle


class PrincipleInline(admin.TabularInline):
    model = Principle
    extra = 0
    can_delete = False
    readonly_fields = ["number", "title", "body"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin):
    """Editions come from fixtures/ through load_principles; the admin only shows them."""

    list_display = ["number", "language", "status", "adoption_date", "fingerprint"]
    list_filter = ["language", "status"]
    inlines = [PrincipleInline]
