from django.apps import AppConfig


class KommunalutvecklingConfig(AppConfig):
    """The top layer: the main menu, the start page and commands that span every app."""

    name = "kommunalutveckling"
    verbose_name = "Kommunal utveckling"
