"""Widgets of the item forms: fast selects, searchable pickers, co-benefit rows and money amounts.

The pickers are plain selects that `content/forms.js` turns into Tom Select controls (the script
Tom Select ships through django-tomselect, served from our own origin): without the script they
still work as selects, and the page needs no inline script under our content security policy.
"""

import re
from decimal import Decimal, InvalidOperation
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.formats import number_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

ROW_NAME = re.compile(r"^(?P<index>\d+)-(?P<key>name|effect)$")


class FastSelect(forms.Select):
    """A select rendered in Python: Django renders a template per option, and the country and KPI
    lists made that most of a catalogue page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in self.format_value(value)}
        final_attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        # Every value and label is escaped; the attributes by flatatt.
        options = options_html(self.choices, chosen)
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")  # noqa: S308


class FastSelectMultiple(FastSelect, forms.SelectMultiple):
    pass


def options_html(choices, chosen: set[str]) -> str:
    """`<option>`s of (value, label) pairs, the chosen ones selected; everything escaped."""
    return "".join(
        f'<option value="{escape(str(key))}"{" selected" if str(key) in chosen else ""}>'
        f"{escape(str(label))}</option>"
        for key, label in choices
    )


def picker_attrs(kind: str) -> dict:
    """What the script needs to make a select a picker, in the page's language."""
    return {
        "data-picker": kind,
        "data-placeholder": _("Type to search"),
        "data-no-results": _("Nothing matches; try other words."),
        "data-remove-label": _("Remove"),
    }


class TagPicker(FastSelectMultiple):
    """Several values picked by typing: a multiple select that the script makes searchable."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({**picker_attrs("tags"), **(attrs or {})}, choices)


class ChoicePicker(FastSelect):
    """One value of a long list picked by typing (a KPI, a value of a facet)."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({**picker_attrs("one"), **(attrs or {})}, choices)


class TagInput(forms.TextInput):
    """Free tags, typed as comma-separated text: the script makes it a picker that offers the
    tags already in use (`suggestions`) and creates new ones as they are typed. Without the
    script it stays a text field, with the suggestions as the browser's list."""

    def __init__(self, attrs=None, suggestions=()):
        picker = {**picker_attrs("create"), "data-create-label": _("Add “%(tag)s”")}
        super().__init__({**picker, **(attrs or {})})
        self.suggestions = list(suggestions)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        listed = f"{attrs.get('id') or f'id_{name}'}-suggestions"
        attrs["list"] = listed
        field = super().render(name, value, attrs, renderer)
        options = "".join(f'<option value="{escape(str(tag))}">' for tag in self.suggestions)
        # The field is escaped by Django's own rendering; the datalist's values here.
        return mark_safe(f'{field}<datalist id="{escape(listed)}">{options}</datalist>')  # noqa: S308


class FacetValueSelect(ChoicePicker):
    """The value of a weighted row: the options of the row's facet, which the script swaps for
    another facet's when the facet changes (content/_rows.html holds them all)."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({"data-facet-value": "", **(attrs or {})}, choices)

    def format_value(self, value):
        return [] if value in (None, "") else [str(value)]


class CobenefitRows(forms.Widget):
    """Co-benefits as rows of a named co-benefit and its effect (-2..+2), with rows to add and
    remove. The data come back as `<name>-<n>-name` and `<name>-<n>-effect` pairs."""

    template_name = "content/widgets/cobenefit_rows.html"

    def id_for_label(self, id_):
        return ""  # the rows are a group named by their legend; each select has its own label

    def __init__(self, attrs=None, names=(), effects=()):
        super().__init__(attrs)
        self.names = list(names)
        self.effects = list(effects)

    def value_from_datadict(self, data, files, name) -> list[tuple[str, str]]:
        pairs: dict[int, dict[str, str]] = {}
        for key in data:
            match = ROW_NAME.match(key.removeprefix(f"{name}-")) if key.startswith(name) else None
            if match:
                pairs.setdefault(int(match["index"]), {})[match["key"]] = data.get(key, "")
        return [(row.get("name", ""), row.get("effect", "")) for _i, row in sorted(pairs.items())]

    def value_omitted_from_data(self, data, files, name) -> bool:
        return not any(key.startswith(f"{name}-") for key in data)

    def format_value(self, value) -> list[tuple[str, str]]:
        if isinstance(value, dict):
            # Sorted: PostgreSQL (jsonb) does not keep key order, so show the same order everywhere.
            return [(name, str(number)) for name, number in sorted(value.items())]
        return list(value or [])

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = self.format_value(value)
        known = {code for code, _ in self.names}
        # A co-benefit saved under another name (through the API or an import) keeps its row.
        extra = [(n, n.replace("_", " ").capitalize()) for n, _ in rows if n and n not in known]
        names = [("", _("Choose a co-benefit")), *self.names, *extra]
        effects = [("", "—"), *self.effects]
        context["rows"] = [
            {
                "index": index,
                "names": options_html(names, {row_name}),
                "effects": options_html(effects, {str(effect)}),
            }
            for index, (row_name, effect) in enumerate([*rows, ("", "")])
        ]
        context["blank"] = {
            "names": options_html(names, set()),
            "effects": options_html(effects, set()),
        }
        return context


class MoneyInput(forms.TextInput):
    """An amount of money, shown with its thousands grouped (2,500,000) and typed the same way."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return number_format(value, use_l10n=True, force_grouping=True)
        return super().format_value(value)


def parse_amount(text: str) -> Decimal | None:
    """An amount typed with its thousands grouped (by a space, an apostrophe, a comma or a dot)
    and its decimals after a comma or a dot; None when it is not one. A lone comma or dot before
    exactly three digits groups thousands (1,500 is fifteen hundred)."""
    cleaned = re.sub(r"[\s\u00a0\u202f'\u2019_]", "", text)
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", cleaned):
        return None
    marks = re.findall(r"[.,]", cleaned)
    decimal_mark = marks[-1] if marks and _is_decimal_mark(cleaned, marks) else None
    whole, _mark, decimals = cleaned.rpartition(decimal_mark) if decimal_mark else (cleaned, "", "")
    groups = re.split(r"[.,]", whole)
    if len(set(re.findall(r"[.,]", whole))) > 1 or any(len(g) != 3 for g in groups[1:]):
        return None
    try:
        return Decimal(f"{''.join(groups)}.{decimals or '0'}")
    except InvalidOperation:
        return None


def _is_decimal_mark(cleaned: str, marks: list[str]) -> bool:
    if len(set(marks)) > 1:
        return True  # 2,500,000.50 or 2.500.000,50: the last mark starts the decimals
    return len(marks) == 1 and len(cleaned) - cleaned.rfind(marks[0]) - 1 != 3
