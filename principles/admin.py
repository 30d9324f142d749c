from django.contrib import admin

from .models import Edition, Principle


class PrincipleInline(admin.TabularInline):
    model = Principle
    extra = 0
    can_delete = False
    readonly_fields = ["number", "title", "body"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    """Editions come from fixtures/ through load_principles; the admin only shows them."""

    list_display = ["number", "language", "status", "adoption_date", "fingerprint"]
    list_filter = ["language", "status"]
    inlines = [PrincipleInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
