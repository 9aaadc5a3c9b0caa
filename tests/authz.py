"""The authorisation matrix: every URL and API operation, classified by who may use it.

Add a row for every new route: tests/test_authorisation_matrix.py fails for an unclassified one.
"""

from enum import StrEnum


class Access(StrEnum):
    PUBLIC = "public"
    SIGNED_IN = "signed-in"
    OWNER = "owner"  # a member's own account data (tokens): other members get 404
    ORG_MEMBER = "org-member"
    # Readers of A's needs profile (partners, the default): the programme's partners too, that is
    # B (a company whose partnership tier unlocks partners' content) and a verified financier.
    PARTNERS = "partners"
    ORG_ADMIN = "org-admin"
    PROGRAMME_MANAGER = "programme-manager"
    # The organisation's own admins only, not programme managers (a city confirms what it did).
    ORG_ADMIN_ONLY = "org-admin-only"
    # The organisation's own members only, not programme managers (a person registers for an
    # event for an organisation they belong to).
    ORG_MEMBER_ONLY = "org-member-only"
    # Company B's own admins only: B applies to the partnership programme (A is a city).
    APPLICANT_ADMIN = "applicant-admin"
    # A's members only, not programme managers: what passes between A and another organisation
    # (interests, introductions, conversations); the other side is a company no actor belongs to.
    SIDE_MEMBER = "side-member"
    # Company B's members: a company responds to city A's open challenge.
    COMPANY_MEMBER = "company-member"
    # An investment opportunity of A: members of a verified financier (partner), the project's
    # consortium (A) and programme managers; not company B.
    FINANCIERS = "financiers"
    # Members of a verified financier only (partner): a financier expresses interest.
    VERIFIED_FINANCIER = "verified-financier"
    # Company B's admins only: B answers its invitation into A's project consortium.
    INVITED_ADMIN = "invited-admin"
    # A's members and managers, who run the project, or B's admins, whose organisation is invited.
    PROJECT_OR_INVITED = "project-or-invited"
    # A consortium-only project of A: A's members, managers, and B's members (B is invited).
    PROJECT_READERS = "project-readers"
    # The sample group's conveners: member A (convener) and programme managers; admin A is a
    # plain member of it.
    CONVENER = "convener"
    # The sample group's active members: member A (its convener) and admin A; managers are not.
    GROUP_MEMBER = "group-member"


