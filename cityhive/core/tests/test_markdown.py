from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cityhive.core.markdown import ALLOWED_TAGS, markdown_render

HOSTILE = [
    "<script>alert(1)</script>",
    '<iframe src="https://evil.example"></iframe>',
    "[click](javascript:alert(1))",
    '<img src=x onerror="alert(1)">',
    "[x](JaVaScRiPt:alert(1))",
    '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
    "[x](vbscript:msgbox)",
]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


def assert_inert(html: str) -> None:
    for tag, attrs in elements(html):
        assert tag in ALLOWED_TAGS
        assert not any(name.startswith("on") for name in attrs)
        href = (attrs.get("href") or "").strip().lower()
        assert href == "" or href.startswith(("http://", "https://", "mailto:"))


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_renders_inert(text):
    html = markdown_render(text)
    assert_inert(html)
    assert [tag for tag, _ in elements(html)] == ["p"]


def test_ordinary_markdown_keeps_its_shape():
    assert markdown_render("# Title\n\nSee [docs](https://example.org) *now*") == (
        '<h2>Title</h2>\n<p>See <a href="https://example.org" rel="noopener nofollow ugc">'
        "docs</a> <em>now</em></p>\n"
    )


@given(st.text())
def test_no_text_produces_active_content(text):
    assert_inert(markdown_render(text))
