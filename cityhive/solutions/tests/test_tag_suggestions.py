"""The tags picker offers the tags published solutions use, most used first."""

import pytest

from cityhive.content.widgets import TagInput
from cityhive.solutions.models import SolutionStatus
from cityhive.solutions.selectors import solution_tags_in_use
from cityhive.solutions.tests.factories import SolutionFactory

pytestmark = pytest.mark.django_db


def test_tags_in_use_come_from_published_solutions_most_used_first(django_assert_num_queries):
    SolutionFactory(tags=["flood warning", "sensors", " "])
    SolutionFactory(tags=["sensors", "Air", "sensors"])
    SolutionFactory(tags=["draft only"], status=SolutionStatus.DRAFT)

    with django_assert_num_queries(1):
        tags = solution_tags_in_use()

    assert tags == ["sensors", "Air", "flood warning"]
    assert solution_tags_in_use(limit=1) == ["sensors"]


def test_the_tags_field_is_a_text_field_with_the_suggestions_as_its_list():
    widget = TagInput(suggestions=["flood <warning>", "sensors"])

    html = widget.render("tags", "a, b", attrs={"id": "id_tags"})

    assert 'data-picker="create"' in html and 'list="id_tags-suggestions"' in html
    assert 'value="a, b"' in html
    assert (
        '<datalist id="id_tags-suggestions"><option value="flood &lt;warning&gt;">'
        '<option value="sensors"></datalist>'
    ) in html
