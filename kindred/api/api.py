"""The partner API, /api/v1/ (Django Ninja): partner organisations' systems submit referrals and follow them.

Thin views: `kindred.api.actions` does the writing, `kindred.api.queries` the reading. Every error answers
JSON in one of two shapes: {"detail": "message"}, or for invalid input (422) {"detail": [{"loc": [...],
"msg": ..., "type": ...}]}, whether the schema or the front door's own rules found the problem.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import register_converter, reverse
from ninja import Header, NinjaAPI, Path, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from kindred.api import actions, queries
from kindred.api.auth import ApiKeyAuth
from kindred.api.schemas import Error, ReferralIn, ReferralOut, ValidationErrors
from kindred.api.throttle import KeyRateThrottle
from kindred.audit import context
from kindred.frontdoor.actions import ApiClient, ChildDetails, record_contact
from kindred.frontdoor.models import Contact

logger = logging.getLogger(__name__)


class AnyText:
    """A path segment of any text, even with slashes or line breaks: a referral id that is not one must reach
    the view and answer the API's own JSON 404, after the key is checked, not fall through to a page."""

    regex = r"[\s\S]+"  # any character, line breaks too

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: object) -> str:
        return str(value)


register_converter(AnyText, "anytext")

IDEMPOTENCY_KEY_PATTERN = r"^[!-~]{1,255}$"  # printable ASCII, as in a UUID or any client's own scheme

DESCRIPTION = """\
Partner organisations (schools, GPs, police, health, housing...) send referrals about children to the
trust's front door from their own systems, and follow what happened to them.

**Authentication.** Every operation needs the organisation's API key:
`Authorization: Bearer kindred_xxxxxxxx_...`. Ask the trust for a key; it is shown once. A key acts as its
organisation: it sees only the referrals its organisation submitted.

**Retries.** Send an `Idempotency-Key` header (a UUID you make per referral) with each submission. If the
answer is lost, send the same request with the same key again: you get the first answer (with the header
`Idempotent-Replayed: true`) and no second referral is made. The same key with a different body is refused
with 409.

**Errors.** Invalid input answers 422 with a list of problems, each with its location (`loc`), a message for
a person (`msg`) and a machine-readable `type`. Other errors answer `{"detail": "..."}`. A body over the size
limit answers 413; too many requests answer 429 with `Retry-After`.
"""

api = NinjaAPI(
    title="Kindred partner API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url=None,  # no Swagger UI: it loads script from a CDN, which the content security policy forbids
    auth=ApiKeyAuth(),
    throttle=KeyRateThrottle(),
)

# Where the front door's rules name a field differently from the API's body.
_ACTION_FIELDS: dict[str, tuple[str | int, ...]] = {
    "referrer_name": ("referrer", "name"),
    "referrer_role": ("referrer", "role"),
    "referrer_phone": ("referrer", "phone"),
    "referrer_email": ("referrer", "email"),
    "rag": ("immediate_risk",),
    # Set from the organisation, not from the body: a problem with these is the body as a whole.
    "referrer_organisation": (),
    "source": (),
    "received_at": (),
    "__all__": (),
}


def _action_loc(field: str) -> list[str | int]:
    path = _ACTION_FIELDS.get(field)
    if path is None:
        path = tuple(int(part) if part.isdigit() else part for part in field.split("."))
    return ["body", *path]


