"""What a register's names are in Kerjasama (issue 11, item 5): partners, OPDs, urusan and the
cases a row may already be.

Everything here reads; nothing is written. A `Matcher` is built once per import (one region)
and caches what it looked up, so a register that names the same partner in a thousand rows asks
the database once.

- **Regions** by their Kemendagri code ("61.72") or by name in the variants a register types:
  "Pemkab X", "Kabupaten X", "Pemerintah Kabupaten X", "Kab. X"; "Pemkot Y", "Kota Y",
  "Pemerintah Kota Y"; "Pemprov Z", "Provinsi Z", "Prov. Z", "Pemerintah Provinsi Z" — case,
  dots and spacing do not count. A bare name ("Singkawang") or "Pemda X" is taken only when it
  names one region; otherwise it is ambiguous and the row says so (the importer never guesses).
- **Other partners** against the partner registry by the registry's own name key
  (`partners.models.normalize_name`: legal forms and punctuation do not count). A registered
  name with a "," or "dan" in it ("Balai Wilayah Sungai Kalimantan I, Kementerian Pekerjaan
  Umum"), which the reader splits into two names, is joined again (`partner_names`).
- **OPDs** against the region's OPD list by name or short name, insensitive to case and
  spacing; a name not on the list is proposed for creation.
- **Urusan** by code ("1.03") or by name ("Pekerjaan Umum dan Penataan Ruang", "PUPR"-less
  spellings such as "pekerjaan umum & penataan ruang") to the 32 codes of §10.
- **Cases** of the region: by a document number (the region's own number on a document of the
  case), else by the register number (the region's party's), and a partner of the row among the
  case's parties — so the rows of one case (its KB, each PKS, each addendum) find the same case,
  also one an earlier row of the same file created (`CaseMatch.created_here`); else by title + a
  partner + a date (signing or start) → a possible duplicate, for the user to decide.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from kerjasama.accounts.models import Opd, Tenant
from kerjasama.agreements.models import Cooperation, Document, DocumentParty, Party
from kerjasama.imports.columns import normalise
from kerjasama.partners.enums import PartnerKind, ThirdPartyType
from kerjasama.partners.models import Partner, normalize_name
from kerjasama.reference.models import GovernmentAffair, Region, RegionLevel

_CODE = re.compile(r"^\d{2}(?:\.\d{2})?$")
_CODE_INSIDE = re.compile(r"\b(\d{2}\.\d{2}|\d{2})\b")

# The words before a region's name → its level (None: any level, e.g. "Pemda").
_PREFIXES: tuple[tuple[str, str | None], ...] = (
    ("pemerintah kabupaten", RegionLevel.REGENCY),
    ("pemerintah kab", RegionLevel.REGENCY),
    ("pemerintah kota", RegionLevel.CITY),
    ("pemerintah provinsi", RegionLevel.PROVINCE),
    ("pemerintah prov", RegionLevel.PROVINCE),
    ("pemerintah daerah kabupaten", RegionLevel.REGENCY),
    ("pemerintah daerah kota", RegionLevel.CITY),
    ("pemerintah daerah provinsi", RegionLevel.PROVINCE),
    ("pemerintah daerah", None),
    ("pemkab", RegionLevel.REGENCY),
    ("pemkot", RegionLevel.CITY),
    ("pemprov", RegionLevel.PROVINCE),
    ("pemprop", RegionLevel.PROVINCE),
    ("pemda", None),
    ("kabupaten", RegionLevel.REGENCY),
    ("kab", RegionLevel.REGENCY),
    ("kota", RegionLevel.CITY),
    ("provinsi", RegionLevel.PROVINCE),
    ("propinsi", RegionLevel.PROVINCE),
    ("prov", RegionLevel.PROVINCE),
    ("pemerintah", None),
)
# Longest first, so "pemerintah kabupaten" wins over "pemerintah".
_PREFIXES = tuple(sorted(_PREFIXES, key=lambda item: -len(item[0])))


def name_key(text: str) -> str:
    """A name's form for matching: "Kab.  SAMBAS" → "kab sambas" (case, dots, spacing)."""
    return normalise(str(text))


