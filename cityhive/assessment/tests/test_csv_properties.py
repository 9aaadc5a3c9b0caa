"""Any valid set of KPI values survives a CSV export and import unchanged."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cityhive.assessment import csvio, services
from cityhive.assessment.measures import measures
from cityhive.assessment.selectors import assessment_export_rows
from cityhive.directory.models import MembershipRole
from cityhive.directory.tests.factories import CityFactory, MembershipFactory

CODES = sorted(measures())
COLUMNS = (*csvio.KPI_VALUES.columns, *csvio.KPI_VALUES.informative)
texts = st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).map(
    str.strip
)


@st.composite
def value_rows(draw):
    codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=6, unique=True))
    rows = []
    for code in codes:
        measure = measures()[code]
        high = measure.maximum if measure.maximum is not None else 1e6
        value = draw(st.floats(min_value=measure.minimum or 0, max_value=high))
        rows.append(
            {
                "kpi": code,
                "value": float(f"{value:g}"),
                "data_source": draw(texts),
                "data_quality": draw(st.one_of(st.none(), st.integers(1, 6))),
                "notes": draw(texts),
            }
        )
    return rows


class CsvRoundTripTests(TestCase):
    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(rows=value_rows())
    def test_export_then_import_is_the_identity(self, rows):
        city = CityFactory()
        member = MembershipFactory(organisation=city, role=MembershipRole.MEMBER).user
        first = services.assessment_open(actor=member, city=city, year=2024)
        services.kpi_values_set(actor=member, assessment=first, values=rows)
        text = csvio.csv_write(assessment_export_rows(first), COLUMNS)
        second = services.assessment_open(actor=member, city=city, year=2025)
        services.kpi_values_import(actor=member, assessment=second, text=text)
        fields = ("kpi__code", "value", "unit", "data_source", "data_quality", "notes")
        assert sorted(second.values.values_list(*fields)) == sorted(
            first.values.values_list(*fields)
        )
