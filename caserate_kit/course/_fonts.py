"""The fonts the certificate prints in, and the letters they cannot print.

Every font comes with the course or an installed package, so a certificate
prints the same on every computer: DejaVu Serif, Sans and Sans Mono with
matplotlib (Latin with Vietnamese, Greek, Cyrillic; the Sans also Hebrew and
Arabic), Noto Sans Devanagari in ``fonts/`` beside this module, and Noto Sans
CJK with ``cvttf-notosanscjk-regular`` (Chinese, Japanese, Korean).

The certificate writes in the serif and sans faces and falls back, letter by
letter, to the first fallback that has the letter (:data:`FALLBACKS`).
:func:`unprintable` says which letters of a text no font has, so that a name
can be refused where it is typed rather than at the last step.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

__all__ = [
    "FALLBACKS",
    "FontFile",
    "course_fonts",
    "fonts_needed",
    "unprintable",
]


@dataclass(frozen=True)
class FontFile:
    """One font file and the family and style it is known by in a PDF."""

    family: str
    style: str
    path: Path


def _package_folder(module: str) -> Path:
    """Where an installed package's files are, without importing it (matplotlib is slow to)."""
    spec = importlib.util.find_spec(module)
    if spec is None or spec.origin is None:
        raise FileNotFoundError(
            f"the package {module}, which holds fonts for the certificate, is not installed: "
            "reinstall the course (make serve installs it)"
        )
    return Path(spec.origin).parent


def _matplotlib_font(name: str) -> Path:
    return _package_folder("matplotlib") / "mpl-data" / "fonts" / "ttf" / name


def _only_font(module: str, pattern: str) -> Path:
    found = sorted(_package_folder(module).rglob(pattern))
    if not found:
        raise FileNotFoundError(
            f"the font package {module} has no {pattern} file: reinstall the course "
            "(make serve installs it)"
        )
    return found[0]


@cache
def course_fonts() -> dict[str, tuple[FontFile, ...]]:
    """The certificate's fonts by family: the faces it writes in, then the fallbacks."""
    shipped = Path(__file__).with_name("fonts")
    cjk = _only_font("cvttf_NotoSansCJK_Regular", "NotoSansCJK*.otf")
    return {
        "Serif": (
            FontFile("Serif", "", _matplotlib_font("DejaVuSerif.ttf")),
            FontFile("Serif", "B", _matplotlib_font("DejaVuSerif-Bold.ttf")),
            FontFile("Serif", "I", _matplotlib_font("DejaVuSerif-Italic.ttf")),
        ),
        "Sans": (
            FontFile("Sans", "", _matplotlib_font("DejaVuSans.ttf")),
            FontFile("Sans", "B", _matplotlib_font("DejaVuSans-Bold.ttf")),
        ),
        "Mono": (FontFile("Mono", "B", _matplotlib_font("DejaVuSansMono-Bold.ttf")),),
        "Devanagari": (
            FontFile("Devanagari", "", shipped / "NotoSansDevanagari-Regular.ttf"),
            FontFile("Devanagari", "B", shipped / "NotoSansDevanagari-Bold.ttf"),
        ),
        "CJK": (FontFile("CJK", "", cjk),),
    }


FALLBACKS = ("Sans", "Devanagari", "CJK")
"""Where a letter the serif face lacks is looked for, in this order."""


@cache
def _letters(path: Path) -> frozenset[int]:
    """The code points a font file has a glyph for."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


@cache
def _family_letters(family: str) -> frozenset[int]:
    """The code points every style of a family has (a name is printed bold and plain)."""
    return frozenset.intersection(*(_letters(font.path) for font in course_fonts()[family]))


def _needs_no_glyph(letter: str) -> bool:
    """Spaces, joiners and marks of direction, which the shaping handles without a glyph."""
    return letter.isspace() or unicodedata.category(letter) in ("Cf", "Zs")


def unprintable(text: str) -> str:
    """The letters of ``text`` (once each, in order) that none of the fonts can print.

    >>> unprintable("Zoë Nguyễn 李小龙")
    ''
    >>> unprintable("Ada \\U00013000")
    '\\U00013000'
    """
    missing: list[str] = []
    serif = _family_letters("Serif")
    for letter in unicodedata.normalize("NFC", text):
        if ord(letter) in serif or _needs_no_glyph(letter) or letter in missing:
            continue
        if not any(ord(letter) in _family_letters(family) for family in FALLBACKS):
            missing.append(letter)
    return "".join(missing)


def fonts_needed(text: str) -> tuple[str, ...]:
    """The fallback families that ``text`` needs, in the order they are tried.

    >>> fonts_needed("Zoë Nguyễn 李小龙")
    ('CJK',)
    >>> fonts_needed("דוד כהן")
    ('Sans',)
    """
    serif, sans = _family_letters("Serif"), _family_letters("Sans")
    needed = set()
    for letter in unicodedata.normalize("NFC", text):
        code = ord(letter)
        if (code in serif and code in sans) or _needs_no_glyph(letter):
            continue
        for family in FALLBACKS:
            if code in _family_letters(family):
                needed.add(family)
                break
    return tuple(family for family in FALLBACKS if family in needed)
