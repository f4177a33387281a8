"""Pages unchanged since the last build are linked from it instead of rendered again.

A page's key is a digest of everything its rendering can read: itagen's code, every template's
source and the environment's settings, the page itself (URL, title, context, source object), its
"last updated" date, and the shared values its template reads. Which shared values a template
reads is found by parsing it and every template it extends, includes, imports or names (the
`once(...)` partials), so a menu edit changes the key of every page that shows the menu and no
other. A template that names its includes at run time, or reads the whole project or page list,
gives no key: its page is always rendered.

The manifest (JSON, never pickle: a cache found in a cloned project must not run code) records,
per output file, the key and the file's identity (device, inode, size, mtime). A page is reused
only when its key is unchanged and the file in the current output is still the one this build
wrote, untouched. The full-rebuild model stays: every page is planned and keyed on every build,
and what a reused file holds is what rendering it again would give.
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from .cache import package_fingerprint
from .render import template_names

FORMAT = 1
MANIFEST = "pages.json"
WHOLE_PROJECT = frozenset({"project", "all_pages"})  # too big to key: such pages always render


def environment_fingerprint(env: jinja2.Environment, settings: tuple) -> str:
    """Digest of what every page's rendering shares: code, libraries, templates, settings."""
    digest = hashlib.blake2b(repr((FORMAT, package_fingerprint(), settings)).encode(),
                             digest_size=20)
    for name in template_names(env):
        digest.update(name.encode() + b"\0" + env.loader.get_source(env, name)[0].encode())
    return digest.hexdigest()


def template_inputs(env: jinja2.Environment) -> dict[str, frozenset[str] | None]:
    """Per template, the variable names it and every template it uses may read; None when
    a template it uses is chosen at run time and so cannot be known here."""
    names = template_names(env)
    known = set(names)
    direct = {}
    parsed = getattr(env, "parsed", {})  # render._Environment keeps what compiling parsed
    for name in names:
        tree = parsed.get(name) or env.parse(env.loader.get_source(env, name)[0])
        used = set(meta.find_referenced_templates(tree))
        # once("partials/menu.html") and the like: any string naming a template counts as a use
        used |= {node.value for node in tree.find_all(nodes.Const)
                 if isinstance(node.value, str) and node.value in known}
        # Every name read, its own {% set %} ones too: more than it needs from the context,
        # never less, and a tenth of the time of meta.find_undeclared_variables.
        reads = {node.name for node in tree.find_all(nodes.Name) if node.ctx == "load"}
        direct[name] = (frozenset(reads), used)
    return {name: _closure(name, direct) for name in names}


def _closure(name: str, direct: dict) -> frozenset[str] | None:
    seen, todo, variables = set(), [name], set()
    while todo:
        current = todo.pop()
        if current is None or current not in direct:
            return None  # a dynamic or missing template: its reads are unknown
        if current in seen:
            continue
        seen.add(current)
        reads, uses = direct[current]
        variables |= reads
        todo.extend(uses)
    return frozenset(variables)


def digest_value(value) -> bytes:
    """A digest of a value that is equal for equal values in any process.

    Pickle spells values out completely (class names included); sets are sorted first because
    their order follows string hashing, which differs from process to process.
    """
    if isinstance(value, (set, frozenset)):
        value = (type(value).__name__, sorted(value, key=repr))
    return hashlib.blake2b(pickle.dumps(value, protocol=5), digest_size=16).digest()


class PageKeys:
    """Each page's key for one build, or None for a page that must always be rendered."""

    def __init__(self, fingerprint: str, inputs: dict[str, frozenset[str] | None], shared: dict):
        self.fingerprint = fingerprint
        self.inputs = inputs
        self.shared = shared
        self.by_template: dict[str, bytes | None] = {}
        self.shared_digests: dict[str, bytes] = {}

    def key(self, page, updated) -> str | None:
        base = self._template_part(page.template)
        if base is None:
            return None
        spelled = (page.url, page.template, page.title, page.context, page.source,
                   page.in_sitemap, updated)
        try:
            own = pickle.dumps(spelled, protocol=5)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None  # something that cannot be spelled out cannot be compared either
        return hashlib.blake2b(base + own, digest_size=20).hexdigest()

    def _template_part(self, template: str) -> bytes | None:
        if template not in self.by_template:
            reads = self.inputs.get(template)
            if reads is None or reads & WHOLE_PROJECT:
                self.by_template[template] = None
            else:
                parts = [self.fingerprint.encode(), template.encode()]
                for name in sorted(reads & self.shared.keys()):
                    parts += [name.encode(), self._shared_digest(name)]
                self.by_template[template] = b"\0".join(parts)
        return self.by_template[template]

    def _shared_digest(self, name: str) -> bytes:
        if name not in self.shared_digests:
            self.shared_digests[name] = digest_value(self.shared[name])
        return self.shared_digests[name]


