"""Using the forms' searchable pickers in a journey (content/widgets.py, content/forms.js)."""

import re

from playwright.sync_api import expect


def named(label: str) -> re.Pattern:
    """A control's exact name, with or without the colon a form's label may end with; a row's
    number is in a visually hidden part of its label, which browsers name after a space."""
    return re.compile("^" + re.escape(label).replace(",", " ?,") + ":?$")


def pick(page, label: str, text: str, option: str) -> None:
    """Type into a picker and choose the option that reads `option`."""
    picker = page.get_by_role("combobox", name=named(label))
    # Until the page's script has made the select a picker, the name belongs to the plain select
    # (a combobox too): typing into that would be lost when the picker replaces it.
    expect(picker).to_have_attribute("aria-expanded", re.compile(r"^(true|false)$"))
    picker.click()
    picker.press_sequentially(text)
    page.get_by_role("option", name=option).first.click()
    page.keyboard.press("Escape")
