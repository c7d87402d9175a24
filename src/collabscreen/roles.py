"""Roles in a resume's experience section: date ranges and header fields. Pure functions, no spaCy.

A role header is the line with the role's dates and the short lines next to it
("Sales Associate", "Company Name - City , State"). This module reads them:

- :func:`find_date_range` finds the first date range in a line: ``"01/2010 to
  Current"``, ``"Jan 2019 – Present"``, ``"2017-2019"``, ``"Since 2015"``,
  ``"03.2014 - 11.2016"``, ``"Sept. 2012 - Mar 2014"``, ``"2019 – now"``, a
  month or a year alone; hyphens, en and em dashes, "to", "until", "through";
  "present", "current", "now", "today", "date", "ongoing" for an open end.
  :func:`format_date_range` writes one back in any of :data:`STYLES`, and what
  it writes parses back to the same range.
- :func:`split_header` tells the job title, the employer and the location apart.
- :func:`role_months` and :func:`years_since_end` measure a role against a
  reference date.

Dates have the precision the resume gives them: :class:`PartialDate` is a year
and an optional month. A year alone is read as the whole year (``"2017-2019"``
runs from January 2017 to December 2019: 36 months), and months are counted
inclusively (``"Jan 2019 - Mar 2019"`` is 3 months).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from .types import Evidence, Role

__all__ = [
    "PartialDate",
    "DateRange",
    "STYLES",
    "find_date_range",
    "parse_date_range",
    "format_date_range",
    "role_months",
    "years_since_end",
    "split_header",
    "HeaderFields",
    "TITLE_WORD_RE",
    "describe_dates",
    "role_dates",
    "header_words",
    "header_prefix",
    "job_index",
    "resume_reference",
    "make_roles",
    "evidence_ages",
    "recency_note",
]

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)
_MONTH_ABBR = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_OF: dict[str, int] = {}
for _i, (_full, _abbr) in enumerate(zip(_MONTH_NAMES, _MONTH_ABBR), start=1):
    _MONTH_OF[_full] = _MONTH_OF[_abbr] = _i
_MONTH_OF["sept"] = 9


@dataclass(frozen=True)
class PartialDate:
    """A year, and the month when the resume gives one."""

    year: int
    month: int | None = None

    @property
    def first_month(self) -> int:
        """Months since year 0 of the first month this date can mean."""
        return self.year * 12 + (self.month or 1) - 1

    @property
    def last_month(self) -> int:
        """Months since year 0 of the last month this date can mean (a year alone: its December)."""
        return self.year * 12 + (self.month or 12) - 1

    def iso(self) -> str:
        """``"2019-03"``, or ``"2019"`` for a year alone (ISO 8601 reduced precision)."""
        return f"{self.year:04d}" if self.month is None else f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def from_iso(cls, text: str) -> "PartialDate":
        y, _, m = text.partition("-")
        return cls(int(y), int(m) if m else None)

    @classmethod
    def from_date(cls, d: _dt.date) -> "PartialDate":
        return cls(d.year, d.month)


@dataclass(frozen=True)
class DateRange:
    """A role's dates: ``end`` is None when the role is open ("to present", "since 2015")."""

    start: PartialDate
    end: PartialDate | None
    current: bool = False
    #: where the range is in the text it was found in: ``(start, end)`` character offsets
    span: tuple[int, int] = (0, 0)


# ---------------------------------------------------------------- parsing

