"""Unpickling that builds only content: itagen's model and catalog classes and a few plain
standard types. `find_class` refuses every other name, so a pickle cannot call anything that
acts (loadcache.py, catalogcache.py and heads.py read their pickles with it); `plain_loads`
builds no class at all."""
from __future__ import annotations

import io
import pickle
import sys

_ALLOWED_MODULES = ("itagen.model.", "itagen.errors", "itagen.criteria.catalog")
_ALLOWED = {("datetime", "date"), ("decimal", "Decimal"), ("builtins", "set"),
            ("builtins", "frozenset"), ("pathlib", "PosixPath"), ("pathlib", "WindowsPath")}


class SafeUnpickler(pickle.Unpickler):
    allowed: dict[tuple[str, str], type] = {}  # names found allowed so far, for speed

    def find_class(self, module: str, name: str):
        found = self.allowed.get((module, name))
        if found is not None:
            return found
        ours = module.startswith(_ALLOWED_MODULES) and module in sys.modules
        if (module, name) in _ALLOWED or (ours and "." not in name and not name.startswith("_")):
            found = super().find_class(module, name)
            # a class itagen defines there (not one it imported), or a listed standard type
            if isinstance(found, type) and (found.__module__ == module or not ours):
                self.allowed[(module, name)] = found
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not content")


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name}: only plain values are read here")


def plain_loads(blob: bytes):
    """Unpickle `blob` holding plain values only (dicts, lists, tuples, strings, numbers, None,
    booleans, bytes): a pickle naming any class or function is refused (outputcache's
    manifest)."""
    return _PlainUnpickler(io.BytesIO(blob)).load()


def safe_loads(blob: bytes):
    """Unpickle `blob` building only itagen's model and catalog classes and the plain types
    allowed above; raises on anything else."""
    return SafeUnpickler(io.BytesIO(blob)).load()
