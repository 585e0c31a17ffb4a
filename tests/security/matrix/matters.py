"""Permission matrix: matters. One Spec per named URL of matters/urls.py (see __init__.py).

Expected statuses follow DOMAIN.md's permission table (R30) as the views apply it
(and the services enforce it, matters/access.py): the inbox is for those who
decide for a municipality; readers of the partnership see matters; the
preparation group and staff prepare them; staff record committee decisions;
who asked, staff and the preparation group withdraw.

The objects (a ready common-funds request and a consensus matter not yet ready,
in our partnership and in another) are built by projects.py's `setup`, in
`org.projects`, together with the projects they belong to.
"""

from tests.security.matrix import Spec, expect
from tests.security.matrix.projects import (
    DECIDERS,
    HIDDEN,
    IFO,
    POST_ONLY,
    PREPARERS,
    READ,
    in_a_week,
    only,
    pk,
)

# Who prepares matters: the preparation group and staff (R15).
PREPARING = ("staff", *PREPARERS)

SPECS = [
    # --- The inbox (R15, R5) ---------------------------------------------------------------
    Spec("matters:inbox", get={"own": only(200, DECIDERS, outsider=403)}),
    Spec("matters:inbox_history", get={"own": only(200, DECIDERS, outsider=403)}),
    # --- Matters ------------------------------------------------------------------------------
    Spec("matters:matter_list", get={"own": expect(200, pks_member=403, outsider=403)}),
    Spec(
        "matters:consensus_create",
        # R5: staff or the preparation group put a matter to the steering group.
        get={"own": only(200, ["staff", *PREPARERS], outsider=403)},
        post={"own": only(302, ["staff", *PREPARERS], outsider=403)},
        data=lambda org, kwargs: {"title": "Verksamhetsplan 2028", "due_date": in_a_week()},
    ),
    Spec(
        "matters:matter_detail",
        own=pk("request"),
        other=pk("other_request"),
        get={"own": READ, "other": HIDDEN},
    ),
    Spec(
        "matters:matter_decide",
        own=pk("request"),
        other=pk("other_request"),
        # R15: socialchefer and deputies decide for their own municipality; Aneby is
        # posted, so the others get the form again and nothing is recorded. Aneby and
        # Jönköping are members of the other partnership too: still 404 there.
        get={"own": only(200, DECIDERS), "other": HIDDEN},
        post={"own": only(200, DECIDERS, socialchef_aneby=302), "other": HIDDEN},
        data=lambda org, kwargs: {"municipality": "0604", "verdict": "approve"},
    ),
    Spec(
        "matters:matter_ready",
        own=pk("consensus"),
        other=pk("other_consensus"),
        get={"own": POST_ONLY, "other": POST_ONLY},
        post={"own": only(302, PREPARING), "other": HIDDEN},
        data=lambda org, kwargs: {"due_date": in_a_week()},
    ),
    Spec(
        "matters:matter_due_date",
        own=pk("request"),
        other=pk("other_request"),
        get={"own": POST_ONLY, "other": POST_ONLY},
        post={"own": only(302, PREPARING), "other": HIDDEN},
        data=lambda org, kwargs: {"due_date": in_a_week()},
    ),
    Spec(
        "matters:matter_comment",
        own=pk("request"),
        other=pk("other_request"),
        get={"own": POST_ONLY, "other": POST_ONLY},
        post={"own": only(302, PREPARING), "other": HIDDEN},
        data=lambda org, kwargs: {"text": "Underlaget är komplett."},
    ),
    Spec(
        "matters:matter_committee_decision",
        own=pk("request"),
        other=pk("other_request"),
        # R15: staff record a committee's (nämnd) decision with its reference.
        get={"own": only(200, ["staff"]), "other": HIDDEN},
        post={"own": only(302, ["staff"]), "other": HIDDEN},
        data=lambda org, kwargs: {
            "municipality": org.municipalities["0643"].pk,
            "verdict": "approve",
            "committee_reference": "SN 2026-03-12 § 45",
        },
    ),
    Spec(
        "matters:matter_withdraw",
        own=pk("request"),
        other=pk("other_request"),
        # R15: who asked (the owning tactical group), staff and the preparation group.
        get={"own": only(200, ["staff", *PREPARERS, *IFO]), "other": HIDDEN},
        post={"own": only(302, ["staff", *PREPARERS, *IFO]), "other": HIDDEN},
        data=lambda org, kwargs: {"reason": "Beloppet ska ses över."},
    ),
]
