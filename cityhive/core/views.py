"""What a button's view does with a service's answer."""

from django.contrib import messages

from cityhive.core.errors import DomainError


def action_run(request, act, done: str, *, error_pages=(403, 404)) -> None:
    """Run a button's action: success and a refusal the person may read (an expired request, an
    answered one) become messages; errors of the `error_pages` statuses take their error pages."""
    try:
        act()
    except DomainError as error:
        if error.status in error_pages:
            raise
        messages.error(request, error.message)
    else:
        messages.success(request, done)