# HTML routes by URL name: (access, method). Sample arguments point at organisation A's objects.
PAGES: dict[str, tuple[Access, str]] = {
    "home": (Access.PUBLIC, "GET"),
    "healthz": (Access.PUBLIC, "GET"),
    "favicon": (Access.PUBLIC, "GET"),
    "data_sources": (Access.PUBLIC, "GET"),
    "styleguide": (Access.PROGRAMME_MANAGER, "GET"),
    "programme_dashboard": (Access.PROGRAMME_MANAGER, "GET"),
    "dashboard": (Access.SIGNED_IN, "GET"),
    "api_token_list": (Access.SIGNED_IN, "GET"),
    "api_token_revoke": (Access.OWNER, "POST"),
    "set_language": (Access.PUBLIC, "POST"),  # sets the language cookie (and a member's choice)
    "user_data": (Access.SIGNED_IN, "GET"),
    "user_data_download": (Access.SIGNED_IN, "GET"),
    "user_delete": (Access.SIGNED_IN, "POST"),  # the sample post has no password: nothing deleted
    "place_autocomplete": (Access.PUBLIC, "GET"),
    "organisation_list": (Access.PUBLIC, "GET"),
    "organisation_create": (Access.SIGNED_IN, "GET"),
    "organisation_detail": (Access.PUBLIC, "GET"),
    "organisation_logo": (Access.PUBLIC, "GET"),
    "organisation_edit": (Access.ORG_ADMIN, "GET"),
    "organisation_verify": (Access.PROGRAMME_MANAGER, "POST"),
    "organisation_members": (Access.ORG_MEMBER, "GET"),
    "membership_role": (Access.ORG_ADMIN, "POST"),
    "membership_remove": (Access.ORG_ADMIN, "POST"),
    "invitation_revoke": (Access.ORG_ADMIN, "POST"),
    "invitation_accept": (Access.SIGNED_IN, "GET"),
    "sdg_list": (Access.PUBLIC, "GET"),
    "sdg_detail": (Access.PUBLIC, "GET"),
    "kpi_list": (Access.PUBLIC, "GET"),
    "kpi_detail": (Access.PUBLIC, "GET"),
    "sdg_suggest": (Access.PUBLIC, "POST"),  # reads only the posted text; CSRF-protected
    # Solutions: the sample is a published solution of A (drafts: see solutions/tests).
    "solution_list": (Access.PUBLIC, "GET"),
    "solution_create": (Access.SIGNED_IN, "GET"),
    "solution_detail": (Access.PUBLIC, "GET"),
    "solution_edit": (Access.ORG_MEMBER, "GET"),
    "solution_publish": (Access.ORG_MEMBER, "POST"),
    "solution_sdg_suggestions": (Access.ORG_MEMBER, "POST"),
    "implementation_create": (Access.ORG_MEMBER, "GET"),
    "implementation_confirm": (Access.ORG_ADMIN_ONLY, "POST"),
    # Challenges: the sample is a private challenge of A (public, partners: challenges/tests).
    "challenge_list": (Access.PUBLIC, "GET"),
    "challenge_create": (Access.ORG_MEMBER, "GET"),  # members of a city (B is a company)
    "challenge_detail": (Access.ORG_MEMBER, "GET"),
    "challenge_edit": (Access.ORG_MEMBER, "GET"),
    "needs_edit": (Access.ORG_ADMIN, "GET"),
    "solution_files": (Access.ORG_MEMBER, "GET"),
    # A's needs profile has the default visibility (partners) and B is a partner: a city's
    # recommendations and peers follow its needs profile (every visibility: challenges/tests).
    "city_recommendations": (Access.PARTNERS, "GET"),
    "city_peers": (Access.PARTNERS, "GET"),
    "company_cities": (Access.SIGNED_IN, "GET"),
    "challenge_matches": (Access.ORG_MEMBER, "GET"),  # the sample challenge is private
    "solution_opportunities": (Access.PUBLIC, "GET"),
    "solution_file_download": (Access.PUBLIC, "GET"),
    "solution_file_remove": (Access.ORG_MEMBER, "POST"),
    # City assessment: A's one assessment in the sample is a private 2025 draft, so the public
    # pages show that none is shared; the city's own pages open one (visibility of each state:
    # assessment/tests).
    "assessment_city": (Access.PUBLIC, "GET"),
    "assessment_snapshot": (Access.PUBLIC, "GET"),
    "assessment_snapshot_pdf": (Access.PUBLIC, "GET"),  # the snapshot's content, as a PDF
    "assessment_edit": (Access.ORG_MEMBER, "GET"),
    "assessment_import": (Access.ORG_MEMBER, "GET"),
    "assessment_export": (Access.ORG_MEMBER, "GET"),
    "assessment_submit": (Access.ORG_ADMIN, "POST"),  # no assessment: back with a message
    "assessment_needs": (Access.ORG_ADMIN, "GET"),
    "assessment_gaps": (Access.ORG_MEMBER, "GET"),
    # Evidence files are the city's (they may be internal documents): its members only.
    "assessment_evidence_add": (Access.ORG_MEMBER, "POST"),  # no file: back with a message
    "assessment_evidence_file": (Access.ORG_MEMBER, "GET"),  # no id: back to the values
    # Partnership: the sample application is A's, with changes asked for (see OPERATIONS).
    "partner_directory": (Access.PUBLIC, "GET"),
    "partnership_tier_list": (Access.PUBLIC, "GET"),
    "partnership_tier_create": (Access.PROGRAMME_MANAGER, "GET"),
    "partnership_tier_edit": (Access.PROGRAMME_MANAGER, "GET"),
    "partnership_apply": (Access.SIGNED_IN, "GET"),  # lists the companies the member administers
    "partnership_application_queue": (Access.PROGRAMME_MANAGER, "GET"),
    "partnership_application_detail": (Access.ORG_MEMBER, "GET"),
    "partnership_application_edit": (Access.ORG_ADMIN_ONLY, "GET"),
    "partnership_application_submit": (Access.ORG_ADMIN_ONLY, "POST"),
    "partnership_application_decide": (Access.PROGRAMME_MANAGER, "POST"),  # no decision posted
    # Notifications: each member's own (another member's notification id answers 404, see
    # cityhive/notifications/tests); the sample post names no notification: 400.
    "notification_list": (Access.SIGNED_IN, "GET"),
    "notification_read": (Access.SIGNED_IN, "POST"),
    "notification_read_all": (Access.SIGNED_IN, "POST"),
    "notification_preferences": (Access.SIGNED_IN, "GET"),
    "notification_threshold": (Access.ORG_ADMIN, "POST"),  # no threshold posted: a message
    "notification_unsubscribe": (Access.PUBLIC, "GET"),  # the signed token stands in for signing in
    # The contact log: programme managers, and the admins of a city for their city's entries
    # (A is a city; B is a company, whose admins are refused).
    "contact_log_list": (Access.ORG_ADMIN, "GET"),
    "contact_log_export": (Access.ORG_ADMIN, "GET"),
    "security_log_list": (Access.PROGRAMME_MANAGER, "GET"),
    # Events: the sample is a public event of A where member A is a confirmed participant, the
    # recipient of the sample meeting request (drafts, invitations: cityhive/events/tests).
    "event_list": (Access.PUBLIC, "GET"),
    "event_create": (Access.SIGNED_IN, "GET"),
    "event_detail": (Access.PUBLIC, "GET"),
    "event_edit": (Access.ORG_MEMBER, "GET"),
    "event_status": (Access.ORG_MEMBER, "POST"),  # no action in the sample post: 400
    "event_register": (Access.SIGNED_IN, "GET"),
    "event_manage": (Access.ORG_MEMBER, "GET"),
    "registration_decide": (Access.ORG_MEMBER, "POST"),  # confirmed already: a message
    "meetings_schedule": (Access.ORG_MEMBER, "POST"),
    "meetings_publish": (Access.ORG_MEMBER, "POST"),
    "meeting_move": (Access.ORG_MEMBER, "POST"),  # no slot in the sample post: a message
    "event_ics": (Access.PUBLIC, "GET"),
    "event_meetings": (Access.SIGNED_IN, "GET"),  # non-participants are sent to the event
    "meeting_request_create": (Access.SIGNED_IN, "POST"),  # non-participants: a message
    "meeting_request_action": (Access.OWNER, "POST"),
    "registration_cancel": (Access.OWNER, "POST"),
    "event_badge": (Access.OWNER, "GET"),
    "check_in": (Access.SIGNED_IN, "GET"),  # the organiser opens a participant's badge code
    "event_feed": (Access.PUBLIC, "GET"),  # the signed token stands in for signing in
    # Engagement: the samples pass between A (a city) and a company C no actor belongs to
    # (cityhive/engagement/tests/authz_scene.py); the sample posts carry no form: 400 or a message.
    "engagement_inbox": (Access.SIGNED_IN, "GET"),
    "interest_create": (Access.SIGNED_IN, "GET"),  # names no match: 400
    "match_not_relevant": (Access.SIGNED_IN, "POST"),  # names no match: 400
    "interest_detail": (Access.SIDE_MEMBER, "GET"),
    "interest_accept": (Access.SIDE_MEMBER, "POST"),  # received by A
    "interest_decline": (Access.SIDE_MEMBER, "POST"),
    "interest_withdraw": (Access.SIDE_MEMBER, "POST"),  # sent by A
    "introduction_detail": (Access.SIDE_MEMBER, "GET"),
    "conversation_detail": (Access.SIDE_MEMBER, "GET"),
    "conversation_messages": (Access.SIDE_MEMBER, "GET"),
    "participant_add": (Access.ORG_ADMIN_ONLY, "POST"),  # names no member: a message
    "message_attachment_download": (Access.SIDE_MEMBER, "GET"),
    "response_create": (Access.COMPANY_MEMBER, "GET"),  # an open public challenge of A
    "challenge_responses": (Access.ORG_MEMBER, "GET"),  # the private challenge: its city's
    "response_shortlist": (Access.SIDE_MEMBER, "POST"),  # the city decides, managers only read
    "response_decline": (Access.SIDE_MEMBER, "POST"),  # no reason posted: 400
    "response_attachment_download": (Access.ORG_MEMBER, "GET"),
    "programme_settings": (Access.PROGRAMME_MANAGER, "GET"),
    # Projects: the sample is a consortium-only project of A with a committed plan, an open
    # investment opportunity and B invited (cityhive/projects/tests/scene.py); sample posts
    # carry no form: 400, a message or the page again.
    "project_list": (Access.PUBLIC, "GET"),
    "project_create": (Access.SIGNED_IN, "GET"),  # members of no city are sent to the list
    "project_detail": (Access.PROJECT_READERS, "GET"),  # B reads what it is invited to
    "project_advance": (Access.ORG_ADMIN_ONLY, "POST"),  # the city's admins pass gates
    "project_member_invite": (Access.ORG_MEMBER, "POST"),
    "project_plan": (Access.ORG_MEMBER, "GET"),
    "project_financial_close": (Access.ORG_ADMIN_ONLY, "POST"),
    "project_opportunity_open": (Access.ORG_MEMBER, "GET"),  # a second project of A
    "project_ocds": (Access.PROJECT_READERS, "GET"),  # public projects: everyone
    "project_member_answer": (Access.INVITED_ADMIN, "POST"),
    "project_member_withdraw": (Access.PROJECT_OR_INVITED, "POST"),
    "project_edit": (Access.ORG_MEMBER, "GET"),  # the city's members (and managers) edit
    "project_progress": (Access.ORG_MEMBER, "GET"),
    "project_milestone_add": (Access.ORG_MEMBER, "POST"),
    "project_milestone_update": (Access.ORG_MEMBER, "POST"),
    "project_milestone_reach": (Access.ORG_MEMBER, "POST"),
    "project_milestone_remove": (Access.ORG_MEMBER, "POST"),
    "project_target_add": (Access.ORG_MEMBER, "POST"),
    "project_target_update": (Access.ORG_MEMBER, "POST"),
    "project_target_remove": (Access.ORG_MEMBER, "POST"),
    "project_target_after": (Access.ORG_MEMBER, "POST"),  # the city's members record it
    "project_target_confirm": (Access.ORG_ADMIN_ONLY, "POST"),  # its admins confirm it
    # Confidential documents: the city and active consortium members (B is only invited: no).
    "project_documents": (Access.ORG_MEMBER, "GET"),
    "project_document_download": (Access.ORG_MEMBER, "GET"),
    "project_document_remove": (Access.ORG_MEMBER, "POST"),
    "opportunity_list": (Access.SIGNED_IN, "GET"),
    "opportunity_detail": (Access.FINANCIERS, "GET"),
    "opportunity_interest": (Access.VERIFIED_FINANCIER, "POST"),
    "mandate_edit": (Access.PROGRAMME_MANAGER, "GET"),  # financier F's; its admins too
    "sdg_contribution": (Access.PUBLIC, "GET"),  # each sees the parts they may see
    # Groups: the sample is a public working group that member A convenes and admin A belongs
    # to, with a request waiting and a post by member A (cityhive/groups/tests/scene.py); sample
    # posts carry no form: 400, a message or the page again.
    "group_list": (Access.PUBLIC, "GET"),
    "group_create": (Access.PROGRAMME_MANAGER, "GET"),
    "group_detail": (Access.PUBLIC, "GET"),
    "group_edit": (Access.PROGRAMME_MANAGER, "GET"),
    "group_join": (Access.SIGNED_IN, "POST"),  # member A, already in: a message
    "group_leave": (Access.GROUP_MEMBER, "POST"),
    "group_request_decide": (Access.CONVENER, "POST"),
    "group_member_remove": (Access.CONVENER, "POST"),  # the sample is a request: a message
    "group_posts": (Access.SIGNED_IN, "GET"),  # a public group's discussion
    "group_post_create": (Access.GROUP_MEMBER, "POST"),
    "group_post_remove": (Access.CONVENER, "POST"),  # its author (member A) and moderators
    "programme_sdg_report": (Access.PUBLIC, "GET"),  # the projects each may see
    # Accounts (allauth): sign-up, sign-in, recovery are public; the rest needs a session.
    "account_login": (Access.PUBLIC, "GET"),
    "account_logout": (Access.PUBLIC, "GET"),
    "account_inactive": (Access.PUBLIC, "GET"),
    "account_signup": (Access.PUBLIC, "GET"),
    "account_reauthenticate": (Access.SIGNED_IN, "GET"),
    "account_request_reauthentication_code": (Access.SIGNED_IN, "GET"),
    "account_confirm_reauthentication_code": (Access.SIGNED_IN, "GET"),
    "account_email": (Access.SIGNED_IN, "GET"),
    "account_email_verification_sent": (Access.PUBLIC, "GET"),
    "account_change_password": (Access.SIGNED_IN, "GET"),
    "account_set_password": (Access.SIGNED_IN, "GET"),
    "account_reset_password": (Access.PUBLIC, "GET"),
    "account_confirm_login_code": (Access.PUBLIC, "GET"),
    "account_confirm_email": (Access.PUBLIC, "GET"),
    "account_reset_password_done": (Access.PUBLIC, "GET"),
    "account_reset_password_from_key": (Access.PUBLIC, "GET"),
    "account_reset_password_from_key_done": (Access.PUBLIC, "GET"),
    "mfa_index": (Access.SIGNED_IN, "GET"),
    "mfa_authenticate": (Access.PUBLIC, "GET"),
    "mfa_reauthenticate": (Access.SIGNED_IN, "GET"),
    "mfa_activate_totp": (Access.SIGNED_IN, "GET"),
    "mfa_deactivate_totp": (Access.SIGNED_IN, "GET"),
    "mfa_view_recovery_codes": (Access.SIGNED_IN, "GET"),
    "mfa_generate_recovery_codes": (Access.SIGNED_IN, "GET"),
    "mfa_download_recovery_codes": (Access.SIGNED_IN, "GET"),
    # The admin's sign-in sends visitors to the one sign-in (with its second factor) and refuses
    # members who are not programme managers; managers pass through to the admin.
    "admin:login": (Access.PROGRAMME_MANAGER, "GET"),
    "admin:logout": (Access.PUBLIC, "POST"),
}

