from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommonConfig(AppConfig):
    name = "common"

    def ready(self) -> None:
        # A deploy runs `migrate`: pages the code before it rendered are not served after it.
        post_migrate.connect(_renew_pages, sender=self, dispatch_uid="common.renew_pages")


def _renew_pages(sender: AppConfig, using: str, **kwargs: object) -> None:
    from .page_cache import bump

    bump(using=using)
