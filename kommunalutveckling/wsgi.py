import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kommunalutveckling.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402
from django.core.exceptions import ImproperlyConfigured  # noqa: E402

# Refuse to serve in production with the built-in development key (the demo makes its own).
if not settings.DEBUG and not settings.DEMO and not settings.SECRET_KEY_FROM_ENV:
    raise ImproperlyConfigured("SECRET_KEY must be set (or SECRET_KEY_FILE) when DEBUG is off.")
