"""Start a solo practice session from a board exported as JSON (the room's Export JSON)."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.users import signed_in
from content.models import Level, Question

from .. import services
from ..board_import import MAX_IMPORT_BYTES, BoardImportError
from ..errors import SessionError
from ..services.throttles import SessionCreateThrottled
from .access import HtmxHttpRequest


class BoardImportForm(forms.Form):
    board = forms.FileField(
        label="Board JSON",
        help_text=f"A file from the room's Export JSON, at most {MAX_IMPORT_BYTES // 1024} KiB.",
    )
    question = forms.ModelChoiceField(
        queryset=Question.objects.published().order_by("title"),
        to_field_name="slug",
        empty_label=None,
        error_messages={"invalid_choice": "Pick a question from the list."},
    )
    level = forms.ChoiceField(choices=Level.choices, initial=Level.SENIOR)

    def clean_board(self):
        upload = self.cleaned_data["board"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(f"The file is over {MAX_IMPORT_BYTES // 1024} KiB.")
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def board_import(request: HtmxHttpRequest) -> HttpResponse:
    form = BoardImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            session = services.practice_session_import(
                created_by=signed_in(request.user),
                question=form.cleaned_data["question"],
                level=form.cleaned_data["level"],
                # Read no further than the limit (the form checked the size already).
                document=form.cleaned_data["board"].read(MAX_IMPORT_BYTES + 1),
            )
        except BoardImportError as exc:
            problems, status = exc.problems, 400
        except SessionCreateThrottled as exc:
            response = _page(request, form, [exc.message], 429)
            response["Retry-After"] = str(exc.retry_after)
            return response
        except SessionError as exc:
            problems, status = [exc.message], 400
        else:
            return redirect("interviews:room", session.pk)
    elif request.method == "POST":
        status = 400
    return _page(request, form, problems, status)


def _page(request, form: BoardImportForm, problems: list[str], status: int) -> HttpResponse:
    context = {"form": form, "problems": problems}
    return render(request, "interviews/pages/board_import.html", context, status=status)
