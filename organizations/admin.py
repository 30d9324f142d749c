from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from common.admin import ReadOnly, ReadOnlyAdmin

from .models import Claim, ClaimView, Invitation, Organization, Representative


class RepresentativeInline(ReadOnly, admin.TabularInline):
    model = Representative
    extra = 0
    fields = ["user", "added_at"]
    readonly_fields = ["user", "added_at"]


@admin.register(Organization)
class OrganizationAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Representatives change their organization's profile and seats on the site, where the
    registry follows each change."""

    list_display = ["name", "kind", "registration_status", "region", "created_at"]
    list_filter = ["kind", "registration_status", "region"]
    search_fields = ["name", "name_be", "name_ru", "name_latin"]
    inlines = [RepresentativeInline]


@admin.register(Representative)
class RepresentativeAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["organization", "user", "added_at"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    list_display = ["organization", "created_at", "expires_at", "accepted_at"]


@admin.register(Claim)
class ClaimAdmin(ReadOnlyAdmin, SimpleHistoryAdmin):
    """Claims are granted or refused on the review desk only."""

    list_display = ["public_id", "organization", "status", "created_at", "closed_at"]
    list_filter = ["status"]
    list_select_related = ["organization"]


@admin.register(ClaimView)
class ClaimViewAdmin(ReadOnlyAdmin):
    """The record of who opened a claimant's data; nobody edits it."""

    list_display = ["claim", "coordinator", "at"]
    list_select_related = ["claim", "coordinator"]
