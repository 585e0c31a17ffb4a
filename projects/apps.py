from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        # R12: the participation decisions awaiting a municipality are in its deciders'
        # inbox "Att besluta", its count and the reminders (matters cannot ask projects).
        from matters import inbox
        from projects import reminders, selectors

        inbox.register(
            inbox.Source(
                key="participation",
                items=lambda municipalities: selectors.participation_awaiting(
                    municipalities=municipalities
                ),
                count=lambda ids: selectors.participation_awaiting_count(municipality_ids=ids),
                remind=lambda today: reminders.send_participation_reminders(today=today),
            )
        )
        # R62: indicators of the business plan computed from the common-funds requests.
        from plans import indicators as plan_indicators
        from projects import indicators

        for computation in indicators.COMPUTATIONS:
            plan_indicators.register(computation)
