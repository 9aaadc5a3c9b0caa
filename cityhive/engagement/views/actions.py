"""What every engagement button does with a service's answer."""

from django.contrib import messages

from cityhive.core.errors import DomainError


def action_run(request, act, done: str) -> None:
    """Run a button's action: success and a refusal the person may read (an expired request, an
    answered one) become messages; "forbidden" and "not found" take their error pages."""
    try:
        act()
    except DomainError as error:
        if error.status in (403, 404):
            raise
        messages.error(request, error.message)
    else:
        messages.success(request, done)