# Whole namespaces: the admin site belongs to programme managers; the API is classified per
# operation below (from the OpenAPI schema).
NAMESPACES: dict[str, Access | None] = {"admin": Access.PROGRAMME_MANAGER, "api": None}

# Steps of a flow that only make sense with a one-time secret mailed to a person, a sign-in in
# progress or an authenticator already set up: the matrix checks that they answer every actor
# without a server error and turn anonymous visitors away unless public; their own flows are tested
# in the journeys and the accounts tests.
FLOW_ROUTES = {
    "account_confirm_email",
    "account_reset_password_from_key",
    "account_confirm_login_code",
    "mfa_authenticate",
    "mfa_deactivate_totp",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "invitation_accept",
    "check_in",
    "event_feed",
}

# API operations by operation_id.
OPERATIONS: dict[str, Access] = {
    "me_get": Access.SIGNED_IN,
    "api_token_list": Access.SIGNED_IN,
    "api_token_revoke": Access.OWNER,
    "user_data_export": Access.SIGNED_IN,
    "organisation_list": Access.PUBLIC,
    "organisation_create": Access.SIGNED_IN,
    "organisation_get": Access.PUBLIC,
    "organisation_update": Access.ORG_ADMIN,
    "organisation_verify": Access.PROGRAMME_MANAGER,
    "membership_list": Access.ORG_MEMBER,
    "invitation_list": Access.ORG_ADMIN,
    "invitation_create": Access.ORG_ADMIN,
    "place_search": Access.PUBLIC,
    "place_get": Access.PUBLIC,
    "sdg_list": Access.PUBLIC,
    "sdg_get": Access.PUBLIC,
    "kpi_list": Access.PUBLIC,
    "kpi_get": Access.PUBLIC,
    "vocabulary_list": Access.PUBLIC,
    "city_recommendations": Access.PARTNERS,  # A's needs profile is for partners (default)
    "city_peers": Access.PARTNERS,
    "company_cities": Access.SIGNED_IN,
    "challenge_matches": Access.ORG_MEMBER,  # the sample challenge is private
    "solution_opportunities": Access.PUBLIC,
    # Exchange: any member may upload (an empty file imports nothing); each line is then checked
    # against the organisations they administer (cityhive/exchange/tests/test_api.py).
    "exchange_import": Access.SIGNED_IN,
    "exchange_export": Access.PUBLIC,
    "solution_list": Access.PUBLIC,
    "solution_create": Access.ORG_MEMBER,  # for provider A
    "solution_get": Access.PUBLIC,
    "solution_update": Access.ORG_MEMBER,
    "solution_publish": Access.ORG_MEMBER,
    "implementation_list": Access.PUBLIC,
    "implementation_create": Access.ORG_MEMBER,
    "implementation_confirm": Access.ORG_ADMIN_ONLY,
    "challenge_list": Access.PUBLIC,
    "challenge_create": Access.ORG_MEMBER,  # for city A
    "challenge_get": Access.ORG_MEMBER,
    "challenge_update": Access.ORG_MEMBER,
    "needs_get": Access.PARTNERS,  # partners (the default); B is a partner
    "needs_replace": Access.ORG_ADMIN,
    # Partnership: the sample application is A's, with changes asked for (so its admins may edit
    # and submit it, and a manager may still reject it); B's partnership ends within the renewal
    # window, so B's admin may start a renewal (only companies apply: partnership/tests).
    "tier_list": Access.PUBLIC,
    "tier_create": Access.PROGRAMME_MANAGER,
    "tier_update": Access.PROGRAMME_MANAGER,
    "partner_list": Access.PUBLIC,
    "application_list": Access.SIGNED_IN,  # each sees their organisations' (managers: all)
    "application_create": Access.APPLICANT_ADMIN,
    "application_get": Access.ORG_MEMBER,
    "application_update": Access.ORG_ADMIN_ONLY,
    "application_submit": Access.ORG_ADMIN_ONLY,
    "application_decide": Access.PROGRAMME_MANAGER,
    # City assessment: an empty payload opens this year's draft for city A with nothing in it.
    "assessment_list": Access.PUBLIC,
    "assessment_values_set": Access.ORG_MEMBER,
    "assessment_submit": Access.ORG_ADMIN,  # the scene's 2025 draft of A
    "climate_risks_replace": Access.ORG_MEMBER,
    "emissions_replace": Access.ORG_MEMBER,
    "kpi_target_list": Access.PUBLIC,
    "kpi_targets_set": Access.PROGRAMME_MANAGER,
    "derived_need_list": Access.PARTNERS,  # follows A's needs profile (partners, the default)
    "derived_needs_apply": Access.ORG_ADMIN,
    "contact_log_list": Access.ORG_ADMIN,  # programme managers and city admins (see PAGES)
}

