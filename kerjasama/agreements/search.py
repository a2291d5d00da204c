"""Full-text search of the registry: the one search selector and the stored search document.

Each cooperation has a search document (issue 8), written by `search_refresh` from the
services that change a searched fact, inside their transaction:

- the **words**, weighted: the title (A); the parties' names, register numbers, every party's
  number of every document, letters' numbers, DPRD decision references and — when a KB is on
  file — the words "kb ksb mou" (B, §1 and §14 item 14); scope, objects and purpose (C);
- the **identifiers**: the same numbers and references, the parties' names, region codes,
  NIB and NPWP (digits only), each also from every part on ("180/05/KS-Pem/2021" is also
  "05/ks-pem/2021", "ks-pem/2021", "pem/2021" and "2021": `identifier_tokens`), and the
  partner references the forms show ("P12", kept as "=p12" so that no number's part is one).

PostgreSQL keeps both in one tsvector on the cooperation row (`search_vector`, GIN index): the
words through the text search configuration `kerjasama_id` (the built-in `indonesian` snowball
stemmer after `unaccent`), the identifiers verbatim as lexemes "#<token>", so that a number
typed whole or from the start of any of its parts is a prefix of one lexeme and the whole
query — the reader's region, every word, every number — is one lookup of one index (issue 8:
the trigram index this replaced took seconds for "180/05", whose trigrams are in nearly every
number). SQLite keeps them in two FTS5 tables keyed by the cooperation's id
(`agreements_cooperation_fts`, unicode61 without diacritics; `agreements_cooperation_ids`,
trigram, the tokens separated by spaces). Neither is in the model: the migrations create them
for the database they run on, and the conditions below name them on whatever alias the
cooperation table has in the query.

A query is at most eight words, each of which must match (AND). A word with a digit or "/" is
an identifier, found when it begins one of the identifiers or one of their parts (with its dots
and dashes removed too, for a NIB or NPWP typed with punctuation), when it has three characters
or more — the same on both databases; a word of letters is a prefix search of the words (stemmed
on PostgreSQL), and also an identifier when it has "." or "-" inside ("PEM.BKY"); "P12" is the
partner reference. See docs/ARCHITECTURE.md, "Search".
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import apps as django_apps
from django.db import connection
from django.db.models import BooleanField, Expression, FloatField, QuerySet
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kerjasama.agreements.enums import KB_ALIASES, DocumentKind
from kerjasama.core import derived

if TYPE_CHECKING:
    from django.apps.registry import Apps
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler
    from django.utils.functional import Promise

    from kerjasama.agreements.models import Cooperation

# PostgreSQL: `indonesian` (snowball) with `unaccent` before the stemmer (migration 0016).
CONFIG = "kerjasama_id"
FTS_TABLE = "agreements_cooperation_fts"  # SQLite: title, parties, body (unicode61)
IDS_TABLE = "agreements_cooperation_ids"  # SQLite: ids (trigram)
MAX_WORDS = 8
# PostgreSQL ranks with ts_rank_cd's default weights (D 0.1, C 0.2, B 0.4, A 1.0); SQLite with
# these per column of the FTS5 table (title, parties, body): a word of the title ranks above one
# of the scope.
COLUMN_WEIGHTS = (10.0, 4.0, 1.0)

_PIECE = re.compile(r"\w+")
_PARTNER_REF = re.compile(r"^[Pp]\d{1,10}$")


# --- The stored document -----------------------------------------------------------------------


@dataclass
class SearchDocument:
    title: str = ""
    parties: list[str] = field(default_factory=list)  # weight B
    body: list[str] = field(default_factory=list)  # weight C
    ids: list[str] = field(default_factory=list)
    partners: list[int] = field(default_factory=list)  # partner references ("P12")
    # PostgreSQL: the regions that read the case, as lexemes of the vector (`scope_lexemes`).
    scope: set[str] = field(default_factory=set)

    def tokens(self) -> list[str]:
        """The identifiers as tokens (`identifier_tokens`) and the partner references."""
        refs = [PARTNER_REF_FORMAT.format(pk) for pk in dict.fromkeys(self.partners)]
        return identifier_tokens(self.ids) + refs

    def ids_text(self) -> str:
        # SQLite: a space before and after every token; " 05/ks" finds a token's start.
        return " " + " ".join(self.tokens()) + " "

    def lexemes(self) -> list[str]:
        # PostgreSQL: apart from the words' lexemes by their mark.
        return [IDENTIFIER_LEXEME + token for token in self.tokens()]


# An identifier's part begins after one of these; a token is never cut at a letter or a digit.
_BOUNDARY = re.compile(r"[/.\-_,:;]+")
IDENTIFIER_LEXEME = "#"  # PostgreSQL: an identifier's lexeme, never a word's ("#2021", "2021")
PARTNER_REF_FORMAT = "=p{}"  # the partner reference P12, never a part of a number


def identifier_tokens(values: Iterable[str]) -> list[str]:
    """Each identifier folded (lower case, no accents), whole and from each of its parts on:
    "180/05/KS-Pem/2021" → "180/05/ks-pem/2021", "05/ks-pem/2021", "ks-pem/2021", "pem/2021",
    "2021". A name's words are parts too ("gunung poteng", "poteng"). A query's identifier is
    found when it begins a token (`_word_sql`): typed whole, from the start of any part, or cut
    short at the end — not from the middle of a part ("80/05"), which is no way numbers are
    quoted and which matched nearly every number at scale."""
    tokens: dict[str, None] = {}
    for value in values:
        for piece in _fold(value or "").split():
            starts = [0] + [m.end() for m in _BOUNDARY.finditer(piece) if m.end() < len(piece)]
            for start in starts:
                token = piece[start:]
                if token:
                    tokens[token] = None
    return list(tokens)


# Lexemes of the regions that read a case, in its search vector (PostgreSQL): "kjp<id>" for a
# party region, "kjo<id>" for the province overseeing a party region (agreements.access, the
# same derivation as `CaseAccess.via`). A search asks for the user's region's lexeme together
# with its words, so that the GIN index returns the matches of that region only, instead of
# every region's matches of a common word for the visibility join to sift (issue 8). The
# visibility table stays the one authority on who reads what; this only narrows the search.
PARTY_LEXEME, OVERSIGHT_LEXEME = "kjp{}", "kjo{}"


def scope_lexemes(party_regions: Iterable[tuple[int, int | None]]) -> set[str]:
    """The lexemes of the (region, its province) of each party region."""
    lexemes = set()
    for region_id, province_id in party_regions:
        lexemes.add(PARTY_LEXEME.format(region_id))
        if province_id is not None:
            lexemes.add(OVERSIGHT_LEXEME.format(province_id))
    return lexemes


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def search_documents(ids: Sequence[int], *, apps: Apps | None = None) -> dict[int, SearchDocument]:
    """The search documents of the cooperations `ids`, in five queries whatever their number.

    `apps` is the model registry to read from (a migration passes its historical one)."""
    registry = apps or django_apps
    cooperation_model = registry.get_model("agreements", "Cooperation")
    party_model = registry.get_model("agreements", "Party")
    document_model = registry.get_model("agreements", "Document")
    entry_model = registry.get_model("agreements", "DocumentParty")
    dprd_model = registry.get_model("agreements", "DprdApproval")
    documents: dict[int, SearchDocument] = {}
    rows = cooperation_model.objects.filter(pk__in=ids).values_list(
        "pk", "title", "scope", "object_description", "purpose"
    )
    for pk, title, scope, objects, purpose in rows:
        documents[pk] = SearchDocument(title=title, body=[scope, objects, purpose])
    parties = party_model.objects.filter(cooperation_id__in=ids).values_list(
        "cooperation_id",
        "partner_id",
        "partner__name",
        "partner__region__code",
        "partner__nib",
        "partner__npwp",
        "register_number",
        "partner__region_id",
        "partner__region__province_id",
    )
    for cooperation_id, partner_id, name, code, nib, npwp, register, region, province in parties:
        document = documents[cooperation_id]
        if region is not None:
            document.scope |= scope_lexemes([(region, province)])
        document.parties += [name, register]
        document.ids += [name, register, code or "", _digits(nib), _digits(npwp)]
        document.partners.append(partner_id)
    numbers = entry_model.objects.filter(document__cooperation_id__in=ids).exclude(number="")
    for cooperation_id, number in numbers.values_list("document__cooperation_id", "number"):
        documents[cooperation_id].parties.append(number)
        documents[cooperation_id].ids.append(number)
    papers = document_model.objects.filter(cooperation_id__in=ids).values_list(
        "cooperation_id", "number", "kind"
    )
    with_kb = set()
    for cooperation_id, number, kind in papers:
        if number:
            documents[cooperation_id].parties.append(number)
            documents[cooperation_id].ids.append(number)
        if kind == DocumentKind.KB:
            with_kb.add(cooperation_id)
    for cooperation_id in with_kb:
        # §1, §14 item 14: a KB is also called KSB or MoU in practice.
        documents[cooperation_id].parties.append(" ".join(sorted(KB_ALIASES)))
    decisions = dprd_model.objects.filter(cooperation_id__in=ids).exclude(decision_reference="")
    for cooperation_id, reference in decisions.values_list("cooperation_id", "decision_reference"):
        documents[cooperation_id].parties.append(reference)
        documents[cooperation_id].ids.append(reference)
    return documents


def _write(documents: dict[int, SearchDocument], db: BaseDatabaseWrapper) -> None:
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            cursor.executemany(
                "UPDATE agreements_cooperation SET search_vector = "
                "setweight(to_tsvector('kerjasama_id', %s), 'A') || "
                "setweight(to_tsvector('kerjasama_id', %s), 'B') || "
                "setweight(to_tsvector('kerjasama_id', %s), 'C') || %s::tsvector || "
                "array_to_tsvector(%s::text[]) WHERE id = %s",
                [
                    (
                        d.title,
                        " ".join(d.parties),
                        " ".join(d.body),
                        " ".join(sorted(d.scope)),
                        d.lexemes(),
                        pk,
                    )
                    for pk, d in documents.items()
                ],
            )
        elif db.vendor == "sqlite":
            keys = [(pk,) for pk in documents]
            cursor.executemany("DELETE FROM agreements_cooperation_fts WHERE rowid = %s", keys)
            cursor.executemany("DELETE FROM agreements_cooperation_ids WHERE rowid = %s", keys)
            cursor.executemany(
                "INSERT INTO agreements_cooperation_fts (rowid, title, parties, body) "
                "VALUES (%s, %s, %s, %s)",
                [
                    (pk, d.title, " ".join(d.parties), " ".join(d.body))
                    for pk, d in documents.items()
                ],
            )
            cursor.executemany(
                "INSERT INTO agreements_cooperation_ids (rowid, ids) VALUES (%s, %s)",
                [(pk, d.ids_text()) for pk, d in documents.items()],
            )


def search_refresh(cooperation: Cooperation | int) -> None:
    """Rewrite the search document of one cooperation from what is stored now. Called by every
    service that changes a searched fact, inside its transaction (so it rolls back with it)."""
    pk = cooperation if isinstance(cooperation, int) else cooperation.pk
    if derived.defer("search", pk, lambda: search_refresh_many([pk])):
        return  # at the end of the batch (`core.derived`)
    search_refresh_many([pk])


def search_refresh_many(ids: Iterable[int]) -> None:
    wanted = sorted(set(ids))
    if wanted:
        _write(search_documents(wanted), connection)


def search_refresh_partner(partner_id: int) -> int:
    """A partner was renamed or its NIB/NPWP changed: refresh every case it is a party to (the
    receiver of `partners.signals.partner_changed`). Returns how many."""
    party_model = django_apps.get_model("agreements", "Party")
    ids = list(
        party_model.objects.filter(partner_id=partner_id)
        .values_list("cooperation_id", flat=True)
        .distinct()
    )
    for start in range(0, len(ids), 1000):
        search_refresh_many(ids[start : start + 1000])
    return len(ids)


def partner_changed_receiver(sender: object, *, partner: Any, **kwargs: Any) -> None:
    """`partners.signals.partner_changed`: the partner's name, NIB or NPWP may have changed."""
    search_refresh_partner(partner.pk)


