"""The links inside the site that content gives (a URL starting with '/'), found by walking it.

The loader notes each content file's links on its object (`Model._links`), in its own worker
and kept by the content cache, so a build's link check (links.py) need not walk thousands of
objects again in the parent: it walks an object only to report a link that leads nowhere.
"""
from __future__ import annotations

import dataclasses
import functools
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Callable, Iterator

from .schema import Model, field_types, value_kind
from .values import Url

# Field types that can never hold a Url: walking them (every title, date and news body of a big
# project) was most of the link check's time.
_LEAF_TYPES = (str, int, float, bool, Decimal, date, Path)


def internal_urls(value, owner: Model | None = None, name: str = "",
                  all_lead: Callable[[tuple[str, ...]], bool] | None = None
                  ) -> Iterator[tuple[Model, str, str]]:
    """(model, field name, url) for every link that starts with '/' anywhere in `value`.

    With `all_lead`, an object whose links the loader noted is passed over when
    `all_lead(its links)` says every one of them leads somewhere."""
    if isinstance(value, Url):
        if value.startswith("/") and owner is not None:
            yield owner, name, value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from internal_urls(item, owner, name, all_lead)
    elif isinstance(value, dict):
        for item in value.values():
            yield from internal_urls(item, owner, name, all_lead)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        model = value if isinstance(value, Model) else owner
        if all_lead is not None and model is value and value._links is not None \
                and all_lead(value._links):
            return
        for field_name in _fields_to_walk(type(value)):
            yield from internal_urls(getattr(value, field_name), model, field_name, all_lead)


def links_of(obj: Model) -> tuple[str, ...]:
    """Every internal link inside a loaded object, once each, in the order found."""
    return tuple(dict.fromkeys(url for _, _, url in internal_urls(obj)))


@functools.lru_cache(maxsize=None)
def _fields_to_walk(cls: type) -> tuple[str, ...]:
    """The fields of a model that may hold a Url, directly or inside: all but plain values."""
    hints = field_types(cls)
    return tuple(fl.name for fl in dataclasses.fields(cls)
                 if not fl.name.startswith("_") and fl.name not in ("root", "config")
                 and not _is_leaf(hints.get(fl.name)))


def _is_leaf(tp) -> bool:
    kind, arg = value_kind(tp)  # Optional[X] is X; a missing hint (None) is walked
    return kind == "choice" or (kind == "scalar" and isinstance(arg, type)
                                and issubclass(arg, _LEAF_TYPES) and not issubclass(arg, Url))