_MONTH_RE = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)"
)
_YEAR_RE = r"(?:19[5-9]\d|20\d\d)"
# one date: "Sept. 2012", "January, 2019", "01/2010", "1/15/2010", "03.2014", "2019"
_DATE_RE = (
    rf"(?:\b{_MONTH_RE}\b\.?,?\s*(?:'|’)?{_YEAR_RE}"
    rf"|\b(?:0?[1-9]|1[0-2])\s*[/.]\s*(?:(?:0?[1-9]|[12]\d|3[01])\s*[/.]\s*)?{_YEAR_RE}"
    rf"|\b{_YEAR_RE})(?![\w%])"
)
_OPEN_RE = r"(?:present|current(?:ly)?|now|today|date|ongoing)\b"
_SEP_RE = r"\s*(?:-+|–|—|‒|―|~|\bto\b|\buntil\b|\btill\b|\bthrough\b|\bthru\b)\s*"
_RANGE_RE = re.compile(
    rf"(?:\b(?:from|since)\s+)?(?P<a>{_DATE_RE}){_SEP_RE}(?:(?P<b>{_DATE_RE})|(?P<open>{_OPEN_RE}))",
    re.IGNORECASE,
)
_SINCE_RE = re.compile(rf"\b(?:since|from)\s+(?P<a>{_DATE_RE})", re.IGNORECASE)
_ONE_RE = re.compile(_DATE_RE, re.IGNORECASE)
_NUMERIC_RE = re.compile(r"(\d{1,2})\s*[/.]\s*(?:(\d{1,2})\s*[/.]\s*)?(\d{4})")
_NAMED_RE = re.compile(rf"({_MONTH_RE})\b\.?,?\s*(?:'|’)?(\d{{4}})", re.IGNORECASE)


def _one_date(text: str) -> PartialDate:
    text = text.strip()
    m = _NAMED_RE.match(text)
    if m:
        return PartialDate(int(m.group(2)), _MONTH_OF[m.group(1).lower()])
    m = _NUMERIC_RE.match(text)
    if m:
        return PartialDate(int(m.group(3)), int(m.group(1)))
    return PartialDate(int(text[:4]))


def _ordered(a: PartialDate, b: PartialDate) -> tuple[PartialDate, PartialDate]:
    # "2019 - 2017" is a slip of the pen: the role still ran between the two
    return (b, a) if b.last_month < a.first_month else (a, b)


def find_date_range(text: str, *, single: bool = True) -> DateRange | None:
    """The first date range in ``text``, or None.

    A range with two ends ("Jan 2019 – Mar 2020") or an open end ("2019 –
    now", "Since 2015") is preferred; otherwise, with ``single``, a month or a
    year alone is a range of that one date ("Dec 2016" starts and ends in
    December 2016).
    """
    if "19" not in text and "20" not in text:
        return None  # every date holds a year (_YEAR_RE): most lines are skipped without a regex
    m = _RANGE_RE.search(text)
    if m:
        start = _one_date(m.group("a"))
        if m.group("open"):
            return DateRange(start, None, True, m.span())
        s, e = _ordered(start, _one_date(m.group("b")))
        return DateRange(s, e, False, m.span())
    m = _SINCE_RE.search(text)
    if m:
        return DateRange(_one_date(m.group("a")), None, True, m.span())
    if single:
        m = _ONE_RE.search(text)
        if m:
            d = _one_date(m.group(0))
            return DateRange(d, d, False, m.span())
    return None


def parse_date_range(text: str) -> DateRange | None:
    """Like :func:`find_date_range`, but only when the dates are all of ``text`` (punctuation aside)."""
    r = find_date_range(text)
    if r is None or text[: r.span[0]].strip(" ,;:|()[]") or text[r.span[1] :].strip(" ,;:|()[]"):
        return None
    return r


# ---------------------------------------------------------------- formatting

