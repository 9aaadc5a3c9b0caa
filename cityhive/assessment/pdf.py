"""The printable snapshot as a PDF file (WeasyPrint), made from the snapshot page's own HTML.

WeasyPrint fetches what a page links to (stylesheets, images). The server must never reach out to
the network on a visitor's behalf, so the fetcher serves our static files from disk and `data:`
URLs, and refuses every other URL; fonts are the machine's own (fontconfig), never downloaded.
"""

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class LocalFetcher(URLFetcher):
    """Serves the site's static files from disk and `data:` URLs; refuses anything else."""

    def __init__(self, *, site: str) -> None:
        super().__init__(allowed_protocols={"data", "http", "https"}, allow_redirects=False)
        self.site = site  # scheme and host of the page, e.g. "https://cityhive.example"

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self.static_file(url)
        if path is None:
            raise ValueError(f"Only the site's own static files are fetched, not {url}")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})

    def static_file(self, url: str) -> Path | None:
        """The file on disk that a URL of our static files names, else None."""
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != self.site:
            return None
        if not parts.path.startswith(settings.STATIC_URL):
            return None
        name = posixpath.normpath(unquote(parts.path.removeprefix(settings.STATIC_URL)))
        if name.startswith(("..", "/")) or "\x00" in name:
            return None
        collected = Path(settings.STATIC_ROOT) / name
        if collected.is_file():  # production: collected (and hashed) names
            return collected
        found = finders.find(name)
        return Path(found) if isinstance(found, str) else None


def snapshot_pdf(html: str, *, page_url: str) -> bytes:
    """A PDF of a rendered snapshot page (its print stylesheet applies)."""
    parts = urlsplit(page_url)
    fetcher = LocalFetcher(site=f"{parts.scheme}://{parts.netloc}")
    return HTML(string=html, base_url=page_url, url_fetcher=fetcher).write_pdf()
