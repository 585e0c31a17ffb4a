from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Gemensamt"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core import checks  # noqa: F401  (registers system checks)

        post_migrate.connect(_install_page_cache_triggers, sender=self)


def _install_page_cache_triggers(sender, using="default", **kwargs):
    # After every migrate: new tables get the data generation trigger too.
    from core.pagecache import install_triggers

    install_triggers(using)
