"""Read a page's form the way a browser would submit it, for the morning scenario.

`form_fields(html, action)` returns the fields of the first form whose action is
`action` (None: the first form that posts to the page itself, with no action) as a
list of (name, value) pairs: text inputs and hidden inputs with their value,
checked checkboxes and radio buttons, each select's selected option (or its
first), textareas with their text. Submit buttons are left out, as a browser
sends only the one pressed.
"""

from html.parser import HTMLParser

SKIPPED_TYPES = {"submit", "button", "reset", "image", "file"}


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._form = {"action": attrs.get("action"), "method": attrs.get("method"), "f": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("disabled") is None:
            kind = (attrs.get("type") or "text").lower()
            if kind in SKIPPED_TYPES:
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self._form["f"].append([name, attrs.get("value", default)])
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "selected": None}
        elif tag == "option" and self._select is not None:
            self._option = {
                "value": attrs.get("value"),
                "text": "",
                "selected": "selected" in attrs,
            }
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None and self._select is not None:
            option = self._option
            value = option["value"] if option["value"] is not None else option["text"].strip()
            if self._select["first"] is None:
                self._select["first"] = value
            if option["selected"]:
                self._select["selected"] = value
            self._option = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["selected"]
            if chosen is None:
                chosen = self._select["first"]
            if chosen is not None and self._form is not None:
                self._form["f"].append([self._select["name"], chosen])
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            text = self._textarea["text"]
            self._form["f"].append([self._textarea["name"], text.removeprefix("\n")])
            self._textarea = None
        elif tag == "form":
            self._form = None


def form_fields(html: str, action: str | None = None) -> list[list[str]]:
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        if (form["action"] or None) == action:
            return form["f"]
    raise LookupError(f"no form posting to {action or 'this page'}")


def with_values(fields: list[list[str]], **values) -> list[list[str]]:
    """The fields with some values replaced (a field that is missing is added)."""
    result = [[name, values.pop(name) if name in values else value] for name, value in fields]
    return result + [[name, value] for name, value in values.items()]
