"""Parts of a partner's page that apps above `partners` contribute (issue 7).

`partners` imports no app above it (docs/ARCHITECTURE.md, "Who may import whom"), yet its
page lists what the reader may see of the partner elsewhere: the cooperations with it today
(`agreements`), meetings and reports later. Each such app registers a section in its
`AppConfig.ready`; the page renders them in the order of registration.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.utils.safestring import SafeString

from kerjasama.partners.models import Partner

# A section: given the request (its user decides what is visible) and the partner, the HTML
# of the section, rendered from the contributing app's own template.
PartnerSection = Callable[[HttpRequest, Partner], SafeString]

_sections: list[PartnerSection] = []


def partner_section_register(section: PartnerSection) -> PartnerSection:
    """Add `section` to every partner's page (once, however often `ready` runs)."""
    if section not in _sections:
        _sections.append(section)
    return section


def partner_sections(request: HttpRequest, partner: Partner) -> list[SafeString]:
    return [section(request, partner) for section in _sections]
