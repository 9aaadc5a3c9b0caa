"""The one REST API: /api/v1/, documented at /api/docs."""

from cityhive.accounts.api import router as accounts_router
from cityhive.assessment.api import router as assessment_router
from cityhive.audit.api import router as audit_router
from cityhive.challenges.api import router as challenges_router
from cityhive.core.api import (
    CityHiveApi,
    install_error_handlers,
)
from cityhive.directory.api import router as directory_router
from cityhive.engagement.api import router as engagement_router
from cityhive.events.api import router as events_router
from cityhive.exchange.api import router as exchange_router
from cityhive.groups.api import router as groups_router
from cityhive.matching.api import router as matching_router
from cityhive.partnership.api import router as partnership_router
from cityhive.places.api import router as places_router
from cityhive.projects.api import router as projects_router
from cityhive.site.api import router as site_router
from cityhive.solutions.api import router as solutions_router
from cityhive.taxonomy.api import router as taxonomy_router

api = CityHiveApi(
    title="CityHive API",
    version="1",
    description=(
        "The CityHive smart-city partnership platform, for your own programs: the organisation "
        "directory and its members; the solution catalogue with implementations in cities; "
        "cities' challenges and needs profiles; explained matches in every direction "
        "(recommended solutions, peer cities, cities for a company, solutions for a challenge, "
        "open challenges for a solution); interest and introductions between cities and "
        "companies; the partnership programme; the SDGs, U4SSC KPIs and facet vocabularies; "
        "JSON Lines import and export; and your own data. Authenticate with a personal API "
        "token: `Authorization: Bearer chv_...`. Errors are RFC 7807 problem documents with a "
        "stable `code`; their `title` and `detail` follow `Accept-Language` (English, French, "
        "Spanish, Portuguese, Arabic)."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)
api.add_router("/v1/", accounts_router)
api.add_router("/v1/", site_router)
api.add_router("/v1/", directory_router)
api.add_router("/v1/", places_router)
api.add_router("/v1/", taxonomy_router)
api.add_router("/v1/", solutions_router)
api.add_router("/v1/", challenges_router)
api.add_router("/v1/", exchange_router)
api.add_router("/v1/", matching_router)
api.add_router("/v1/", engagement_router)
api.add_router("/v1/", partnership_router)
api.add_router("/v1/", assessment_router)
api.add_router("/v1/", audit_router)
api.add_router("/v1/", events_router)
api.add_router("/v1/", projects_router)
api.add_router("/v1/", groups_router)
