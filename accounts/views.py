from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import UserCreationForm
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import selectors, services
from .redirects import safe_next_url
from .users import signed_in


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=80)


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("home")
    form: UserCreationForm = UserCreationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(safe_next_url(request) or "home")
    return render(request, "accounts/signup.html", {"form": form, "next": safe_next_url(request)})


@login_required
@require_GET
def token_list(request):
    return render(
        request, "accounts/tokens.html", {"tokens": selectors.api_token_list(user=request.user)}
    )


@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Give the token a name (up to 80 characters).")
        return redirect("accounts:tokens")
    token, raw = services.api_token_create(
        user=signed_in(request.user), name=form.cleaned_data["name"]
    )
    # The raw value is shown exactly once, on this response; only its digest is stored.
    return render(
        request,
        "accounts/tokens.html",
        {"tokens": selectors.api_token_list(user=request.user), "new_token": token, "new_raw": raw},
    )


@login_required
@require_POST
def token_revoke(request, token_id: int):
    if services.api_token_revoke(user=signed_in(request.user), token_id=token_id):
        messages.success(request, "Token revoked.")
    else:
        messages.error(request, "No such active token.")
    return redirect("accounts:tokens")
