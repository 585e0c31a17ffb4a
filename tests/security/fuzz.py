"""Property-based bad input (hypothesis): never a 500, a clear Swedish error, nothing half saved.

Plug a form in with one line in a test::

    fuzz_form(client, reverse("finance:budget_line_create", args=[...]),
              ["amount", "comment"], user=org.staff, name="budget line")

and an import with one line::

    fuzz_import(lambda text: services.budget_import(actor=org.staff, text=text), name="budget")

Every generated input runs in its own savepoint, so accepted inputs do not pile up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django import forms
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.errors import DomainError
from tests.security import figures
from tests.security.inert import FORMULA_PAYLOADS
from tests.security.matrix import db_state

MAX_EXAMPLES = 60

# Inputs people (and attackers) really send: empty, blanks, NUL, huge numbers,
# non-ASCII digits, markup, SQL, right-to-left overrides, long strings.
NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "-1",
    "0",
    "1e309",
    "NaN",
    "Infinity",
    "9" * 40,
    "²",
    "١٢٣",
    "6\u00a0797",
    "2024-02-30",
    "0604",
    "Jönköping",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "\u202egnp.exe",
    "\r\n",
    "x" * 5000,
    "😀" * 50,
    *FORMULA_PAYLOADS,  # CSV/formula injection (core/exports.py)
]

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=200)
# Bytes as the server may see them after a lossy decode.
bytes_as_text = st.binary(max_size=200).map(lambda b: b.decode("latin-1"))
value = st.one_of(text, st.sampled_from(NASTY), bytes_as_text)
# Free text that reaches an export, a PDF or a mail subject: a formula payload as typed,
# after blanks or a line break, with more text after it, or anything else.
payload = st.sampled_from(FORMULA_PAYLOADS)
formula_text = st.one_of(
    payload,
    st.builds(str.__add__, st.sampled_from([" ", "  ", "\u00a0", "\n", "\r\n"]), payload),
    st.builds(str.__add__, payload, text),
    st.builds(lambda before, after: f"{before}\r\n{after}", text, payload),
    value,
)

SWEDISH_ERROR_SUMMARY = "Formuläret innehåller fel"
ENGLISH_WORDS = re.compile(
    r"\b(the|this|field|enter|please|invalid|must|password|required|value)\b", re.I
)

fuzz_settings = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _forms_in(context) -> list[forms.BaseForm]:
    found = []
    for layer in context or []:
        for item in layer.dicts if hasattr(layer, "dicts") else [layer]:
            found += [v for v in item.values() if isinstance(v, forms.BaseForm)]
    return found


def assert_swedish(message: str, submitted: Iterable[str] = ()) -> None:
    """No English words in a message, once the user's own input quoted in it is removed."""
    for value in sorted((v.strip() for v in submitted if v and v.strip()), key=len, reverse=True):
        message = message.replace(value, "")
    message = re.sub(r"'[^']*'", "", message)
    assert not ENGLISH_WORDS.search(message), f"message not in Swedish: {message!r}"


def assert_clear_swedish_refusal(response, submitted: Iterable[str] = ()) -> None:
    """The form came back with errors, in Swedish, summarised at the top."""
    html = response.content.decode()
    errors = [str(e) for form in _forms_in(response.context) for e in _messages(form)]
    assert errors, "a 200 answer to bad input must show the form with its errors"
    assert SWEDISH_ERROR_SUMMARY in html
    for error in errors:
        assert_swedish(error, submitted)


def _messages(form) -> Iterable[str]:
    for messages in form.errors.values():
        yield from messages


def fuzz_form(
    client,
    url: str,
    fields: Iterable[str],
    *,
    user=None,
    fixed: dict | None = None,
    accepted: Iterable[int] = (302,),
    state: Callable = db_state,
    check_accepted: Callable | None = None,
    name: str | None = None,
    max_examples: int = MAX_EXAMPLES,
    values: st.SearchStrategy = value,
) -> None:
    """POST arbitrary values for `fields` (plus `fixed` ones) to `url`.

    Each answer must be an accepted status (by default a redirect), or 200 with the
    form and its Swedish errors and the database exactly as before. `values` is the
    strategy for each field (e.g. `formula_text` for texts that reach an export).
    """
    fields = list(fields)
    accepted = set(accepted)
    label = name or url
    if user is not None:
        client.force_login(user)

    @settings(fuzz_settings, max_examples=max_examples)
    @given(st.fixed_dictionaries(dict.fromkeys(fields, values)))
    def run(data):
        with transaction.atomic():
            before = state()
            response = client.post(url, {**data, **(fixed or {})})
            figures.add(f"fuzz:{label}")
            assert response.status_code < 500
            if response.status_code in accepted:
                if check_accepted:
                    check_accepted(response, data)
            else:
                assert response.status_code == 200, (
                    f"{url}: unexpected status {response.status_code} for {data!r}"
                )
                assert_clear_swedish_refusal(response, data.values())
                assert state() == before, f"{url}: a refused input changed the database"
            transaction.set_rollback(True)

    run()


def fuzz_raw_body(client, url: str, *, user=None, name: str | None = None) -> None:
    """POST arbitrary bytes as the request body (form and multipart types): never a 500."""
    if user is not None:
        client.force_login(user)
    label = name or url

    @fuzz_settings
    @given(
        st.binary(max_size=2000),
        st.sampled_from(
            [
                "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=xyz",
                "multipart/form-data",
                "application/json",
                "text/plain; charset=utf-16",
            ]
        ),
    )
    def run(body, content_type):
        with transaction.atomic():
            before = db_state()
            response = client.generic("POST", url, body, content_type=content_type)
            figures.add(f"fuzz:{label} (raw bytes)")
            assert response.status_code < 500, f"{url}: {response.status_code} for {body!r}"
            if response.status_code not in (301, 302):
                assert db_state() == before
            transaction.set_rollback(True)

    run()


def fuzz_import(
    run_import: Callable[[str], object],
    *,
    texts=None,
    state: Callable = db_state,
    name: str = "import",
    max_examples: int = 200,
) -> None:
    """Feed arbitrary text to an import: it succeeds or refuses as a whole with a DomainError.

    `run_import(text)` calls the service. A refusal must carry a Swedish message and
    leave the database exactly as before (all or nothing).
    """

    @settings(fuzz_settings, max_examples=max_examples)
    @given(texts if texts is not None else value)
    def run(text):
        with transaction.atomic():
            before = state()
            figures.add(f"fuzz:{name}")
            try:
                run_import(text)
            except DomainError as refused:
                assert refused.message.strip(), "a refusal needs a message"
                assert_swedish(refused.message)
                assert state() == before, "a refused import saved part of the file"
            transaction.set_rollback(True)

    run()
