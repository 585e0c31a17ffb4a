from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class KommunalutvecklingConfig(AppConfig):
    """The top layer: the main menu, the start page and commands that span every app."""

    default = True
    name = "kommunalutveckling"
    verbose_name = "Kommunal utveckling"

    def ready(self):
        from kommunalutveckling import meeting_links

        meeting_links.register()


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin with the office's site: entry follows an office seat on the day (R31)."""

    default = False
    default_site = "kommunalutveckling.adminsite.OfficeAdminSite"