# The short names registers give provinces ("Pemprov Kalbar"), by Kemendagri code. Only
# for a province: none of them is also the name of a regency or city.
PROVINCE_SHORT_NAMES = {
    "sumut": "12",
    "sumbar": "13",
    "sumsel": "16",
    "babel": "19",
    "kepri": "21",
    "dki": "31",
    "dki jakarta": "31",
    "jabar": "32",
    "jateng": "33",
    "diy": "34",
    "di yogyakarta": "34",
    "jatim": "35",
    "ntb": "52",
    "ntt": "53",
    "kalbar": "61",
    "kalteng": "62",
    "kalsel": "63",
    "kaltim": "64",
    "kaltara": "65",
    "sulut": "71",
    "sulteng": "72",
    "sulsel": "73",
    "sultra": "74",
    "sulbar": "76",
    "malut": "82",
    "pabar": "92",
}


def _bare_region_name(region: Region) -> str:
    """A region's name without its level: "Kabupaten Sambas" → "sambas"."""
    key = name_key(region.name)
    for prefix in ("kabupaten ", "kota ", "provinsi "):
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


def split_region_name(text: str) -> tuple[str | None, str, bool]:
    """ "Pemkab Sambas" → ("kabupaten", "sambas", True); "Singkawang" → (None, "singkawang",
    False). The flag says whether a prefix named it a government."""
    key = name_key(text)
    for prefix, level in _PREFIXES:
        if key == prefix:
            return level, "", True
        if key.startswith(prefix + " "):
            return level, key[len(prefix) + 1 :].strip(), True
    return None, key, False


@dataclass
class RegionMatch:
    region: Region | None
    candidates: list[Region] = field(default_factory=list)

    @property
    def ambiguous(self) -> bool:
        return self.region is None and len(self.candidates) > 1


@dataclass
class PartnerMatch:
    """One partner named in a cell: a region, a registered partner, or nothing (`candidates`
    when more than one would fit)."""

    text: str
    region: Region | None = None
    partner: Partner | None = None
    candidates: list[str] = field(default_factory=list)
    # Not in the registry and not like a region: a third party the import proposes to add
    # (of `third_party_type`, read from its legal form).
    new: bool = False
    third_party_type: str = ""

    @property
    def found(self) -> bool:
        return self.region is not None or self.partner is not None or self.new

    @property
    def key(self) -> str:
        """What the partner is, for comparing with a case's parties."""
        if self.region is not None:
            return f"region:{self.region.code}"
        if self.partner is not None:
            return f"partner:{self.partner.pk}"
        if self.new:
            return f"new:{normalize_name(self.text)}"
        return ""

    @property
    def kind(self) -> str:
        if self.region is not None:
            return PartnerKind.REGION
        if self.new:
            return PartnerKind.THIRD_PARTY
        return self.partner.kind if self.partner is not None else ""


@dataclass
class OpdMatch:
    text: str
    opd: Opd | None
    propose_create: bool


@dataclass
class CaseMatch:
    """An existing case the row is (`cooperation`, by number) or may be (`duplicates`)."""

    cooperation: Cooperation | None = None
    duplicates: list[Cooperation] = field(default_factory=list)
    # The case was created by an earlier row of this import (a KB, then its PKS on a row of
    # its own): a row of an agreement not yet in it adds the agreement (a "new" row).
    created_here: bool = False


