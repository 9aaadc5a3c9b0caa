"""The item forms' widgets and fields: pickers, rows, co-benefits, money and ranges."""

from decimal import Decimal

import pytest
from django import forms
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from cityhive.content.catalogue import Taxonomy
from cityhive.content.forms import (
    CobenefitsField,
    FacetRowForm,
    MoneyField,
    range_check,
    rows_formset,
)
from cityhive.content.widgets import CobenefitRows, MoneyInput, TagPicker, parse_amount

NAMES = [("air_quality", "Air quality"), ("housing", "Housing")]
EFFECTS = [("2", "+2"), ("1", "+1"), ("0", "0"), ("-1", "-1"), ("-2", "-2")]


class CobenefitForm(forms.Form):
    cobenefits = CobenefitsField(required=False, label="Co-benefits", names=NAMES, effects=EFFECTS)


class RangeForm(forms.Form):
    low = forms.IntegerField(required=False, label="Cities from")
    high = forms.IntegerField(required=False, label="Cities up to")

    def clean(self):
        data = super().clean()
        range_check(self, "low", "high")
        return data


# --- pickers ---------------------------------------------------------------------------------


def test_a_tag_picker_is_a_multiple_select_with_its_choices_chosen():
    widget = TagPicker(choices=[("11.5", "11.5 · Disasters"), ("13.1", "13.1 · Resilience")])
    html = widget.render("sdg_targets", ["13.1"], attrs={"id": "id_sdg_targets"})
    assert html.startswith("<select ") and html.endswith("</select>")
    for attribute in (
        'name="sdg_targets"',
        'data-picker="tags"',
        'data-placeholder="Type to search"',
        'data-remove-label="Remove"',
        'id="id_sdg_targets"',
        " multiple>",
    ):
        assert attribute in html
    assert '<option value="11.5">11.5 · Disasters</option>' in html
    assert '<option value="13.1" selected>13.1 · Resilience</option>' in html


def test_a_picker_escapes_its_labels():
    html = TagPicker(choices=[("x", "<b>bold</b>")]).render("t", [])
    assert '<option value="x">&lt;b&gt;bold&lt;/b&gt;</option>' in html


@pytest.mark.django_db
def test_a_rows_value_offers_the_values_of_its_facet_by_label():
    taxonomy = Taxonomy()
    row = FacetRowForm(initial={"facet": "hazard", "value": "floods"}, taxonomy=taxonomy)
    choices = row.fields["value"].widget.choices
    assert choices[0] == ("", "Choose a value")
    assert ("floods", "Floods") in choices
    assert {code for code, _ in choices[1:]} == {code for code, _ in taxonomy.choices("hazard")}
    assert '<option value="floods" selected>Floods</option>' in str(row["value"])


@pytest.mark.django_db
def test_a_blank_row_asks_for_its_facet_first_and_an_unknown_value_is_kept():
    assert FacetRowForm(taxonomy=Taxonomy()).fields["value"].widget.choices == [
        ("", "Choose a facet first")
    ]
    typed = FacetRowForm(
        {"facet": "hazard", "value": "lava", "strength": "0.5"}, taxonomy=Taxonomy()
    )
    assert typed.fields["value"].widget.choices[-1] == ("lava", "lava")
    assert typed.is_valid() and typed.item() == {
        "facet": "hazard",
        "value": "lava",
        "strength": 0.5,
    }


@pytest.mark.django_db
def test_rows_carry_every_weighted_facets_values_once():
    rows = rows_formset(FacetRowForm, prefix="addresses")
    facets = [facet for facet, _ in rows.facet_values]
    assert facets == [
        "hazard",
        "emission_sector",
        "impact_sector",
        "kpi",
        "sdg_target",
        "sdg_goal",
        "category",
    ]
    assert '<option value="floods">Floods</option>' in dict(rows.facet_values)["hazard"]
    assert len(rows.forms) == 1  # one empty row; more are added on the page


@pytest.mark.django_db
def test_rows_removed_on_the_page_leave_no_gap_and_blank_rows_are_skipped():
    data = {
        "addresses-TOTAL_FORMS": "3",
        "addresses-INITIAL_FORMS": "2",
        "addresses-0-facet": "hazard",
        "addresses-0-value": "floods",
        "addresses-0-strength": "0.9",
        "addresses-2-facet": "category",
        "addresses-2-value": "environment/water",
        "addresses-2-strength": "0.4",
    }
    rows = rows_formset(FacetRowForm, prefix="addresses", data=data)
    assert rows.is_valid()
    assert rows.items() == [
        {"facet": "hazard", "value": "floods", "strength": 0.9},
        {"facet": "category", "value": "environment/water", "strength": 0.4},
    ]
    assert rows.row(1) is rows.forms[2]


# --- co-benefits ------------------------------------------------------------------------------


