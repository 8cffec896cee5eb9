"""Content-Security-Policy: strict on public pages, looser in the editors' interface.

Public templates use no inline script or style, so ``'self'`` is enough there.
Wagtail's editor interface (version 8) still runs inline scripts and styles in its
page editor, so the admin paths, reachable only by signed-in staff, allow inline
code; everything else about the policy (sources, framing, forms) stays strict.
"""

from __future__ import annotations

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIXES):
            update = dict(parts.update or {})
            update["script-src"] = [UNSAFE_INLINE]
            update["style-src"] = [UNSAFE_INLINE]
            update["img-src"] = ["blob:"]
            parts.update = update
        return parts
