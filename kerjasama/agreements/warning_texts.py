"""The overridable warnings (❓/🟡 rules) of agreements by code: a label for each, and the text
of those whose text has no parameters, so an overridden warning reads in the reader's language.

A `WarningOverride` keeps the text the user saw (`message`, in the language they wrote in);
where its code's text here is that same text in one of the site's languages, it is shown again
in the active language (`shown_message`); otherwise (a text with names, dates or lists in it)
the stored text is shown as it is. Never the raw code: `label` names each warning.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# A short name per warning code, for the case's history and the list of overridden warnings.
WARNING_LABELS: dict[str, Promise] = {
    "jakarta_administrative": _("Administrative regency/city of Jakarta as a party"),
    "retired_region": _("Region code no longer in the Kemendagri list"),
    "level_affair": _("Government affair held by the province"),
    "term_over_cap": _("Term longer than the configured cap"),
    "pks_after_kb": _("PKS ends after its Kesepakatan Bersama"),
    "kb_power_of_attorney": _("Kesepakatan Bersama signed under a power of attorney"),
    "pks_without_kb": _("PKS without a Kesepakatan Bersama on file"),
    "content_checklist": _("Content checklist not complete"),
    "addendum_after_expiry": _("Addendum to an expired agreement"),
    "addendum_without_tkksd": _("Addendum without the TKKSD's review"),
    "registered_incomplete": _("Registered without its evidence"),
}

# The texts without parameters, exactly as the services word them (same msgids).
WARNING_TEXTS: dict[str, Promise] = {
    "pks_after_kb": _("This PKS ends after the Kesepakatan Bersama it implements."),
    "kb_power_of_attorney": _(
        "A Kesepakatan Bersama is normally signed by the regional heads themselves, not "
        "under a power of attorney."
    ),
    "pks_without_kb": _(
        "No Kesepakatan Bersama of this cooperation is on file, but a PKS implements a KB "
        "signed before it (PP 28/2018 Pasal 6(1) and (3); for KSDPK Pasal 19(1)). Put the "
        "KB on file first, or write why there is none (for example, an agreement made "
        "before PP 28/2018)."
    ),
    "addendum_after_expiry": _(
        "The agreement this addendum amends has already expired. An expired agreement "
        "is renewed by a new run through the procedure (§5.4), not by an addendum."
    ),
    "addendum_without_tkksd": _(
        "This cooperation asks for the TKKSD's review of an addendum (§6.3), and "
        "no TKKSD minutes dated between the signing of the amended agreement and "
        "the addendum's are on file."
    ),
}


def warning_label(code: str) -> str:
    """The warning's name in the active language; an unknown code gets a generic name."""
    label = WARNING_LABELS.get(code)
    return str(label) if label is not None else str(_("Warning"))


def warning_text(code: str, stored: str) -> str:
    """The warning's text in the active language where it can be re-rendered (its code has a
    text without parameters and `stored` is that text in one of the site's languages); else
    `stored`, the text the user saw."""
    text = WARNING_TEXTS.get(code)
    if text is None:
        return stored
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            matches = str(text).strip() == stored.strip()
        if matches:
            return str(text)  # in the active language again
    return stored
