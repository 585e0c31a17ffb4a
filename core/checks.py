from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs):
    """Production must not run with the built-in development key."""
    if settings.SECRET_KEY_FROM_ENV:
        return []
    return [
        Error(
            "SECRET_KEY is not set in the environment.",
            hint="Set SECRET_KEY or SECRET_KEY_FILE.",
            id="core.E001",
        )
    ]


@register(Tags.database, deploy=True)
def database_is_postgresql(app_configs, **kwargs):
    """The embedded SQLite database serves only the local demo."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("postgresql"):
        return []
    return [
        Error(
            "Production needs PostgreSQL.",
            hint="Set DATABASE_URL=postgres://user:password@host:5432/name.",
            id="core.E002",
        )
    ]


@register(Tags.security, deploy=True)
def demo_is_off(app_configs, **kwargs):
    """DEMO=1 allows cookies over plain HTTP: for `make run` on one machine only."""
    if not settings.DEMO:
        return []
    return [
        Error(
            "DEMO is on: cookies go over plain HTTP and only localhost is served.",
            hint="Unset DEMO in production.",
            id="core.E003",
        )
    ]
