"""Any valid assessment line survives the general exchange path: import, export, import into an
empty platform, export again gives the same bytes; the assessment's own commands agree."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from cityhive.assessment.jsonlines import assessments_export, assessments_import
from cityhive.assessment.measures import measures
from cityhive.assessment.models import Assessment
from cityhive.assessment.tests.test_csv_properties import texts, value_rows
from cityhive.directory.tests.factories import CityFactory
from cityhive.exchange.tests import helpers as h

HAZARDS = ["floods", "heatwaves", "droughts", "storms", "landslides", "wildfires"]
SECTORS = ["stationary_energy", "transportation", "waste", "ippu", "afolu"]
amounts = st.floats(min_value=0, max_value=1e9).map(lambda x: float(f"{x:g}"))


@st.composite
def assessment_lines(draw):
    risks = [
        {
            "hazard": hazard,
            "key_impact": draw(texts.filter(bool)),
            "risk": draw(st.floats(0, 1).map(lambda x: round(x, 3))),
        }
        for hazard in draw(st.lists(st.sampled_from(HAZARDS), max_size=3, unique=True))
    ]
    emissions = [
        {"sector": sector, "tonnes_co2e": draw(amounts)}
        for sector in draw(st.lists(st.sampled_from(SECTORS), max_size=3, unique=True))
    ]
    return {
        "type": "assessment",
        "city": "org-recife",
        "year": draw(st.integers(1990, 2100)),
        "status": draw(st.sampled_from(["draft", "submitted"])),
        "visibility": draw(st.sampled_from(["private", "partners", "public"])),
        "values": draw(value_rows()),
        "climate_risks": risks,
        "emissions": emissions,
    }


class ExchangeRoundTripTests(TestCase):
    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(line=assessment_lines())
    def test_export_import_export_is_the_identity(self, line):
        CityFactory(slug="recife")
        h.run_import(h.jsonl(line))
        first = h.export(types=None)
        own = "".join(assessments_export(Assessment.objects.all()))
        Assessment.objects.all().delete()
        h.wipe()
        h.run_import(first)
        assert h.export(types=None) == first
        (exported,) = [json.loads(x) for x in first.splitlines() if b'"assessment"' in x[:30]]
        assert own == json.dumps(exported, ensure_ascii=False, separators=(",", ":")) + "\n"
        # the assessment's own command reads the general export's line back unchanged
        Assessment.objects.all().delete()
        assessments_import(text=own)
        assert "".join(assessments_export(Assessment.objects.all())) == own
        for row in exported["values"]:
            assert row["unit"] == measures()[row["kpi"]].unit
