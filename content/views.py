"""Server-rendered library pages; htmx swaps only the result list when filtering."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors
from .models import Concept, Difficulty, InterviewFramework, Level, Question, Tag
from .permissions import material_readable

QUESTIONS_PER_PAGE = 12


@require_GET
def home(request):
    return render(
        request,
        "content/home.html",
        {
            "framework": selectors.framework_default(),
            "question_count": Question.objects.published().count(),
        },
    )


@require_GET
def library(request):
    """/library/: questions, concepts, frameworks and NFR checklists, each with a way in."""
    return render(request, "content/library.html", selectors.library_overview())


@require_GET
def question_list(request):
    filters = {
        "tag": request.GET.get("tag", ""),
        "difficulty": request.GET.get("difficulty", ""),
        "level": request.GET.get("level", ""),
        "text": request.GET.get("q", "").strip()[:100],
    }
    page = Paginator(selectors.question_list(**filters), QUESTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    context = {
        "page": page,
        "filters": filters,
        "tags": Tag.objects.filter(questions__published=True).distinct(),
        "difficulties": Difficulty.choices,
        "levels": Level.choices,
        "querystring": _querystring(request),
    }
    template = (
        "content/partials/question_results.html" if request.htmx else "content/question_list.html"
    )
    return render(request, template, context)


def _querystring(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def question_detail(request, slug: str):
    try:
        question = selectors.question_get_for_candidate(slug=slug)
    except Question.DoesNotExist as exc:
        raise Http404("No such question") from exc
    # The levels a session on it may take (an experience prompt is written for some only).
    levels = [
        c for c in Level.choices if not question.target_levels or c[0] in question.target_levels
    ]
    return render(request, "content/question_detail.html", {"question": question, "levels": levels})


@require_GET
def concept_list(request):
    return render(request, "content/concept_list.html", {"concepts": selectors.concept_list()})


@require_GET
def concept_detail(request, slug: str):
    try:
        concept = selectors.concept_get(slug=slug)
    except Concept.DoesNotExist as exc:
        raise Http404("No such concept") from exc
    return render(request, "content/concept_detail.html", {"concept": concept})


@require_GET
def framework_detail(request, slug: str):
    try:
        framework = selectors.framework_get(slug=slug)
    except InterviewFramework.DoesNotExist as exc:
        raise Http404("No such framework") from exc
    context = {
        "framework": framework,
        # The phases' interviewer guidance is interviewer-only material (content/permissions.py).
        "show_interviewer_guidance": material_readable(
            user=request.user, kind="framework", pk=framework.pk
        ),
    }
    return render(request, "content/framework_detail.html", context)


@require_GET
def nfr_list(request):
    return render(request, "content/nfr_list.html", {"categories": selectors.nfr_category_list()})
