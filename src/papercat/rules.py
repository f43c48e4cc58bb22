"""Tag match rules: a phrase or a `re:` regular expression from tags.yml, made safe to run on any text.

tags.yml arrives by pull request, so a rule is untrusted input to a regular-expression engine. Three
guards, because no single one is enough:
- the `regex` engine (not `re`): it supports the look-behind and look-ahead the vocabulary uses, and a
  time limit per call (`re` has none; a linear-time engine such as RE2 has no look-around);
- a static check that refuses, before compiling, what the engine would spend memory or time on:
  repeat counts that multiply past MAX_REPEAT (`a{100000000}` makes `regex` allocate until the
  process is killed), a group repeated without bound whose every part is itself repeated or optional
  (`(a+)+`, `(\\w+\\s?)*`, `(x|x)*`: catastrophic backtracking), and rules longer than MAX_CHARS;
- each search runs with TIMEOUT; the caller disables a rule that runs out of it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import regex

TIMEOUT = 0.05
"""Seconds one search of one rule may take. Ordinary rules take microseconds on an abstract; the margin
keeps a loaded machine from disabling a good rule."""
MAX_REPEAT = 1000
"""Repeat counts (`{n}`, `{n,m}`), multiplied together, may not exceed this: `regex` expands them when compiling."""
MAX_CHARS = 500


class RuleError(ValueError):
    """A rule that cannot be compiled or is refused as risky; the message says which and why."""


@dataclass(frozen=True, eq=False)
class Rule:
    """One compiled rule and the tags.yml line it is written on (compared by identity)."""

    text: str
    pattern: regex.Pattern[str]
    line: int = 0

    def search(self, text: str) -> bool:
        """Whether the rule matches anywhere in text; TimeoutError after TIMEOUT."""
        return self.pattern.search(text, timeout=TIMEOUT) is not None

    def count(self, text: str, limit: int) -> int:
        """Matches in text, at most limit; TimeoutError after TIMEOUT."""
        return min(len(self.pattern.findall(text, timeout=TIMEOUT)), limit)


def compile_rule(rule: str, line: int = 0) -> Rule:
    """A phrase (whole words, any case, optional plural `s`) or `re:` and a pattern, checked then compiled.

    Flags as with `re` (the `regex` engine's version 0 behaves as `re`): case-insensitive, Unicode
    `\\w`, `\\b` and `\\d`.
    """
    if not rule.startswith("re:"):
        return Rule(rule, regex.compile(r"\b" + regex.escape(rule.strip()) + r"s?\b", regex.IGNORECASE), line)
    source = rule[3:].strip()
    why = risk(source)
    if why:
        raise RuleError(why)
    try:
        return Rule(rule, regex.compile(source, regex.IGNORECASE | regex.VERSION0), line)
    except (regex.error, OverflowError, RecursionError, ValueError) as exc:
        raise RuleError(f"bad regular expression: {exc}") from None


_COUNT = re.compile(r"\{\s*(\d*)\s*(?:,\s*(\d*)\s*)?\}")


def risk(pattern: str) -> str | None:
    """Why a pattern is refused before it is compiled, or None."""
    if len(pattern) > MAX_CHARS:
        return f"longer than {MAX_CHARS} characters"
    # Counted over the whole text, in character classes too: nothing the parser below misreads can hide one.
    product = 1
    for match in _COUNT.finditer(pattern):
        digits = [d for d in match.groups() if d]
        if digits:
            product *= max(1, *(int(d) if len(d) <= 7 else 10**7 for d in digits))
            if product > MAX_REPEAT:
                return f"repeat counts multiply to more than {MAX_REPEAT} ({match.group()})"
    return _nested_repeat(pattern)


@dataclass
class _Atom:
    loose: bool
    """Can match more or less text (repeated, optional, or zero-width): it does not anchor a split."""
    unbounded: bool = False
    """Holds or is an unbounded repeat (`*`, `+`, `{n,}`)."""
    ambiguous: bool = False
    """A group whose repetition could split the same text in many ways."""


@dataclass
class _Group:
    zero_width: bool
    start: int
    alts: list[list[_Atom]] = field(default_factory=lambda: [[]])
    texts: list[str] = field(default_factory=list)

    def close(self, pattern: str, end: int) -> _Atom:
        self.texts.append(pattern[self.start : end])
        loose_alts = [alt for alt in self.alts if all(a.loose for a in alt)]
        return _Atom(
            loose=self.zero_width or bool(loose_alts),
            unbounded=any(a.unbounded for alt in self.alts for a in alt),
            ambiguous=any(a.unbounded for alt in loose_alts for a in alt) or len(set(self.texts)) < len(self.texts),
        )


# After `(`: a comment; else the prefix of a named, non-capturing, atomic, flag, conditional or
# look-around group, so the body's first character is not mistaken for part of the pattern.
_COMMENT = re.compile(r"\?#[^)]*\)")
_PREFIX = re.compile(r"\?(?:P?<(?![=!])[^>]*>|P=[^)]*(?=\))|<?[=!]|[>|]|\([^)]*\)|[a-zA-Z^-]*:?)")
_ESCAPE_BRACED = re.compile(r"\\[pPNxuUogk]\{[^}]*\}|\\[gk]<[^>]*>|\\.", re.DOTALL)
_ZERO_WIDTH_ESCAPES = set("bBAZzGmM")


def _nested_repeat(pattern: str) -> str | None:
    """A group repeated without bound that could match the same text in many ways, found by one scan."""
    stack = [_Group(False, 0)]
    last: _Atom | None = None  # the atom a quantifier would apply to
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        quantifier = None
        if c == "\\":
            m = _ESCAPE_BRACED.match(pattern, i)
            end = m.end() if m else n
            last = _Atom(loose=pattern[i + 1 : i + 2] in _ZERO_WIDTH_ESCAPES)
            stack[-1].alts[-1].append(last)
            i = end
            continue
        if c == "[":
            j = i + 1 + (pattern[i + 1 : i + 2] == "^")
            j += pattern[j : j + 1] == "]"
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            last = _Atom(loose=False)
            stack[-1].alts[-1].append(last)
            i = j + 1
            continue
        if c == "(":
            if m := _COMMENT.match(pattern, i + 1):
                i = m.end()
                continue
            m = _PREFIX.match(pattern, i + 1)
            prefix = m.group() if m else ""
            zero_width = prefix in {"?=", "?!", "?<=", "?<!"}
            i = i + 1 + len(prefix)
            stack.append(_Group(zero_width, i))
            last = None
            continue
        if c == ")" and len(stack) > 1:
            last = stack.pop().close(pattern, i)
            stack[-1].alts[-1].append(last)
            i += 1
            continue
        if c == "|":
            group = stack[-1]
            group.texts.append(pattern[group.start : i])
            group.start = i + 1
            group.alts.append([])
            last = None
            i += 1
            continue
        if c in "*+?":
            quantifier, i = (c != "?", True), i + 1
        elif c == "{" and (m := _COUNT.match(pattern, i)):
            low, high = m.group(1), m.group(2)
            bounded = "," not in m.group() or bool(high)
            quantifier, i = (not bounded, not bounded or low != high), m.end()
        else:
            last = _Atom(loose=c in "^$")
            stack[-1].alts[-1].append(last)
            i += 1
            continue
        if i < n and pattern[i] in "?+":  # lazy or possessive
            i += 1
        if last is None:
            continue
        unbounded, variable = quantifier
        if unbounded and last.ambiguous:
            return "a group repeated without bound holds only repeated or optional parts (catastrophic backtracking)"
        last.unbounded = last.unbounded or unbounded
        last.loose = last.loose or variable
    return None