OPERATIONS.update(
    {
        # Events (see PAGES): drafts to submit and approve, an invitation-only event of A to
        # register for and an accepted request to book come from the scene's overrides.
        "event_list": Access.PUBLIC,
        "event_create": Access.ORG_MEMBER,  # for A
        "event_get": Access.PUBLIC,
        "event_submit": Access.ORG_MEMBER,
        "event_approve": Access.PROGRAMME_MANAGER,
        "registration_create": Access.ORG_MEMBER_ONLY,
        "registration_cancel": Access.OWNER,
        "meeting_suggestions": Access.OWNER,
        "meeting_request_create": Access.OWNER,
        "meeting_request_answer": Access.OWNER,
        "meeting_book": Access.OWNER,
        "meetings_schedule": Access.ORG_MEMBER,
        "meetings_publish": Access.ORG_MEMBER,
    }
)

OPERATIONS.update(
    {
        # Engagement (see PAGES): interests, introductions and conversations between A and a
        # company C; lists answer every signed-in member with their own organisations' rows.
        # A's interest in B's solution: A (a verified city) may ask; B's members are a side too
        # but are refused, its tier not unlocking introductions (403).
        "interest_create": Access.SIDE_MEMBER,
        "interest_list": Access.SIGNED_IN,
        "interest_get": Access.SIDE_MEMBER,
        "interest_accept": Access.SIDE_MEMBER,
        "interest_decline": Access.SIDE_MEMBER,
        "interest_withdraw": Access.SIDE_MEMBER,
        "introduction_list": Access.SIGNED_IN,
        "introduction_get": Access.SIDE_MEMBER,
        "conversation_list": Access.SIGNED_IN,
        "message_list": Access.SIDE_MEMBER,
        "message_post": Access.SIDE_MEMBER,
        "message_post_with_attachments": Access.SIDE_MEMBER,  # multipart, with a PDF
        "message_attachment_list": Access.SIDE_MEMBER,
        "message_attachment_get": Access.SIDE_MEMBER,
        "response_create": Access.COMPANY_MEMBER,  # to an open public challenge of A
        "response_list": Access.ORG_MEMBER,  # the private challenge: its city and managers
        "response_shortlist": Access.SIDE_MEMBER,
        "response_decline": Access.SIDE_MEMBER,
    }
)

