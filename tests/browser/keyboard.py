"""Keyboard-only helpers for Playwright tests: move with Tab / Shift+Tab, act with Enter.

Every stop on the way is checked for a visible focus indicator (WCAG 2.4.7), so a
test that walks a flow with `tab_to` also proves the focus can be seen.

    tab_to(page, page.get_by_role("link", name="Projekt"))
    press(page, "Enter")
    tab_to(page, page.get_by_role("button", name="Logga ut"), backwards=True)
"""

from __future__ import annotations

MAX_PRESSES = 60

_DESCRIBE_FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  const label = el.labels && el.labels.length ? el.labels[0].innerText : "";
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    text: (el.getAttribute("aria-label") || label || el.innerText || el.value || "")
      .trim().slice(0, 60),
    outlineStyle: style.outlineStyle,
    outlineWidth: parseFloat(style.outlineWidth) || 0,
    focusVisible: el.matches(":focus-visible"),
    inViewport: box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
      && box.left < window.innerWidth && box.top < window.innerHeight,
  };
}"""


def focused(page) -> dict | None:
    """What has the focus: tag, id, text, outline and whether it is on screen (None: body)."""
    return page.evaluate(_DESCRIBE_FOCUS)


def has_focus(locator) -> bool:
    """Whether the focus is on (one of) the element(s) of `locator`."""
    return locator.evaluate_all("els => els.includes(document.activeElement)")


def assert_focus_visible(page) -> dict:
    """The focused element shows a focus outline and is scrolled into view."""
    info = focused(page)
    assert info is not None, "nothing has the keyboard focus"
    assert info["outlineStyle"] != "none" and info["outlineWidth"] > 0, (
        f"focus is not visible on <{info['tag']}> {info['text']!r}: "
        f"outline {info['outlineStyle']} {info['outlineWidth']}px"
    )
    assert info["inViewport"], f"focused <{info['tag']}> {info['text']!r} is off screen"
    return info


def press(page, key: str) -> None:
    page.keyboard.press(key)


def tab_to(page, locator, *, backwards: bool = False, max_presses: int = MAX_PRESSES) -> list:
    """Press Tab (Shift+Tab if `backwards`) until `locator` has the focus.

    Asserts a visible focus at every stop; returns the stops passed on the way
    (descriptions from `focused`). Fails if the target is not reached, i.e. it
    cannot be reached by keyboard.
    """
    key = "Shift+Tab" if backwards else "Tab"
    stops = []
    for _ in range(max_presses):
        if has_focus(locator):
            return stops
        page.keyboard.press(key)
        stops.append(assert_focus_visible(page))
    trail = " -> ".join(f"<{s['tag']}> {s['text']!r}" for s in stops[-12:])
    raise AssertionError(f"{locator} not reached with {key} in {max_presses} presses: {trail}")


def activate(page, locator, *, backwards: bool = False) -> None:
    """Move the focus to `locator` by keyboard and press Enter on it."""
    tab_to(page, locator, backwards=backwards)
    page.keyboard.press("Enter")


def type_into(page, locator, text: str) -> None:
    """Tab to a field and type, as a keyboard user does."""
    tab_to(page, locator)
    page.keyboard.type(text)


def arrow_until(page, done, *, key: str = "ArrowDown", max_presses: int = 20) -> None:
    """Press an arrow key until `done()` is true: moves within a <select> or a radio group."""
    for _ in range(max_presses):
        if done():
            return
        page.keyboard.press(key)
    assert done(), f"not reached with {key} in {max_presses} presses"


def select_by_keyboard(page, select, option_text: str) -> None:
    """Tab to a <select> and pick the option with the arrow keys (no mouse, no popup)."""
    tab_to(page, select)
    texts = select.evaluate("el => [...el.options].map(o => o.text.trim())")
    assert option_text in texts, f"no option {option_text!r} in {texts}"
    current = select.evaluate("el => el.selectedIndex")
    key = "ArrowDown" if texts.index(option_text) > current else "ArrowUp"
    arrow_until(
        page, lambda: select.evaluate("el => el.selectedIndex") == texts.index(option_text), key=key
    )


def choose_radio_by_keyboard(page, radio) -> None:
    """Tab into the radio's group (the focus lands on its checked or first radio),
    then arrow to `radio`; arrows both move and check in a radio group."""
    name = radio.get_attribute("name")
    tab_to(page, page.locator(f'input[type="radio"][name="{name}"]'))
    arrow_until(page, radio.is_checked)


def check_by_keyboard(page, checkbox) -> None:
    """Tab to a checkbox and tick it with Space."""
    tab_to(page, checkbox)
    if not checkbox.is_checked():
        page.keyboard.press("Space")
    assert checkbox.is_checked()


def use_skip_link(page, target_id: str = "main") -> None:
    """From the top of a freshly loaded page: the first Tab shows the skip link,
    Enter moves the focus to the main content."""
    page.keyboard.press("Tab")
    info = assert_focus_visible(page)
    assert "skip-link" in page.evaluate("() => document.activeElement.className"), (
        f"the first Tab stop is <{info['tag']}> {info['text']!r}, not the skip link"
    )
    page.keyboard.press("Enter")
    active_id = page.evaluate("() => document.activeElement.id")
    assert active_id == target_id, f"the skip link moved the focus to #{active_id or '(body)'}"
