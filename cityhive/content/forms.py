"""Form pieces every faceted item's pages use: fast selects, list and facet fields, rows of weighted
facets, the catalogue's filter form and the fields every item has. Forms only shape input into the
exchange format: the services validate and write, and each error path they report is shown next to
the field it names."""

import re

from django import forms
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries import countries

from cityhive.content.catalogue import FACET_NAMES, Taxonomy
from cityhive.content.widgets import (
    ChoicePicker,
    CobenefitRows,
    FacetValueSelect,
    FastSelect,
    FastSelectMultiple,
    MoneyInput,
    TagPicker,
    options_html,
    parse_amount,
)
from cityhive.core.errors import DomainError
from cityhive.taxonomy.vocabulary import WEIGHTED_FACETS

PICKER_HELP = _("Type a few letters to find one, then pick as many as apply.")
MARKDOWN_HELP = _("Markdown: **bold**, *italic*, lists, links and ## headings.")
MAX_ROWS = 40
PATH = re.compile(r"^(?P<base>\w+)(?:\[(?P<index>\d+)\])?(?:\.(?P<key>[\w-]+))?$")
# Validation fragments that read after the field's label, in each language we ship.
VERB_MESSAGE = re.compile(
    r"^(is|must|repeats|est|doit|ne|répète|es|debe|no|repite|é|deve|não|repete) "
)


def blank_choice(label: str) -> list[tuple[str, str]]:
    return [("", label)]


def fast_selects(form: forms.Form) -> None:
    """Give the form's select boxes the fast renderer (same markup, same behaviour)."""
    for field in form.fields.values():
        if type(field.widget) is forms.Select:
            field.widget.__class__ = FastSelect
        elif type(field.widget) is forms.SelectMultiple:
            field.widget.__class__ = FastSelectMultiple


class CodeListField(forms.CharField):
    """A comma-separated list of short codes or tags, shown and returned as a list."""

    def __init__(self, *args, upper: bool = False, **kwargs):
        self.upper = upper
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        items = [item.strip() for item in re.split(r"[,\n]", super().to_python(value) or "")]
        return [self._case(item) for item in items if item]

    def _case(self, item: str) -> str:
        return item.upper() if self.upper and item.lower() != "global" else item


class DistinctChoicesField(forms.MultipleChoiceField):
    """A multiple choice that keeps each value once: an SDG target can arrive both from its select
    and from an accepted suggestion's checkbox of the same name (sdg/_suggestions.html)."""

    def to_python(self, value) -> list[str]:
        return list(dict.fromkeys(super().to_python(value)))


class CobenefitsField(forms.Field):
    """Co-benefits as rows of a co-benefit and its effect, returned as the exchange's object
    {name: -2..2}. `names` is the vocabulary offered; a saved name outside it keeps its row."""

    def __init__(self, *, names, effects, **kwargs):
        super().__init__(widget=CobenefitRows(names=names, effects=effects), **kwargs)

    def to_python(self, value) -> dict[str, int]:
        benefits: dict[str, int] = {}
        for number, (name, effect) in enumerate(value or [], start=1):
            name, effect = str(name).strip(), str(effect).strip()
            if not name and not effect:
                continue
            if not name:
                raise forms.ValidationError(
                    _("Choose which co-benefit row %(number)s is about, or remove the row.")
                    % {"number": number}
                )
            if name in benefits:
                raise forms.ValidationError(
                    _("“%(name)s” is listed twice: keep one row for it.")
                    % {"name": self.label_of(name)}
                )
            benefits[name] = self._effect(name, effect)
        return benefits

    def _effect(self, name: str, effect: str) -> int:
        offered = {str(value) for value, _label in self.widget.effects}
        if effect not in offered:
            message = _("Choose how the solution affects “%(name)s”.")
            raise forms.ValidationError(message % {"name": self.label_of(name)})
        return int(effect)

    def label_of(self, name: str) -> str:
        return str(dict(self.widget.names).get(name, name.replace("_", " ").capitalize()))