#: Styles :func:`format_date_range` writes, each one seen in real resumes:
#: ``(name, date format, separator, open end, needs months)``.
STYLES: tuple[tuple[str, str, str, str, bool], ...] = (
    ("mm/yyyy to Current", "{m:02d}/{y}", " to ", "Current", True),
    ("Mon yyyy – Present", "{mon} {y}", " – ", "Present", True),
    ("Month yyyy - present", "{month} {y}", " - ", "present", True),
    ("mm.yyyy - mm.yyyy", "{m:02d}.{y}", " - ", "today", True),
    ("Sept. yyyy - Mon yyyy", "{mon_dot} {y}", " - ", "Present", True),
    ("m/yyyy—now", "{m}/{y}", "—", "now", True),
    ("MONTH yyyy to date", "{MONTH} {y}", " to ", "date", True),
    ("yyyy-yyyy", "{y}", "-", "present", False),
    ("yyyy – now", "{y}", " – ", "now", False),
    ("yyyy to current", "{y}", " to ", "current", False),
    ("yyyy — Present", "{y}", " — ", "Present", False),
)


def _format_date(d: PartialDate, fmt: str) -> str:
    m = d.month or 1
    abbr = _MONTH_ABBR[m - 1].title()
    return fmt.format(
        y=d.year,
        m=m,
        mon=abbr,
        mon_dot="Sept." if m == 9 else (abbr + "." if m != 5 else "May"),
        month=_MONTH_NAMES[m - 1].title(),
        MONTH=_MONTH_NAMES[m - 1].upper(),
    )


def format_date_range(r: DateRange, style: str = "Mon yyyy – Present", *, since: bool = False) -> str:
    """Write ``r`` in ``style`` (a name in :data:`STYLES`); an open range with ``since`` as "Since 2015".

    A style with months needs dates with months; a year style writes years
    only (the month, if any, is dropped).
    """
    styles = {s[0]: s for s in STYLES}
    if style not in styles:
        raise ValueError(f"unknown date style {style!r}; one of {sorted(styles)}")
    _, fmt, sep, open_word, _ = styles[style]
    a = _format_date(r.start, fmt)
    if r.end is None:
        return f"Since {a}" if since else f"{a}{sep}{open_word}"
    if r.end == r.start:
        return a
    return f"{a}{sep}{_format_date(r.end, fmt)}"


def describe_dates(start: PartialDate | None, end: PartialDate | None, current: bool) -> str:
    """Dates for a reader: "Mar 2019 – present", "2009 – 2012", "" without a start."""
    if start is None:
        return ""

    def one(d: PartialDate) -> str:
        return str(d.year) if d.month is None else f"{_MONTH_ABBR[d.month - 1].title()} {d.year}"

    if current or end is None:
        return f"{one(start)} – present"
    return one(start) if end == start else f"{one(start)} – {one(end)}"


def role_dates(role: Role) -> str:
    """A role's dates for a reader ("Mar 2019 – present"), or what the resume wrote when they did not parse."""
    start = PartialDate.from_iso(role.start) if role.start else None
    end = PartialDate.from_iso(role.end) if role.end else None
    return describe_dates(start, end, role.current) or role.dates


# ---------------------------------------------------------------- measuring


def role_months(start: PartialDate, end: PartialDate | None, reference: _dt.date) -> int:
    """Months in the role, both ends included; an open role runs to ``reference`` (0 if it starts later)."""
    last = end.last_month if end is not None else reference.year * 12 + reference.month - 1
    return max(0, last - start.first_month + 1)


def years_since_end(end: PartialDate | None, reference: _dt.date) -> float:
    """Years from the end of a role to ``reference`` (0 for an open role or one ending later)."""
    if end is None:
        return 0.0
    ref = reference.year * 12 + reference.month - 1
    return max(0, ref - end.last_month) / 12.0


# ---------------------------------------------------------------- header fields


@dataclass(frozen=True)
class HeaderFields:
    title: str | None
    employer: str | None
    location: str | None


