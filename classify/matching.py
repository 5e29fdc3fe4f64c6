"""Many regular expressions run over one text at once, each giving exactly its own matches.

Running a few hundred patterns one after another over an email costs a full scan each, though
most of them cannot match: the words they need are not there. ``PatternSet`` reads each pattern
once (with the ``re`` module's own parser) for

- the strings every match of it starts with (its prefixes), or else
- strings one of which every match contains (its required literals),

and finds all of them in the text in one Aho-Corasick pass. A pattern with prefixes is then
tried only where one of them occurs, and one with required literals only when one of them
occurs. ``PatternSet.matches`` returns, for every pattern, the same matches as
``list(pattern.finditer(text))``: candidate positions are never fewer than the places a match
can start, they are tried in order, and the next try starts where the last match ended, as
``finditer`` does. A pattern the reading cannot bound (or that can match the empty string) is
simply scanned in full. The reading of the patterns the package ships is kept, worked out
ahead, in ``pattern_plans.json`` (see ``PLAN_CACHE``).
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

import ahocorasick

# ``re``'s own parser: the same reading of a pattern the engine compiles. Private, so typed as
# Any and imported by name; a construct it does not know makes a pattern unbounded (scanned).
_PARSER: Any = importlib.import_module("re._parser")
_OPS: Any = importlib.import_module("re._constants")

# How many alternative strings a node may stand for before it is treated as unknown: enough
# for "refus(?:e|ed|es|ing|al)" crossed with a few spellings, small enough to stay cheap.
EXACT_LIMIT: Final = 48
PREFIX_LIMIT: Final = 4 * EXACT_LIMIT
CHARSET_LIMIT: Final = 12
# \d is any Unicode decimal digit; read as 0-9 only for a text with no other digit in it.
ASCII_DIGITS: Final = frozenset("0123456789")
_OTHER_DIGIT: Final = re.compile(r"(?![0-9])\d")

Strings = frozenset[str]


class _Unbounded(Exception):
    """A pattern the reading cannot bound: it is scanned in full."""


@dataclass(frozen=True)
class _Node:
    """What is known of the strings a piece of pattern matches."""

    exact: Strings | None  # every string it can match, when there are few
    required: Strings | None  # one of these occurs in every match (no empty string)
    digits: bool = False  # the sets above read \d as 0-9


_EMPTY: Final = _Node(frozenset({""}), None)
_UNKNOWN: Final = _Node(None, None)


def _rank(strings: Strings | None) -> tuple[int, int]:
    """How selective a set is: its shortest string, then fewer strings. Useless sets rank -1."""
    if not strings or "" in strings:
        return (-1, 0)
    return (min(map(len, strings)), -len(strings))


def _better(first: Strings | None, second: Strings | None) -> Strings | None:
    return first if _rank(first) >= _rank(second) else second


def _useful(strings: Strings | None) -> Strings | None:
    return strings if _rank(strings)[0] > 0 else None


def _cross(first: Strings | None, second: Strings | None, limit: int = EXACT_LIMIT
           ) -> Strings | None:
    if first is None or second is None or len(first) * len(second) > limit:
        return None
    return frozenset(a + b for a in first for b in second)


def _charset(items: Sequence[tuple[Any, Any]]) -> tuple[Strings | None, bool]:
    """The characters a small ``[...]`` class (or ``\\d``) matches, and whether \\d was read."""
    chars: set[str] = set()
    digits = False
    for op, arg in items:
        if op is _OPS.LITERAL:
            chars.add(chr(arg))
        elif op is _OPS.RANGE and arg[1] - arg[0] < CHARSET_LIMIT:
            chars.update(chr(code) for code in range(arg[0], arg[1] + 1))
        elif op is _OPS.CATEGORY and arg is _OPS.CATEGORY_DIGIT:
            chars.update(ASCII_DIGITS)
            digits = True
        else:
            return None, False
    return frozenset(chars), digits


def _repeat_ops() -> tuple[Any, ...]:
    return tuple(getattr(_OPS, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
                 if hasattr(_OPS, name))


def _read(op: Any, arg: Any) -> _Node:
    """What one parsed node matches (remembered per node while one pattern is read)."""
    key = (id(op), id(arg)) if isinstance(arg, list | tuple) or hasattr(arg, "data") else None
    seen = _seen_nodes()
    if key is not None and key in seen:
        return seen[key]
    node = _read_uncached(op, arg)
    if key is not None:
        seen[key] = node
    return node


# Nodes already read, by identity, for the pattern being planned (cleared for each pattern).
_SEEN: Final = threading.local()


def _seen_nodes() -> dict[tuple[int, int], _Node]:
    nodes: dict[tuple[int, int], _Node] = _SEEN.__dict__.setdefault("nodes", {})
    return nodes


def _read_uncached(op: Any, arg: Any) -> _Node:
    reader = _READERS.get(op)
    if reader is None:
        raise _Unbounded(f"unknown node {op}")
    return reader(arg)


def _read_literal(code: int) -> _Node:
    return _Node(frozenset({chr(code)}), None)


def _read_class(items: Sequence[tuple[Any, Any]]) -> _Node:
    chars, digits = _charset(items)
    return _Node(chars, None, digits) if chars else _UNKNOWN


def _read_zero_width(_arg: Any) -> _Node:
    return _EMPTY  # a boundary or a look-around: nothing of the text is consumed


def _read_group(arg: tuple[Any, int, int, Any]) -> _Node:
    _group, add_flags, del_flags, items = arg
    if add_flags or del_flags:
        raise _Unbounded("inline flags")
    return _read_sequence(items)


def _read_repeat(arg: tuple[int, int, Any]) -> _Node:
    low, high, items = arg
    inner = _read_sequence(items)
    if low == 0:
        exact = inner.exact | {""} if high == 1 and inner.exact is not None else None
        return _Node(exact, None, inner.digits)
    exact = inner.exact if low == high == 1 else None
    return _Node(exact, _better(inner.required, inner.exact), inner.digits)


def _read_unknown(_arg: Any) -> _Node:
    return _UNKNOWN  # any character, a class too wide to list, a back-reference


def _read_branch(alternatives: Sequence[Any]) -> _Node:
    nodes = [_read_sequence(items) for items in alternatives]
    digits = any(node.digits for node in nodes)
    exact: Strings | None = None
    if all(node.exact is not None for node in nodes):
        union = frozenset().union(*(node.exact or () for node in nodes))
        exact = union if len(union) <= EXACT_LIMIT else None
    # Every alternative must contain one of its own strings: the union is then required.
    each = [_better(node.required, node.exact) for node in nodes]
    required: Strings | None = None
    if all(_rank(strings)[0] > 0 for strings in each):
        union = frozenset().union(*(strings or () for strings in each))
        required = union if len(union) <= PREFIX_LIMIT else None
    return _Node(exact, _better(required, _useful(exact)), digits)


def _joined_literals(items: Iterable[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """``items`` with each run of plain characters as one ``(None, "text")`` item."""
    out: list[tuple[Any, Any]] = []
    for op, arg in items:
        if op is _OPS.LITERAL:
            if out and out[-1][0] is None:
                out[-1] = (None, out[-1][1] + chr(arg))
            else:
                out.append((None, chr(arg)))
        else:
            out.append((op, arg))
    return out


def _read_sequence(items: Iterable[tuple[Any, Any]]) -> _Node:
    """A concatenation: runs of exactly known neighbours joined, else the best part's strings."""
    run: Strings | None = frozenset({""})
    whole: Strings | None = frozenset({""})
    best: Strings | None = None
    digits = False
    for op, arg in _joined_literals(items):
        node = _Node(frozenset({arg}), None) if op is None else _read(op, arg)
        digits = digits or node.digits
        best = _better(best, node.required)
        whole = _cross(whole, node.exact)
        if node.exact is None:
            best, run = _better(best, run), frozenset({""})
            continue
        joined = _cross(run, node.exact)
        if joined is None:
            best, run = _better(best, run), node.exact
        else:
            run = joined
    return _Node(whole, _useful(_better(best, run)), digits)


