from django.contrib import admin

from accounts.admin import UserAdmin
from accounts.models import User

from . import services

admin.site.unregister(User)


@admin.register(User)
class ErasingUserAdmin(UserAdmin):
    """Deleting an account in the admin erases it as the account page does: accessions, seats,
    history — never a bare row deletion that would leave the person's data behind."""

    def delete_model(self, request, obj):
        services.delete_account(obj)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            services.delete_account(user)
