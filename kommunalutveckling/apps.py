from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin with the office's site: entry follows an office seat on the day (R31)."""

    default_site = "kommunalutveckling.adminsite.OfficeAdminSite"
