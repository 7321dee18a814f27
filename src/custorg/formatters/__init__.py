"""Report -> text, one module per format. Each `render(report, **options) -> str`."""

from __future__ import annotations

AUDIT_FORMATS = ("text", "json", "sarif", "github", "gitlab")
