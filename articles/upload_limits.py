"""Upload limits that Django enforces while parsing the request, answered by the upload form itself.

Django refuses too many files (DATA_UPLOAD_MAX_NUMBER_FILES), too much non-file data
(DATA_UPLOAD_MAX_MEMORY_SIZE) and part headers over 1,024 bytes (an ~8,000-character file name) while it
parses the body, which happens when the CSRF middleware first reads `request.POST`: the editor got a bare
"Bad Request (400)". `UploadLimitsMiddleware` (before CsrfViewMiddleware) parses the body first for views
marked with `@reports_upload_limits`, turns each of those errors into an `UploadRefusal` naming the field
(and the file, when its name is what broke the limit), and leaves the view to show it on its form. It also
refuses a request over UPLOAD_MAX_REQUEST_BYTES before reading it.

CSRF stays enforced: the form's token is taken from the first bytes of the body (the form sends it first)
and handed to the CSRF middleware as its header; without a valid token the answer is still 403. A view
with a refusal renders its form and writes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    SuspiciousMultipartForm,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.defaultfilters import filesizeformat

HEAD_BYTES = 64 * 1024  # the start of the body, where the CSRF token field is
TAIL_BYTES = 256 * 1024  # the last chunks read, where the part header that broke a limit is
NAME_SHOWN = 60  # characters of an over-long file name quoted back


@dataclass(frozen=True)
class UploadRefusal:
    """Why the request was refused before the form saw it: `field` is a form field name or None."""

    field: str | None
    message: str


def reports_upload_limits(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a view whose form shows `request.upload_refusal` instead of Django's 400 page."""
    view.reports_upload_limits = True
    return view


class RecordingStream:
    """Passes reads through and keeps the head and the latest tail of what was read."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.head = bytearray()
        self.tail = bytearray()

    def _keep(self, data: bytes) -> bytes:
        if len(self.head) < HEAD_BYTES:
            self.head += data[: HEAD_BYTES - len(self.head)]
        self.tail += data
        del self.tail[:-TAIL_BYTES]
        return data

    def read(self, *args, **kwargs) -> bytes:
        return self._keep(self.stream.read(*args, **kwargs))

    def readline(self, *args, **kwargs) -> bytes:
        return self._keep(self.stream.readline(*args, **kwargs))

    def close(self) -> None:
        self.stream.close()


TOKEN = re.compile(rb'name="csrfmiddlewaretoken"\r\n\r\n([A-Za-z0-9]{32,64})\r\n')
FILENAME = re.compile(rb'filename="([^"\r\n]*)')


def long_file_name(data: bytes) -> str | None:
    """The longest file name in the recorded bytes (the one whose header was too long)."""
    names = [m.group(1) for m in FILENAME.finditer(bytes(data))]
    if not names:
        return None
    return max(names, key=len).decode("utf-8", "replace")


def shortened(name: str) -> str:
    if len(name) <= NAME_SHOWN:
        return name
    return f"{name[: NAME_SHOWN - 12]}…{name[-10:]}"


def refusal_for(exc: Exception, recorded: RecordingStream | None) -> UploadRefusal:
    if isinstance(exc, TooManyFilesSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return UploadRefusal("files", f"Upload at most {limit} files at a time; this upload had more.")
    if isinstance(exc, RequestDataTooBig):
        limit = filesizeformat(settings.UPLOAD_MAX_BYTES)
        return UploadRefusal("text", f"The pasted text is larger than the limit of {limit}.")
    if isinstance(exc, TooManyFieldsSent):
        return UploadRefusal(None, "The form was sent with too many fields; reload the page and try again.")
    name = long_file_name(recorded.tail) if recorded else None
    if name and "header size" in str(exc):
        return UploadRefusal(
            "files",
            f"“{shortened(name)}” has a name of {len(name):,} characters; rename it to at most 255 "
            "characters and upload it again.",
        )
    if "header size" in str(exc):
        return UploadRefusal("files", "A file name is too long; rename it to at most 255 characters.")
    return UploadRefusal(None, "The upload arrived incomplete or damaged; send it again.")


class UploadLimitsMiddleware:
    """See the module docstring. Goes right before CsrfViewMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if request.method != "POST" or not getattr(view_func, "reports_upload_limits", False):
            return None
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        limit = settings.UPLOAD_MAX_REQUEST_BYTES
        recorded = RecordingStream(request._stream)
        request._stream = recorded
        if length > limit:
            recorded.read(min(length, HEAD_BYTES))  # only for the CSRF token; the rest is never read
            request._mark_post_parse_error()  # empty POST and FILES: nothing below parses the body
            request.upload_refusal = UploadRefusal(
                "files",
                f"This upload is {filesizeformat(length)} in all; one upload may carry at most "
                f"{filesizeformat(limit)}. Send the files in smaller batches.",
            )
        else:
            try:
                request.POST  # noqa: B018  (parses the body and files, as the CSRF check would)
                request.FILES  # noqa: B018
            except (
                RequestDataTooBig,
                TooManyFilesSent,
                TooManyFieldsSent,
                SuspiciousMultipartForm,
                MultiPartParserError,
            ) as exc:
                request._mark_post_parse_error()
                request.upload_refusal = refusal_for(exc, recorded)
            else:
                return None
        token = TOKEN.search(bytes(recorded.head))
        if token and settings.CSRF_HEADER_NAME not in request.META:
            request.META[settings.CSRF_HEADER_NAME] = token.group(1).decode()
        return None
