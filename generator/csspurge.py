"""Material's main stylesheet without the rules this site can never use (issue 16: a lighter first visit).

Most of material's ``main.<hash>.min.css`` styles components the site does not have (admonition
types with their icons, code highlighting, content tabs, annotations …). ``purge_css`` keeps a
style rule's selector only when every class, id and element it needs can occur (``site_names``):
on a page of the built site, or in the strings of a script a page runs (material's bundle adds
classes at run time: ``md-search-result__…``, ``md-nav__link--active`` …), and ``[dir=rtl]`` only
on a site with a right-to-left page. It is conservative:

* a selector without classes, ids or elements is kept; so is anything it does not understand;
* ``:not(…)`` needs nothing (it matches where a class is absent); ``:is``, ``:where``, ``:has`` and
  the vendor ``-any`` need one possible argument;
* a selector list is kept per selector, except a list with a vendor-prefixed pseudo-class or
  element (a browser that does not know it drops the whole rule: kept or dropped whole, so no
  browser sees a rule it would not have seen);
* ``@media``/``@supports`` are purged inside and dropped when empty; ``@keyframes`` and custom
  properties (``--x: …``) stay only when something kept (or a page or script) refers to them;
  every other at-rule stays as it is.

The result depends only on the stylesheet and the names: the same site gives the same bytes.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import tinycss2
from tinycss2 import ast

_ATTRIBUTE = re.compile(rb"""(?:class|id)=(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")
_WORD = re.compile(r"-{0,2}[A-Za-z_][\w-]*")
_CUSTOM_PROPERTY = re.compile(rb"--[A-Za-z_][\w-]*")
_SCRIPT_SRC = re.compile(rb"""<script\b[^>]*?\ssrc=["']?([^"'\s>]+)""")
_INLINE_SCRIPT = re.compile(rb"<script\b[^>]*>(.+?)</script>", re.S)
_ELEMENT = re.compile(rb"<([A-Za-z][A-Za-z0-9-]*)")
_DIRECTION = re.compile(rb"""\sdir=["']?([A-Za-z]+)""")
_BLOCK = re.compile(r"__|--(?=[^-])")
_EXTERNAL = re.compile(rb"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
_STRING = re.compile(r""""(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`""")
_SCRIPT_WORD = re.compile(r"(?<![\w.#$-])-{0,2}[A-Za-z_][\w-]*")
_ALTERNATIVES = frozenset({"is", "where", "has", "matches", "-webkit-any", "-moz-any"})
_VENDOR = re.compile(r"::?-(?:webkit|moz|ms|o)-")
_ANIMATION = re.compile(r"animation(?:-name)?\s*:([^;}]*)")
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/\s*$")


@dataclass(frozen=True)
class SiteNames:
    """What the pages of a site can hold: ``words``, the classes and ids (a word ending in ``-``
    or ``_``, five characters or more, also stands for every name it begins); ``tags``, the
    element names and ``directions`` the ``dir`` attributes' values (``None``: any)."""

    words: frozenset[str]
    tags: frozenset[str] | None = None
    directions: frozenset[str] | None = None

    def has_word(self, name: str) -> bool:
        return name in self.words or name.startswith(self._prefixes)

    @cached_property
    def _prefixes(self) -> tuple[str, ...]:
        return tuple(sorted(w for w in self.words if len(w) >= 5 and w[-1] in "-_"))


def site_names(site_dir: Path) -> SiteNames:
    """The classes, ids and elements the pages under ``site_dir`` can have.

    Of every HTML page: its class and id attributes, the custom properties it names, its
    elements. Of every script a page runs (``<script src>`` or inline; not the search worker,
    which has no page to change), the words of its strings: each may be an element it makes, and
    one that is not in a selector (``"md-top"``, not ``".md-top"``: a script that only looks for a
    class does not add it) a class; a word before a ``${…}`` (``md-tag--${x}``) stands for every
    class it begins.
    Material's own scripts (``assets/javascripts/``) build the parts of a component inside its
    element: a class they name counts when it is a part (``block__x``, ``block--x``) of a block
    a page has, so the version selector, annotations or tooltips they could build do not count on
    a site without them.
    """
    html: set[str] = set()
    tags: set[str] = set()
    directions: set[str] = set()
    scripts: set[Path] = set()
    inline: list[str] = []
    for page in sorted(site_dir.rglob("*.html")):
        data = page.read_bytes()
        values = {v for groups in _ATTRIBUTE.findall(data) for v in groups if v}
        values.update(_CUSTOM_PROPERTY.findall(data))  # set in a style attribute
        html.update(w.decode("utf-8", "replace") for value in values for w in value.split())
        tags.update(t.decode().lower() for t in set(_ELEMENT.findall(data)))
        directions.update(d.decode().lower() for d in _DIRECTION.findall(data))
        inline += [s.decode("utf-8", "replace") for s in _INLINE_SCRIPT.findall(data)]
        scripts.update((page.parent / src.decode()).resolve() for src in _SCRIPT_SRC.findall(data)
                       if not _EXTERNAL.match(src))
    words = html | _string_words(" ".join(sorted(set(inline))))
    theme = (site_dir / "assets" / "javascripts").resolve()
    for script in sorted(s for s in scripts if s.is_file()):
        found = _string_words(script.read_text(encoding="utf-8", errors="replace"))
        tags.update(w.lower() for w in found)
        words |= {w for w in found if _BLOCK.split(w, 1)[0] in html} if script.is_relative_to(theme) else found
    return SiteNames(frozenset(words), frozenset(tags), frozenset(directions))


def _string_words(script: str) -> set[str]:
    """The words in the string literals of ``script`` that are not in a selector."""
    return set(_SCRIPT_WORD.findall("\n".join(_STRING.findall(script))))


def purge_css(css: str, names: SiteNames | Iterable[str]) -> str:
    """``css`` without the selectors, rules, unreferenced ``@keyframes`` and custom properties
    that cannot apply to a site of ``names`` (``site_names``; or just its classes and ids)."""
    if not isinstance(names, SiteNames):
        names = SiteNames(frozenset(names))
    rules = tinycss2.parse_stylesheet(_SOURCE_MAP.sub("", css), skip_comments=False, skip_whitespace=True)
    kept = _drop_unreferenced(_purge_rules(rules, names), names.words)
    return "".join(_serialize(rule) for rule in kept).strip() + "\n"


# --- selectors ----------------------------------------------------------------------------

def _split(tokens: list) -> list[list]:
    """Tokens split at top-level commas (a selector list into its selectors)."""
    parts: list[list] = [[]]
    for token in tokens:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def possible(tokens: list, names: SiteNames) -> bool:
    """Whether a selector (its tokens) can match: every class, id and element it needs can occur."""
    previous = None
    for token in tokens:
        if token.type == "hash" and token.is_identifier and not names.has_word(token.value):
            return False
        if token.type == "ident" and _is_literal(previous, ".") and not names.has_word(token.value):
            return False
        if (token.type == "ident" and names.tags is not None and (previous is None or _starts_compound(previous))
                and token.lower_value not in names.tags):
            return False
        if token.type == "[] block" and not _direction_possible(token, names):
            return False
        if token.type == "function" and token.lower_name in _ALTERNATIVES:
            if not any(possible(arg, names) for arg in _split(token.arguments)):
                return False
        previous = token
    return True


def _direction_possible(block, names: SiteNames) -> bool:
    """``[dir=rtl]`` needs a page in that direction (``dir="rtl"``): no script sets it."""
    parts = [t for t in block.content if t.type != "whitespace"]
    if names.directions is None or len(parts) != 3 or parts[0].type != "ident" or parts[0].lower_value != "dir":
        return True
    return not _is_literal(parts[1], "=") or str(parts[2].value).lower() in names.directions


def _is_literal(token, value: str) -> bool:
    return token is not None and token.type == "literal" and token.value == value


def _starts_compound(token) -> bool:
    """Whether what follows ``token`` starts a compound selector (a type selector may follow)."""
    return token.type == "whitespace" or (token.type == "literal" and token.value in (">", "+", "~", ","))


def _kept_selectors(prelude: list, names: SiteNames) -> list | None:
    """The prelude with only its possible selectors, ``None`` when none can match."""
    selectors = _split(prelude)
    if _VENDOR.search(tinycss2.serialize(prelude)):
        return prelude if any(possible(s, names) for s in selectors) else None
    kept = [s for s in selectors if possible(s, names)]
    if not kept:
        return None
    out: list = []
    for selector in kept:
        out += ([ast.LiteralToken(0, 0, ",")] if out else []) + _trimmed(selector)
    return out


def _trimmed(tokens: list) -> list:
    while tokens and tokens[0].type == "whitespace":
        tokens = tokens[1:]
    while tokens and tokens[-1].type == "whitespace":
        tokens = tokens[:-1]
    return tokens


# --- rules --------------------------------------------------------------------------------

def _purge_rules(rules: list, names: SiteNames) -> list:
    """Style rules with their possible selectors, conditional groups purged inside."""
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            prelude = _kept_selectors(rule.prelude, names)
            if prelude is not None:
                out.append(ast.QualifiedRule(0, 0, prelude, rule.content))
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content is not None:
            inner = _purge_rules(_inside(rule), names)
            if inner:
                out.append(_regrouped(rule, inner))
        elif rule.type != "error":
            out.append(rule)
    return out


def _inside(group) -> list:
    """The rules inside ``@media`` or ``@supports``."""
    return tinycss2.parse_rule_list(group.content, skip_comments=False, skip_whitespace=True)


def _regrouped(group, inner: list):
    """``group`` (``@media``, ``@supports``) holding the rules ``inner``."""
    content = [token for rule in inner for token in tinycss2.parse_component_value_list(_serialize(rule))]
    return ast.AtRule(0, 0, group.at_keyword, group.lower_at_keyword, group.prelude, content)


def _drop_unreferenced(rules: list, words: frozenset[str]) -> list:
    """Without custom properties and ``@keyframes`` nothing refers to (until nothing more goes)."""
    while True:
        text = "".join(_serialize(r) for r in rules)
        variables = set(_VAR.findall(text)) | words
        animations = {w for value in _ANIMATION.findall(text) for w in _WORD.findall(value)} | words
        slimmer = _without(rules, variables, animations)
        if "".join(_serialize(r) for r in slimmer) == text:
            return slimmer
        rules = slimmer


def _without(rules: list, variables: set[str], animations: set[str]) -> list:
    out = []
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "keyframes":
            name = tinycss2.serialize(rule.prelude).strip()
            if name in animations:
                out.append(rule)
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports") and rule.content is not None:
            inner = _without(_inside(rule), variables, animations)
            if inner:
                out.append(_regrouped(rule, inner))
        elif rule.type == "qualified-rule":
            declarations = _declarations_without(rule.content, variables)
            if declarations is not None:
                out.append(ast.QualifiedRule(0, 0, rule.prelude, declarations))
        else:
            out.append(rule)
    return out


def _declarations_without(content: list, variables: set[str]) -> list | None:
    """A rule's declarations less the custom properties not in ``variables``; ``None`` when empty
    (the rule then does nothing). Content that is not a plain declaration list stays as it is."""
    items = tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True)
    if any(item.type not in ("declaration",) for item in items):
        return content
    kept = [d for d in items if not d.name.startswith("--") or d.name in variables]
    if len(kept) == len(items):
        return content
    if not kept:
        return None
    return tinycss2.parse_component_value_list(";".join(_declaration(d) for d in kept))


def _declaration(declaration) -> str:
    value = tinycss2.serialize(declaration.value).strip()
    return f"{declaration.name}:{value}" + ("!important" if declaration.important else "")


def _serialize(rule) -> str:
    if rule.type == "qualified-rule":
        return tinycss2.serialize(rule.prelude).strip() + "{" + tinycss2.serialize(rule.content).strip() + "}"
    if rule.type == "at-rule" and rule.content is not None:
        return ("@" + rule.at_keyword + tinycss2.serialize(rule.prelude).rstrip()
                + "{" + tinycss2.serialize(rule.content).strip() + "}")
    return rule.serialize()