def search_rebuild(
    *, apps: Apps | None = None, db: BaseDatabaseWrapper | None = None, batch: int = 1000
) -> int:
    """Write the search document of every cooperation (the command `search_rebuild`, and the
    migration for the rows that existed before it). Returns how many."""
    registry = apps or django_apps
    db = db or connection
    cooperation_model = registry.get_model("agreements", "Cooperation")
    total = 0
    last = 0
    # Batch by batch, each rewritten in place: the search keeps answering while it runs.
    while ids := list(
        cooperation_model.objects.filter(pk__gt=last)
        .order_by("pk")
        .values_list("pk", flat=True)[:batch]
    ):
        _write(search_documents(ids, apps=registry), db)
        total += len(ids)
        last = ids[-1]
    if db.vendor == "sqlite":  # rows of cases deleted past the services
        with db.cursor() as cursor:
            for table in ("agreements_cooperation_fts", "agreements_cooperation_ids"):
                cursor.execute(
                    f"DELETE FROM {table} "  # noqa: S608 - one of two literal names
                    "WHERE rowid NOT IN (SELECT id FROM agreements_cooperation)"
                )
    return total


# --- Parsing a query ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    text: str
    pieces: tuple[str, ...]  # its letters and digits, for the word search ("" when none)
    words: bool  # searched in the words (title, parties, scope …)
    identifier: bool  # searched as a substring of the identifiers
    partner_ref: int | None = None


