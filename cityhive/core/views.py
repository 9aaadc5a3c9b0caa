"""What a button's view does with a service's answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from cityhive.core.errors import DomainError
from cityhive.core.permissions import require


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


def object_button(load, subject: str, act, done, then, *, form=None, invalid="", permission=""):
    """A POST view for a button on one object: `load(request, id)` gets the object as the person
    may see it; a `permission` is checked before the `form` (a decline's reason, say), which
    must be valid or the answer is 400 with `invalid`; then `act(actor=, <subject>=object,
    **data)` runs through action_run and the person goes to `then(object)`."""

    @login_required
    @require_POST
    def view(request, **ids):
        (object_id,) = ids.values()
        item = load(request, object_id)
        data = {}
        if permission:
            require(request.user, permission, item)
        if form is not None:
            bound = form(request.POST)
            if not bound.is_valid():
                return HttpResponseBadRequest(str(invalid))
            data = bound.cleaned_data
        action_run(request, lambda: act(actor=request.user, **{subject: item}, **data), done)
        return redirect(then(item))

    view.__name__ = view.__qualname__ = act.__name__  # what error reports and resolve() name
    return view