class Matcher:
    """The lookups of one import into `tenant`'s region (cached per import)."""

    def __init__(self, tenant: Tenant) -> None:
        self.tenant = tenant
        self._regions: list[Region] | None = None
        self._by_code: dict[str, Region] = {}
        self._by_bare: dict[str, list[Region]] = {}
        self._partners: dict[str, PartnerMatch] = {}
        self._opds: dict[str, Opd] | None = None
        self._added_opds: list[str] = []  # name keys, in the order the import added them
        self._affairs: dict[str, GovernmentAffair] | None = None
        self._affair_names: dict[str, GovernmentAffair] = {}
        self._registered: dict[str, str | None] = {}
        # The cases this import created (by earlier rows; `services._create`).
        self.created: set[int] = set()
        # The region's document and register numbers and its cases' and agreements' titles
        # (`name_key`) → the cases that have them (`_load_cases`, `noted`).
        self._numbers: dict[str, set[int]] | None = None
        self._titles: dict[str, set[int]] = {}

    # --- Regions ---------------------------------------------------------------------------

    def _load_regions(self) -> None:
        if self._regions is not None:
            return
        self._regions = list(Region.objects.filter(retired=False))
        for region in self._regions:
            self._by_code[region.code] = region
            self._by_bare.setdefault(_bare_region_name(region), []).append(region)

    def region(self, text: str) -> RegionMatch:
        """The region a text names: by code, or by name with or without its level."""
        self._load_regions()
        raw = str(text).strip()
        if _CODE.match(raw):
            return RegionMatch(self._by_code.get(raw))
        level, bare, _prefixed = split_region_name(raw)
        if not bare:
            return RegionMatch(None)
        short = PROVINCE_SHORT_NAMES.get(bare)
        if short and level in (None, RegionLevel.PROVINCE) and short in self._by_code:
            return RegionMatch(self._by_code[short])
        found = self._by_bare.get(bare, [])
        if level is not None:
            found = [region for region in found if region.level == level]
        if len(found) == 1:
            return RegionMatch(found[0])
        return RegionMatch(None, sorted(found, key=lambda r: r.code))

    # --- Partners --------------------------------------------------------------------------

    def partner(self, text: str) -> PartnerMatch:
        """A partner as typed in the register: a region (any variant of its name, or its
        code) or a partner of the registry (by its name key)."""
        text = " ".join(str(text).split())
        cached = self._partners.get(text)
        if cached is not None:
            return cached
        match = PartnerMatch(text)
        _level, bare, _prefixed = split_region_name(text)
        code = _CODE_INSIDE.search(text)
        found = self.region(text)
        if found.region is None and code is not None and bare:
            # "Kota Singkawang (61.72)": the code decides.
            by_code = self._by_code.get(code.group(1))
            if by_code is not None:
                found = RegionMatch(by_code)
        if found.region is not None:
            match.region = found.region
        else:
            key = normalize_name(text)
            partners = list(
                Partner.objects.exclude(kind=PartnerKind.REGION).filter(name_key=key)[:3]
            )
            if len(partners) == 1:
                match.partner = partners[0]
            elif partners:
                match.candidates = [str(partner) for partner in partners]
            elif found.candidates:
                match.candidates = [str(region) for region in found.candidates]
            elif not _prefixed and key:
                # Neither a region nor registered, and not written like a region ("Kabupaten
                # Antah Berantah" stays unknown): proposed for the partner registry.
                match.new = True
                match.third_party_type = third_party_type_of(text)
        self._partners[text] = match
        return match

    def partner_names(self, names: Sequence[str]) -> list[str]:
        """The partners of a cell with the pieces of one registered name joined again: the
        reader splits "Balai Wilayah Sungai Kalimantan I, Kementerian Pekerjaan Umum" at the
        comma (both pieces start like a partner's name, `values.split_partners`), but the
        partner registry holds it as one name. Adjacent pieces are joined (longest first) when
        the partner registry holds the joined name ("," or "dan" between them)."""
        names = [" ".join(str(name).split()) for name in names]
        result: list[str] = []
        start = 0
        while start < len(names):
            for end in range(len(names), start + 1, -1):
                joined = self._registered_name(names[start:end])
                if joined is not None:
                    result.append(joined)
                    start = end
                    break
            else:
                result.append(names[start])
                start += 1
        return result

    def _registered_name(self, pieces: Sequence[str]) -> str | None:
        """The name of the one registered (non-region) partner the pieces name together."""
        for joiner in (", ", " dan "):
            key = normalize_name(joiner.join(pieces))
            if key not in self._registered:
                found = list(
                    Partner.objects.exclude(kind=PartnerKind.REGION)
                    .filter(name_key=key)
                    .values_list("name", flat=True)[:2]
                )
                self._registered[key] = found[0] if len(found) == 1 else None
            if self._registered[key] is not None:
                return self._registered[key]
        return None

    # --- OPDs ------------------------------------------------------------------------------

    def opd(self, text: str) -> OpdMatch:
        """The region's OPD a text names (name or short name, case and spacing aside); a name
        not on the list is proposed for creation."""
        if self._opds is None:
            self._opds = {}
            for opd in Opd.objects.filter(tenant=self.tenant):
                for name in (opd.name, opd.short_name):
                    if name:
                        self._opds.setdefault(name_key(name), opd)
        shown = " ".join(str(text).split())
        found = self._opds.get(name_key(shown))
        return OpdMatch(shown, found, propose_create=found is None and bool(shown))

    def opd_added(self, opd: Opd) -> None:
        """An OPD the import has just added, found by the rows after it."""
        self.opd("")  # the list loaded
        assert self._opds is not None
        key = name_key(opd.name)
        if key not in self._opds:
            self._opds[key] = opd
            self._added_opds.append(key)

    def mark(self) -> int:
        """Where the additions stand now, for `forget_since` (the preview's rows)."""
        return len(self._added_opds)

    def forget_since(self, mark: int) -> None:
        """Forget the OPDs added after `mark`: the row that added them was rolled back, so the
        rows after it must propose them again instead of naming a row that is gone."""
        while len(self._added_opds) > mark:
            key = self._added_opds.pop()
            if self._opds is not None:
                self._opds.pop(key, None)

    # --- Urusan ----------------------------------------------------------------------------

    def _load_affairs(self) -> None:
        if self._affairs is not None:
            return
        self._affairs = {affair.code: affair for affair in GovernmentAffair.objects.all()}
        for affair in self._affairs.values():
            for name in (affair.name, affair.statutory_name):
                if name:
                    self._affair_names.setdefault(_affair_key(name), affair)

    def affair(self, text: str) -> GovernmentAffair | None:
        """An urusan by code ("1.03", "1.03 Pekerjaan Umum …") or by name."""
        self._load_affairs()
        assert self._affairs is not None
        raw = " ".join(str(text).split())
        code = re.match(r"^(\d\.\d{2})\b", raw)
        if code:
            return self._affairs.get(code.group(1))
        return self._affair_names.get(_affair_key(raw))

    def _whole_affair(self, line: str) -> bool:
        """Whether a line is one urusan by its name, or by its code and its name."""
        raw = " ".join(line.split())
        coded = re.match(r"^(\d\.\d{2})\s+(.+)$", raw)
        if coded:
            assert self._affairs is not None
            affair = self._affairs.get(coded.group(1))
            return (
                affair is not None and self._affair_names.get(_affair_key(coded.group(2))) == affair
            )
        return self._affair_names.get(_affair_key(raw)) is not None

    def affairs(self, text: str) -> tuple[list[GovernmentAffair], list[str]]:
        """Every urusan in a cell (one per line or separated by ";" or ","), and the pieces
        that name none."""
        self._load_affairs()
        found: list[GovernmentAffair] = []
        unknown: list[str] = []
        pieces = []
        # One per line or per ";"; a comma separates too, unless the line is one urusan by
        # its code ("2.17 Koperasi, Usaha Kecil, dan Menengah", as the export writes it) or by
        # a name with a comma in it.
        for line in re.split(r"[\r\n;]+", str(text)):
            if not line.strip():
                continue
            if self._whole_affair(line):
                pieces.append(line)
            else:
                pieces.extend(p for p in line.split(",") if p.strip())
        for piece in pieces:
            affair = self.affair(piece)
            if affair is None:
                unknown.append(" ".join(piece.split()))
            elif affair not in found:
                found.append(affair)
        return found, unknown

    # --- Cases -----------------------------------------------------------------------------

    def case(
        self,
        *,
        document_number: str,
        partners: Sequence[PartnerMatch],
        title: str,
        dates: Iterable[dt.date | None],
        register_number: str = "",
    ) -> CaseMatch:
        """The region's case this row is: the document number the region gave (on one of the
        case's documents), else the register number of the region's party, with a partner of
        the row among its parties; else, by title, a partner and a date, the cases it may
        duplicate."""
        region = self.tenant.region
        keys = {p.key for p in partners if p.found}
        numbers = self._load_cases()
        for number in dict.fromkeys(n.strip() for n in (document_number, register_number)):
            if not number or number not in numbers:
                continue
            numbered = (
                DocumentParty.objects.filter(number=number, party__partner__region=region)
                .values_list("document__cooperation_id", flat=True)
                .distinct()
            )
            registered = Party.objects.filter(
                register_number=number, partner__region=region
            ).values_list("cooperation_id", flat=True)
            for cooperation in (
                Cooperation.objects.filter(pk__in=[*numbered, *registered])
                .order_by("pk")
                .prefetch_related("parties__partner")
            ):
                if not keys or keys & case_partner_keys(cooperation):
                    return CaseMatch(cooperation, created_here=cooperation.pk in self.created)
        wanted_dates = {day for day in dates if day}
        if not title or not keys:
            return CaseMatch()
        title_key = name_key(title)
        if title_key not in self._titles:
            return CaseMatch()
        possible = []
        # The case's title, or one of its agreements' (a row stands for one agreement).
        shown = " ".join(title.split())
        candidates = (
            Cooperation.objects.filter(parties__partner__region=region)
            .filter(Q(title__iexact=shown) | Q(documents__title__iexact=shown))
            .distinct()
            .order_by("pk")
            .prefetch_related("parties__partner", "documents")
        )
        for cooperation in candidates:
            titles = {cooperation.title} | {d.title for d in cooperation.documents.all()}
            if title_key not in {name_key(text) for text in titles}:
                continue
            if not keys & case_partner_keys(cooperation):
                continue
            days = {cooperation.signed_on} | {
                day
                for document in cooperation.documents.all()
                for day in (document.signed_on, document.start_date)
            }
            # A case with no date on file (registered without its agreement) may be the row's
            # by title and partner alone.
            if wanted_dates and days - {None} and not wanted_dates & days:
                continue
            possible.append(cooperation)
        return CaseMatch(None, possible)

    def _load_cases(self) -> dict[str, set[int]]:
        """The index `case` looks in first, read once (a few queries, one row per number and
        title): a row whose numbers and title the region has nowhere — every row of a first
        import — is new without asking the database. A hit is only a candidate: `case` reads
        the cases and checks them, so an entry gone stale (a row rolled back) does no harm."""
        if self._numbers is not None:
            return self._numbers
        region = self.tenant.region
        self._numbers = {}
        numbered = DocumentParty.objects.filter(party__partner__region=region).exclude(number="")
        registered = Party.objects.filter(partner__region=region).exclude(register_number="")
        for number, case_id in [
            *numbered.values_list("number", "document__cooperation_id"),
            *registered.values_list("register_number", "cooperation_id"),
        ]:
            self._numbers.setdefault(number, set()).add(case_id)
        titled = Cooperation.objects.filter(parties__partner__region=region)
        documents = Document.objects.filter(cooperation__parties__partner__region=region)
        for title, case_id in [
            *titled.values_list("title", "pk"),
            *documents.values_list("title", "cooperation_id"),
        ]:
            self._titles.setdefault(name_key(title), set()).add(case_id)
        return self._numbers

    def noted(self, case_id: int, *, numbers: Iterable[str], titles: Iterable[str]) -> None:
        """What a row of this import has just written on a case (its numbers and titles), for
        the rows after it to find the case by them."""
        self._load_cases()
        assert self._numbers is not None
        for number in numbers:
            if number.strip():
                self._numbers.setdefault(number.strip(), set()).add(case_id)
        for title in titles:
            if title:
                self._titles.setdefault(name_key(title), set()).add(case_id)


