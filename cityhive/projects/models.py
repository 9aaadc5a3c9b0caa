"""Projects a city undertakes (the PPP cycle or a procurement path, each move past a gate), their
consortia, investment opportunities, financing plans and the mandates of financiers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cityhive.content.models import FacetedItem
from cityhive.core.models import TimeStampedModel


class ProjectPath(models.TextChoices):
    PPP = "ppp", _("Public-private partnership (World Bank PPP cycle)")
    PROCUREMENT = "procurement", _("Public procurement")


class ProjectStage(models.TextChoices):
    IDENTIFY = "identify", _("Identify")
    APPRAISE = "appraise", _("Appraise")
    STRUCTURE = "structure", _("Structure")
    DESIGN_CONTRACT = "design_contract", _("Design the contract")
    TRANSACTION = "transaction", _("Manage the transaction")
    TENDER = "tender", _("Tender")
    CONTRACT = "contract", _("Manage the contract")


class ProjectVisibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    CONSORTIUM = "consortium", _("The consortium only")


class Project(FacetedItem):
    """What a city undertakes, from a challenge to a managed contract."""

    city = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="projects"
    )
    challenge = models.ForeignKey(
        "challenges.Challenge",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    solutions = models.ManyToManyField("solutions.Solution", blank=True, related_name="projects")
    objectives = models.TextField(max_length=10_000, blank=True)
    scope = models.TextField(max_length=10_000, blank=True)
    location = models.CharField(max_length=200, blank=True)
    path = models.CharField(max_length=12, choices=ProjectPath.choices, default=ProjectPath.PPP)
    stage = models.CharField(
        max_length=16, choices=ProjectStage.choices, default=ProjectStage.IDENTIFY, editable=False
    )
    visibility = models.CharField(
        max_length=10, choices=ProjectVisibility.choices, default=ProjectVisibility.CONSORTIUM
    )
    capital_cost = models.DecimalField(max_digits=16, decimal_places=2)
    operating_cost = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    currency = models.CharField(max_length=3)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    exchange_rates = models.JSONField(default=dict, blank=True)
    financial_close_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["city", "stage"], name="project_city_stage_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(capital_cost__gte=0) & Q(operating_cost__gte=0),
                name="project_costs_not_negative",
            )
        ]

    @property
    def total_cost(self):
        return self.capital_cost + self.operating_cost


class GateApproval(models.Model):
    """A gate passed: the checklist that was confirmed, and who approved the move."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="gates")
    from_stage = models.CharField(max_length=16, choices=ProjectStage.choices)
    to_stage = models.CharField(max_length=16, choices=ProjectStage.choices)
    checklist = models.JSONField(default=dict)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["approved_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "from_stage"], name="gate_once_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"


class Milestone(models.Model):
    """A dated step of a project's timeline, reached when the city says so (with its evidence)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    evidence = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class ProjectTarget(models.Model):
    """A KPI (and the SDG target it serves) the project aims to move: baseline, target, and the
    value after, recorded by the city's members and confirmed by its admins."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="targets")
    kpi = models.CharField(max_length=40)
    sdg_target = models.CharField(max_length=10, blank=True)
    baseline = models.DecimalField(max_digits=16, decimal_places=4)
    target = models.DecimalField(max_digits=16, decimal_places=4)
    after = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kpi", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kpi"], name="project_target_once")
        ]

    def __str__(self) -> str:
        return self.kpi


class ProjectDocument(models.Model):
    """A confidential file of a project: for the city and its active consortium members only,
    served through a view that checks access on every request (never a public address)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    file = models.FileField(upload_to="projects/documents/")
    organisation = models.ForeignKey(
        "directory.Organisation", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class ConsortiumRole(models.TextChoices):
    LEAD_CITY = "lead_city", _("Lead city")
    SOLUTION_PROVIDER = "solution_provider", _("Solution provider")
    OPERATOR = "operator", _("Operator")
    FINANCIER = "financier", _("Financier")
    ADVISOR = "advisor", _("Advisor")
    INTERNATIONAL_ORG = "international_org", _("International organisation")


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Member")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ConsortiumMember(TimeStampedModel):
    """An organisation in a project's consortium, with its role."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="consortia"
    )
    role = models.CharField(max_length=20, choices=ConsortiumRole.choices)
    status = models.CharField(
        max_length=10, choices=MemberStatus.choices, default=MemberStatus.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="consortium_member_once"
            )
        ]