OPERATIONS.update(
    {
        # Projects (see PAGES): opening an opportunity goes to a second project of A, the mandate
        # to a verified financier F (its own admins: cityhive/projects/tests).
        "project_list": Access.PUBLIC,
        "project_create": Access.ORG_MEMBER_ONLY,  # for city A
        "project_get": Access.PROJECT_READERS,
        "project_update": Access.ORG_MEMBER,
        "milestone_add": Access.ORG_MEMBER,
        "project_target_set": Access.ORG_MEMBER,
        "project_target_confirm": Access.ORG_ADMIN_ONLY,  # the city confirms what changed
        "project_target_list": Access.PROJECT_READERS,
        "project_target_remove": Access.ORG_MEMBER,
        "project_target_after_record": Access.ORG_MEMBER,
        "milestone_list": Access.PROJECT_READERS,
        "milestone_update": Access.ORG_MEMBER,
        "milestone_reach": Access.ORG_MEMBER,
        "milestone_remove": Access.ORG_MEMBER,
        # Confidential documents: the city and active consortium members (B is only invited).
        "project_document_list": Access.ORG_MEMBER,
        "project_document_upload": Access.ORG_MEMBER,
        "project_document_get": Access.ORG_MEMBER,
        "project_document_remove": Access.ORG_MEMBER,
        "project_advance": Access.ORG_ADMIN_ONLY,
        "project_member_list": Access.PROJECT_READERS,
        "project_member_invite": Access.ORG_MEMBER,
        "project_member_answer": Access.INVITED_ADMIN,
        "project_member_withdraw": Access.PROJECT_OR_INVITED,
        "project_proposals": Access.ORG_MEMBER,
        "financing_plan_get": Access.ORG_MEMBER,
        "financing_plan_replace": Access.ORG_MEMBER,
        "financial_close": Access.ORG_ADMIN_ONLY,
        "project_ocds": Access.PROJECT_READERS,
        "opportunity_open": Access.ORG_MEMBER,
        "opportunity_list": Access.SIGNED_IN,
        "opportunity_get": Access.FINANCIERS,
        "opportunity_financiers": Access.ORG_MEMBER,
        "opportunity_interest": Access.VERIFIED_FINANCIER,
        "opportunity_matches": Access.SIGNED_IN,  # each financier's own; others an empty list
        "mandate_set": Access.PROGRAMME_MANAGER,
        "sdg_contribution_get": Access.PUBLIC,
        "programme_sdg_report": Access.PUBLIC,
    }
)