def case_partner_keys(cooperation: Cooperation) -> set[str]:
    """The parties of a case as `PartnerMatch.key`s."""
    keys = set()
    for party in cooperation.parties.all():
        partner = party.partner
        if partner.region is not None:
            keys.add(f"region:{partner.region.code}")
        else:
            keys.add(f"partner:{partner.pk}")
            # A partner an earlier row of the same import adds (`PartnerMatch.new`).
            keys.add(f"new:{partner.name_key}")
    return keys


# A legal form in a new third party's name → its type (PP 28/2018 Pasal 14, §3.2); any other
# name is a private company, shown in the preview for the secretariat to correct.
_THIRD_PARTY_FORMS: tuple[tuple[str, str], ...] = (
    (r"\b(koperasi|kud|ksp)\b", ThirdPartyType.COOPERATIVE),
    (r"\b(perumda|perseroda|pdam|bumd|pd)\b", ThirdPartyType.BUMD),
    (r"\b(persero|bumn|perum)\b", ThirdPartyType.BUMN),
    (
        r"\b(yayasan|perkumpulan|universitas|institut|sekolah tinggi)\b",
        ThirdPartyType.ORGANISATION_LEGAL,
    ),
)


def third_party_type_of(name: str) -> str:
    """ "PT Air Bersih" → a private company; "Perumda Air Minum" → a BUMD."""
    key = name_key(name)
    for pattern, kind in _THIRD_PARTY_FORMS:
        if re.search(pattern, key):
            return kind
    return ThirdPartyType.PRIVATE_COMPANY


def _affair_key(text: str) -> str:
    key = name_key(str(text).replace("&", " dan "))
    for prefix in ("urusan pemerintahan bidang ", "urusan ", "bidang "):
        key = key.removeprefix(prefix)
    return key


def plain(value: Any) -> Any:
    """A value for comparison and JSON: dates as ISO text, lists as lists."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value