def _error(request: HttpRequest, status: int, detail: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(NinjaValidationError)
def _invalid_request(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    problems = []
    for error in exc.errors:
        loc = list(error.get("loc", ()))
        # Ninja names the body by the view's parameter ("referral"): the client only knows the body.
        if len(loc) > 1 and loc[0] == "body" and loc[1] == "referral":
            del loc[1]
        problems.append({"loc": loc, "msg": str(error.get("msg", "")), "type": str(error.get("type", ""))})
    return _error(request, 422, problems)


@api.exception_handler(DjangoValidationError)
def _refused_by_the_front_door(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    messages = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    problems = [
        {"loc": _action_loc(field), "msg": msg, "type": "value_error"}
        for field, msgs in messages.items()
        for msg in msgs
    ]
    return _error(request, 422, problems)


@api.exception_handler(actions.IdempotencyConflict)
def _idempotency_conflict(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(
        request,
        409,
        "This Idempotency-Key was already used for a different referral. Send a retry with exactly the "
        "same body, or use a new key for a new referral.",
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = _error(request, 401, "Send a valid API key: Authorization: Bearer <key>")
    response["WWW-Authenticate"] = 'Bearer realm="kindred"'
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, "Not found")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged with the request id (never the body: it names children); the client gets only the id.
    logger.exception("Partner API request failed")
    request_id = context.current.get().request_id
    return _error(
        request, 500, f"Kindred could not handle this request. If you report it, quote {request_id}."
    )


def _record(client: ApiClient, referral: ReferralIn) -> Contact:
    return record_contact(
        by=client,
        children=[
            ChildDetails(
                first_name=child.first_name,
                last_name=child.last_name,
                date_of_birth=child.date_of_birth,
                nhs_number=child.nhs_number,
                address=child.address,
                postcode=child.postcode,
            )
            for child in referral.children
        ],
        concern=referral.concern,
        referrer_name=referral.referrer.name,
        referrer_role=referral.referrer.role,
        referrer_phone=referral.referrer.phone,
        referrer_email=referral.referrer.email,
        referrer_view=referral.referrer_view,
        consent=referral.consent,
        consent_notes=referral.consent_notes,
        # The referrer's judgement of urgency; the front door grades it again when it looks.
        rag=Contact.Rag.RED if referral.immediate_risk else Contact.Rag.AMBER,
    )


@api.post(
    "/referrals",
    response={
        201: ReferralOut,
        400: Error,
        401: Error,
        409: Error,
        413: Error,
        422: ValidationErrors,
        429: Error,
    },
    url_name="referrals",
    operation_id="submitReferral",
    summary="Submit a referral",
    description="Send a referral (a multi-agency referral form) about one or more children. Answered 201 "
    "only once it is safely recorded and in the front door's queue.",
    tags=["referrals"],
    # The answer's id is how the referral is followed (and how schemathesis chains its stateful tests).
    openapi_extra={
        "responses": {
            "201": {
                "links": {
                    "GetReferral": {
                        "operationId": "getReferral",
                        "parameters": {"referral_id": "$response.body#/id"},
                        "description": "Follow the referral: its status, and once decided its outcome",
                    }
                }
            }
        }
    },
)
def submit_referral(
    request: HttpRequest,
    response: HttpResponse,
    referral: ReferralIn,
    # Typed str, not str | None: a header is absent or a string, never null.
    idempotency_key: str = Header(
        None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=IDEMPOTENCY_KEY_PATTERN,
        description="Your own unique key for this referral (a UUID): retries with the same key and body "
        "get the first answer and make no second referral",
    ),
) -> Status[dict[str, Any]]:
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    submission = actions.submit_referral(
        by=client,
        idempotency_key=idempotency_key,
        # Ninja has already parsed the body once, so this cannot fail.
        request_hash=actions.canonical_hash(json.loads(request.body)),
        record=lambda: _record(client, referral),
        answer=queries.what_the_referrer_sees,
    )
    response["Location"] = reverse("api:referral", kwargs={"referral_id": submission.contact.uuid})
    if submission.replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(submission.status, submission.body)


@api.get(
    "/referrals/{anytext:referral_id}",
    response={200: ReferralOut, 401: Error, 404: Error, 429: Error},
    url_name="referral",
    operation_id="getReferral",
    summary="See where a referral has got to",
    description="The referral's status and, once decided, its outcome and the front door's feedback. Only "
    "for referrals your organisation submitted: any other id answers 404.",
    tags=["referrals"],
)
def get_referral(
    request: HttpRequest,
    referral_id: str = Path(..., description="The referral's id, as the answer to its submission gave it"),
) -> Status[dict[str, Any]]:
    client: ApiClient = request.auth  # type: ignore[attr-defined]
    contact = queries.submitted_referral(organisation=client.organisation, referral_id=referral_id)
    if contact is None:
        raise Http404
    actions.record_referral_viewed(contact=contact, by=client)
    return Status(200, queries.what_the_referrer_sees(contact))