# How each kind of parsed node is read (by re's opcode).
_READERS: Final[dict[Any, Callable[[Any], _Node]]] = {
    **{getattr(_OPS, name): reader for names, reader in (
        (("LITERAL",), _read_literal),
        (("IN",), _read_class),
        (("AT", "ASSERT", "ASSERT_NOT"), _read_zero_width),
        (("SUBPATTERN",), _read_group),
        (("ATOMIC_GROUP",), _read_sequence),
        (("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"), _read_repeat),
        (("ANY", "NOT_LITERAL", "GROUPREF", "GROUPREF_EXISTS", "CATEGORY"), _read_unknown),
    ) for name in names if hasattr(_OPS, name)},
    _OPS.BRANCH: lambda arg: _read_branch(arg[1]),
}


def _prefixes_of(items: Sequence[tuple[Any, Any]]) -> Strings | None:
    """Strings every match of the sequence ``items`` starts with, or None."""
    found: Strings = frozenset({""})
    items = _joined_literals(items)
    for index, (op, arg) in enumerate(items):
        node = _Node(frozenset({arg}), None) if op is None else _read(op, arg)
        if node.exact is not None:
            joined = _cross(found, node.exact, PREFIX_LIMIT)
            if joined is None:
                break
            found = joined
            continue
        if op in _repeat_ops() and arg[0] == 0 and arg[1] == 1:
            # An optional part: a match starts with it or with what follows it.
            with_it = _prefixes_of([*arg[2], *items[index + 1:]])
            without = _prefixes_of(items[index + 1:])
            both = with_it | without if with_it is not None and without is not None else None
            joined = _cross(found, both, PREFIX_LIMIT)
            return _useful(joined) if joined is not None else _useful(found)
        inner = _prefixes_of_node(op, arg)
        joined = _cross(found, inner, PREFIX_LIMIT)
        found = joined if joined is not None else found
        break
    return None if "" in found else found