OPERATIONS.update(
    {
        # Groups (see PAGES): joining goes to a members-only group none of the actors is in,
        # removing to admin A's membership (cityhive/groups/tests/scene.py).
        "group_list": Access.PUBLIC,
        "group_create": Access.PROGRAMME_MANAGER,
        "group_get": Access.PUBLIC,
        "group_update": Access.PROGRAMME_MANAGER,
        "group_member_list": Access.SIGNED_IN,  # a public group's members
        "group_join": Access.SIGNED_IN,
        "group_leave": Access.GROUP_MEMBER,
        "group_request_list": Access.CONVENER,
        "group_request_decide": Access.CONVENER,
        "group_member_remove": Access.CONVENER,
        "group_post_list": Access.SIGNED_IN,
        "group_post_create": Access.GROUP_MEMBER,
        "group_post_remove": Access.CONVENER,
    }
)

# Staff without an authenticator are sent to set one up on every page outside /accounts/ and are
# refused by the API (even its public operations); on /accounts/ pages they are signed-in members.
UNENROLLED_STAFF = "staff_without_authenticator"
# admin_b: an admin of another organisation (B, a partner company); partner: a member of a
# verified organisation that is not a company (a financier); outsider: signed in, member of nothing.
ACTORS = (
    "anonymous",
    "member_a",
    "admin_a",
    "member_b",
    "admin_b",
    "partner",
    "outsider",
    "manager",
    UNENROLLED_STAFF,
)
SIGNED_IN = set(ACTORS) - {"anonymous"}