class MoneyField(forms.DecimalField):
    """An amount of money typed as people write it (2,500,000 or 2 500 000,50)."""

    widget = MoneyInput
    default_error_messages = {
        "invalid": _("Write the amount in figures, e.g. 2,500,000 or 2500000.50."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        amount = parse_amount(str(value))
        if amount is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return amount


def range_check(form: forms.Form, low: str, high: str) -> None:
    """Refuse a range whose lower end is above its upper end, naming both fields in words."""
    data = form.cleaned_data
    if data.get(low) is None or data.get(high) is None or data[low] <= data[high]:
        return
    form.add_error(
        high,
        _("“%(high)s” must not be below “%(low)s”.")
        % {"high": form.fields[high].label, "low": form.fields[low].label},
    )


class FacetRowForm(forms.Form):
    """One row of facet / value / strength (a solution's or a challenge's `addresses`); the value
    is picked from the facet's vocabulary, by its label."""

    weight_field = "strength"
    facet = forms.ChoiceField(
        required=False,
        label=_("Facet"),
        choices=[*blank_choice("—"), *((f, FACET_NAMES[f]) for f in WEIGHTED_FACETS)],
    )
    value = forms.CharField(
        required=False, label=_("Value"), max_length=60, widget=FacetValueSelect
    )
    strength = forms.FloatField(
        required=False,
        label=_("Strength"),
        widget=forms.NumberInput(
            attrs={"min": "0", "max": "1", "step": "any", "placeholder": "0-1"}
        ),
    )

    # What a weight means, by quarter of the 0..1 scale (shown beside the number as it is typed).
    weight_words = (_("a little"), _("partly"), _("largely"), _("fully"))

    def __init__(self, *args, taxonomy: Taxonomy | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        facet = self["facet"].value()
        choices = list(taxonomy.choices(facet)) if taxonomy and facet in WEIGHTED_FACETS else []
        current = self["value"].value()
        if current and current not in {str(code) for code, _label in choices}:
            choices.append((current, current))  # kept, so that the service names what is wrong
        blank = _("Choose a value") if facet else _("Choose a facet first")
        self.fields["value"].widget.choices = [("", blank), *choices]

    @property
    def weight_meaning(self) -> str:
        """The words for the row's weight as it stands, or nothing when it is not one in 0..1."""
        try:
            weight = float(self[self.weight_field].value())
        except (TypeError, ValueError):
            return ""
        if not 0 <= weight <= 1:
            return ""
        return str(self.weight_words[min(int(weight * 4), 3)])

    def weight_scale(self) -> str:
        return "|".join(str(word) for word in self.weight_words)

    def item(self) -> dict | None:
        """The row as an exchange item, or None when it was left blank."""
        data = self.cleaned_data
        weight = data.get(self.weight_field)
        if not data.get("facet") and not data.get("value") and weight is None:
            return None
        return {
            "facet": data.get("facet", ""),
            "value": data.get("value", ""),
            self.weight_field: weight,
        }


class RowFormSet(forms.BaseFormSet):
    """Repeated rows that people add and remove; blank rows are skipped, and service errors find
    their row by its index among the filled ones."""

    def items(self) -> list[dict]:
        """The filled rows as exchange items, in order."""
        self.filled = [form for form in self.forms if form.item() is not None]
        return [form.item() for form in self.filled]

    def row(self, index: int) -> forms.Form | None:
        filled = getattr(self, "filled", [])
        return filled[index] if index < len(filled) else None

    @cached_property
    def facet_values(self) -> list[tuple[str, str]]:
        """(facet, its values as options) of every weighted facet, for rows whose value follows
        their facet; empty for other rows."""
        taxonomy = self.form_kwargs.get("taxonomy")
        if taxonomy is None:
            return []
        return [
            (facet, mark_safe(options_html(taxonomy.choices(facet), set())))  # noqa: S308
            for facet in WEIGHTED_FACETS
        ]


def rows_formset(
    form_class, *, prefix: str, data=None, initial=(), empty_rows: int = 1, form_kwargs=None
):
    """A set of rows with an empty one to fill in (more are added on the page)."""
    formset = forms.formset_factory(
        form_class, formset=RowFormSet, extra=empty_rows, max_num=MAX_ROWS, absolute_max=MAX_ROWS
    )
    if issubclass(form_class, FacetRowForm):
        form_kwargs = {"taxonomy": Taxonomy(), **(form_kwargs or {})}
    return formset(data, initial=list(initial) or None, prefix=prefix, form_kwargs=form_kwargs)


def errors_show(form, error: DomainError, *, rows: dict | None = None, aliases=None) -> None:
    """Show a service's errors beside the fields (or rows) their paths name, else atop the form."""
    if not error.field_errors:
        form.add_error(None, error.message)
        return
    for path, messages in error.field_errors.items():
        for message in messages:
            _error_place(form, path, message, rows or {}, aliases or {})


def _error_place(form, path: str, message: str, rows: dict, aliases: dict) -> None:
    match = PATH.match(path)
    base = match.group("base") if match else path
    if match and base in rows and match.group("index") is not None:
        row = rows[base].row(int(match.group("index")))
        if row is not None:
            key = match.group("key")
            field = key if key in row.fields else None
            row.add_error(
                field, _sentence(row.fields[field].label if field else _("This row"), message)
            )
            return
    field = aliases.get(path) or aliases.get(base) or base
    if field not in form.fields:
        form.add_error(None, f"{path}: {message}")
        return
    subject = form.fields[field].label or field.replace("_", " ").capitalize()
    if path not in (base, field) and field == base:
        subject = f"{subject} ({path.removeprefix(base).strip('.')})"
    form.add_error(field, _sentence(subject, _paths_named(form, message, aliases)))


def _paths_named(form, message: str, aliases: dict) -> str:
    """The message with the field paths it mentions ("budget.min") named by their labels."""
    for path, name in aliases.items():
        if "." in path and path in message and name in form.fields:
            message = message.replace(path, f"“{form.fields[name].label}”")
    return message


def _sentence(subject: str, message: str) -> str:
    if VERB_MESSAGE.match(message):
        text = f"{subject} {message}"
    else:
        text = message[:1].upper() + message[1:]
    return text if text.endswith(".") else text + "."


def country_choices() -> list[tuple[str, str]]:
    # A callable: a plain list of 250 countries is deep-copied with every form instance.
    return [*blank_choice(pgettext_lazy("country", "Any")), *countries]


def taxonomy_field_choices(form: forms.Form, taxonomy: Taxonomy, fields: dict[str, str]) -> None:
    """Fill choice fields from the taxonomy: {field name: facet}."""
    for name, facet in fields.items():
        field = form.fields[name]
        blank = [] if isinstance(field, forms.MultipleChoiceField) else blank_choice(_("Any"))
        field.choices = [*blank, *taxonomy.choices(facet)]


class CatalogueFilterForm(forms.Form):
    """The search and facet filters every catalogue has; a kind adds its own fields and reads them
    into its filters."""

    q = forms.CharField(required=False, max_length=100, label=_("Search"))
    category = forms.ChoiceField(required=False, label=_("Category"))
    sdg = forms.ChoiceField(required=False, label=_("SDG"))
    kpi = forms.ChoiceField(required=False, label=_("U4SSC KPI"))
    hazard = forms.ChoiceField(required=False, label=_("Climate hazard"))
    country = forms.ChoiceField(
        required=False,
        label=_("Country"),
        choices=country_choices,
        widget=ChoicePicker(attrs={"data-allow-empty": ""}),
    )

    # {field name: facet} of the filters whose choices come from the taxonomy.
    FACETS = {"category": "category", "sdg": "sdg_goal", "kpi": "kpi", "hazard": "hazard"}

    def __init__(self, *args, taxonomy: Taxonomy, **kwargs):
        super().__init__(*args, **kwargs)
        taxonomy_field_choices(self, taxonomy, self.FACETS)
        fast_selects(self)


def description_field(*, required: bool) -> forms.CharField:
    """A Markdown description."""
    return forms.CharField(
        required=required,
        label=_("Description"),
        max_length=50_000,
        widget=forms.Textarea,
        help_text=MARKDOWN_HELP,
    )


class FacetedItemForm(forms.Form):
    """The fields every faceted item has: a title and its facet lists (its weighted `addresses`
    are rows beside the form). `exchange_fields` in each kind shapes the input for its services."""

    title = forms.CharField(label=_("Title"), max_length=200)
    categories = forms.MultipleChoiceField(
        required=False, label=_("Categories"), help_text=PICKER_HELP, widget=TagPicker
    )
    sdg_targets = DistinctChoicesField(
        required=False, label=_("SDG targets"), help_text=PICKER_HELP, widget=TagPicker
    )
    kpis = forms.MultipleChoiceField(
        required=False, label=_("U4SSC KPIs"), help_text=PICKER_HELP, widget=TagPicker
    )

    # Error paths of the services that name another field of the form.
    ALIASES: dict[str, str] = {}
    # The fieldsets a form shows before its topics, as (legend, field names) rows; a name the
    # form lacks (the owner, on an edit) is left out.
    FIELDSETS: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __init__(self, *args, taxonomy: Taxonomy, **kwargs):
        super().__init__(*args, **kwargs)
        taxonomy_field_choices(
            self,
            taxonomy,
            {"categories": "category", "sdg_targets": "sdg_target", "kpis": "kpi"},
        )
        fast_selects(self)

    def fieldsets(self) -> list[tuple[str, list]]:
        """The FIELDSETS with their bound fields, for content/_fieldsets.html."""
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.FIELDSETS
        ]


class VersionedForm(forms.Form):
    """The version an edit started from, sent back so that a stale edit is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput)