# anonymised resumes write "Company Name" and "City , State" where the employer and place were
_EMPLOYER_PLACEHOLDER = re.compile(r"\bCompany Name\b", re.I)
_LOCATION_PLACEHOLDER = re.compile(r"\bCity\s*,\s*State\b|\bCity\b(?=\s*$)", re.I)
_PLACE_WORD = r"[A-Z][\w.'’]*(?:[ -][A-Z][\w.'’]*){0,3}"
_LOCATION_RE = re.compile(rf"^{_PLACE_WORD},\s*[A-Z]{{2}}$")
_TRAILING_LOCATION_RE = re.compile(rf",\s*({_PLACE_WORD},\s*[A-Z]{{2}})$")
_PAREN_RE = re.compile(r"\(([^()]{2,60})\)")
_SPLIT_RE = re.compile(r"\s+[|•·–—-]\s+|\s*\|\s*|\s*[·•]\s*|\s+at\s+|\s*@\s+|\t+")
_COMPANY_SUFFIX = re.compile(
    r"\b(?:inc|llc|l\.l\.c|ltd|limited|corp|corporation|company|co|group|gmbh|ag|plc|s\.a|bank|university|college|"
    r"hospital|agency|partners|technologies|technology|solutions|systems|software|labs?|studios?|media|analytics|"
    r"consulting|associates|industries|enterprises|holdings|foundation|store|stores|restaurant|hotel|school|"
    r"services|international|global|publishing|brewing|outfitters|supply|payments|genomics|devices|semiconductors)\b\.?",
    re.I,
)
TITLE_WORD_RE = re.compile(
    r"\b(?:manager|director|associate|assistant|intern|internship|representative|rep|specialist|coordinator|"
    r"consultant|analyst|executive|engineer|developer|officer|clerk|lead|leader|supervisor|head|vp|vice president|"
    r"president|ceo|cfo|cmo|coo|cto|founder|co-founder|owner|partner|administrator|agent|advisor|adviser|"
    r"strategist|writer|copywriter|designer|technician|generalist|holder|cashier|teller|accountant|recruiter|"
    r"server|waitstaff|waitress|waiter|bartender|tutor|teacher|instructor|nurse|chef|cook|buyer|planner|producer|"
    r"editor|ambassador|member|volunteer|trainee|apprentice|salesperson|merchandiser|marketer|programmer|scientist|"
    r"researcher|architect|operator|driver|receptionist|secretary|principal|controller|auditor|attendant|"
    r"sales|marketing|account|business development|operations|customer service|bdr|sdr|ae|support|"
    r"fellow|student|professor|lecturer|counselor|therapist|pharmacist|technologist|mechanic|inspector|"
    r"estimator|broker|realtor|banker|underwriter|processor|dispatcher|scheduler|auditor|crew|team)\b",
    re.I,
)


def _clean(piece: str) -> str:
    piece = " ".join(piece.split()).strip(" ,;:|-–—·•")
    if piece.count("(") != piece.count(")"):
        piece = piece.strip("()")
    return piece


def _is_location(piece: str) -> bool:
    return bool(_LOCATION_RE.match(piece)) or piece.lower() in ("remote", "hybrid")


def header_words(line: str) -> int:
    """Words of a header line, the placeholders "Company Name" and "City , State" counted as one each."""
    return len(_LOCATION_PLACEHOLDER.sub("P", _EMPLOYER_PLACEHOLDER.sub("P", line)).split())


_MARKER_RE = re.compile(rf"{_LOCATION_PLACEHOLDER.pattern}|{_EMPLOYER_PLACEHOLDER.pattern}|\b{_PLACE_WORD},\s*[A-Z]{{2}}\b", re.I)


def header_prefix(line: str, max_chars: int = 90) -> str | None:
    """The header at the start of a line that goes on into its description, or None.

    "REALTOR Company Name - City , State Rent, buy, or sell property..." ->
    "REALTOR Company Name - City , State": the text up to the last employer or
    place marker in its first ``max_chars`` characters.
    """
    ends = [m.end() for m in _MARKER_RE.finditer(line, 0, max_chars)]
    if not ends:
        return None
    prefix = line[: ends[-1]]
    return prefix if header_words(prefix) <= 10 and prefix.rstrip()[-1:] not in ".;!?" else None


