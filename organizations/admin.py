from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Invitation, Organization, Representative


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "registration_status", "region", "created_at"]
    list_filter = ["kind", "registration_status", "region"]
    search_fields = ["name", "name_be", "name_ru", "name_latin"]
    inlines = [RepresentativeInline]


@admin.register(Representative)
class RepresentativeAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "user", "added_at"]
    raw_id_fields = ["organization", "user"]


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "created_at", "expires_at", "accepted_at"]
    raw_id_fields = ["organization", "invited_by"]
