"""The OAuth2 consent page (observed profile): GET /authorized-app?cloudId=&applicationId=&redirectUrl=, the
authorization URL's shape on the developer portal (isolarcloud-portal quick-start, "Third-Party Authorization").

No person consents in a test, so the page consents at once for the account that owns the app and redirects
to ``redirectUrl`` with ``code`` appended, a code bound to that URL. ``applicationId`` takes the app's appkey:
no source shows how the portal's application id relates to the appkey."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response

from solarfakes.simulators.core.vendor import WebRoute
from solarfakes.simulators.vendors.isolarcloud.backend import isolar
from solarfakes.simulators.vendors.isolarcloud.oauth import mint_code

if TYPE_CHECKING:
    from solarfakes.simulators.core.pipeline import Simulator

AUTHORIZE_PATH = "/authorized-app"
APP_KEYS = ("appkey", "encrypted_appkey")  # either app of an account may ask for consent


def refused(problem: str) -> Response:
    return JSONResponse({"solarfakes_error": problem, "expected": f"{AUTHORIZE_PATH}?cloudId=<any>&applicationId="
                         "<appkey>&redirectUrl=<absolute http(s) URL>"}, status_code=400)  # fmt: skip


def authorize(request: Request, sim: Simulator) -> Response:
    query = request.query_params
    application, redirect = query.get("applicationId", ""), query.get("redirectUrl", "")
    owners = [sim.lookup(key, application) for key in APP_KEYS] if application else []
    account = next((owner for owner in owners if owner is not None), None)
    if account is None:
        return refused("applicationId is not the appkey of an app (see GET /_solarfakes/credentials)")
    target = urlsplit(redirect)
    if target.scheme not in ("http", "https") or not target.netloc:
        return refused("redirectUrl must be an absolute http(s) URL")
    code = mint_code(isolar(sim), account.name, sim.cloud.clock.timestamp(), redirect)
    separator = "&" if target.query else "?"
    return RedirectResponse(f"{redirect.split('#')[0]}{separator}{urlencode({'code': code})}", status_code=302)


# The document has no OAuth2: the page is an observed-profile extra, like the platform endpoints.
CONSENT = WebRoute(AUTHORIZE_PATH, authorize, profiles=("observed",))