def parse(text: str) -> list[Word]:
    """The words of a query (at most eight), each with where it is looked for."""
    parsed = []
    for raw in text.split()[:MAX_WORDS]:
        word = raw.strip(".,;:()\"'«»“”")
        if not word:
            continue
        pieces = tuple(p.lower() for p in _PIECE.findall(word) if p.strip("_"))
        has_digit = any(ch.isdigit() for ch in word)
        if _PARTNER_REF.match(word):
            parsed.append(Word(word, pieces, True, False, partner_ref=int(word[1:])))
        elif has_digit or "/" in word:
            # A number: whole or in part. A bare number (a year, a NIB) is also a word, and so
            # is a word of letters and digits without "/" ("3R", "K3", "COVID-19": found in a
            # title, which no identifier holds; walk of issue 8). One of one or two characters
            # is no identifier (a trigram index cannot serve it).
            has_letter = any(ch.isalpha() for ch in word)
            words = word.isdigit() or (has_letter and "/" not in word)
            parsed.append(Word(word, pieces, words and bool(pieces), len(word) >= 3))
        else:
            inner = any(ch in ".-" for ch in word)
            parsed.append(Word(word, pieces, bool(pieces), inner and len(word) >= 3))
    return [w for w in parsed if w.words or w.identifier or w.partner_ref is not None]


