"""The yearly evaluation survey's import (R63): aggregates per network feed indicators.

The file is the survey's result for one partnership and year, one line per network and
question, UTF-8 CSV (comma or semicolon) with the header

    ar,natverk,fraga,andel_mycket_nojda,antal_svar

`ar` is the survey's year, `natverk` the network that answered, `fraga` the question as
written in the indicators' field "survey question" (case does not matter),
`andel_mycket_nojda` the share of the network's answers that were "mycket nöjd" in
percent (0-100, decimal comma or point) and `antal_svar` the number of answers (> 0).

All or nothing, as the population import (core/csvimport.py): a bad line refuses the
whole file with its line number and nothing is saved. The file replaces the year's
stored results (history keeps the earlier ones). Each indicator of the year's business
plan whose survey question is in the file gets, as its full-year value, the share of all
networks weighted by their answers: sum(share x answers) / sum(answers), to two
decimals, with the source "Utvärderingsenkät <år>".
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.csvimport import csv_rows
from core.domain import record_actor, validate
from core.errors import ImportRefused
from partnerships import permissions
from plans import selectors, services
from plans.models import Indicator, IndicatorValue, Plan, SurveyResult, ValuePeriod

SURVEY_HEADER = ["ar", "natverk", "fraga", "andel_mycket_nojda", "antal_svar"]
MAX_ANSWERS = 1_000_000
CENT = Decimal("0.01")


def survey_source(year: int) -> str:
    """The source stored with the values and results (stored data, in Swedish)."""
    return f"Utvärderingsenkät {year}"


@dataclass(frozen=True)
class SurveyLine:
    line: int
    network: str
    question: str
    share: Decimal
    answers: int


def weighted_share(lines) -> Decimal:
    """The networks' shares weighted by their answers (R63), to two decimals."""
    answers = sum(line.answers for line in lines)
    total = sum(line.share * line.answers for line in lines)
    return (Decimal(total) / answers).quantize(CENT, rounding=ROUND_HALF_UP)


def _plan(partnership, year: int) -> Plan:
    plan = selectors.business_plan_for(partnership=partnership, year=year)
    if plan is None:
        raise ImportRefused(
            _("The partnership has no business plan for %(year)s.") % {"year": year}, rule="R63"
        )
    return plan


def _survey_indicators(plan: Plan) -> list[Indicator]:
    return list(
        Indicator.objects.filter(goal_area__goal__plan=plan, computation="")
        .exclude(survey_question="")
        .order_by("goal_area__goal__number", "goal_area__number", "number", "id")
        .select_related("goal_area__goal")
    )


def _share(text: str) -> Decimal | None:
    cleaned = text.replace(" ", "").replace("\u00a0", "").removesuffix("%").replace(",", ".")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not cleaned.isascii() or not value.is_finite() or not 0 <= value <= 100:
        return None
    return value if value == value.quantize(CENT) else None


def _answers(text: str) -> int | None:
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if not (cleaned.isascii() and cleaned.isdigit()) or not 1 <= int(cleaned) <= MAX_ANSWERS:
        return None
    return int(cleaned)


def _parse(text: str, *, year: int, questions: dict[str, str]) -> list[SurveyLine]:
    rows = []
    seen: dict[tuple[str, str], int] = {}
    for number, cells in csv_rows(text, header=SURVEY_HEADER):
        if len(cells) != len(SURVEY_HEADER):
            raise ImportRefused(
                _("Expected 5 fields, got %(count)s.") % {"count": len(cells)}, line=number
            )
        year_text, network, question_text, share_text, answers_text = (c.strip() for c in cells)
        if year_text != str(year):
            raise ImportRefused(
                _("The line is for the year '%(found)s', but the import is for %(year)s.")
                % {"found": year_text, "year": year},
                line=number,
            )
        if not network or len(network) > 200 or "\x00" in network:
            raise ImportRefused(
                _("Enter the network's name (at most 200 characters)."), line=number
            )
        question = questions.get(question_text.casefold())
        if question is None:
            raise ImportRefused(
                _("No indicator of the business plan %(year)s has the survey question '%(q)s'.")
                % {"year": year, "q": question_text[:80]},
                line=number,
            )
        share = _share(share_text)
        if share is None:
            raise ImportRefused(
                _("Invalid share '%(share)s' (a percentage from 0 to 100, e.g. 47,5).")
                % {"share": share_text[:20]},
                line=number,
            )
        answers = _answers(answers_text)
        if answers is None:
            raise ImportRefused(
                _("Invalid number of answers '%(answers)s' (a whole number greater than 0).")
                % {"answers": answers_text[:20]},
                line=number,
            )
        key = (network.casefold(), question)
        if key in seen:
            raise ImportRefused(
                _("The network %(network)s and this question also occur on line %(line)s.")
                % {"network": network, "line": seen[key]},
                line=number,
            )
        seen[key] = number
        rows.append(SurveyLine(number, network, question, share, answers))
    if not rows:
        raise ImportRefused(_("The file contains no lines with survey results."))
    return rows


