"""Who may do what in monitoring (issue 10). The services raise `NotPermitted` when one of these
says no; the views and templates use them to show or hide a form.

- Reading an indicator: whoever reads its case (`agreements.selectors.cooperation_visible_to`:
  party regions, the overseeing province, the OPD the case names), and the officers of an OPD
  that reports it.
- Binding indicators and setting targets: the secretariat of a party region (a shared fact of
  the case).
- Entering a realisation for a party: that party's reporting OPD's officer — the responsible
  OPD for the responsible party; for another party (when both report) its executing or
  initiating OPD (also a secretariat user whose own unit is that OPD). A party without an OPD
  on record reports through its own secretariat. The partner region's officer so reports its
  own party's value through the shared case.
- Verifying or returning a realisation: the secretariat of the reporting party's region.
- Reconciling both parties' values: the secretariat of the responsible party's region.
"""

from __future__ import annotations

from kerjasama.accounts.models import Role, User
from kerjasama.agreements.models import Cooperation, Party
from kerjasama.agreements.selectors import cooperation_is_party, cooperation_visible_to
from kerjasama.monitoring.models import Indicator, Realisation


def _signed_in(user: User | None) -> bool:
    return user is not None and user.is_authenticated and user.tenant_id is not None


def _region_of(user: User) -> int | None:
    return user.tenant.region_id if user.tenant is not None else None


def reporting_parties(indicator: Indicator) -> list[Party]:
    """The parties that report the indicator: the responsible one, or, when both report, every
    party of the case that is a region (a third party reports through the responsible
    region), in the case's order."""
    if not indicator.both_report:
        return [indicator.responsible_party]
    return [
        party
        for party in indicator.cooperation.parties.select_related("partner").order_by("order")
        if party.partner.region_id is not None or party.pk == indicator.responsible_party_id
    ]


def reporting_opd_id(indicator: Indicator, party: Party) -> int | None:
    """The OPD whose officers report `party`'s value (None: the party's secretariat reports)."""
    if party.pk == indicator.responsible_party_id:
        return indicator.responsible_opd_id
    return party.executing_opd_id or party.initiating_opd_id


def can_read_cooperation(user: User | None, cooperation: Cooperation) -> bool:
    if not _signed_in(user):
        return False
    assert user is not None
    return cooperation_visible_to(user).filter(pk=cooperation.pk).exists()


def can_read_indicator(user: User | None, indicator: Indicator) -> bool:
    if not _signed_in(user):
        return False
    assert user is not None
    if can_read_cooperation(user, indicator.cooperation):
        return True
    return user.has_role(Role.OPD_OFFICER) and any(
        can_report(user, indicator, party) for party in reporting_parties(indicator)
    )


def can_manage_indicators(user: User | None, cooperation: Cooperation) -> bool:
    """Binding indicators to a PKS and setting their targets: a party region's secretariat."""
    return (
        _signed_in(user)
        and user is not None
        and user.has_role(Role.SECRETARIAT)
        and cooperation_is_party(user, cooperation)
    )


def can_report(user: User | None, indicator: Indicator, party: Party) -> bool:
    """Whether `user` enters and submits `party`'s value of `indicator`."""
    if not _signed_in(user) or user is None:
        return False
    if party.cooperation_id != indicator.cooperation_id:
        return False
    if not indicator.both_report and party.pk != indicator.responsible_party_id:
        return False
    if party.partner.region_id is None or party.partner.region_id != _region_of(user):
        return False
    opd_id = reporting_opd_id(indicator, party)
    if opd_id is None:
        return user.has_role(Role.SECRETARIAT)
    # The reporting OPD's officers; a secretariat whose own unit is that OPD (a province's
    # Biro Pemerintahan executing the case) reports as its staff.
    return user.has_role(Role.OPD_OFFICER, Role.SECRETARIAT) and user.opd_id == opd_id


def can_verify(user: User | None, realisation: Realisation) -> bool:
    """Verifying or returning a realisation: the secretariat of the reporting party's region."""
    if not _signed_in(user) or user is None or not user.has_role(Role.SECRETARIAT):
        return False
    region_id = realisation.party.partner.region_id
    return region_id is not None and region_id == _region_of(user)


def can_reconcile(user: User | None, indicator: Indicator) -> bool:
    """Recording which of both parties' values counts: the responsible party's secretariat."""
    if not _signed_in(user) or user is None or not user.has_role(Role.SECRETARIAT):
        return False
    region_id = indicator.responsible_party.partner.region_id
    return region_id is not None and region_id == _region_of(user)
