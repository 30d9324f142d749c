from django.contrib import admin

from common.admin import ReadOnly, ReadOnlyAdmin

from .models import Edition, Principle


class PrincipleInline(ReadOnly, admin.TabularInline):
    model = Principle
    extra = 0
    readonly_fields = ["number", "title", "body"]


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin):
    """Editions come from fixtures/ through load_principles; the admin only shows them."""

    list_display = ["number", "language", "status", "adoption_date", "fingerprint"]
    list_filter = ["language", "status"]
    inlines = [PrincipleInline]
