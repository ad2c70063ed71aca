"""The five Flemish provinces, read from a gemeente's NIS code.

A leaf module (no imports from ``generator``): the divisions use it to tell a
Flemish code from a Brussels or Walloon one, the pages and maps to group by province.
"""
from __future__ import annotations

PROVINCES = {  # name by NIS prefix (from the NIS code: see geodata/README)
    "1": "Antwerpen",
    "23": "Vlaams-Brabant",
    "24": "Vlaams-Brabant",
    "3": "West-Vlaanderen",
    "4": "Oost-Vlaanderen",
    "7": "Limburg",
}


def province_of(nis: str) -> str:
    """Province name of a Flemish NIS code (``46030`` → ``Oost-Vlaanderen``); "" outside Flanders."""
    return PROVINCES.get(nis[:2]) or PROVINCES.get(nis[:1], "")