def split_header(lines: Sequence[str]) -> HeaderFields:
    """Tell the job title, employer and location apart in a role's header lines (dates already removed).

    ``["Sales Associate Company Name - City , State"]`` -> ("Sales Associate",
    "Company Name", "City , State"); ``["Senior Product Marketing Manager —
    Corvane Systems, Denver, CO"]`` -> (title, "Corvane Systems", "Denver, CO").
    """
    employer: str | None = None
    location: str | None = None
    pieces: list[str] = []
    for line in lines:
        if _EMPLOYER_PLACEHOLDER.search(line):
            employer = employer or "Company Name"
            line = _EMPLOYER_PLACEHOLDER.sub(" | ", line)
        if _LOCATION_PLACEHOLDER.search(line):
            location = location or "City, State"
            line = _LOCATION_PLACEHOLDER.sub(" | ", line)
        for m in _PAREN_RE.finditer(line):
            inner = _clean(m.group(1))
            if _is_location(inner):
                location = location or inner
                line = line.replace(m.group(0), " | ")
        for piece in _SPLIT_RE.split(line):
            piece = _clean(piece)
            if not piece or not re.search(r"[A-Za-z]{2}", piece):
                continue
            if _is_location(piece):
                location = location or piece
                continue
            t = _TRAILING_LOCATION_RE.search(piece)
            if t:
                location = location or t.group(1)
                piece = _clean(piece[: t.start()])
            if piece:
                pieces.append(piece)
    if employer is None and len(pieces) == 1 and "," in pieces[0]:
        # "Regional Sales Representative, Verdier Packaging Systems": the last
        # comma part that is not more of the title is the employer
        parts = [_clean(p) for p in pieces[0].split(",") if _clean(p)]
        for k in range(len(parts) - 1, 0, -1):
            if _COMPANY_SUFFIX.search(parts[k]) or not TITLE_WORD_RE.search(parts[k]):
                pieces = [", ".join(parts[:k]), ", ".join(parts[k:])]
                break
    titled = [p for p in pieces if TITLE_WORD_RE.search(p)]
    # a piece with a title word and no company suffix is the title ("Sales Manager", not "Sales Systems Inc")
    title = next((p for p in titled if not _COMPANY_SUFFIX.search(p)), titled[0] if titled else None)
    rest = [p for p in pieces if p is not title]
    if title is None and rest:
        # no title word: the first piece that is not a company name, or, when the
        # employer is known already, the first piece left
        named = [p for p in rest if not _COMPANY_SUFFIX.search(p)] or (rest if employer is not None else [])
        if named and (employer is not None or len(rest) > 1):
            title = named[0]
            rest.remove(title)
    if employer is None and rest:
        employer = rest[0]
    if title is None and employer is None and rest:
        title = rest[0]
    return HeaderFields(title=title[:100] if title else None, employer=employer[:100] if employer else None, location=location)


# ---------------------------------------------------------------- roles of a screened resume


def job_index(jobs: Sequence[Mapping[str, Any]], char: int) -> int | None:
    """Index of the role (``doc._.collab_jobs``) that holds character ``char``, or None."""
    k = bisect.bisect_right([j["start_char"] for j in jobs], char) - 1
    return k if k >= 0 and char < jobs[k]["end_char"] else None


def resume_reference(jobs: Sequence[Mapping[str, Any]], caller: _dt.date | None, today: _dt.date) -> tuple[_dt.date, str]:
    """The date a resume's roles are measured against, and where it came from.

    The caller's date when given; otherwise today, unless no role runs to the
    present: a resume that says nothing about where today is (every role has
    ended) is measured against its own latest date, so its latest role counts
    as recent and an old resume is not marked down for the time it spent in a
    folder.
    """
    if caller is not None:
        return caller, "caller"
    ends = [PartialDate.from_iso(j["end"]) for j in jobs if j.get("end")]
    if any(j.get("current") for j in jobs) or not ends:
        return today, "today"
    latest = max(ends, key=lambda d: d.last_month)
    return _dt.date(latest.year, latest.month or 12, 1), "latest date in resume"