def test_cobenefit_rows_become_the_exchange_object():
    form = CobenefitForm(
        {
            "cobenefits-0-name": "housing",
            "cobenefits-0-effect": "-1",
            "cobenefits-1-name": "",
            "cobenefits-1-effect": "",
            "cobenefits-3-name": "air_quality",
            "cobenefits-3-effect": "2",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cobenefits"] == {"housing": -1, "air_quality": 2}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"cobenefits-0-name": "housing", "cobenefits-0-effect": ""},
            "Choose how the solution affects “Housing”.",
        ),
        (
            {"cobenefits-0-name": "", "cobenefits-0-effect": "1"},
            "Choose which co-benefit row 1 is about, or remove the row.",
        ),
        (
            {
                "cobenefits-0-name": "air_quality",
                "cobenefits-0-effect": "1",
                "cobenefits-1-name": "air_quality",
                "cobenefits-1-effect": "2",
            },
            "“Air quality” is listed twice: keep one row for it.",
        ),
    ],
)
def test_an_incomplete_cobenefit_row_is_named_in_words(data, message):
    form = CobenefitForm(data)
    assert not form.is_valid()
    assert form.errors["cobenefits"] == [message]


def test_cobenefit_rows_show_the_saved_ones_and_an_empty_row():
    form = CobenefitForm(initial={"cobenefits": {"noise_level": 1, "air_quality": -2}})
    html = str(form["cobenefits"])
    assert '<option value="air_quality" selected>Air quality</option>' in html
    assert '<option value="noise_level" selected>Noise level</option>' in html
    assert 'name="cobenefits-2-name"' in html  # the empty row after the two saved ones
    assert 'name="cobenefits-__prefix__-name"' in html  # the template of an added row
    assert '<option value="-2" selected>-2</option>' in html


def test_cobenefit_rows_keep_what_was_typed_on_an_error():
    data = {"cobenefits-0-name": "housing", "cobenefits-0-effect": ""}
    html = str(CobenefitForm(data)["cobenefits"])
    assert '<option value="housing" selected>Housing</option>' in html


def test_cobenefit_rows_read_only_their_own_names():
    widget = CobenefitRows(names=NAMES, effects=EFFECTS)
    data = {"cobenefits-0-name": "housing", "cobenefits-0-effect": "1", "cobenefitsx-1-name": "x"}
    assert widget.value_from_datadict(data, {}, "cobenefits") == [("housing", "1")]
    assert widget.value_omitted_from_data({}, {}, "cobenefits")


# --- money and ranges -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("2500000", Decimal("2500000")),
        ("2,500,000", Decimal("2500000")),
        ("2 500 000,50", Decimal("2500000.50")),
        ("2.500.000,5", Decimal("2500000.5")),
        ("2500000.50", Decimal("2500000.50")),
        ("1'000", Decimal("1000")),
        ("1,5", Decimal("1.5")),
    ],
)
def test_amounts_are_read_as_people_write_them(typed, amount):
    assert parse_amount(typed) == amount


@pytest.mark.parametrize(
    "typed", ["", "abc", "12,34,567", "-5", "1.2.3", "2,50,000.5", "1,000.000,5"]
)
def test_what_is_not_an_amount_is_refused(typed):
    assert parse_amount(typed) is None


@given(st.decimals(min_value=0, max_value=10**13, places=2, allow_nan=False))
def test_an_amount_shown_grouped_reads_back_the_same(amount):
    with translation.override("en"):
        shown = MoneyInput().format_value(amount)
    assert parse_amount(shown) == amount


def test_a_money_field_says_how_to_write_an_amount():
    field = MoneyField(required=False, max_digits=16, decimal_places=2)
    assert field.clean("2,500,000") == Decimal("2500000")
    with pytest.raises(forms.ValidationError) as refused:
        field.clean("two million")
    assert refused.value.messages == ["Write the amount in figures, e.g. 2,500,000 or 2500000.50."]


def test_a_range_upside_down_names_both_fields_in_words():
    form = RangeForm({"low": "900", "high": "10"})
    assert not form.is_valid()
    assert form.errors == {"high": ["“Cities up to” must not be below “Cities from”."]}


@pytest.mark.parametrize(("low", "high"), [("10", "900"), ("10", "10"), ("", "5"), ("5", "")])
def test_a_range_in_order_or_open_is_accepted(low, high):
    assert RangeForm({"low": low, "high": high}).is_valid()


@pytest.mark.parametrize(
    ("typed", "meaning"),
    [
        ("0", "a little"),
        ("0.3", "partly"),
        ("0.5", "largely"),
        ("1", "fully"),
        ("1.5", ""),
        ("x", ""),
    ],
)
def test_a_rows_weight_is_shown_in_words(typed, meaning):
    row = FacetRowForm({"facet": "hazard", "value": "floods", "strength": typed})
    assert row.weight_meaning == meaning
    assert row.weight_scale() == "a little|partly|largely|fully"
