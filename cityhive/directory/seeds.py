"""The demo world: a few real cities from GeoNames, clearly-labelled demo companies, memberships."""

from dataclasses import dataclass

from django.utils.text import slugify

from cityhive.accounts.seeds import DEMO_DOMAIN, demo_user_ensure
from cityhive.directory.models import Membership, MembershipRole, Organisation, OrganisationKind
from cityhive.places.models import Place

# (GeoNames city name, country): real places; the organisations and people are demo data.
DEMO_CITIES = [
    ("Recife", "BR"),
    ("Fortaleza", "BR"),
    ("Nairobi", "KE"),
    ("Valencia", "ES"),
    ("Pune", "IN"),
    ("Medellín", "CO"),
]
DEMO_COMPANIES = [
    (
        "AquaSense Analytics (demo)",
        "NL",
        "Flood early-warning sensors and water-network analytics.",
    ),
    ("SolarGrid Cities (demo)", "KE", "Rooftop solar and microgrids for public buildings."),
    ("MoveSmart Mobility (demo)", "ES", "Demand-responsive public transport and parking guidance."),
]
DEMO_FINANCIER = ("Green Infrastructure Fund (demo)", "CH", "Blended finance for city PPPs.")


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str


def demo_organisations(kind: str) -> list[Organisation]:
    """The demo world's organisations of one kind, in the order they were seeded."""
    return list(
        Organisation.objects.filter(
            kind=kind, is_demo=True, external_id__startswith=f"demo:{kind}:"
        ).order_by("pk")
    )


def demo_admin(organisation: Organisation):
    """The organisation's first admin (the demo login that acts for it), or None."""
    membership = (
        Membership.objects.filter(organisation=organisation, role=MembershipRole.ADMIN)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _city_place(name: str, country: str) -> Place | None:
    return Place.objects.filter(name=name, country=country).order_by("-population").first()


def _organisation(
    *, kind: str, name: str, country: str, description: str, place=None
) -> Organisation:
    organisation, _ = Organisation.objects.update_or_create(
        external_id=f"demo:{kind}:{name}",
        defaults={
            "kind": kind,
            "name": name,
            "slug": f"demo-{kind}-{slugify(name)}"[:200],
            "country": country,
            "description": description,
            "place": place,
            "population": place.population if place else None,
            "is_demo": True,
            "languages": ["en"],
        },
    )
    return organisation


def _admin(user, organisation) -> None:
    Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": MembershipRole.ADMIN}
    )


def demo_world_seed() -> list[DemoLogin]:
    """Seed the demo organisations and members (idempotent); returns the logins to print."""
    logins = []
    for name, country in DEMO_CITIES:
        place = _city_place(name, country)
        if place is None:
            continue
        city = _organisation(
            kind=OrganisationKind.CITY,
            name=f"City of {place.name} (demo)",
            country=country,
            description=f"Demo municipality for {place.name}, a real city from GeoNames.",
            place=place,
        )
        city.is_verified = True
        city.save(update_fields=["is_verified"])
        email = f"{place.search_name.replace(' ', '-')}.official@{DEMO_DOMAIN}"
        _admin(demo_user_ensure(email=email, name=f"{place.name} city official (demo)"), city)
        logins.append(DemoLogin(email=email, role=f"city official, {city.name}"))
    for name, country, description in [*DEMO_COMPANIES, DEMO_FINANCIER]:
        kind = (
            OrganisationKind.FINANCIER
            if (name, country, description) == DEMO_FINANCIER
            else OrganisationKind.COMPANY
        )
        organisation = _organisation(kind=kind, name=name, country=country, description=description)
        email = f"{organisation.slug.removeprefix('demo-')[:40]}@{DEMO_DOMAIN}"
        _admin(
            demo_user_ensure(email=email, name=f"{name.removesuffix(' (demo)')} staff (demo)"),
            organisation,
        )
        logins.append(DemoLogin(email=email, role=f"{kind} admin, {name}"))
    manager = f"manager@{DEMO_DOMAIN}"
    demo_user_ensure(email=manager, name="Programme manager (demo)", staff=True)
    logins.append(DemoLogin(email=manager, role="programme manager (two-factor: see below)"))
    return logins
