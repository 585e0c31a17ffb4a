"""Writes and rules of the organisation (R1-R4, R22's population figures, R30).

Seats, notices and population figures are the office's to record
(`permissions.require_office_act`, checked before anything is written). A
superuser may too: break-glass, so that a fresh installation can give the first
office seat (there is no office yet to give it). A management command on the
server acts as `permissions.OPERATOR`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.csvimport import csv_rows
from core.domain import record_actor, validate
from core.errors import DomainError, ImportRefused
from partnerships import events, permissions
from partnerships.models import (
    Agreement,
    Body,
    Membership,
    Municipality,
    Partnership,
    PopulationFigure,
    TerminationNotice,
)

# --- Memberships (R3, R4, R30) --------------------------------------------


@transaction.atomic
def membership_start(
    *,
    actor,
    person,
    body: Body,
    role: str = Membership.Role.MEMBER,
    municipality: Municipality | None = None,
    organisation: str = Membership.Organisation.MUNICIPALITY,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> Membership:
    """Give a person a seat in a body; its rights hold from `start_date` (R30, R31)."""
    # The office of the body's partnership, a superuser (break-glass: the first office
    # seat of a fresh installation) or the operator.
    user = permissions.require_office_act(actor, body.partnership)
    membership = Membership(
        person=person,
        body=body,
        role=role,
        municipality=municipality,
        organisation=organisation if municipality is None else Membership.Organisation.MUNICIPALITY,
        start_date=start_date or timezone.localdate(),
        end_date=end_date,
    )
    validate(membership)
    _check_preparation_group(membership)
    record_actor(membership, user)
    membership.save()
    events.membership_started(actor=user, membership=membership)
    return membership


def _check_preparation_group(membership: Membership) -> None:
    """R4: the preparation group is 3 socialchefer from the steering group."""
    body = membership.body
    if body.kind != Body.Kind.PREPARATION_GROUP or membership.role == Membership.Role.SECRETARY:
        return
    on = membership.start_date
    in_steering_group = (
        Membership.objects.active(on)
        .filter(
            person=membership.person,
            body__partnership=body.partnership,
            body__kind=Body.Kind.STEERING_GROUP,
        )
        .exists()
    )
    if not in_steering_group:
        raise DomainError(
            _(
                "The preparation group is appointed from the members of the steering group; "
                "this person is not in the steering group."
            ),
            rule="R4",
        )
    seats = (
        Membership.objects.active(on)
        .filter(body=body)
        .exclude(role=Membership.Role.SECRETARY)
        .exclude(pk=membership.pk)
        .count()
    )
    if seats >= 3:
        raise DomainError(
            _("The preparation group already has three members. End a seat first."), rule="R4"
        )


def _seat_partnership(membership: Membership) -> Partnership | None:
    """The partnership of the seat's body, read from the database (not the caller's copy).

    None for a county-wide body (R50): any office seat manages those.
    """
    return Body.objects.select_related("partnership").get(memberships__pk=membership.pk).partnership


@transaction.atomic
def membership_end(*, actor, membership: Membership, end_date: datetime.date | None = None):
    """End a seat; from `end_date` (default today) the person no longer holds it (R30, R31)."""
    # The office of the seat's partnership, a superuser (break-glass) or the operator.
    user = permissions.require_office_act(actor, _seat_partnership(membership))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    end_date = end_date or timezone.localdate()
    if end_date <= membership.start_date:
        raise DomainError(_("The end date must be after the start date."))
    membership.end_date = end_date
    record_actor(membership, user)
    membership.save(update_fields=["end_date"])
    events.membership_ended(actor=user, membership=membership)
    return membership


@transaction.atomic
def membership_update(*, actor, membership: Membership, **changes) -> Membership:
    """Change a seat (role, municipality, dates); rights follow on the day (R30, R31)."""
    # The office of the seat's partnership, and of the new body's when it moves; a
    # superuser (break-glass) or the operator.
    user = permissions.require_office_act(actor, _seat_partnership(membership))
    if "body" in changes:
        permissions.require_office_act(actor, changes["body"].partnership)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    before = events.seat_snapshot(membership)
    allowed = {"role", "municipality", "organisation", "start_date", "end_date", "person", "body"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"Unknown fields: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(membership, field, value)
    validate(membership)
    _check_preparation_group(membership)
    record_actor(membership, user)
    membership.save(update_fields=list(changes))
    events.membership_changed(actor=user, before=before, membership=membership)
    return membership


# --- Agreement (R2) --------------------------------------------------------


@transaction.atomic
def termination_notice_record(
    *,
    actor,
    agreement: Agreement,
    municipality: Municipality,
    given_on: datetime.date,
    reference: str = "",
) -> TerminationNotice:
    """Record a member's written notice; the agreement then shows its earliest end date (R2).

    The office's or a superuser's; not the operator's, as the notice names who recorded it.
    """
    permissions.require_office_act(actor, agreement.partnership, operator=False)
    if not agreement.partnership.members.filter(pk=municipality.pk).exists():
        raise DomainError(
            _("%(municipality)s is not a party to the agreement.") % {"municipality": municipality},
            rule="R2",
        )
    if agreement.notices.filter(municipality=municipality).exists():
        raise DomainError(
            _("%(municipality)s has already given notice of termination.")
            % {"municipality": municipality},
            rule="R2",
        )
    notice = TerminationNotice(
        agreement=agreement,
        municipality=municipality,
        given_on=given_on,
        reference=reference,
        recorded_by=actor,
    )
    validate(notice)
    record_actor(notice, actor)
    notice.save()
    return notice


# --- Population figures (R22) ----------------------------------------------

POPULATION_HEADER = ["kommunkod", "kommun", "datum", "folkmangd"]


@dataclass(frozen=True)
class PopulationImportResult:
    created: int
    updated: int
    unchanged: int


# PositiveIntegerField's range in the database.
MAX_POPULATION = 2_147_483_647


def _parse_population_rows(text: str):
    lines = csv_rows(text, header=POPULATION_HEADER)
    municipalities = {m.code: m for m in Municipality.objects.all()}
    seen: dict[tuple[str, datetime.date], int] = {}
    rows = []
    for line_number, cells in lines:
        if len(cells) != 4:
            raise ImportRefused(
                _("Expected 4 fields, got %(count)s.") % {"count": len(cells)}, line=line_number
            )
        code, name, date_text, population_text = (cell.strip() for cell in cells)
        municipality = municipalities.get(code)
        if municipality is None:
            raise ImportRefused(
                _("Unknown municipality code '%(code)s'.") % {"code": code}, line=line_number
            )
        if name and name != municipality.name:
            raise ImportRefused(
                _("Municipality code %(code)s is %(municipality)s, not '%(name)s'.")
                % {"code": code, "municipality": municipality.name, "name": name},
                line=line_number,
            )
        try:
            date = datetime.date.fromisoformat(date_text)
        except ValueError:
            raise ImportRefused(
                _("Invalid date '%(date)s' (write YYYY-MM-DD).") % {"date": date_text},
                line=line_number,
            ) from None
        cleaned = population_text.replace(" ", "").replace("\u00a0", "")
        # isascii: "²" and other Unicode digits pass isdigit() but not int().
        if not (cleaned.isascii() and cleaned.isdigit()) or not 1 <= int(cleaned) <= MAX_POPULATION:
            raise ImportRefused(
                _("Invalid population '%(population)s' (a whole number greater than 0).")
                % {"population": population_text},
                line=line_number,
            )
        key = (code, date)
        if key in seen:
            raise ImportRefused(
                _("%(municipality)s %(date)s also occurs on line %(line)s.")
                % {"municipality": municipality.name, "date": date_text, "line": seen[key]},
                line=line_number,
            )
        seen[key] = line_number
        rows.append((municipality, date, int(cleaned)))
    if not rows:
        raise ImportRefused(_("The file contains no lines with population figures."))
    return rows


def _check_population_source(source: str) -> None:
    if not source.strip():
        raise ImportRefused(_("Enter the source of the population figures (e.g. SCB)."))
    if "\x00" in source:
        raise ImportRefused(_("The source contains a character that is not allowed (NUL)."))


@dataclass(frozen=True)
class PopulationPreviewRow:
    """One line of the file against what is stored: the same date, and the date before."""

    municipality: Municipality
    date: datetime.date
    population: int
    stored: int | None  # the figure already stored for this date, if any
    previous_date: datetime.date | None
    previous: int | None  # the municipality's figure on the latest earlier date

    @property
    def status(self) -> str:
        if self.stored is None:
            return "new"
        return "unchanged" if self.stored == self.population else "changed"

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.population - self.previous


@dataclass(frozen=True)
class PopulationPreviewTotal:
    """The file's total for one date, and the change against the same municipalities' figures
    on their previous dates (None when one of them has no earlier figure)."""

    date: datetime.date
    count: int
    total: int
    previous: int | None
    previous_date: datetime.date | None  # when every row's previous figure has the same date

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.total - self.previous


@dataclass(frozen=True)
class PopulationPreview:
    rows: list[PopulationPreviewRow]
    totals: list[PopulationPreviewTotal]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def created(self) -> int:
        return self.count("new")

    @property
    def updated(self) -> int:
        return self.count("changed")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")


def population_import_preview(*, actor, text: str, source: str) -> PopulationPreview:
    """What `population_import` would save, checked the same way, saving nothing (R22).

    The office's to ask, as the import is. Refused lines raise ImportRefused with the
    line number, exactly as the import does.
    """
    permissions.require_office_act(actor)
    _check_population_source(source)
    parsed = _parse_population_rows(text)
    municipalities = {municipality.pk for municipality, _date, _population in parsed}
    latest = max(date for _municipality, date, _population in parsed)
    stored: dict[int, list[tuple[datetime.date, int]]] = {}
    for municipality_id, date, population in (
        PopulationFigure.objects.filter(municipality__in=municipalities, date__lte=latest)
        .order_by("date")
        .values_list("municipality_id", "date", "population")
    ):
        stored.setdefault(municipality_id, []).append((date, population))
    rows = []
    for municipality, date, population in parsed:
        figures = stored.get(municipality.pk, [])
        same = [value for day, value in figures if day == date]
        earlier = [(day, value) for day, value in figures if day < date]
        previous_date, previous = earlier[-1] if earlier else (None, None)
        rows.append(
            PopulationPreviewRow(
                municipality=municipality,
                date=date,
                population=population,
                stored=same[0] if same else None,
                previous_date=previous_date,
                previous=previous,
            )
        )
    rows.sort(key=lambda row: (row.date, row.municipality.code))
    totals = []
    for date in sorted({row.date for row in rows}):
        of_date = [row for row in rows if row.date == date]
        known = all(row.previous is not None for row in of_date)
        previous_dates = {row.previous_date for row in of_date}
        totals.append(
            PopulationPreviewTotal(
                date=date,
                count=len(of_date),
                total=sum(row.population for row in of_date),
                previous=sum(row.previous for row in of_date) if known else None,
                previous_date=previous_dates.pop() if len(previous_dates) == 1 else None,
            )
        )
    return PopulationPreview(rows=rows, totals=totals)


@transaction.atomic
def population_import(*, actor, text: str, source: str) -> PopulationImportResult:
    """Import population figures from CSV (R22). All or nothing: any bad line aborts all.

    Figures are shared by every partnership: an office seat in any of them, a superuser
    (break-glass) or the operator (`import_population`).
    """
    user = permissions.require_office_act(actor)
    _check_population_source(source)
    rows = _parse_population_rows(text)
    created = updated = unchanged = 0
    for municipality, date, population in rows:
        figure = PopulationFigure.objects.filter(municipality=municipality, date=date).first()
        if figure is None:
            figure = PopulationFigure(
                municipality=municipality, date=date, population=population, source=source
            )
            validate(figure)
            record_actor(figure, user)
            figure.save()
            created += 1
        elif figure.population != population or figure.source != source:
            figure.population, figure.source = population, source
            validate(figure)
            record_actor(figure, user)
            figure.save(update_fields=["population", "source"])
            updated += 1
        else:
            unchanged += 1
    return PopulationImportResult(created=created, updated=updated, unchanged=unchanged)
