"""The gemeente finder: tolerant name matching, the home page snippet and the merger notices.

``normalise``, ``match`` and ``suggestions`` are mirrored line by line in
``site_src/assets/liim-zoeker.js`` (``tests/test_finder.py`` runs both on one table of
cases): accents, case, hyphens and other punctuation do not count ("Sint Niklaas" finds
Sint-Niklaas), a prefix of the name or of one of its words is enough ("Antw", "Niklaas"),
and small typing errors are forgiven ("Antwrpen"). Old names of merged gemeenten are
found too; they lead to today's gemeente with ``?van=<old NIS code>``, and the page there
says "Borsbeek is sinds 1 januari 2025 deel van Antwerpen." (``liim-zoeker.js`` reads
the sentence from ``NOTICES_ASSET``, written by ``write_notices``).
"""
from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path

from .formatting import date_text
from .model import Gemeente

NOTICES_ASSET = "assets/gen/gemeentenamen.json"  # old NIS code → today's slug and the notice
LIMIT = 8  # suggestions shown by the finder
ABBREVIATIONS = {"st": "sint"}  # "St.-Niklaas" is Sint-Niklaas
COMBINING = re.compile("[\u0300-\u036f]")  # accents left over after NFKD (as the JS)
WORD = re.compile("[a-z0-9]+")
FUZZY_RANK = 4  # ranks: 0 same name, 1 prefix, 2 prefix of a later word, 3 inside the name, 4 typo


def normalise(name: str) -> str:
    """Lower case, no accents, words of letters and digits joined by one space:
    ``"Sint-Niklaas"`` → ``"sint niklaas"``, ``"St. Truiden"`` → ``"sint truiden"``."""
    plain = COMBINING.sub("", unicodedata.normalize("NFKD", name)).lower()
    return " ".join(ABBREVIATIONS.get(w, w) for w in WORD.findall(plain))


def _osa(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment)."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            row[j] = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], previous2[j - 2] + 1)
        previous2, previous = previous, row
    return previous[len(b)]


def _allowed(length: int) -> int:
    """Typing errors forgiven in a query of ``length`` letters (none below 4)."""
    return 0 if length < 4 else 1 if length <= 5 else 2 if length <= 9 else 3


def match(query: str, name: str) -> tuple[int, int] | None:
    """(rank, distance) of a normalised ``name`` for a normalised ``query``; ``None``: no match."""
    q, n = query.replace(" ", ""), name.replace(" ", "")
    if not q:
        return None
    if q == n:
        return (0, 0)
    if n.startswith(q):
        return (1, 0)
    words = name.split(" ")
    tails = ["".join(words[i:]) for i in range(len(words))]  # the name from each word on
    if any(t.startswith(q) for t in tails[1:]):
        return (2, 0)
    if len(q) >= 3 and q in n:
        return (3, 0)
    allowed = _allowed(len(q))
    if not allowed:
        return None
    distance = min(min(_osa(q, t), _osa(q, t[:len(q)])) for t in tails)
    return (FUZZY_RANK, distance) if distance <= allowed else None


def suggestions(query: str, names: Iterable[str], limit: int | None = LIMIT) -> list[str]:
    """The ``names`` that match ``query``, best first (typo matches only when nothing else
    matches); at most ``limit`` (``None`` or 0: all)."""
    wanted = normalise(query)
    scored = []
    for name in dict.fromkeys(names):
        norm = normalise(name)
        found = match(wanted, norm)
        if found is not None:
            scored.append((found[0], found[1], norm.replace(" ", ""), name))
    if any(s[0] < FUZZY_RANK for s in scored):
        scored = [s for s in scored if s[0] < FUZZY_RANK]
    scored.sort()
    return [s[3] for s in (scored[:limit] if limit else scored)]


def merger_notice(old_name: str, date: str, gemeente: Gemeente) -> str:
    """"Borsbeek is sinds 1 januari 2025 deel van Antwerpen." (also when the name stayed)."""
    if normalise(old_name) == normalise(gemeente.naam):
        return (f"De vroegere gemeente {old_name} is sinds {date_text(date)} deel van de nieuwe "
                f"gemeente {gemeente.naam}.")
    return f"{old_name} is sinds {date_text(date)} deel van {gemeente.naam}."


def finder_entries(gemeenten: Mapping[str, Gemeente]) -> list[dict]:
    """What the finder searches: today's names, then old names (a current name always wins).

    ``{"n": name, "s": slug}``, for an old name also ``"v"`` (its NIS code), ``"nu"`` (today's
    name) and ``"m"`` (the notice)."""
    entries: dict[str, dict] = {g.naam: {"n": g.naam, "s": g.slug} for g in gemeenten.values()}
    for g in gemeenten.values():
        for nis, old_name, date in g.voorgangers:
            entries.setdefault(old_name, {"n": old_name, "s": g.slug, "v": nis, "nu": g.naam,
                                          "m": merger_notice(old_name, date, g)})
    return sorted(entries.values(), key=lambda e: (normalise(e["n"]), e["n"]))


def notices(gemeenten: Mapping[str, Gemeente]) -> dict[str, dict[str, str]]:
    """Old NIS code → ``{"s": today's slug, "m": notice}`` (the gemeente page's ``?van=``)."""
    return {nis: {"s": g.slug, "m": merger_notice(old_name, date, g)}
            for g in gemeenten.values() for nis, old_name, date in g.voorgangers}


def write_notices(gemeenten: Mapping[str, Gemeente], docs_dir: Path) -> Path:
    """``NOTICES_ASSET`` in ``docs_dir``: compact, key-sorted (reproducible builds)."""
    target = docs_dir / NOTICES_ASSET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(notices(gemeenten), ensure_ascii=False, separators=(",", ":"),
                                 sort_keys=True), encoding="utf-8")
    return target


def finder_html(gemeenten: Mapping[str, Gemeente]) -> str:
    """The finder for the home page (links relative to the site root).

    Without JavaScript the button leads to the A–Z list (``gemeenten/?gemeente=…``); with
    ``liim-zoeker.js`` the suggestions appear as links while typing."""
    data = html.escape(json.dumps(finder_entries(gemeenten), ensure_ascii=False, separators=(",", ":")))
    return (
        f'<form class="liim-zoeker" action="gemeenten/" method="get" role="search" data-liim="zoeker" '
        f'data-namen="{data}">\n'
        '<label for="liim-zoeker-invoer">Zoek een gemeente (ook een gemeente van vóór een fusie)</label>\n'
        '<input id="liim-zoeker-invoer" name="gemeente" type="text" autocomplete="off" spellcheck="false" '
        'aria-describedby="liim-zoeker-hulp" aria-controls="liim-zoeker-resultaten">\n'
        '<button type="submit" class="md-button md-button--primary">Toon</button>\n'
        '<p id="liim-zoeker-hulp" class="liim-zoeker__hulp">Een deel van de naam volstaat; '
        "kleine tikfouten, streepjes en accenten maken niet uit.</p>\n"
        '<p class="liim-zoeker__fout" role="alert" hidden>Deze gemeente vonden we niet. '
        'Controleer de naam of kies in de <a href="gemeenten/">lijst van alle gemeenten</a>.</p>\n'
        '<div id="liim-zoeker-resultaten" class="liim-zoeker__resultaten" aria-live="polite"></div>\n'
        '<noscript><p class="liim-zoeker__hulp">Zonder JavaScript brengt de knop u naar de '
        '<a href="gemeenten/">lijst van alle gemeenten</a>.</p></noscript>\n'
        "</form>\n"
    )