def _prefixes_of_node(op: Any, arg: Any) -> Strings | None:
    if op is _OPS.SUBPATTERN:
        return _prefixes_of(list(arg[3]))
    if op is getattr(_OPS, "ATOMIC_GROUP", None):
        return _prefixes_of(list(arg))
    if op is _OPS.BRANCH:
        sets = [_prefixes_of(list(items)) for items in arg[1]]
        if any(strings is None for strings in sets):
            return None
        union = frozenset().union(*(strings or () for strings in sets))
        return union if len(union) <= PREFIX_LIMIT else None
    if op in _repeat_ops() and arg[0] >= 1:
        return _prefixes_of(list(arg[2]))
    return None


@dataclass(frozen=True)
class _Plan:
    """How one pattern is run: where it may start, what it needs, whether \\d was read 0-9."""

    prefixes: Strings | None
    required: Strings | None
    digits: bool


def plan_for(source: str, flags: int = 0) -> _Plan:
    """How the pattern ``source`` (with ``flags``) is run: prefixes, else required literals,
    else a full scan."""
    if flags & (re.IGNORECASE | re.LOCALE):
        return _Plan(None, None, False)  # the literals would have to be case-folded
    _seen_nodes().clear()
    try:
        parsed = _PARSER.parse(source, flags)
        if parsed.getwidth()[0] == 0:
            return _Plan(None, None, False)  # an empty match would need finditer's own rules
        items = list(parsed)
        node = _read_sequence(items)
        prefixes = _prefixes_of(items)
    except (_Unbounded, RecursionError):
        return _Plan(None, None, False)
    finally:
        _seen_nodes().clear()
    required = _useful(_better(node.required, node.exact))
    if required == prefixes:
        required = None  # the prefixes already say it
    return _Plan(prefixes, required, node.digits)


# Plans worked out ahead for the patterns the package ships (the cue alternatives and the date
# forms): reading them all costs ~0.1 s, at every start-up of every process that classifies.
# Keyed by pattern, and valid only for this module's exact source; a pattern missing from it
# is read as usual. Rewrite it after changing a cue or a date form (a test says when):
#     .venv/bin/python -m classify.matching
PLAN_CACHE: Final = Path(__file__).with_name("pattern_plans.json")


def pattern_key(source: str, flags: int = 0) -> str:
    """A short stable key of a pattern's text and flags."""
    return hashlib.sha256(f"{flags}:{source}".encode()).hexdigest()[:20]


