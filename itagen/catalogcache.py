"""The catalogs the last build read, parsed, so the next build need not parse them again.

Reading and validating the five shipped catalogs cost 90 ms of every build and `check`.
`.itagen-cache/catalogs.pickle` keeps, per catalog file, its bytes and the Catalog they gave
(pickled on its own), under the content cache's stamp (this code, this project, this very cache
folder) and read with its safe unpickler. The criteria loader gives a kept catalog only while
its file holds exactly those bytes, so an edited catalog is read afresh, with its errors
reported as always.
"""
from __future__ import annotations

import pickle
from pathlib import Path

from .cache import CATALOG_CACHE
from .criteria import loader
from .criteria.catalog import Catalog
from .loadcache import read_stamped, write_stamped
from .safepickle import safe_loads

NAME = CATALOG_CACHE


class CatalogCache:
    """Primed before the catalogs are read; saved after a build succeeded."""

    def __init__(self, folder: Path, root: Path):
        self.folder = folder
        self.root = root
        self.held: dict[tuple[str, str], bytes] = {}  # what the file holds: (file, rel) → bytes

    def prime(self) -> None:
        """Hand the loader each catalog in the file that this process has not read already
        (serve's rebuilds have them all): it gives one only if its file still has those bytes."""
        entries = read_stamped(self.folder, NAME, self.root)
        known = loader.remembered()
        for key, value in entries.items() if isinstance(entries, dict) else ():
            if not _well_formed(key, value):
                continue
            text, path = value[0], Path(key[0])
            if known.get((path, key[1]), (None,))[0] != text:
                catalog = _catalog(value[1])
                if catalog is None:
                    continue  # not held: the next save writes this catalog afresh
                loader.remember(path, key[1], text, catalog)
            self.held[key] = text

    def save(self) -> None:
        """Keep the catalogs this process read for this project (serve and tests build others),
        unless the file holds those already."""
        folders = (loader.SHIPPED_DIR, self.root / loader.PROJECT_DIR)
        read = {(str(path), rel): (text, catalog)
                for (path, rel), (text, catalog) in loader.remembered().items()
                if path.parent in folders}
        if {key: text for key, (text, _) in read.items()} == self.held:
            return
        try:
            payload = {key: (text, pickle.dumps(catalog, protocol=5))
                       for key, (text, catalog) in read.items()}
        except (pickle.PicklingError, TypeError, AttributeError):
            return
        write_stamped(self.folder, NAME, self.root, (), payload)


def _catalog(blob: bytes) -> Catalog | None:
    try:
        catalog = safe_loads(blob)
    except Exception:  # corrupt, or names a class that is not a catalog: never trust it
        return None
    return catalog if isinstance(catalog, Catalog) else None


def _well_formed(key, value) -> bool:
    """((file, rel), (bytes, pickled catalog)): anything else in a damaged file is left out."""
    return type(key) is tuple and len(key) == 2 and all(type(part) is str for part in key) \
        and type(value) is tuple and len(value) == 2 \
        and all(type(part) is bytes for part in value)
