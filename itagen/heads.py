"""Content objects made from their head, the rest read from their pickle on first use.

A build reads few fields of most news posts: planning, the ITA check, the link check and the
list pages read the title, date, category, summary and slug; a post's own page and the feed
read the rest, and a warm build renders none of them. Unpickling every post whole cost a warm
build of 4,465 posts 0.1 s. So a model class may name its `_head`: those fields are kept apart
(`head_of`), as plain values inside the content cache's index, and a warm build makes the object
from them alone (`from_head`). Its class is then a subclass in which each other attribute it had
is a descriptor that unpickles the whole object, on first use (in whichever process uses it),
and turns it into an instance of the model class itself.

Equality, repr and pickling see the whole object: they load it first. An attribute the object
never had (`updated` on a post) is looked up as on the model class, without loading. A pickle
that does not read back then (its CRC is not the one noted with it: a byte changed on disk, or a
file made to look like a cache's) raises DamagedCache, and the build runs again without the
cache (`load.again_without_saved_content`).
"""
from __future__ import annotations

import functools
import zlib
from datetime import date

from .safepickle import safe_loads
from .model.schema import Model

_BLOB = "_head_blob"  # where a headed object keeps its pickle, and its CRC, until it is loaded

# (model class, {field: value} of the head, names of its other attributes, findings, attachments,
# names of the head's dates, kept as day numbers)
Head = tuple


def head_of(result: tuple) -> Head | None:
    """The head of a loading result (object, findings, attachments); None for an object whose
    class names no head. Plain values: it travels and is kept inside bigger pickles. A date is
    kept as its day number: pickling 4,465 posts' dates cost 14 ms of the 21 ms their heads
    took (a date pickles by calling its class), day numbers less than 1 ms."""
    obj = result[0]
    names = getattr(type(obj), "_head", None) if obj is not None else None
    if not names:
        return None
    state = vars(obj)
    head = {name: state[name] for name in names if name in state}
    dated = tuple(name for name, value in head.items() if type(value) is date)
    for name in dated:
        head[name] = head[name].toordinal()
    rest = tuple(name for name in state if name not in head)
    return (type(obj), head, rest, result[1], result[2], dated)


def from_head(head: Head, blob, check: int) -> tuple | None:
    """The loading result a head stands for, its object made from the head: its pickle, `blob`,
    with its CRC `check`, is read when another attribute is used. None when it is not a head."""
    if type(head) is not tuple or len(head) != 6:
        return None
    cls, state, rest, findings, attachments, dated = head
    headed = _headed(cls, rest) if type(rest) is tuple else None
    if headed is None or type(state) is not dict or not state.keys() <= headed._head_names \
            or type(findings) is not list or type(attachments) is not set \
            or type(dated) is not tuple or not all(type(state.get(n)) is int for n in dated):
        return None
    obj = object.__new__(headed)
    vars(obj).update(state)
    for name in dated:
        setattr(obj, name, date.fromordinal(state[name]))
    setattr(obj, _BLOB, (blob, check))
    return obj, findings, attachments


@functools.lru_cache(maxsize=None)
def _headed(cls, rest: tuple) -> type | None:
    """`cls` with each of `rest` a descriptor that loads the whole object; None unless `cls` is
    a model class with a head and `rest` names attributes (checked once a class)."""
    if not (isinstance(cls, type) and issubclass(cls, Model) and getattr(cls, "_head", None)
            and all(type(name) is str for name in rest)):
        return None
    namespace = {name: _Loads(name) for name in rest}
    namespace.update(_load=_load, __eq__=_eq, __reduce_ex__=_reduce_ex, __hash__=None,
                     __module__=cls.__module__, __qualname__=cls.__qualname__,
                     _head_names=frozenset(cls._head) - set(rest))
    return type(cls.__name__, (cls,), namespace)


class _Loads:
    """A non-data descriptor: once loaded, the instance's own value is found before it."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:  # looked up on the class: the model class's own attribute
            return getattr(owner.__mro__[1], self.name)
        obj._load()
        return getattr(obj, self.name)


class DamagedCache(Exception):
    """A post's pickle did not read back when used (a byte changed on disk since, or a file
    made to look like a cache's): the build or check runs again without the cache."""


def _load(self) -> None:
    """Unpickle the whole object into this one, and make it an instance of the model class."""
    state = vars(self)
    blob, check = state.pop(_BLOB)
    try:
        blob = bytes(blob)  # still in the cache file (loadcache.StoredPickle): read now
        if zlib.crc32(blob) != check:
            raise ValueError("its CRC is not the one noted")
        whole = safe_loads(blob)[0]
        if type(whole) is not type(self).__mro__[1]:
            raise ValueError(f"it holds a {type(whole).__name__}")
    except Exception as exc:
        raise DamagedCache(f"{state.get('_file', '?')}: {exc}") from None
    kept = dict(state)  # the head's values are the whole object's; `_digest` is only here
    state.clear()
    state.update(vars(whole))  # in the whole object's order, as a pickle of it spells it out
    state.update((name, value) for name, value in kept.items() if name not in state)
    self.__class__ = type(whole)


def _eq(self, other) -> bool:
    self._load()
    return self == other


def _reduce_ex(self, protocol):
    self._load()
    return self.__reduce_ex__(protocol)