@cache
def analysis_digest() -> str:
    """A digest of this module's source: plans read by other code are not reused."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:20]


def _plan_as_data(plan: _Plan) -> list[object]:
    return [sorted(plan.prefixes) if plan.prefixes is not None else None,
            sorted(plan.required) if plan.required is not None else None, plan.digits]


def _plan_from_data(data: list[Any]) -> _Plan:
    prefixes, required, digits = data
    return _Plan(frozenset(prefixes) if prefixes is not None else None,
                 frozenset(required) if required is not None else None, bool(digits))


@cache
def cached_plans(path: Path = PLAN_CACHE) -> dict[str, _Plan]:
    """The plans in ``path`` when they were worked out by this very module, else none."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("analysis") != analysis_digest():
            return {}
        return {key: _plan_from_data(plan) for key, plan in data["plans"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # no usable cache: every pattern is read, which is only slower


def plans_as_json(patterns: Iterable[tuple[str, int]]) -> str:
    """The cache file's text for ``patterns`` (source, flags), each read afresh: one a line."""
    keyed = {pattern_key(*pattern): pattern for pattern in patterns}
    lines = [f"{json.dumps(key)}: {json.dumps(_plan_as_data(plan_for(*keyed[key])))}"
             for key in sorted(keyed)]
    return (f'{{"analysis": {json.dumps(analysis_digest())}, "plans": {{\n'
            + ",\n".join(lines) + "\n}}\n")


class PatternSet:
    """Patterns that run together over one text; see the module docstring.

    Made from pattern sources (all with the same ``flags``); each is compiled the first time a
    text may hold a match of it, so a process that reads a few emails compiles few of them.
    """

    def __init__(self, sources: Sequence[str], flags: int = 0) -> None:
        self.sources = tuple(sources)
        self.flags = flags
        self._compiled: list[re.Pattern[str] | None] = [None] * len(self.sources)
        known = cached_plans()
        self.plans = tuple(known.get(pattern_key(source, flags)) or plan_for(source, flags)
                           for source in self.sources)
        self._automaton = ahocorasick.Automaton()
        # literal -> the patterns it is a prefix of, and those it is required by
        prefix_of: dict[str, list[int]] = defaultdict(list)
        required_by: dict[str, list[int]] = defaultdict(list)
        for index, plan in enumerate(self.plans):
            for literal in plan.prefixes or ():
                prefix_of[literal].append(index)
            for literal in plan.required or ():
                required_by[literal].append(index)
        literals = prefix_of.keys() | required_by.keys()
        for literal in literals:
            self._automaton.add_word(literal, (
                len(literal), tuple(prefix_of.get(literal, ())),
                tuple(required_by.get(literal, ())),
            ))
        if literals:
            self._automaton.make_automaton()
        self._has_literals = bool(literals)
        self._scanned = frozenset(i for i, plan in enumerate(self.plans)
                                  if plan.prefixes is None and plan.required is None)
        self._read_digits = frozenset(i for i, plan in enumerate(self.plans) if plan.digits)

    def pattern(self, index: int) -> re.Pattern[str]:
        """The compiled pattern ``index`` (compiled on first use)."""
        compiled = self._compiled[index]
        if compiled is None:
            compiled = self._compiled[index] = re.compile(self.sources[index], self.flags)
        return compiled

    def matches(self, text: str) -> dict[int, list[re.Match[str]]]:
        """The patterns that match ``text``, by index in ascending order, each with exactly
        ``list(pattern.finditer(text))``; a pattern that does not match is left out."""
        starts: defaultdict[int, list[int]] = defaultdict(list)
        present: set[int] = set()
        if self._has_literals:
            for end, (length, prefix_of, required_by) in self._automaton.iter(text):
                present.update(required_by)
                for index in prefix_of:
                    starts[index].append(end - length + 1)
        scan = set(self._scanned)
        if self._read_digits and not text.isascii() and _OTHER_DIGIT.search(text):
            scan |= self._read_digits  # \d may match a digit other than 0-9 here
        found: dict[int, list[re.Match[str]]] = {}
        for index in sorted(scan.union(starts, present)):
            plan = self.plans[index]
            if index in scan or plan.prefixes is None:
                matches = list(self.pattern(index).finditer(text))
            elif plan.required is not None and index not in present:
                continue
            else:
                matches = _match_at(self.pattern(index), text, starts.get(index, ()))
            if matches:
                found[index] = matches
        return found


def _match_at(pattern: re.Pattern[str], text: str, candidates: Iterable[int]
              ) -> list[re.Match[str]]:
    """``finditer``'s matches when every match starts at one of ``candidates``: each search
    resumes where the last match ended (the pattern never matches the empty string)."""
    matches: list[re.Match[str]] = []
    resume = 0
    for start in sorted(set(candidates)):
        if start < resume:
            continue
        match = pattern.match(text, start)
        if match is not None:
            matches.append(match)
            resume = match.end()
    return matches


def main() -> int:
    """Rewrite the plan cache for the cue alternatives and the date forms."""
    from classify import dates, rules  # noqa: PLC0415 - they import this module

    patterns = [*rules.cue_patterns(), *dates.form_patterns()]
    PLAN_CACHE.write_text(plans_as_json(patterns), encoding="utf-8")
    print(f"wrote the plans of {len(set(patterns))} patterns to {PLAN_CACHE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