@dataclass(frozen=True)
class IndicatorOutcome:
    indicator: Indicator
    value: Decimal
    previous: Decimal | None  # the full-year value stored now, if any
    networks: int
    answers: int


@dataclass(frozen=True)
class SurveyPreview:
    plan: Plan
    lines: list[SurveyLine]
    outcomes: list[IndicatorOutcome]
    created: int
    updated: int
    unchanged: int
    removed: int  # stored results of the year that the file no longer has


def _check(*, actor, partnership, year: int, text: str):
    user = permissions.require_office_act(actor, partnership)
    plan = _plan(partnership, year)
    indicators = _survey_indicators(plan)
    questions = {ind.survey_question.strip().casefold(): ind.survey_question for ind in indicators}
    lines = _parse(text, year=year, questions=questions)
    return user, plan, indicators, lines


def _outcomes(indicators, lines, year: int) -> list[IndicatorOutcome]:
    stored = dict(
        IndicatorValue.objects.filter(
            indicator__in=indicators, year=year, period=ValuePeriod.YEAR
        ).values_list("indicator_id", "value")
    )
    outcomes = []
    for indicator in indicators:
        of_question = [line for line in lines if line.question == indicator.survey_question]
        if of_question:
            outcomes.append(
                IndicatorOutcome(
                    indicator=indicator,
                    value=weighted_share(of_question),
                    previous=stored.get(indicator.pk),
                    networks=len(of_question),
                    answers=sum(line.answers for line in of_question),
                )
            )
    return outcomes


def survey_import_preview(*, actor, partnership, year: int, text: str) -> SurveyPreview:
    """What `survey_import` would save, checked the same way, saving nothing (R63)."""
    _user, plan, indicators, lines = _check(
        actor=actor, partnership=partnership, year=year, text=text
    )
    stored = {
        (r.network.casefold(), r.question): r
        for r in SurveyResult.objects.filter(partnership=partnership, year=year)
    }
    created = updated = unchanged = 0
    for line in lines:
        result = stored.pop((line.network.casefold(), line.question), None)
        if result is None:
            created += 1
        elif (result.share, result.answers, result.network) == (
            line.share,
            line.answers,
            line.network,
        ):
            unchanged += 1
        else:
            updated += 1
    return SurveyPreview(
        plan=plan,
        lines=lines,
        outcomes=_outcomes(indicators, lines, year),
        created=created,
        updated=updated,
        unchanged=unchanged,
        removed=len(stored),
    )


def _comment(outcome: IndicatorOutcome) -> str:
    with translation.override(settings.LANGUAGE_CODE):  # stored data, in Swedish
        return _(
            "Weighted by the number of answers: %(networks)s networks, %(answers)s answers."
        ) % {"networks": outcome.networks, "answers": outcome.answers}


@transaction.atomic
def survey_import(*, actor, partnership, year: int, text: str) -> SurveyPreview:
    """Import the survey's aggregates for the year, all or nothing (R63).

    The partnership's office (or a superuser, or OPERATOR for `import_survey`).
    Returns what was saved, as the preview showed it.
    """
    preview = survey_import_preview(actor=actor, partnership=partnership, year=year, text=text)
    user = permissions.require_office_act(actor, partnership)
    source = survey_source(year)
    stored = {
        (r.network.casefold(), r.question): r
        for r in SurveyResult.objects.select_for_update().filter(partnership=partnership, year=year)
    }
    for line in preview.lines:
        result = stored.pop((line.network.casefold(), line.question), None) or SurveyResult(
            partnership=partnership, year=year, question=line.question
        )
        if result.pk and (result.share, result.answers, result.network, result.source) == (
            line.share,
            line.answers,
            line.network,
            source,
        ):
            continue
        result.network, result.share, result.answers = line.network, line.share, line.answers
        result.source, result.imported_by, result.imported_at = source, user, timezone.now()
        validate(result)
        record_actor(result, user)
        result.save()
    for result in stored.values():  # the file is the year's whole survey
        record_actor(result, user)
        result.delete()
    for outcome in preview.outcomes:
        services.indicator_value_set(
            actor=actor,
            indicator=outcome.indicator,
            year=year,
            period=ValuePeriod.YEAR,
            value=outcome.value,
            source=source,
            comment=_comment(outcome),
        )
    return preview
