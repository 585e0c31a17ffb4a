"""Permission matrix: start page and the partnership page."""

from tests.factories import PartnershipFactory
from tests.security.matrix import Spec, expect


def other_partnership(org):
    """A second partnership none of the personas belongs to."""
    return PartnershipFactory(slug="fourum-utbildning", name="FoUrum utbildning")


SPECS = [
    Spec("start", get={"own": expect(200)}),
    Spec(
        "partnership_detail",
        own=lambda org: {"slug": org.partnership.slug},
        other=lambda org: {"slug": other_partnership(org).slug},
        # PKS members read published reports only (403); outsiders must not learn it exists.
        get={"own": expect(200, pks_member=403, outsider=404), "other": expect(404)},
    ),
]