class Instrument(models.TextChoices):
    GRANT = "grant", _("Grant")
    CONCESSIONAL_LOAN = "concessional_loan", _("Concessional loan")
    COMMERCIAL_LOAN = "commercial_loan", _("Commercial loan")
    GREEN_BOND = "green_bond", _("Green or sustainability bond")
    EQUITY = "equity", _("Equity")
    BLENDED = "blended", _("Blended finance")
    PPP_AVAILABILITY = "ppp_availability", _("Availability-payment PPP")
    PPP_USER_FEE = "ppp_user_fee", _("User-fee PPP")
    CITY_BUDGET = "city_budget", _("City budget")


PPP_INSTRUMENTS = frozenset({Instrument.PPP_AVAILABILITY, Instrument.PPP_USER_FEE})


class PppModel(models.TextChoices):
    BOT = "bot", _("Build-operate-transfer (BOT)")
    BOO = "boo", _("Build-own-operate (BOO)")
    DBFO = "dbfo", _("Design-build-finance-operate (DBFO)")
    DBFOM = "dbfom", _("Design-build-finance-operate-maintain (DBFOM)")
    CONCESSION = "concession", _("Concession")
    LEASE = "lease", _("Lease (affermage)")


class SourceStatus(models.TextChoices):
    INDICATIVE = "indicative", _("Indicative")
    COMMITTED = "committed", _("Committed")
    CLOSED = "closed", _("Closed")


class FinancingSource(models.Model):
    """One source of a project's financing plan."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sources")
    financier = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="financing_sources",
    )
    label = models.CharField(max_length=200)
    instrument = models.CharField(max_length=20, choices=Instrument.choices)
    ppp_model = models.CharField(max_length=12, choices=PppModel.choices, blank=True)
    amount = models.DecimalField(max_digits=16, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(
        max_length=10, choices=SourceStatus.choices, default=SourceStatus.INDICATIVE
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="financing_amount_positive")
        ]

    def __str__(self) -> str:
        return self.label


class OpportunityStatus(models.TextChoices):
    OPEN = "open", _("Open to financiers")
    CLOSED = "closed", _("Closed")


class InvestmentOpportunity(TimeStampedModel):
    """A project opened to verified financiers."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="opportunity")
    summary = models.CharField(max_length=500)
    ticket_min = models.DecimalField(max_digits=16, decimal_places=2)
    ticket_max = models.DecimalField(max_digits=16, decimal_places=2)
    instruments = models.JSONField(default=list)
    risk_notes = models.TextField(max_length=5000, blank=True)
    status = models.CharField(
        max_length=8, choices=OpportunityStatus.choices, default=OpportunityStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ticket_min__gt=0) & Q(ticket_max__gte=models.F("ticket_min")),
                name="opportunity_ticket_range",
            )
        ]

    def __str__(self) -> str:
        return str(self.project)


class OpportunityInterest(TimeStampedModel):
    """A financier's interest in an investment opportunity."""

    opportunity = models.ForeignKey(
        InvestmentOpportunity, on_delete=models.CASCADE, related_name="interests"
    )
    financier = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="opportunity_interests"
    )
    note = models.TextField(max_length=2000, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "financier"], name="opportunity_interest_once"
            )
        ]


class Mandate(TimeStampedModel):
    """What a financier funds: sectors (categories), countries, ticket sizes, instruments, SDGs."""

    financier = models.OneToOneField(
        "directory.Organisation", on_delete=models.CASCADE, related_name="mandate"
    )
    sectors = models.JSONField(default=list, blank=True)
    countries = models.JSONField(default=list, blank=True)
    instruments = models.JSONField(default=list, blank=True)
    sdgs = models.JSONField(default=list, blank=True)
    ticket_min = models.DecimalField(max_digits=16, decimal_places=2)
    ticket_max = models.DecimalField(max_digits=16, decimal_places=2)
    currency = models.CharField(max_length=3)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(ticket_min__gt=0) & Q(ticket_max__gte=models.F("ticket_min")),
                name="mandate_ticket_range",
            )
        ]
