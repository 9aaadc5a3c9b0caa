"""The snapshot as a PDF file: the snapshot's content for whoever may see it, made offline."""

import re
import zlib

import pytest

from cityhive.accounts.tests.sessions import sign_in
from cityhive.assessment import services
from cityhive.assessment.pdf import LocalFetcher, snapshot_pdf

pytestmark = pytest.mark.django_db

LIFE = "SC: EH: H: 1C"


def pdf_text(pdf: bytes) -> bytes:
    """The PDF's bytes with every compressed stream inflated (its metadata lives in them)."""
    inflated = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.S):
        try:
            inflated.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def titles_of(pdf: bytes) -> list[str]:
    """Every /Title of the PDF: its metadata's, and its bookmarks' (from the headings)."""
    found = re.findall(rb"/Title\s*(<[0-9a-fA-F]+>|\((?:[^()\\]|\\.)*\))", pdf_text(pdf))
    return [
        bytes.fromhex(raw[1:-1].decode()).decode("utf-16")
        if raw.startswith(b"<")
        else raw[1:-1].decode("latin-1")
        for raw in found
    ]


@pytest.fixture
def submitted(world):
    official = world.admin_a
    assessment = services.assessment_open(actor=official, city=world.org_a, year=2025)
    services.kpi_values_set(
        actor=official, assessment=assessment, values=[{"kpi": LIFE, "value": 74.5}]
    )
    return assessment


def test_a_public_snapshot_downloads_as_a_pdf_named_after_the_city(client, world, submitted):
    services.assessment_submit(actor=world.admin_a, assessment=submitted, visibility="public")
    response = client.get(f"/organisations/{world.org_a.slug}/assessment/snapshot.pdf?year=2025")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="city-of-alpha-snapshot-2025.pdf"'
    )
    assert response.content.startswith(b"%PDF-")
    titles = titles_of(response.content)
    assert titles[-1] == "Snapshot of City of Alpha · CityHive"  # the document's metadata
    assert "City of Alpha: U4SSC snapshot" in titles  # the heading's bookmark


def test_a_private_draft_is_not_in_a_strangers_pdf(client, world, submitted):
    sign_in(client, world.member_b)
    response = client.get(f"/organisations/{world.org_a.slug}/assessment/snapshot.pdf?year=2025")
    assert response.status_code == 404
    assert b"%PDF" not in response.content


def test_the_citys_members_get_their_draft_and_the_page_links_to_it(client, world, submitted):
    sign_in(client, world.member_a)
    page = client.get(f"/organisations/{world.org_a.slug}/assessment/snapshot/?year=2025")
    link = f"/organisations/{world.org_a.slug}/assessment/snapshot.pdf?year=2025"
    assert link in page.content.decode()
    response = client.get(link)
    assert response.status_code == 200
    assert "Snapshot of City of Alpha · CityHive" in titles_of(response.content)


def test_without_a_shared_assessment_the_pdf_says_so_as_the_page_does(client, world, submitted):
    response = client.get(f"/organisations/{world.org_a.slug}/assessment/snapshot.pdf")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="city-of-alpha-snapshot.pdf"'
    assert response.content.startswith(b"%PDF-")


def test_the_fetcher_serves_static_files_from_disk_and_refuses_the_network():
    fetcher = LocalFetcher(site="https://cityhive.example")
    served = fetcher.fetch("https://cityhive.example/static/assessment/assessment.css")
    assert served.read().startswith(b"/* City assessment pages")
    assert served.content_type == "text/css"
    for url in (
        "https://fonts.example.org/static/assessment/assessment.css",
        "http://cityhive.example/static/assessment/assessment.css",
        "https://cityhive.example/media/secret.pdf",
        "https://cityhive.example/static/../../etc/passwd",
        "file:///etc/passwd",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_a_page_linking_elsewhere_still_renders_without_fetching_it(monkeypatch):
    asked = []
    real_fetch = LocalFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(LocalFetcher, "fetch", spy)
    html = (
        "<html><head><title>Recife</title>"
        '<link rel="stylesheet" href="https://fonts.example.org/font.css">'
        '<link rel="stylesheet" href="/static/assessment/assessment.css"></head>'
        '<body><img src="https://tracker.example.org/pixel.png" alt="">Recife</body></html>'
    )
    pdf = snapshot_pdf(html, page_url="https://cityhive.example/organisations/recife/")
    assert pdf.startswith(b"%PDF-")
    assert titles_of(pdf) == ["Recife"]
    assert sorted(asked) == [
        "https://cityhive.example/static/assessment/assessment.css",
        "https://fonts.example.org/font.css",
        "https://tracker.example.org/pixel.png",
    ]
