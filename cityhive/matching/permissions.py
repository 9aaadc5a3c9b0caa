"""Who may see what of a match, as `rules` predicates.

What a city's needs reveal follows its needs profile's visibility (challenges.view_needs). The
"to improve this match" hints are advice to the organisation that owns the ranked item (a
solution's provider, a challenge's city, a ranked city itself): only its members read them.
"""

import rules

from cityhive.directory.permissions import is_org_member

rules.add_perm("matching.view_hints", is_org_member)
# Any member may ask which cities an organisation's solutions cover; the list holds only the
# cities whose needs profile the asker may see.
rules.add_perm("matching.view_company_cities", rules.is_authenticated)
# Feedback on a match is given on behalf of one's own organisation.
rules.add_perm("matching.record_feedback", is_org_member)
