"""The city autocomplete used by organisation forms (an htmx fragment)."""

from django.shortcuts import render

from cityhive.places.selectors import place_search


def place_autocomplete(request):
    query = request.GET.get("place_query", "")[:100]
    places = place_search(query=query, country=request.GET.get("country") or None)
    context = {"places": places, "query": query}
    return render(request, "places/autocomplete.html", context)
