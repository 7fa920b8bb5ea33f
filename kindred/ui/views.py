"""Sign in and out, the home page each role lands on, the health check and the error pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from kindred.access.policy import any_role, public
from kindred.access.roles import Capability, Role, can, role_of
from kindred.ui.forms import style_fields


class LoginForm(AuthenticationForm):
    error_messages = {
        # The same message whether the username exists or not: no account enumeration.
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "Enter a correct username and password. Both are case-sensitive.",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        style_fields(self)


_login = auth_views.LoginView.as_view(
    template_name="ui/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
)


@public
def login(request: HttpRequest) -> HttpResponseBase:
    return _login(request)


@any_role
@require_POST
def logout(request: HttpRequest) -> HttpResponseBase:
    return auth_views.LogoutView.as_view()(request)


@any_role
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    role = role_of(user)
    alerts = list(user.alerts.filter(read_at__isnull=True)[:20])  # type: ignore[union-attr]
    context = {
        "role": role,
        "alerts": alerts,
        "can_search": can(user, Capability.VIEW_PEOPLE),
        "can_edit_people": can(user, Capability.EDIT_PEOPLE),
        "can_audit": can(user, Capability.VIEW_AUDIT),
        "is_partner": role == Role.PARTNER,
        "is_commissioner": role == Role.COMMISSIONER,
    }
    return render(request, "ui/home.html", context)


@public
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception:
        return JsonResponse({"status": "database unavailable"}, status=503)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "ui/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "ui/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context on purpose: nothing about the user or the record leaks.
    return render(request, "ui/500.html", {"request_id": getattr(request, "request_id", "")}, status=500)
