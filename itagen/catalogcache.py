"""The catalogs the last build read, parsed, so the next build need not parse them again.

Reading and validating the five shipped catalogs cost 90 ms of every build and `check`.
`.itagen-cache/catalogs.pickle` keeps, per catalog file, its bytes and the Catalog they gave,
under the content cache's stamp (this code, this project, this very cache folder) and read with
its safe unpickler. The criteria loader gives a kept catalog only while its file holds exactly
those bytes, so an edited catalog is read afresh, with its errors reported as always.
"""
from __future__ import annotations

import pickle
from pathlib import Path

from .criteria import loader
from .criteria.catalog import Catalog
from .loadcache import read_stamped, write_stamped

NAME = "catalogs.pickle"


class CatalogCache:
    """Primed before the catalogs are read; saved after a build succeeded."""

    def __init__(self, folder: Path, root: Path):
        self.folder = folder
        self.root = root
        self.primed: dict[tuple[str, str], bytes] = {}  # what the file held: (file, rel) → bytes

    def prime(self) -> None:
        """Hand the loader every catalog in the cache file, to check against its file's bytes."""
        entries = read_stamped(self.folder, NAME, self.root)
        if not isinstance(entries, dict):
            return
        for key, value in entries.items():
            if _well_formed(key, value):
                path, rel = key
                text, catalog = value
                loader.remember(Path(path), rel, text, catalog)
                self.primed[key] = text

    def save(self) -> None:
        """Keep the catalogs this process read for this project (serve and tests build others),
        unless they are those the file already holds."""
        folders = (loader.SHIPPED_DIR, self.root / loader.PROJECT_DIR)
        entries = {(str(path), rel): (text, catalog)
                   for (path, rel), (text, catalog) in loader.remembered().items()
                   if path.parent in folders}
        if {key: text for key, (text, _) in entries.items()} == self.primed:
            return
        try:
            payload = pickle.dumps(entries, protocol=5)
        except (pickle.PicklingError, TypeError, AttributeError):
            return
        write_stamped(self.folder, NAME, self.root, (), payload)


def _well_formed(key, value) -> bool:
    return type(key) is tuple and len(key) == 2 and all(type(part) is str for part in key) \
        and type(value) is tuple and len(value) == 2 and type(value[0]) is bytes \
        and isinstance(value[1], Catalog)
