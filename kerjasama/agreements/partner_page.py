"""The cooperations on a partner's page (issue 7): `partners` does not import `agreements`, so
this app contributes the section (`partners.sections`), registered in `AgreementsConfig.ready`."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from kerjasama.accounts.models import User
from kerjasama.agreements.selectors import cooperations_with_partner
from kerjasama.partners.models import Partner


def cooperations_section(request: HttpRequest, partner: Partner) -> SafeString:
    """The cooperations with `partner` that the reader may see, linked to their records."""
    if not isinstance(request.user, User):  # the page is behind login_required
        return SafeString("")
    return render_to_string(
        "agreements/partner_cooperations.html",
        {"cooperations": cooperations_with_partner(request.user, partner)},
        request=request,
    )
