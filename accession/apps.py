from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessionConfig(AppConfig):
    name = "accession"
    verbose_name = _("Accession")

    def ready(self):
        from organizations.services import profile_changed

        from .services import follow_organization_profile

        profile_changed.connect(follow_organization_profile, dispatch_uid="accession.profile")