def query_note(text: str) -> str:
    """What the registry tells a user whose query was not searched as typed: no letter or
    digit to search for (the registry is shown unfiltered), or words beyond the eighth."""
    if not text.strip():
        return ""
    if not parse(text):
        return gettext(
            "The search has no letter or number to look for: every cooperation is shown."
        )
    if len(text.split()) > MAX_WORDS:
        return gettext("Only the first %(count)s words were searched for.") % {"count": MAX_WORDS}
    return ""


def _starts_token(value: str) -> str:
    """SQLite: GLOB of a token's start among `ids_text`'s (" 180/05*"; both sides are folded,
    so the case-sensitive GLOB is exact, and the trigram index serves it as it serves LIKE)."""
    escaped = "".join(f"[{ch}]" if ch in "*?[" else ch for ch in value)
    return "* " + escaped + "*"


def _lexeme(token: str, *, prefix: bool) -> str:
    """PostgreSQL: a tsquery of one identifier lexeme, quoted (a token may hold any character)."""
    quoted = (IDENTIFIER_LEXEME + token).replace("\\", "\\\\").replace("'", "''")
    return f"'{quoted}'" + (":*" if prefix else "")


def _identifier_tokens(word: Word) -> list[str]:
    """What the word's identifier part looks for at a token's start: the word folded, and its
    digits alone when it is a NIB or NPWP typed with dots and dashes."""
    if not word.identifier:
        return []
    typed = _fold(word.text)
    tokens = [typed]
    digits = typed.replace(".", "").replace("-", "")
    if digits.isdigit() and len(digits) >= 4 and digits != typed:
        tokens.append(digits)
    return tokens


def _pg_tsquery(pieces: Iterable[str], joiner: str = " & ") -> str:
    # Pieces are \w+ (letters, digits): safe inside quotes; each a prefix.
    return joiner.join(f"'{p}':*" for p in pieces)


def _fts5_query(pieces: Iterable[str], joiner: str = " ") -> str:
    return joiner.join(f'"{p}"*' for p in pieces)