# --------------------------------------------------------------------------- the manifest

FileId = tuple[int, int, int, int]  # device, inode, size, mtime in ns


class OutputCache:
    """What the last build into the same output left to reuse, and the record of this one."""

    def __init__(self, cache_dir: Path | None, output: Path, fingerprint: str,
                 inputs: dict[str, frozenset[str] | None], previous: dict[str, list]):
        self.cache_dir = cache_dir
        self.output = output
        self.fingerprint = fingerprint
        self.inputs = inputs
        self.previous = previous  # {output file: [key, *file id]}

    @classmethod
    def open(cls, env: jinja2.Environment, settings: tuple, cache_dir: Path | None,
             output: Path) -> OutputCache | None:
        """The cache for a build with this environment; None with no cache folder (--no-cache).

        The manifest counts only when it is about the same output, code and templates; the
        templates' reads are taken from it then, because parsing every template costs more.
        """
        if cache_dir is None:
            return None
        fingerprint = environment_fingerprint(env, settings)
        saved = _read_json(cache_dir / MANIFEST)
        valid = isinstance(saved, dict) and saved.get("format") == FORMAT \
            and saved.get("output") == str(output) and saved.get("fingerprint") == fingerprint
        try:
            inputs = {name: None if reads is None else frozenset(reads)
                      for name, reads in saved["inputs"].items()} if valid else None
            previous = dict(saved["files"]) if valid else {}
        except (AttributeError, KeyError, TypeError, ValueError):
            inputs, previous = None, {}
        return cls(cache_dir, output, fingerprint, inputs or template_inputs(env), previous)

    def keys(self, shared: dict) -> PageKeys:
        return PageKeys(self.fingerprint, self.inputs, shared)

    def group_key(self, inputs: tuple) -> str:
        """The key of files made from `inputs` alone (the data files)."""
        return hashlib.blake2b(self.fingerprint.encode() + digest_value(inputs),
                               digest_size=20).hexdigest()

    def reusable(self, rel: str, key: str | None) -> bool:
        """Whether the last build's `rel` was made with this key and is still untouched."""
        entry = self.previous.get(rel)
        if key is None or not isinstance(entry, list) or entry[:1] != [key]:
            return False
        return list(file_id(self.output / rel) or ()) == entry[1:]  # else edited or replaced

    def reuse(self, rel: str, key: str | None, target: Path) -> list | None:
        """Link the last build's file into the new site when `reusable`; the manifest entry for
        it, or None: the file must be made afresh."""
        if not self.reusable(rel, key):
            return None
        old, entry = self.output / rel, self.previous[rel]
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(old, target)  # the old site stays whole until the swap; no bytes are copied
        except OSError:
            return None  # a file system without hard links: render it instead
        return entry

    def save(self, files: dict[str, list]) -> None:
        """Write the manifest atomically; a failure to write only costs the next build its reuse."""
        saved = {"format": FORMAT, "output": str(self.output), "fingerprint": self.fingerprint,
                 "inputs": {name: None if reads is None else sorted(reads)
                            for name, reads in self.inputs.items()},
                 "files": files}
        try:
            self.cache_dir.mkdir(exist_ok=True)
            temp = self.cache_dir / f"{MANIFEST}.tmp{os.getpid()}"
            temp.write_text(json.dumps(saved, ensure_ascii=False, sort_keys=True),
                            encoding="utf-8")
            os.replace(temp, self.cache_dir / MANIFEST)
        except OSError:
            pass


RACY_NS = 2_000_000_000  # a file changed this recently may change again unseen: no copy key


def copy_key(source: Path) -> str | None:
    """The key of a file copied as it is (an attachment, a static asset): its source's identity.

    None for a source changed in the last two seconds: file times move in clock ticks, so a
    second change within the same tick (with the same size) would keep this identity (git's
    "racily clean" rule). Such a file is copied on every build until it has been still a while.
    """
    try:
        info = os.stat(source)
    except OSError:
        return None
    if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) < RACY_NS:
        return None
    # ctime too: `cp -p` over a file keeps its inode and sets an old mtime, never an old ctime
    return f"copy {info.st_dev} {info.st_ino} {info.st_size} {info.st_mtime_ns} {info.st_ctime_ns}"


def entry_for(key: str | None, target: Path) -> list | None:
    """The manifest entry of a file just written, or None for a page with no key."""
    identity = file_id(target) if key is not None else None
    return [key, *identity] if identity else None


def file_id(path: Path) -> FileId | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _read_json(path: Path):
    try:
        with open(path, encoding="utf-8") as stream:
            return json.load(stream)
    except (OSError, ValueError):  # missing or cut short: as if there were none
        return None
