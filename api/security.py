"""API keys as FastAPI dependencies.

Keys come from `REGQA_API_KEYS` (comma-separated) and are sent as `X-API-Key: <key>` or
`Authorization: Bearer <key>`; every configured key is compared in constant time
(`hmac.compare_digest`). Admin endpoints always need a key (and are disabled when none is
configured); with `REGQA_REQUIRE_KEY_FOR_ALL=true` every endpoint but /health and /ready does.
"""

from __future__ import annotations

import hmac

from fastapi import HTTPException, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from core.settings import Settings

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False,
                              description="one of the keys in REGQA_API_KEYS")
bearer_scheme = HTTPBearer(auto_error=False, description="Authorization: Bearer <one of REGQA_API_KEYS>")
_HEADER = Security(api_key_header)
_BEARER = Security(bearer_scheme)


def key_matches(given: str | None, keys: list[str]) -> bool:
    """Whether `given` is one of `keys`; compares against every key, each in constant time."""
    if not given:
        return False
    probe = given.encode("utf-8")
    found = False
    for key in keys:
        found |= hmac.compare_digest(probe, key.encode("utf-8"))
    return found


def _settings(request: Request) -> Settings:
    return request.app.state.settings


def _check(request: Request, header: str | None, bearer: HTTPAuthorizationCredentials | None,
           admin: bool) -> None:
    keys = _settings(request).api_key_list
    if not keys:
        if admin:
            raise HTTPException(status_code=403, detail="admin endpoints are disabled: set "
                                "REGQA_API_KEYS to one or more keys to enable them")
        return
    given = header or (bearer.credentials if bearer is not None else None)
    if not key_matches(given, keys):
        what = "a valid API key is required" if given else "an API key is required"
        raise HTTPException(status_code=401, headers={"WWW-Authenticate": "Bearer"},
                            detail=f"{what}: send X-API-Key: <key> or Authorization: Bearer <key>")


def require_admin_key(
    request: Request,
    header: str | None = _HEADER,
    bearer: HTTPAuthorizationCredentials | None = _BEARER,
) -> None:
    """For write and admin endpoints: always a valid key."""
    _check(request, header, bearer, admin=True)


def require_key_if_configured(
    request: Request,
    header: str | None = _HEADER,
    bearer: HTTPAuthorizationCredentials | None = _BEARER,
) -> None:
    """For read endpoints: a valid key only when REGQA_REQUIRE_KEY_FOR_ALL is true."""
    if _settings(request).require_key_for_all:
        _check(request, header, bearer, admin=False)