class _OnRow(Expression):
    """SQL about the cooperation row, with `{row}` standing for the alias of its table in the
    query being compiled (the registry's own, or U0 when it is a subquery)."""

    def __init__(self, sql: str, params: Sequence[Any], output_field: Any) -> None:
        super().__init__(output_field=output_field)
        self.sql, self.params = sql, list(params)

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper) -> Any:
        alias = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return self.sql.replace("{row}", alias), self.params


def _word_sql(word: Word) -> tuple[str, list[Any]]:
    """SQLite: the condition of one word on the cooperation row (an FTS5 table each)."""
    parts: list[str] = []
    params: list[Any] = []
    if word.words and word.pieces:
        # A compound ("truk-listrik", "KS-Pem") is a phrase: its pieces one after the other,
        # not each anywhere (a register number "KS.…" and a party "Pemerintah …" are no match
        # for "KS-Pem"; its numbers are found among the identifiers below).
        parts.append(
            "{row}.id IN (SELECT rowid FROM agreements_cooperation_fts "
            "WHERE agreements_cooperation_fts MATCH %s)"
        )
        pieces = " ".join(word.pieces)
        params.append(f'"{pieces}"*' if len(word.pieces) > 1 else _fts5_query(word.pieces))
    patterns = [_starts_token(t) for t in _identifier_tokens(word)]
    if word.partner_ref is not None:
        patterns.append(f"* {PARTNER_REF_FORMAT.format(word.partner_ref)} *")
    for pattern in patterns:
        # The trigram table answers GLOB from its index.
        parts.append("{row}.id IN (SELECT rowid FROM agreements_cooperation_ids WHERE ids GLOB %s)")
        params.append(pattern)
    return "(" + " OR ".join(parts) + ")", params


def _pg_word_query(word: Word) -> tuple[str, list[Any]]:
    """PostgreSQL: the tsquery of one word — its stemmed prefixes (a compound as a phrase, see
    `_word_sql`) OR the identifier lexemes it begins OR its partner reference."""
    parts: list[str] = []
    params: list[Any] = []
    if word.words and word.pieces:
        parts.append("to_tsquery('kerjasama_id', %s)")
        params.append(_pg_tsquery(word.pieces, " <-> " if len(word.pieces) > 1 else " & "))
        if len(word.pieces) > 1:
            # Also as PostgreSQL's parser reads the compound in the text: "COVID-19" is
            # "covid" then the number "-19", not the pieces "covid" and "19".
            parts.append("phraseto_tsquery('kerjasama_id', %s)")
            params.append(word.text)
    tokens = _identifier_tokens(word)
    if not tokens and word.words and len(word.text) >= 3:
        # A word of letters also begins an identifier's part ("pem" of "180/05/KS-Pem/2021"),
        # which PostgreSQL's parser keeps whole among the words and SQLite's splits.
        tokens = [_fold(word.text)]
    lexemes = [_lexeme(t, prefix=True) for t in tokens]
    if word.partner_ref is not None:
        lexemes.append(_lexeme(PARTNER_REF_FORMAT.format(word.partner_ref), prefix=False))
    if lexemes:
        parts.append("%s::tsquery")
        params.append(" | ".join(lexemes))
    return "(" + " || ".join(parts) + ")", params


def search_filter(
    queryset: QuerySet[Cooperation], text: str, *, scope: Iterable[str] = ()
) -> QuerySet[Cooperation]:
    """The cooperations of `queryset` that match every word of `text` — conditions on the
    cooperation row (its stored search document), never a subquery per document.

    PostgreSQL: one `@@` of one tsquery — the reader's region (`scope`: lexemes of which the
    case's vector holds at least one, `scope_lexemes`) AND every word — so that the GIN index
    intersects them itself. SQLite: one condition per word; `scope` is ignored."""
    words = parse(text)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        # Scope lexemes are letters and digits only (built here, never typed by a user).
        lexemes = sorted(scope)
        parts = ["%s::tsquery"] if lexemes else []
        params: list[Any] = [" | ".join(lexemes)] if lexemes else []
        for word in words:
            sql, word_params = _pg_word_query(word)
            parts.append(sql)
            params += word_params
        # An empty part (a word the stemmer drops) leaves the others: `&&` of an empty tsquery.
        condition = "{row}.search_vector @@ (" + " && ".join(parts) + ")"
        return queryset.filter(_OnRow(condition, params, BooleanField()))
    for word in words:
        sql, params = _word_sql(word)
        queryset = queryset.filter(_OnRow(sql, params, BooleanField()))
    return queryset


