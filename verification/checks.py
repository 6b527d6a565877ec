"""Production refuses the development seal certificate (`manage.py check --deploy`, which the
deployment runs before it starts the portal: docs/verification.md)."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from .devcert import is_development
from .sealing import seal_configured


@register(Tags.security, deploy=True)
def seal_certificate_check(app_configs, **kwargs):
    if settings.DEBUG or not settings.SECURE:
        return []
    if not seal_configured():
        return [
            Warning(
                "SIGNING_CERT/SIGNING_KEY are not set (or not readable): agreed PA1s and final PA3s "
                "are issued without the portal's seal.",
                hint="Install the office's certificate: docs/verification.md.",
                id="verification.W001",
            )
        ]
    if is_development(settings.SIGNING_CERT):
        return [
            Error(
                "SIGNING_CERT is the development certificate (not for production use).",
                hint="Install the office's own certificate: docs/verification.md.",
                id="verification.E001",
            )
        ]
    return []
