"""Kansliet's pages for people, their sign-in accounts and their seats (R3, R30, R31).

Thin views: the office check here only chooses 403 before anything is shown; every
write is checked again by its service (partnerships.people). A seat change is shown
with its effect on rights first and saved only when confirmed.
"""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import ExternalIdentity
from core.errors import DomainError, refusal_shown
from partnerships import people, permissions, selectors
from partnerships.models import Membership
from partnerships.people_forms import IdentityLinkForm, PersonForm, SeatEndForm, SeatForm


def _require_people_office(user) -> None:
    """The people pages are the office's (a seat in kansliet today) or a superuser's."""
    if not (permissions.is_office(user) or (user.is_active and user.is_superuser)):
        raise PermissionDenied


def _person(pk):
    return get_object_or_404(get_user_model(), pk=pk)


def _form_refusal(form, error: DomainError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, refusal_shown(error))


@login_required
def people_list(request):
    """Everybody, with their seats today and linked accounts; accounts waiting for a link."""
    _require_people_office(request.user)
    search = request.GET.get("q", "")[:100]
    page = Paginator(selectors.people_list(search=search), selectors.PEOPLE_PAGE_SIZE)
    return render(
        request,
        "partnerships/people/people_list.html",
        {
            "page": page.get_page(request.GET.get("sida")),
            "search": search,
            "waiting": selectors.waiting_identities()[:50],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_add(request):
    _require_people_office(request.user)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = people.person_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            _form_refusal(form, error)
        else:
            messages.success(request, _("%(person)s was added.") % {"person": person})
            return redirect("person_detail", pk=person.pk)
    return render(request, "partnerships/people/person_add.html", {"form": form})


@login_required
def person_detail(request, pk):
    _require_people_office(request.user)
    person = _person(pk)
    return render(
        request,
        "partnerships/people/person_detail.html",
        {
            "person": person,
            "identities": person.identities.select_related("provider"),
            "seats": selectors.person_seats(person=person),
            "link_form": IdentityLinkForm(),
            "today": permissions.today(),
        },
    )


@login_required
@require_POST
def person_identity_link(request, pk):
    _require_people_office(request.user)
    person = _person(pk)
    form = IdentityLinkForm(request.POST)
    if form.is_valid():
        try:
            people.identity_link(
                actor=request.user,
                person=person,
                identity=form.cleaned_data["waiting"],
                provider=form.cleaned_data["provider"],
                subject=form.cleaned_data["subject"],
            )
        except DomainError as error:
            _form_refusal(form, error)
        else:
            messages.success(
                request,
                _("The account is linked. %(person)s can sign in with it.") % {"person": person},
            )
            return redirect("person_detail", pk=person.pk)
    return render(
        request,
        "partnerships/people/person_detail.html",
        {
            "person": person,
            "identities": person.identities.select_related("provider"),
            "seats": selectors.person_seats(person=person),
            "link_form": form,
            "today": permissions.today(),
        },
    )


@login_required
@require_POST
def person_identity_unlink(request, pk, identity_pk):
    _require_people_office(request.user)
    person = _person(pk)
    identity = get_object_or_404(ExternalIdentity, pk=identity_pk, user=person)
    people.identity_unlink(actor=request.user, identity=identity)
    messages.success(request, _("The account is unlinked. It signs nobody in now."))
    return redirect("person_detail", pk=person.pk)


@login_required
@require_http_methods(["GET", "POST"])
def seat_give(request, pk):
    """Give a seat: the form, then its effect on rights, then saved on confirmation."""
    _require_people_office(request.user)
    person = _person(pk)
    form = SeatForm(request.POST or None, user=request.user)
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        arguments = form.service_arguments()
        try:
            if request.POST.get("confirm") == "1":
                people.seat_give(actor=request.user, person=person, **arguments)
                messages.success(request, _("The seat is saved."))
                return redirect("person_detail", pk=person.pk)
            preview = people.seat_give_preview(actor=request.user, person=person, **arguments)
        except DomainError as error:
            _form_refusal(form, error)
        else:
            return render(
                request,
                "partnerships/people/seat_confirm.html",
                {"person": person, "form": form, "preview": preview, "ending": False},
            )
    return render(request, "partnerships/people/seat_form.html", {"person": person, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def seat_end(request, pk, membership_pk):
    """End a seat on a date: the date, then what rights go, then saved on confirmation."""
    _require_people_office(request.user)
    person = _person(pk)
    seat = get_object_or_404(
        Membership.objects.select_related("body__partnership", "municipality"),
        pk=membership_pk,
        person=person,
    )
    form = SeatEndForm(request.POST or None)
    if request.method == "POST" and "edit" not in request.POST and form.is_valid():
        end_date = form.cleaned_data["end_date"]
        try:
            if request.POST.get("confirm") == "1":
                people.seat_end(actor=request.user, membership=seat, end_date=end_date)
                messages.success(request, _("The seat ends on the date given."))
                return redirect("person_detail", pk=person.pk)
            preview = people.seat_end_preview(
                actor=request.user, membership=seat, end_date=end_date
            )
        except DomainError as error:
            _form_refusal(form, error)
        else:
            return render(
                request,
                "partnerships/people/seat_confirm.html",
                {"person": person, "form": form, "preview": preview, "seat": seat, "ending": True},
            )
    return render(
        request, "partnerships/people/seat_end.html", {"person": person, "seat": seat, "form": form}
    )
