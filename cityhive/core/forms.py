"""Showing a service's validation errors on the form that fed it."""

from django import forms

from cityhive.core.errors import DomainError


def apply_errors(form: forms.Form, error: DomainError) -> None:
    """Attach a service's field errors to the form (unknown fields become form-wide errors)."""
    if not error.field_errors:
        form.add_error(None, error.message)
        return
    for field, messages in error.field_errors.items():
        target = field if field in form.fields else None
        for message in messages:
            form.add_error(target, message)
