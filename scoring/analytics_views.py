"""The curators' analytics page: how questions and rubrics perform across all practice."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from api.permissions import is_curator

from .selectors.analytics import curator_analytics


@login_required
@require_GET
def analytics(request):
    if not is_curator(request.user):
        raise Http404("No such page")  # curators' aggregate view of everyone's practice
    return render(request, "scoring/analytics.html", curator_analytics())