def search_rank(queryset: QuerySet[Cooperation], text: str) -> QuerySet[Cooperation]:
    """Annotate `search_rank` (higher is better). PostgreSQL: ts_rank_cd with the weights A
    title, B parties and numbers, C scope and objects. SQLite: the weights of the columns in
    which a word matched (title 10, parties 4, body 1) — not bm25, whose correlated call per row
    costs seconds at 50,000 cases; each column's test is one uncorrelated subquery. A case found
    only by an identifier ranks 0."""
    # Each word as it is searched: a compound as a phrase, so that "KS-Pem" does not rank a
    # title full of "Pem…" words first (walk of issue 8).
    words = [w for w in parse(text) if w.words and w.pieces]
    if not words:
        return queryset.annotate(search_rank=_OnRow("0", [], FloatField()))
    if connection.vendor == "postgresql":
        # float8: a real (float4) read back as its shortest text is not the value compared
        # again in SQL, and the keyset's equality on the rank (`_ranked_page`) would miss ties.
        query = " | ".join(f"({_pg_tsquery(w.pieces, ' <-> ')})" for w in words)
        sql = "ts_rank_cd({row}.search_vector, to_tsquery('kerjasama_id', %s))::float8"
        expression = _OnRow(sql, [query], FloatField())
    else:
        any_word = " OR ".join(
            f'"{" ".join(w.pieces)}"*' if len(w.pieces) > 1 else _fts5_query(w.pieces)
            for w in words
        )
        terms, params = [], []
        for column, weight in zip(("title", "parties", "body"), COLUMN_WEIGHTS, strict=True):
            terms.append(
                "%s * ({row}.id IN (SELECT rowid FROM agreements_cooperation_fts "
                "WHERE agreements_cooperation_fts MATCH %s))"
            )
            params += [weight, f"{column} : ({any_word})"]
        expression = _OnRow(" + ".join(terms), params, FloatField())
    return queryset.annotate(search_rank=expression)


# --- Highlighting the page's rows --------------------------------------------------------------


