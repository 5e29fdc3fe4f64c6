"""The rules version: a short hash of the cue tables and every pattern and constant of the rules.

It is derived, never typed: change a cue, a weight, a word list or a date pattern and the version
(and so ``Classifier.model_version``) changes with it, so new output is never stored under an
old version. A cue's purpose and examples are documentation and do not count.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import re
from collections.abc import Mapping
from dataclasses import fields
from enum import Enum
from functools import cache
from typing import Final

from classify.cues.spec import Cue

# Every module whose module-level patterns and constants shape a triage.
RULE_MODULES: Final = (
    "classify.cues",
    "classify.cues.vocabulary",
    "classify.cues.appeal",
    "classify.cues.near_misses",
    "classify.cues.exclusion",
    "classify.cues.discrimination",
    "classify.cues.delay",
    "classify.cues.safeguarding",
    "classify.cues.stages",
    "classify.rules",
    "classify.scoring",
    "classify.routing",
    "classify.stance",
    "classify.clockstart",
    "classify.dates",
    "classify.deadlines",
    "classify.facts",
    "classify.preprocess",
)
_CONSTANT_NAME: Final = re.compile(r"_?[A-Z][A-Z0-9_]*")
_DOCUMENTATION: Final = frozenset({"purpose", "fires_on", "not_on"})


class _NotData(Exception):
    """A value with no stable content to hash (a function, a time zone, a compiled matcher)."""


def _canonical(value: object) -> object:
    """``value`` as plain JSON data whose text is the same in every process."""
    if isinstance(value, Enum):
        value = value.value
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, re.Pattern):
        return ["re", value.pattern, int(value.flags)]
    if isinstance(value, Cue):
        return ["cue", *(_canonical(getattr(value, f.name)) for f in fields(value)
                         if f.name not in _DOCUMENTATION)]
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted((_canonical(item) for item in value), key=json.dumps)
    if isinstance(value, Mapping):
        return sorted(([_canonical(k), _canonical(v)] for k, v in value.items()), key=json.dumps)
    raise _NotData(type(value).__name__)


def rules_content() -> list[object]:
    """What the rules version is a hash of: each rule module's constants, by name."""
    content: list[object] = []
    for module_name in RULE_MODULES:
        module = importlib.import_module(module_name)
        for name, value in sorted(vars(module).items()):
            if not _CONSTANT_NAME.fullmatch(name):
                continue
            try:
                content.append([module_name, name, _canonical(value)])
            except _NotData:
                continue
    return content


def digest(content: list[object]) -> str:
    """Ten hex digits of the SHA-256 of ``content`` as compact JSON."""
    text = json.dumps(content, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:10]


@cache
def rules_version() -> str:
    """The digest of ``rules_content``: computed once per process."""
    return digest(rules_content())
