"""The stage machine: each path's order of stages and the checklist of the gate out of each stage.
Pure Python, so the property tests can walk every path without a database."""

from django.utils.translation import gettext_lazy as _

from cityhive.projects.models import ProjectPath, ProjectStage

S = ProjectStage
ORDER: dict[str, tuple[str, ...]] = {
    ProjectPath.PPP: (
        S.IDENTIFY,
        S.APPRAISE,
        S.STRUCTURE,
        S.DESIGN_CONTRACT,
        S.TRANSACTION,
        S.CONTRACT,
    ),
    ProjectPath.PROCUREMENT: (S.IDENTIFY, S.APPRAISE, S.TENDER, S.CONTRACT),
}

# The items a gate asks the approver to confirm before the project leaves the stage. The
# appraisal gate covers the G20 dimensions of infrastructure project preparation.
GATES: dict[str, dict[str, object]] = {
    S.IDENTIFY: {
        "need": _("The need is confirmed by the city's data or a challenge"),
        "sponsor": _("A sponsor in the city administration is named"),
    },
    S.APPRAISE: {
        "rationale": _("Project rationale"),
        "options": _("Options considered"),
        "commercial_viability": _("Commercial viability"),
        "affordability": _("Affordability"),
        "deliverability": _("Deliverability"),
    },
    S.STRUCTURE: {
        "risk_allocation": _("Risks are allocated between the public and private sides"),
        "financing_structure": _("The financing structure is chosen"),
    },
    S.DESIGN_CONTRACT: {
        "contract_terms": _("The contract's terms are drafted"),
        "payment_mechanism": _("The payment mechanism is set"),
    },
    S.TRANSACTION: {
        "bidder_selected": _("The preferred bidder is selected"),
        "contract_signed": _("The contract is signed"),
    },
    S.TENDER: {
        "tender_published": _("The tender is published"),
        "bids_evaluated": _("Bids are evaluated and the contract awarded"),
    },
    S.CONTRACT: {},
}

# Stages that a project may only leave once its financing plan has reached financial close.
NEEDS_FINANCIAL_CLOSE = frozenset({S.TRANSACTION, S.TENDER})


def next_stage(path: str, stage: str) -> str | None:
    """The stage after `stage` on `path`, or None at the last one."""
    order = ORDER[path]
    position = order.index(stage)
    return order[position + 1] if position + 1 < len(order) else None


def gate_items(stage: str) -> dict[str, object]:
    """The checklist of the gate out of `stage` (item code -> label)."""
    return GATES[stage]


def gate_missing(stage: str, checklist: dict[str, str]) -> list[str]:
    """The gate's items that the checklist does not confirm with a note."""
    return [code for code in GATES[stage] if not str(checklist.get(code, "")).strip()]