def _fold(value: str) -> str:
    """Lower case without accents: "Pérumda" → "perumda" (what unaccent and FTS5 do)."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _stems(words: list[Word]) -> list[str]:
    """PostgreSQL's stems of the query's words ("pengelolaan" → "elola"), so that the page marks
    "mengelola" too. One query per page; none on SQLite, which does not stem."""
    pieces = [p for w in words if w.words for p in w.pieces]
    if connection.vendor != "postgresql" or not pieces:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme FROM unnest(to_tsvector('kerjasama_id', %s))", [" ".join(pieces)]
        )
        return [row[0] for row in cursor.fetchall() if len(row[0]) >= 4]


@dataclass(frozen=True)
class Marker:
    """What to mark in a text: words starting with a prefix or containing a stem, and
    identifiers as substrings."""

    prefixes: tuple[str, ...]
    stems: tuple[str, ...]
    substrings: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.prefixes or self.stems or self.substrings)


def _marker_of(words: list[Word], stems: list[str]) -> Marker:
    # A compound ("KS-Pem", "truk-listrik") is searched as a phrase: it is marked as written,
    # not each of its pieces wherever one starts a word ("Pemerintah"; walk of issue 8).
    compound = [w for w in words if w.words and len(w.pieces) > 1]
    return Marker(
        prefixes=tuple(_fold(p) for w in words if w.words and len(w.pieces) == 1 for p in w.pieces),
        stems=tuple(_fold(s) for s in stems),
        substrings=tuple(
            dict.fromkeys(
                _fold(s)
                for w in words
                if w.identifier or w.partner_ref is not None or w in compound
                for s in (w.text, w.text.replace(".", "").replace("-", ""))
                if len(s) >= 2
            )
        ),
    )


def marker(text: str) -> Marker:
    words = parse(text)
    return _marker_of(words, _stems(words))


def _spans(text: str, mark: Marker) -> list[tuple[int, int]]:
    folded = _fold(text)
    if len(folded) != len(text):  # a letter that folds to two: mark nothing rather than wrong
        return []
    spans = []
    for match in _PIECE.finditer(folded):
        token = match.group(0)
        if any(token.startswith(p) for p in mark.prefixes) or any(s in token for s in mark.stems):
            spans.append((match.start(), match.end()))
    for needle in mark.substrings:
        start = folded.find(needle)
        while start >= 0:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + len(needle))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, mark: Marker, *, around: int | None = None) -> SafeString | None:
    """`text` escaped, with each match in `<mark>`; None when nothing matches. With `around`,
    only the part from `around` characters before the first match to as many after the last
    (with "…" where cut). The text is escaped piece by piece, so no markup of it survives."""
    spans = _spans(text, mark) if mark else []
    if not spans:
        return None
    start, end = 0, len(text)
    if around is not None:
        start = max(0, spans[0][0] - around)
        end = min(len(text), spans[-1][1] + around)
    out = ["…" if start > 0 else ""]
    position = start
    for left, right in spans:
        if right <= start or left >= end:
            continue
        out.append(html.escape(text[position:left]))
        out.append(f"<mark>{html.escape(text[left:right])}</mark>")
        position = right
    out.append(html.escape(text[position:end]))
    out.append("…" if end < len(text) else "")
    return mark_safe("".join(out))


@dataclass(frozen=True)
class Found:
    label: str | Promise
    snippet: SafeString


def _numbers_of(ids: list[int]) -> dict[int, list[str]]:
    """Every number of the cases `ids` — each document's own (a letter's) and each party's of
    each document — in two queries: what a number typed in the search may have matched."""
    document_model = django_apps.get_model("agreements", "Document")
    entry_model = django_apps.get_model("agreements", "DocumentParty")
    numbers: dict[int, list[str]] = {pk: [] for pk in ids}
    own = document_model.objects.filter(cooperation_id__in=ids).exclude(number="")
    for case_id, number in own.values_list("cooperation_id", "number"):
        numbers[case_id].append(number)
    entries = entry_model.objects.filter(document__cooperation_id__in=ids).exclude(number="")
    for case_id, number in entries.values_list("document__cooperation_id", "number"):
        numbers[case_id].append(number)
    return {pk: list(dict.fromkeys(found)) for pk, found in numbers.items()}


def attach_highlights(cooperations: Iterable[Cooperation], text: str) -> None:
    """Set `title_marked` (the title with its matches marked, or None) and `found_in` (where
    else the words the title lacks matched: party names and references, register numbers, a
    partner's NIB or NPWP, numbers of agreements and letters, scope, objects, purpose) on the
    rows of one page. Reads what the registry prefetched, plus, on PostgreSQL, one query for
    the stems of the query's words, and when the query has a number, two for the page's
    numbers."""
    cases = list(cooperations)
    words = parse(text)
    stems = _stems(words)
    mark = _marker_of(words, stems)
    refs = {w.partner_ref for w in words if w.partner_ref is not None}
    numbers_of = _numbers_of([c.pk for c in cases]) if any(w.identifier for w in words) else {}
    for cooperation in cases:
        cooperation.title_marked = highlight(cooperation.title, mark) if mark else None
        # The words the title does not show; a stem is not tied to its word, so it stays.
        missing = [w for w in words if not _spans(cooperation.title, _marker_of([w], []))]
        found: list[Found] = []
        rest = _marker_of(missing, stems if missing else [])
        if rest:
            candidates: list[tuple[str | Promise, str, int | None]] = []
            for party in cooperation.parties.all():
                name = party.partner.name
                if party.partner_id in refs:  # "P12": the partner the forms call so
                    name = f"{name} (P{party.partner_id})"
                candidates.append((_("party"), name, None))
                candidates.append((_("register number"), party.register_number, None))
                # As stored (digits): a NIB or NPWP typed with or without its punctuation.
                candidates.append((_("NIB"), party.partner.nib, None))
                candidates.append((_("NPWP"), party.partner.npwp, None))
            numbers = list((getattr(cooperation, "numbers_by_party", {}) or {}).values())
            numbers += [n for n in numbers_of.get(cooperation.pk, []) if n not in numbers]
            candidates += [(_("number"), n, None) for n in numbers]
            candidates += [
                (_("scope"), cooperation.scope, 60),
                (_("objects"), cooperation.object_description, 60),
                (_("purpose"), cooperation.purpose, 60),
            ]
            for label, value, around in candidates:
                snippet = highlight(value, rest, around=around) if value else None
                if snippet is not None and len(found) < 3:
                    found.append(Found(label, snippet))
        cooperation.found_in = found
