import common.ids
from django.conf import settings
from django.db import migrations, models

# The free-text events of the first histories, as the codes services now write.
EVENT_CODES = {
    "registered": "organization.registered",
    "profile updated": "organization.profile_updated",
    "invited": "organization.invited",
    "accepted": "organization.invitation_accepted",
    "joined": "organization.representative_joined",
    "removed": "organization.representative_removed",
}


def give_seats_public_ids(apps, schema_editor):
    Representative = apps.get_model("organizations", "Representative")
    for seat in Representative.objects.all():
        seat.public_id = common.ids.new_public_id()
        seat.save(update_fields=["public_id"])
    History = apps.get_model("organizations", "HistoricalRepresentative")
    for seat in Representative.objects.all():
        History.objects.filter(id=seat.pk).update(public_id=seat.public_id)


def keep_newest_pending_invitation(apps, schema_editor):
    Invitation = apps.get_model("organizations", "Invitation")
    seen = set()
    for invitation in Invitation.objects.filter(accepted_at__isnull=True).order_by("-created_at"):
        key = (invitation.organization_id, invitation.email)
        if key in seen:
            invitation.delete()
        seen.add(key)


def events_as_codes(apps, schema_editor):
    for model in ("HistoricalOrganization", "HistoricalRepresentative", "HistoricalInvitation"):
        History = apps.get_model("organizations", model)
        for text, code in EVENT_CODES.items():
            History.objects.filter(history_change_reason=text).update(history_change_reason=code)
        # A removal could carry a free-text reason; the event is the removal.
        if model == "HistoricalRepresentative":
            History.objects.filter(history_type="-").exclude(
                history_change_reason__startswith="organization."
            ).update(history_change_reason="organization.representative_removed")


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalrepresentative",
            name="public_id",
            field=models.CharField(
                db_index=True,
                default=common.ids.new_public_id,
                editable=False,
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="representative",
            name="public_id",
            field=models.CharField(
                default=common.ids.new_public_id, editable=False, max_length=16
            ),
        ),
        migrations.RunPython(give_seats_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="representative",
            name="public_id",
            field=models.CharField(
                default=common.ids.new_public_id,
                editable=False,
                max_length=16,
                unique=True,
            ),
        ),
        migrations.RunPython(keep_newest_pending_invitation, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="invitation",
            constraint=models.UniqueConstraint(
                condition=models.Q(("accepted_at__isnull", True)),
                fields=("organization", "email"),
                name="one_pending_invitation_per_address",
            ),
        ),
        migrations.RunPython(events_as_codes, migrations.RunPython.noop),
    ]
