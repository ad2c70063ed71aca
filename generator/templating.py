"""Jinja2 rendering of the generated pages: Markdown pages with text escaped for Markdown and
HTML (``md_escape``), finished HTML pages with HTML escaping only, and compact JSON assets."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import paths
from .formatting import date_text, format_number
from .verbatim import html_block

# One pass, character by character: HTML specials become entities, and so do the characters
# Markdown would read as markup. Entities (not backslashes) read the same in Markdown text and
# in raw HTML blocks, where a backslash escape would stay visible ("TF\\_SOC", "&\\#x27;").
TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;",
                              **{c: f"&#{ord(c)};" for c in "\\`*_[]|#"}})


def md_escape(value: object) -> Markup:
    """Text from data or catalogue, safe in Markdown and HTML (hostile names stay text)."""
    return Markup(str(value).translate(TEXT_ESCAPES))


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """For Markdown pages: text from data is escaped for Markdown and HTML (``md_escape``)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths.TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             trim_blocks=True, lstrip_blocks=True,
                             finalize=lambda v: v if isinstance(v, Markup) or not isinstance(v, str) else md_escape(v))
    env.filters["getal"] = format_number
    env.filters["datum"] = date_text  # ISO date → "1 januari 2025" (prose writes dates in words)
    env.filters["html_block"] = html_block  # finished HTML that mkdocs takes past Python-Markdown (verbatim.py)
    return env


@lru_cache(maxsize=1)
def html_environment() -> jinja2.Environment:
    """For pages written as finished HTML (redirects, the archive): HTML escaping only."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(paths.TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["datum"] = date_text
    return env


def render_html(template: str, target: Path, **context) -> Path:
    """Render an HTML template (``html_environment``) into ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html_environment().get_template(template).render(**context), encoding="utf-8")
    return target


def render(template: str, target: Path, **context) -> Path:
    """Render a Markdown template (``environment``) into ``target``."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(environment().get_template(template).render(**context), encoding="utf-8")
    return target


def write_json(target: Path, data: object) -> Path:
    """Compact, key-sorted JSON (the lazily loaded map series)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")
    return target
