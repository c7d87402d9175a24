"""Text repair shared by every format.

:func:`repair_text` turns the raw text of one page (or one document) into
clean lines: mojibake fixed with ftfy, invisible and control characters
removed, compatibility characters (ligatures, full-width forms, odd spaces)
folded, bullets made consistent, end-of-line hyphenation undone and blank
lines collapsed. It never merges two resume lines into one, except for a
bullet glyph left alone on its line, which is attached to the line it marks.

Only ftfy is imported, and only when a line is not plain ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["repair_text", "RepairReport", "BULLET"]

BULLET = "\u2022"  # •

# Glyphs used as list markers at the start of a line.
_BULLET_GLYPHS = (
    "\u2022\u25cf\u25aa\u25ab\u25e6\u2023\u2219\u2981\u25cb\u25a0\u25a1\u25c6\u25c7\u2756"
    "\u27a2\u27a4\u25ba\u25b6\u25b8\u25b9\u2192\u21d2\u2713\u2714\u2610\u2611\u26ab\u26aa"
    "\u25fe\u25fd\u2043\u00b7\u25c9\u25d8\u2605\u2606\u27a1\u25b7\u2666\u2660\u2663\u00a4"
)
# Dash-like markers: only a bullet when followed by a space (or a capital).
_DASHES = "-\u2013\u2014\u2012\u2212"
_LEAD_BULLET = re.compile(
    "^(?:"
    f"[{re.escape(_BULLET_GLYPHS)}]+\\s*"  # • ▪ ◦ ...
    f"|[{re.escape(_DASHES)}](?:\\s+|(?=[A-Z]))"  # "- x", "– x", "-Managed"
    r"|[*+]\s+"  # markdown-ish "* x", "+ x"
    r"|o\s+(?=\S)"  # "o " sub-bullets (Word's default level-2 marker)
    "|[\u00d8\u00fc\u00a7]\\s+(?=[A-Za-z])"  # Wingdings bullets decoded as Ø ü §
    ")"
)
_MID_BULLET = re.compile(f"(?<=\\s)[{re.escape(_BULLET_GLYPHS.replace(chr(0xB7), ''))}](?=\\s)")
_LONE_BULLET = re.compile(f"^(?:[{re.escape(_BULLET_GLYPHS)}]|[{re.escape(_DASHES)}*o])$")

# Invisible characters: zero-width, bidi controls, BOM, object replacement.
_INVISIBLE = re.compile(
    "[\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u200e\u200f"
    "\u202a-\u202e\u2066-\u2069\u061c\u180e\ufffc\u034f]"
)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_PUA = re.compile("[\ue000-\uf8ff]")
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000 ]+")
# Characters folded with NFKC (safe: they have a plain equivalent and carry
# no meaning of their own in a resume).
_NFKC_SAFE = re.compile("[\ufb00-\ufb06\uff01-\uff5e\U0001d400-\U0001d7ff\u2024-\u2026]")

# Mojibake ftfy leaves behind: a lone "Â" before a space (a broken NBSP),
# "â€" followed by a lost third byte.
_LONE_A_CIRC = re.compile("\u00c2+(?=[\\s\u00a0]|$)")
_LOST_QUOTE = re.compile("\u00e2\u20ac(?:\ufffd|\\s|$)")
# (mojibake, replacement): E2 80 9D "”" is the usual victim of a lost 0x9D
_LOST_SEQUENCES = (
    ("\u00e2\u20ac\u200b", "\u201d"),
    ("\u00e2\u20ac\ufffd", "\u201d"),
    ("\u00c2\u200b", ""),
)
# "ï¼" + a lost third byte: a full-width punctuation mark (U+FF0D "－" in
# the wild: "Company Name ï¼\u200b City"); read as a dash.
_LOST_FULLWIDTH = re.compile("\u00ef\u00bc[\u200b\u200c\u200d\u0080-\u009f\ufffd]?(?![\u0080-\u00bf\u2018-\u203a\u0152-\u0178\u02c6\u02dc\u0160\u0161\u017d\u017e\u0192])")

_RULE = re.compile(r"^(?:[=_~*#.\u2500\u2501\u2014\u2013-]\s?){3,}$")
_HYPHEN_END = re.compile(r"(?:^|(?<=[^\w-]))([A-Za-z]*[a-z])-$")
_ALNUM_HYPHEN_END = re.compile(r"[A-Za-z0-9]-$")
_CONT_START = re.compile(r"^([a-z][a-z']*)(\S*)(.*)$")
_CONT_ANY = re.compile(r"^([A-Za-z0-9]\S*)(.*)$")

# Words that keep their hyphen when a line breaks after them ("co-\nmarketing").
_PREFIXES = frozenset(
    "co cross self non multi e ex semi anti post mid well full part long short "
    "top front end go one two three four five hands cutting".split()
)
# Second parts that make a compound, not a broken word ("data-\ndriven").
_COMPOUND_SECONDS = frozenset(
    "based driven facing oriented focused level related term time wide like owned "
    "led run made making solving minded friendly specific centric savvy generated "
    "qualified ready winning depth scale house date line side store to up in on out "
    "of off over down back end".split()
)

_MOJIBAKE_STEPS = frozenset(
    {"restore_byte_a0", "replace_lossy_sequences", "decode_inconsistent_utf8", "fix_c1_controls"}
)


@dataclass
class RepairReport:
    """What :func:`repair_text` changed (counts), for warnings and metadata."""

    mojibake_lines: int = 0
    invisible_chars: int = 0
    private_use_chars: int = 0
    hyphenations_joined: int = 0
    bullets: int = 0
    notes: list[str] = field(default_factory=list)

    def merge(self, other: RepairReport) -> None:
        self.mojibake_lines += other.mojibake_lines
        self.invisible_chars += other.invisible_chars
        self.private_use_chars += other.private_use_chars
        self.hyphenations_joined += other.hyphenations_joined
        self.bullets += other.bullets

    def warnings(self) -> list[str]:
        out = []
        if self.mojibake_lines:
            out.append(
                f"repaired mojibake (text decoded with the wrong encoding) on {self.mojibake_lines} line(s)"
            )
        return out + list(self.notes)


def _fix_mojibake(line: str, report: RepairReport) -> str:
    if line.isascii():
        return line
    import ftfy

    # Some PDF generators replaced the byte cp1252 cannot show (0x81, 0x8D,
    # 0x8F, 0x90, 0x9D) by U+200B: "â€\u200b" was "”" (E2 80 9D), "Â\u200b" a
    # C1 control, "ï¼\u200b" a full-width mark.
    n_lost = 0
    for lost_seq, repl in _LOST_SEQUENCES:
        if lost_seq in line:
            n_lost += line.count(lost_seq)
            line = line.replace(lost_seq, repl)
    lost = _LOST_FULLWIDTH.subn("-", line)
    line = lost[0]
    n = len(line)
    line = _INVISIBLE.sub("", line)
    report.invisible_chars += n - len(line)
    fixed, steps = ftfy.fix_and_explain(
        line,
        unescape_html=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_latin_ligatures=True,
        fix_character_width=True,
        normalization="NFC",
    )
    broken = bool(lost[1] or n_lost)
    for step in steps or ():
        kind, name = step[0], step[1]
        if kind in ("encode", "decode", "transcode") or name in _MOJIBAKE_STEPS:
            broken = True
    # leftovers ftfy does not touch
    cleaned = _LONE_A_CIRC.sub("", fixed)
    cleaned = _LOST_QUOTE.sub("'", cleaned)
    if cleaned != fixed:
        broken = True
    if broken:
        report.mojibake_lines += 1
    return cleaned


def _clean_chars(line: str, report: RepairReport) -> str:
    n = len(line)
    line = _INVISIBLE.sub("", line)
    line = _CONTROL.sub(" ", line)
    report.invisible_chars += n - len(line)
    if _NFKC_SAFE.search(line):
        line = _NFKC_SAFE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), line)
    if _PUA.search(line):
        # Private-use glyphs come from symbol fonts: a list marker at the
        # start of a line, decoration elsewhere.
        report.private_use_chars += len(_PUA.findall(line))
        m = re.match("\\s*[\ue000-\uf8ff]+", line)
        if m:
            line = BULLET + " " + line[m.end():]
        line = _PUA.sub(" ", line)
    line = _SPACES.sub(" ", line).strip()
    return unicodedata.normalize("NFC", line)


def _line_pass(line: str, report: RepairReport) -> str:
    line = _fix_mojibake(line, report)
    line = _clean_chars(line, report)
    if "\u00c2" in line:  # a lone "Â" uncovered by the clean-up
        line = _SPACES.sub(" ", _LONE_A_CIRC.sub("", line)).strip()
    if _RULE.match(line):
        return ""  # a drawn rule ("=====", "______") carries no text
    return _normalise_bullet(line, report)


def _repair_line(raw: str, report: RepairReport) -> str:
    """Repair one line; repeat (rarely needed) until nothing changes, so that
    a clean-up step cannot uncover new mojibake: the result is a fixpoint."""
    local = RepairReport()
    line = _line_pass(raw, local)
    for _ in range(3):
        if line.isascii() and not line.startswith(("-", "*", "o ", "+")):
            break
        again = _line_pass(line, local)
        if again == line:
            break
        line = again
    local.mojibake_lines = min(local.mojibake_lines, 1)
    report.merge(local)
    return line


def _normalise_bullet(line: str, report: RepairReport) -> str:
    if not line:
        return line
    if _LONE_BULLET.match(line):
        return BULLET
    m = _LEAD_BULLET.match(line)
    if m and m.end() < len(line):
        report.bullets += 1
        line = BULLET + " " + line[m.end():]
    if _MID_BULLET.search(line):
        line = _MID_BULLET.sub(BULLET, line)
    return line


def _attach_lone_bullets(lines: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    n = len(lines)
    while i < n:
        if lines[i] == BULLET:
            j = i
            while j < n and lines[j] == BULLET:
                j += 1
            run = j - i
            # one marker followed by its text: put them on one line
            if run == 1 and j < n and lines[j]:
                nxt = lines[j]
                out.append(nxt if nxt.startswith(BULLET + " ") else f"{BULLET} {nxt}")
                i = j + 1
                continue
            # a column of markers without text: they carry nothing
            i = j
            continue
        out.append(lines[i])
        i += 1
    return out


def _dehyphenate(lines: list, report: RepairReport) -> list[str]:
    for i in range(len(lines) - 1):
        line, nxt = lines[i], lines[i + 1]
        if line is None or not line.endswith("-") or not nxt or not _ALNUM_HYPHEN_END.search(line):
            continue
        body = nxt[2:] if nxt.startswith(BULLET + " ") else nxt
        if body is not nxt:
            continue  # the next line is its own bullet
        m = _HYPHEN_END.search(line)
        c = _CONT_START.match(nxt)
        if m and c and "-" not in c.group(1):
            first, second = m.group(1), c.group(1)
            if (
                len(first) >= 2
                and first.lower() not in _PREFIXES
                and second not in _COMPOUND_SECONDS
            ):
                lines[i] = line[:-1] + second + c.group(2)
                lines[i + 1] = c.group(3).lstrip() or None
                report.hyphenations_joined += 1
                continue
        c2 = _CONT_ANY.match(nxt)
        if c2:
            # a real hyphen ("co-\nmarketing", "2019-\n2021"): keep it and
            # pull the rest of the word up so the compound stays whole
            lines[i] = line + c2.group(1)
            lines[i + 1] = c2.group(2).lstrip() or None
    return [ln for ln in lines if ln is not None]


def repair_text(text: str) -> tuple[str, RepairReport]:
    """Repair extracted text, keeping one resume line per line.

    Parameters
    ----------
    text : str
        Raw text of one page or document.

    Returns
    -------
    text : str
        The repaired text, without leading or trailing blank lines.
    report : RepairReport
        Counts of what was changed; ``report.warnings()`` lists the ones a
        user should know about.
    """
    report = RepairReport()
    text = (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
        .replace("\x0c", "\n")
        .replace("\x0b", "\n")
        .replace("\x85", "\n")
    )
    # a soft hyphen that ends a line is a hyphenation point
    text = re.sub("\u00ad[ \t]*\n[ \t]*", "", text).replace("\u00ad", "")
    lines = [_repair_line(raw, report) for raw in text.split("\n")]
    lines = _attach_lone_bullets(lines)
    lines = _dehyphenate(lines, report)
    out = "\n".join(lines)
    out = re.sub(r"\n{3,}", "\n\n", out).strip("\n")
    return out, report
