"""The projects app over the API (tag `projects`): projects, consortia, financing and the SDG
reports (`projects`), implementation progress (`progress`) and confidential documents
(`documents`), all on one router."""

from cityhive.projects.api import documents, progress
from cityhive.projects.api.projects import router

router.add_router("", progress.router)
router.add_router("", documents.router)

__all__ = ["router"]
