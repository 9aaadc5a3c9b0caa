"""The header's navigation, by role: what a visitor, a member and a programme manager reach
first. The site app builds it because it is the one app that may know
every domain; the base layout asks for it with `{% site_navigation %}`."""

from dataclasses import dataclass

from django import template
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    current: bool = False


def _catalogue_links() -> list[tuple[str, str]]:
    return [
        (_("Solutions"), reverse("solution_list")),
        (_("Challenges"), reverse("challenge_list")),
        (_("Events"), reverse("event_list")),
        (_("Projects"), reverse("project_list")),
        (_("Groups"), reverse("group_list")),
        (_("Directory"), reverse("organisation_list")),
        (_("SDGs"), reverse("sdg_list")),
        (_("U4SSC KPIs"), reverse("kpi_list")),
    ]


def _member_links() -> list[tuple[str, str]]:
    """A member's hub first: the dashboard holds the shortcuts to their organisations' pages
    (the header reads nothing from the database, so no page pays a query for it); the inbox of
    requests and conversations is every member's."""
    return [(_("Dashboard"), reverse("dashboard")), (_("Inbox"), reverse("engagement_inbox"))]


def _manager_links() -> list[tuple[str, str]]:
    return [
        (_("To verify"), reverse("organisation_list") + "?verified=no"),
        (_("Programme"), reverse("programme_dashboard")),
        (_("Contact log"), reverse("contact_log_list")),
        (_("Security log"), reverse("security_log_list")),
        (_("Style guide"), reverse("styleguide")),
        (_("Admin"), reverse("admin:index")),
    ]


def navigation_for(user, path: str) -> list[NavLink]:
    """The main navigation's links for this person, the one for the current page marked."""
    links = []
    if user.is_authenticated:
        links += _member_links()
    links += _catalogue_links()
    if user.is_authenticated and user.is_staff:
        links += _manager_links()
    current = _current(path, [url for _, url in links])
    return [NavLink(label, url, url == current) for label, url in links]


def _current(path: str, urls: list[str]) -> str | None:
    """The link whose path is the longest start of the current page's (with no query), if any."""
    starts = [url for url in urls if "?" not in url and path.startswith(url)]
    return max(starts, key=len, default=None)


@register.inclusion_tag("site/_navigation.html", takes_context=True)
def site_navigation(context):
    """The links of the header's main navigation (see navigation_for)."""
    request = context.get("request")
    user = context.get("user")
    if request is None or user is None:
        return {"links": []}
    return {"links": navigation_for(user, request.path)}


@register.simple_tag(takes_context=True)
def language_switcher(context):
    """The interface language switch (core/_language_switcher.html) where the site offers one."""
    try:
        switch = get_template("core/_language_switcher.html")
    except TemplateDoesNotExist:
        return ""
    return switch.render(context.flatten(), context.get("request"))