ALLOWED: dict[Access, set[str]] = {
    Access.PUBLIC: set(ACTORS),
    Access.SIGNED_IN: SIGNED_IN,
    Access.OWNER: {"member_a"},
    Access.ORG_MEMBER: {"member_a", "admin_a", "manager"},
    Access.PARTNERS: {"member_a", "admin_a", "manager", "partner", "member_b", "admin_b"},
    Access.ORG_ADMIN: {"admin_a", "manager"},
    Access.PROGRAMME_MANAGER: {"manager"},
    Access.ORG_ADMIN_ONLY: {"admin_a"},
    Access.ORG_MEMBER_ONLY: {"member_a", "admin_a"},
    Access.APPLICANT_ADMIN: {"admin_b"},
    Access.SIDE_MEMBER: {"member_a", "admin_a"},
    Access.COMPANY_MEMBER: {"member_b", "admin_b"},
    Access.FINANCIERS: {"member_a", "admin_a", "manager", "partner"},
    Access.VERIFIED_FINANCIER: {"partner"},
    Access.INVITED_ADMIN: {"admin_b"},
    Access.PROJECT_OR_INVITED: {"member_a", "admin_a", "manager", "admin_b"},
    Access.PROJECT_READERS: {"member_a", "admin_a", "manager", "member_b", "admin_b"},
    Access.CONVENER: {"member_a", "manager"},
    Access.GROUP_MEMBER: {"member_a", "admin_a"},
}
