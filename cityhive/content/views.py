"""What the pages of every faceted item share: the catalogue list, facets shown as labelled links,
and the create and edit forms with their rows of weighted facets and version conflicts."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.functional import cached_property

from cityhive.content.catalogue import FACET_NAMES, Taxonomy
from cityhive.content.forms import FacetRowForm, errors_show, rows_formset
from cityhive.core.errors import Conflict, DomainError

PAGE_SIZE = 20
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP matches: an exact count of a broad search scans every match, and
    "10,000+" tells a visitor as much."""

    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        # Unordered: any cap + 1 matches will do, and the database may read them in index order.
        return self.object_list.order_by()[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap


def catalogue_page(request, *, queryset, context: dict, templates: tuple[str, str]):
    """Paginate a filtered list; htmx requests get only the results fragment."""
    page = CappedPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {**context, "page": page, "query": query.urlencode()}
    return render(request, templates[1] if request.htmx else templates[0], context)


def facet_display(item, taxonomy: Taxonomy) -> dict:
    """An item's facets as labelled links, and its addresses as bars."""
    goals = sorted({target.split(".", 1)[0] for target in item.sdg_targets}, key=int)
    return {
        "categories": [(c, taxonomy.label("category", c)) for c in item.categories],
        "goals": [(g, taxonomy.label("sdg_goal", g)) for g in goals],
        "targets": [
            (t, t.split(".", 1)[0], taxonomy.label("sdg_target", t)) for t in item.sdg_targets
        ],
        "kpis": [(k, taxonomy.kpi_slugs.get(k), taxonomy.label("kpi", k)) for k in item.kpis],
        "addresses": [
            {
                "facet": FACET_NAMES.get(a["facet"], a["facet"]),
                "label": taxonomy.label(a["facet"], a["value"]),
                "weight": a.get("strength", 0),
            }
            for a in item.addresses
        ],
    }


def address_rows(request, *, row_form=FacetRowForm, initial=()):
    """The rows of an item's weighted facets (`addresses`), with an empty one to fill in."""
    return rows_formset(
        row_form,
        prefix="addresses",
        data=request.POST if request.method == "POST" else None,
        initial=initial,
        empty_rows=1,
    )


def form_page(request, template: str, context: dict):
    """Render a form page; 400 when the form or one of its rows was refused."""
    rowsets = context.get("rows", {}).values()
    failed = bool(context["form"].errors) or any(
        rows.non_form_errors() or any(row.errors for row in rows.forms) for rows in rowsets
    )
    return render(request, template, {**context, "failed": failed}, status=400 if failed else 200)


def form_save(form, addresses, save, *, current_version=None):
    """Validate the form and its rows, then run the service; None when something was refused.

    A stale edit keeps everything typed and takes `current_version()` as its version, so that
    saving again knowingly replaces the other edit.
    """
    if not (form.is_valid() and addresses.is_valid()):
        return None
    try:
        return save(form.exchange_fields(addresses=addresses.items()))
    except Conflict as conflict:
        if current_version is None:
            raise
        form.data["version"] = current_version()
        form.add_error(None, conflict.message)
        form.conflict = True
    except DomainError as error:
        errors_show(form, error, rows={"addresses": addresses}, aliases=form.ALIASES)
    return None


def versioned_edit(
    request, *, item, data: dict, form_class, update, current_version, row_form=FacetRowForm
):
    """The edit flow of a versioned item: its form and rows filled from `data` (exchange-shaped)
    and, on a POST, `update(version=, fields=)` run through `form_save`.

    Returns the saved item (None until something was saved) and the form page's context.
    """
    taxonomy = Taxonomy()
    initial = {**form_class.initial_from(data), "version": item.version}
    post = request.POST.copy() if request.method == "POST" else None
    form = form_class(post, initial=initial, taxonomy=taxonomy)
    addresses = address_rows(request, row_form=row_form, initial=data["addresses"])
    saved = None
    if request.method == "POST":
        saved = form_save(
            form,
            addresses,
            lambda fields: update(version=form.cleaned_data["version"], fields=fields),
            current_version=current_version,
        )
    return saved, {"form": form, "rows": {"addresses": addresses}, "taxonomy": taxonomy}
