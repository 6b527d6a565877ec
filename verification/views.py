"""The public check page (no sign-in): a code typed or scanned from a QR, or an uploaded PDF.
Rate-limited per address; every lookup is logged; a wrong code says nothing but "not found"."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from . import lookups
from .codes import normalise
from .models import VerificationLookup
from .ratelimit import lookup_allowed
from .uploads import MemoryOnlyUploadHandler

Method = VerificationLookup.Method
Result = VerificationLookup.Result


def _limit_mb() -> int:
    return settings.VERIFY_UPLOAD_MAX_BYTES // (1024 * 1024)


def _limited(request, method: str, code: str = ""):
    lookups.lookup_log(request, method=method, result=Result.LIMITED, code_tried=code)
    minutes = max(1, settings.VERIFY_RATE_WINDOW // 60)
    return render(request, "verification/limited.html", {"minutes": minutes}, status=429)


@login_not_required
@never_cache
@csrf_exempt  # checked by _check, after the upload handler is set (Django's documented way)
@require_http_methods(["GET", "POST"])
def check(request):
    """The form (GET), a code typed into it (GET ?code=), or an uploaded PDF (POST)."""
    handler = MemoryOnlyUploadHandler(request, limit=settings.VERIFY_UPLOAD_MAX_BYTES)
    request.upload_handlers = [handler]
    return _check(request, handler)


@csrf_protect
def _check(request, handler):
    form = {"limit_mb": _limit_mb()}
    if request.method == "GET":
        typed = request.GET.get("code", "").strip()
        if not typed:
            return render(request, "verification/check.html", form)
        code = normalise(typed)
        if code:
            return redirect("verification:code", code=code)
        if not lookup_allowed(lookups.address_hash(request)):
            return _limited(request, Method.CODE, typed)
        lookups.lookup_log(request, method=Method.CODE, result=Result.NOT_FOUND, code_tried=typed)
        return render(
            request, "verification/result.html", {**form, "method": "code", "typed": typed}, status=404
        )
    if not lookup_allowed(lookups.address_hash(request)):
        return _limited(request, Method.UPLOAD)
    upload = request.FILES.get("file")
    if handler.too_large or upload is None:
        error = f"ไฟล์ใหญ่เกิน {_limit_mb()} MB" if handler.too_large else "กรุณาเลือกไฟล์ PDF ที่จะตรวจสอบ"
        return render(request, "verification/check.html", {**form, "upload_error": error}, status=400)
    sha, finding, exact = lookups.find_by_file(upload.read())
    result = Result.NOT_FOUND if finding is None else Result.GENUINE if exact else Result.DATA_MATCH
    lookups.lookup_log(
        request,
        method=Method.UPLOAD,
        result=result,
        file_sha256=sha,
        document=finding.document if finding else None,
    )
    context = {**form, "method": "upload", "finding": finding, "exact": exact, "sha256": sha}
    return render(request, "verification/result.html", context)


@login_not_required
@never_cache
@require_GET
def code_page(request, code: str):
    """Where the QR code leads: what the portal issued under this code, and its state now."""
    if not lookup_allowed(lookups.address_hash(request)):
        return _limited(request, Method.CODE, code)
    finding = lookups.find_by_code(normalise(code))
    lookups.lookup_log(
        request,
        method=Method.CODE,
        result=Result.GENUINE if finding else Result.NOT_FOUND,
        code_tried=code,
        document=finding.document if finding else None,
    )
    context = {"limit_mb": _limit_mb(), "method": "code", "finding": finding}
    return render(request, "verification/result.html", context, status=200 if finding else 404)