def make_roles(jobs: Sequence[Mapping[str, Any]], evidence: Sequence[Evidence], reference: _dt.date) -> tuple[Role, ...]:
    """One :class:`Role` per job, with the evidence items that start inside it."""
    per: list[list[Evidence]] = [[] for _ in jobs]
    for e in evidence:
        k = job_index(jobs, e.start_char)
        if k is not None:
            per[k].append(e)
    out = []
    for j, items in zip(jobs, per):
        start = PartialDate.from_iso(j["start"]) if j.get("start") else None
        end = PartialDate.from_iso(j["end"]) if j.get("end") else None
        out.append(
            Role(
                title=j.get("title"),
                employer=j.get("employer"),
                location=j.get("location"),
                start=j.get("start"),
                end=j.get("end"),
                months=role_months(start, end, reference) if start is not None else None,
                current=bool(j.get("current")),
                evidence=tuple(items),
                dates=str(j.get("dates") or ""),
                start_char=int(j["start_char"]),
                end_char=int(j["end_char"]),
            )
        )
    return tuple(out)


def evidence_ages(roles: Sequence[Role], evidence: Sequence[Evidence], reference: _dt.date) -> list[tuple[float, float | None]]:
    """``(weight, years since its role ended)`` of each evidence item; None outside a dated role."""
    age_of: dict[int, float] = {}
    for r in roles:
        end = PartialDate.from_iso(r.end) if r.end else None
        for e in r.evidence:
            age_of[id(e)] = 0.0 if r.current else years_since_end(end, reference)
    return [(e.weight, age_of.get(id(e))) for e in evidence]


def _role_name(r: Role) -> str:
    return r.title or r.employer or "untitled role"


def recency_note(roles: Sequence[Role], evidence: Sequence[Evidence], *, strong: float = 0.8) -> str:
    """The sentence the explanation shows about when the evidence was.

    "strong evidence in the current role (Marketing Manager, Mar 2019 –
    present)", "evidence only in a role that ended in 2009 (Sales Rep,
    2005 – 2009)", "evidence outside any dated role (summary, skills or an
    undated section)"; "" without evidence.
    """
    if not evidence:
        return ""
    dated = [r for r in roles if r.evidence and r.start]
    in_roles = sum(len(r.evidence) for r in dated)
    undated = len(evidence) - in_roles
    if not dated:
        return "evidence outside any dated role (summary, skills or an undated section)"

    def label(r: Role, where: str) -> str:
        words = "strong evidence" if max(e.weight for e in r.evidence) >= strong else "evidence"
        return f"{words} {where} ({_role_name(r)}, {role_dates(r)})"

    current = [r for r in dated if r.current]
    if current:
        note = label(current[0], "in the current role")
    else:
        latest = max(dated, key=lambda r: PartialDate.from_iso(r.end or r.start or "0").last_month)
        end_year = PartialDate.from_iso(latest.end or latest.start or "0").year
        which = "a role that ended in" if len(dated) == 1 else "roles that ended by"
        note = label(latest, f"{'' if undated else 'only '}in {which} {end_year}")
    if undated:
        note += f"; {undated} item(s) outside any dated role"
    return note


def as_date(value: Any, name: str = "reference_date") -> _dt.date | None:
    """A reference date from a ``date``, a ``datetime`` or an ISO string (``"2024-06-30"``, ``"2024-06"``, ``"2024"``)."""
    if value is None or isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
        return value
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*", value)
        if m:
            try:
                return _dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
            except ValueError:
                pass
    from .errors import ConfigError

    raise ConfigError.from_code("E400", name=name, expected="a date (YYYY-MM-DD, YYYY-MM or YYYY)", value=value)
