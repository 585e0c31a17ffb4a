"""Search over agendas and minutes (issue 12 item 7): only what the person may read (R57)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from meetings import search


@login_required
def meeting_search(request):
    """Agenda items and § matching the query, among the meetings the user may read."""
    query = search.normalise(request.GET.get("q", ""))
    hits = search.search(request.user, query) if query else []
    return render(
        request,
        "meetings/search.html",
        {
            "query": query,
            "hits": hits,
            "too_short": 0 < len(query) < search.MIN_LENGTH,
            "limit": search.MAX_HITS,
        },
    )
