"""Exceptions that steps of the pipeline raise to end a call with a planned answer."""

from __future__ import annotations

from typing import Any


class VendorError(Exception):
    """End the call with the vendor's error envelope for ``code``."""

    def __init__(
        self,
        code: int | str,
        message: str | None = None,
        *,
        check: str | None = None,
        diagnostics: dict[str, Any] | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.check = check
        self.diagnostics = diagnostics or {}
        super().__init__(f"vendor error {code}" + (f" ({check})" if check else ""))


class HttpAnswer(Exception):
    """End the call with a raw HTTP answer outside the vendor envelope (404, 405, gateway errors)."""

    def __init__(
        self,
        status: int,
        body: Any = None,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers or {}
        super().__init__(f"HTTP {status}")
