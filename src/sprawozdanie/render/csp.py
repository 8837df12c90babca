"""Content-Security-Policy pieces shared by the two renderers' HTML."""

from __future__ import annotations

import base64
import hashlib
import re


def source_hash(text: str) -> str:
    """A CSP hash source for an inline script or style: ``'sha256-…'``.

    >>> source_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def first_in_head(html: str, policy: str) -> str:
    """The page with ``policy`` as a ``<meta http-equiv>`` right after its charset (else first
    in its head): before any style or script, so that it governs all of them.

    >>> first_in_head('<html><head><meta charset="utf-8" /><script>x()</script></head></html>', "default-src 'none'")
    '<html><head><meta charset="utf-8" /><meta http-equiv="Content-Security-Policy" content="default-src \\'none\\'" />\\n<script>x()</script></head></html>'
    """
    head_end = html.index("</head>")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
    charset = re.search(r"<meta charset=[^>]*>\n?", html[:head_end])
    at = charset.end() if charset else html.index(">", html.index("<head")) + 1
    return html[:at] + meta + "\n" + html[at:]
