"""Pages unchanged since the last build are linked from it instead of rendered again.

A page's key is a digest of everything its own part can read: itagen's code, every template's
source and the environment's settings, the page itself (URL, title, context, source object), its
"last updated" date, and the shared values its template reads. Which shared values a template
reads is found by parsing it and every template it extends, includes or imports, down to the
attribute (`agency.name` is one value, `agency.phone` another). The partials base.html shows
through `once(...)` (header, menu, footer) are keyed on their own, by name, args and what they
read: when only a partial changed, the last build's file gets the new partial spliced in
(pageparts) instead of the page being rendered again. A template that names its includes at run
time, or reads the whole project or page list, gives no key: its page is always rendered.

The manifest (JSON, never pickle: a cache found in a cloned project must not run code) records,
per output file, the key and the file's identity (device, inode, size, mtime), and per page where
its partials are. A file is reused only when its key is unchanged and the file in the current
output is still the one this build wrote, untouched. The full-rebuild model stays: every page is
planned and keyed on every build, and what a reused file holds is what rendering it again would
give.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import time
from datetime import date
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from .cache import package_fingerprint, settled
from .model.schema import Model
from .render import template_names
from .safepickle import plain_loads
from .writer import make_parent

FORMAT = 3  # 2: reads by attribute, partials spliced; 3: pickled (JSON took 10 ms a way)
MANIFEST = "pages.pickle"  # plain values only (safepickle.plain_loads)
WHOLE_PROJECT = frozenset({"project", "all_pages"})  # too big to key: such pages always render


def environment_fingerprint(env: jinja2.Environment, settings: tuple) -> str:
    """Digest of what every page's rendering shares: code, libraries, templates, settings.
    Worked out once per environment and settings (render._Environment keeps it)."""
    known = getattr(env, "fingerprints", {})
    if settings not in known:
        digest = hashlib.blake2b(repr((FORMAT, package_fingerprint(), settings)).encode(),
                                 digest_size=20)
        for name in template_names(env):
            digest.update(name.encode() + b"\0" + env.loader.get_source(env, name)[0].encode())
        known[settings] = digest.hexdigest()
    return known[settings]


Reads = frozenset[str]  # "agency" (the whole value) or "agency.phone" (one attribute of it)
Inputs = tuple[Reads | None, Reads | None, bool]
# Where a template can take output and change it before it is shown (a filter on a block, a
# macro's or a call block's output, a block set): a placeholder there might not stay as it is.
CAPTURING = (nodes.FilterBlock, nodes.AssignBlock, nodes.CallBlock, nodes.Macro)


def template_inputs(env: jinja2.Environment) -> dict[str, Inputs]:
    """Per template: what its own part reads; what it reads with the partials it names; and
    whether its partials can be spliced (pageparts).

    The reads are the variable names it and every template it extends, includes or imports may
    read, and with the partials also the templates it names (the `once(...)` partials); None
    when a template it uses is chosen at run time and so cannot be known here.
    """
    names = template_names(env)
    known = set(names)
    direct = {}
    parsed = getattr(env, "parsed", {})  # render._Environment keeps what compiling parsed
    for name in names:
        tree = parsed.get(name) or env.parse(env.loader.get_source(env, name)[0])
        used = set(meta.find_referenced_templates(tree))
        every = _every_node(tree)
        # once("partials/menu.html") and the like: any string naming a template
        named = {node.value for node in every if isinstance(node, nodes.Const)
                 and isinstance(node.value, str) and node.value in known}
        direct[name] = (_reads(every), used, named, _shows_partials_plainly(tree, every))
    return {name: (_closure(name, direct, False), _closure(name, direct, True),
                   _closure(name, direct, False, plain=True) is not None) for name in names}


def _every_node(tree: nodes.Template) -> list[nodes.Node]:
    """Every node of the tree, in one walk (a `find_all` per kind of node walked it all again:
    `template_inputs` took 33 ms, 19 ms with one walk)."""
    every, todo = [], [tree]
    while todo:
        node = todo.pop()
        every.append(node)
        todo.extend(node.iter_child_nodes())
    return every


def _shows_partials_plainly(tree: nodes.Template, every: list[nodes.Node]) -> bool:
    """Whether every `once(...)` is shown as it is (`{{ once(...) }}`) where no output is
    captured (CAPTURING), no include is captured, and no block is called as `self.x()` or
    `super()` (whose output could be filtered)."""
    if any(isinstance(node, nodes.Name) and node.name in ("self", "super") for node in every):
        return False
    return _plain(tree, False)


def _plain(node: nodes.Node, captured: bool) -> bool:
    for child in node.iter_child_nodes():
        if isinstance(child, nodes.Call) and isinstance(child.node, nodes.Name) \
                and child.node.name == "once":
            if captured or not isinstance(node, nodes.Output):
                return False
        if isinstance(child, nodes.Include) and captured:
            return False
        if not _plain(child, captured or isinstance(child, CAPTURING)):
            return False
    return True


def _reads(every: list[nodes.Node]) -> set[str]:
    """Every name read, its own {% set %} ones too (more than it needs from the context, never
    less, and a tenth of the time of meta.find_undeclared_variables); `name.attr` where a name
    is only used for that attribute there, so a page showing `agency.name` does not depend on
    `agency.phone`."""
    reads, by_attribute = set(), set()
    for node in every:
        if isinstance(node, nodes.Getattr) and isinstance(node.node, nodes.Name) \
                and node.node.ctx == "load":
            reads.add(f"{node.node.name}.{node.attr}")
            by_attribute.add(id(node.node))
    reads |= {node.name for node in every if isinstance(node, nodes.Name)
              and node.ctx == "load" and id(node) not in by_attribute}
    return reads


def _closure(name: str, direct: dict, with_named: bool, plain: bool = False) -> Reads | None:
    """The reads of `name` and what it uses; with `plain`, None unless each of those shows its
    partials plainly."""
    seen, todo, variables = set(), [name], set()
    while todo:
        current = todo.pop()
        if current is None or current not in direct:
            return None  # a dynamic or missing template: its reads are unknown
        if current in seen:
            continue
        seen.add(current)
        reads, used, named, shows_plainly = direct[current]
        if plain and not shows_plainly:
            return None
        variables |= reads
        todo.extend(used)
        if with_named:
            todo.extend(named)
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
    """Each page's key for one build (None for a page that must always be rendered), and each
    partial's."""

    def __init__(self, fingerprint: str, inputs: dict[str, Inputs], shared: dict):
        self.fingerprint = fingerprint
        self.inputs = inputs
        self.shared = shared
        self.by_template: dict[tuple[str, int], bytes | None] = {}
        self.shared_digests: dict[str, bytes] = {}
        self.partials: dict[tuple[str, str], str | None] = {}
        self.objects: dict[int, tuple[Model, bytes]] = {}  # id → (object, digest of it)
        self.bases: dict[str, object] = {}  # template → blake2b of its pages' shared part

    def splicable(self, template: str) -> bool:
        """Whether the template's partials can be spliced in: rendered with placeholders."""
        return template in self.inputs and self.inputs[template][2]

    def key(self, page, updated) -> str | None:
        """The key of the page's own part, without the partials base.html shows (each has its
        `partial_key`); with them for a page whose partials cannot be spliced."""
        base = self._base(page.template)
        if base is None:
            return None
        if type(updated) is date:  # as its day number: a date pickles by calling its class,
            updated = updated.toordinal()  # 1.2 of the 1.7 µs a news post's page took here
        try:
            context = {name: self._spelled(value) for name, value in page.context.items()}
            own = pickle.dumps((page.url, page.template, page.title, context,
                                self._spelled(page.source), page.in_sitemap, updated), protocol=5)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None  # something that cannot be spelled out cannot be compared either
        digest = base.copy()
        digest.update(own)
        return digest.hexdigest()

    def _base(self, template: str):
        """A digest fed what the template's pages share, copied for each page; None when its
        pages have no key."""
        base = self.bases.get(template, self)
        if base is self:
            part = self._template_part(template, 0 if self.splicable(template) else 1)
            base = self.bases[template] = \
                None if part is None else hashlib.blake2b(part, digest_size=20)
        return base

    def _spelled(self, value):
        """A content object stands as the digest of its pickle: the one its loader made (a
        file's object), else worked out here once per build (a post is on its own page, a news
        list page and the feed). Lists of them item by item."""
        if isinstance(value, Model):
            return self._object_digest(value)
        if type(value) is list:
            return [self._object_digest(item) if isinstance(item, Model) else item
                    for item in value]
        return value

    def _object_digest(self, value: Model) -> tuple[str, bytes]:
        if value._digest is not None:  # a file's object, digested as the loader pickled it
            return ("content file", value._digest)
        known = self.objects.get(id(value))
        if known is None or known[0] is not value:
            known = self.objects[id(value)] = (value, digest_value(value))
        return ("content object", known[1])

    def partial_key(self, name: str, args_json: str) -> str | None:
        """The key of a partial shown with `once(name, **args)`: it sees the shared values and
        its args only."""
        if (name, args_json) not in self.partials:
            base = self._template_part(name, 1)
            self.partials[(name, args_json)] = None if base is None else hashlib.blake2b(
                base + b"\0once\0" + args_json.encode(), digest_size=20).hexdigest()
        return self.partials[(name, args_json)]

    def _template_part(self, template: str, which: int) -> bytes | None:
        """What a template's pages share: which = 0 for its own part, 1 with its partials."""
        if (template, which) not in self.by_template:
            reads = (self.inputs.get(template) or (None, None, False))[which]
            if reads is None or {read.split(".")[0] for read in reads} & WHOLE_PROJECT:
                self.by_template[(template, which)] = None
            else:
                parts = [self.fingerprint.encode(), template.encode()]
                for read in sorted(read for read in reads if read.split(".")[0] in self.shared):
                    parts += [read.encode(), self._shared_digest(read)]
                self.by_template[(template, which)] = \
                    None if None in parts else b"\0".join(parts)
        return self.by_template[(template, which)]

    def _shared_digest(self, read: str) -> bytes | None:
        """None for a value that cannot be spelled out (pickled): then it cannot be compared."""
        if read not in self.shared_digests:
            try:
                digest = digest_value(_shared_value(self.shared, read))
            except (pickle.PicklingError, TypeError, AttributeError):
                digest = None
            self.shared_digests[read] = digest
        return self.shared_digests[read]


def _shared_value(shared: dict, read: str):
    """The value a template reads as `read`: Jinja's `a.b` is the attribute b, else the item b.
    When neither is there the template fails on it, so the whole value stands in."""
    name, _, attribute = read.partition(".")
    value = shared[name]
    if not attribute:
        return value
    try:
        return getattr(value, attribute)
    except AttributeError:
        pass
    try:
        return value[attribute]
    except (TypeError, LookupError, AttributeError):
        return ("whole", value)


# --------------------------------------------------------------------------- the manifest

FileId = tuple[int, int, int, int]  # device, inode, size, mtime in ns


class OutputCache:
    """What the last build into the same output left to reuse, and the record of this one.

    A manifest entry is [key, *file id] for a data file or copy, and [key, *file id, splices]
    for a page, each splice [start, end, partial name, args as JSON, partial key] (pageparts)
    or, for a page linked as it was, [start, end, number in the last build's partials]. On disk
    the partials are listed once and each splice names one by its number.
    """

    def __init__(self, cache_dir: Path | None, output: Path, fingerprint: str,
                 inputs: dict[str, Inputs], previous: dict[str, list],
                 partials: list[list]):
        self.cache_dir = cache_dir
        self.output = output
        self.output_path = str(output)
        self.fingerprint = fingerprint
        self.inputs = inputs
        self.previous = previous  # {output file: entry as saved}
        self.partials = partials  # what the saved splices name: [name, args as JSON, key]
        self.changed: dict[int, bool] | None = None  # per partial, once keys are known
        # The last build's files already linked into the new site, each still the file it
        # wrote (prelink.py); None: each is looked at, and linked, when reused.
        self.placed: frozenset[str] | None = None

    @classmethod
    def open(cls, env: jinja2.Environment, settings: tuple, cache_dir: Path | None,
             output: Path, ahead: tuple[str, dict] | None = None) -> OutputCache | None:
        """The cache for a build with this environment; None with no cache folder (--no-cache).

        The manifest counts only when it is about the same output, code and templates; the
        templates' reads are taken from it then, because parsing every template costs more.
        Else from `ahead`, (fingerprint, reads) worked out in another process, when its
        fingerprint is this environment's: a template edited meanwhile has another.
        """
        if cache_dir is None:
            return None
        fingerprint = environment_fingerprint(env, settings)
        saved = _read_manifest(cache_dir / MANIFEST)
        valid = _about(saved, output) and saved.get("fingerprint") == fingerprint
        try:
            inputs = {name: (_reads_of(own), _reads_of(whole), plain is True)
                      for name, (own, whole, plain) in saved["inputs"].items()} if valid else None
            previous = dict(saved["files"]) if valid else {}
            partials = list(saved["partials"]) if valid else []
        except (AttributeError, KeyError, TypeError, ValueError):
            inputs, previous, partials = None, {}, []
        if inputs is None and ahead is not None and ahead[0] == fingerprint:
            inputs = ahead[1]
        return cls(cache_dir, output, fingerprint, inputs or template_inputs(env), previous,
                   partials)

    def _old(self, rel: str) -> str:
        """The last build's file: a string, as thousands of Path objects would cost a tenth of
        a second."""
        return os.path.join(self.output_path, rel)

    def keys(self, shared: dict) -> PageKeys:
        return PageKeys(self.fingerprint, self.inputs, shared)

    def group_key(self, inputs: tuple) -> str:
        """The key of files made from `inputs` alone (the data files). A content file's object
        stands as the digest its loader made, as in page keys: pickling a year's procurement
        again for its key cost more than making its CSV."""
        spelled = tuple(("content file", value._digest)
                        if isinstance(value, Model) and value._digest is not None else value
                        for value in inputs)
        return hashlib.blake2b(self.fingerprint.encode() + digest_value(spelled),
                               digest_size=20).hexdigest()

    def reusable(self, rel: str, key: str | None) -> bool:
        """Whether the last build's `rel` was made with this key and is still untouched."""
        entry = self.previous.get(rel)
        if key is None or type(entry) is not list or not entry or entry[0] != key:
            return False
        if self.placed is not None:
            return rel in self.placed
        return list(file_id(self._old(rel)) or ()) == entry[1:5]  # else edited or replaced

    def reuse(self, rel: str, key: str | None, target: Path | str) -> list | None:
        """Link the last build's file into the new site when `reusable`; the manifest entry for
        it, or None: the file must be made afresh."""
        return self.previous[rel] if self.reusable(rel, key) and self.link(rel, target) else None

    def link(self, rel: str, target: Path | str) -> bool:
        """Hard-link the last build's `rel` to `target`: no bytes are copied, and the old site
        stays whole until the swap. False on a file system without hard links."""
        if self.placed is not None and rel in self.placed:
            return True  # linked there already
        try:
            make_parent(target)
            os.link(self._old(rel), target)
        except OSError:
            return False
        return True

    def page_reuse(self, rel: str, key: str | None, keys: PageKeys
                   ) -> tuple[list | None, list[list] | None]:
        """What to do with the last build's page `rel`: (entry, None) link it as it is;
        (None, splices) its own part is unchanged but a partial changed: splice these (each
        with this build's partial key) into it; (None, None) render it."""
        if not self.reusable(rel, key):
            return None, None
        entry, changed = self.previous[rel], self._changed_partials(keys)
        try:
            splices = entry[5]
            # the common case, every partial unchanged, in one pass (5,000 pages a warm build)
            if all(changed.get(number) is False for _, _, number in splices):
                return entry, None
            if not all(number in changed for _, _, number in splices):
                return None, None  # names a partial the manifest does not list
        except (IndexError, KeyError, TypeError, ValueError):
            return None, None  # not a page entry, or a damaged one
        return None, [[start, end, *self.partials[number][:2],
                       keys.partial_key(*self.partials[number][:2])]
                      for start, end, number in splices]

    def _changed_partials(self, keys: PageKeys) -> dict[int, bool]:
        """Per partial the last build spliced: whether this build's differs (or has no key)."""
        if self.changed is None:
            self.changed = {}
            for number, partial in enumerate(self.partials):
                if isinstance(partial, list) and len(partial) == 3 \
                        and all(isinstance(part, str) for part in partial):
                    new = keys.partial_key(partial[0], partial[1])
                    self.changed[number] = new is None or new != partial[2]
        return self.changed

    def read_previous(self, rel: str) -> bytes | None:
        """The last build's `rel`, if it is still the file that build wrote."""
        try:
            with open(self._old(rel), "rb") as stream:
                # the very file read, not one looked at before
                identity = list(_identity(os.fstat(stream.fileno())))
                return stream.read() if identity == self.previous[rel][1:5] else None
        except (OSError, KeyError):
            return None

    def save(self, files: dict[str, list]) -> None:
        """Write the manifest atomically; a failure to write only costs the next build its reuse.

        The last build's partials keep their numbers, so a page linked as it was keeps its
        entry as it is; a page rendered or spliced gets its partials numbered, new ones after
        them. The list is renumbered once it holds more partials no page uses than ones used.
        """
        table = [tuple(partial) if isinstance(partial, list) else () for partial in self.partials]
        numbers = {partial: number for number, partial in reversed(list(enumerate(table)))}
        for entry in files.values():
            # a page made by this build: each splice names its partial (a kept page's numbered)
            if len(entry) > 5 and entry[5] and len(entry[5][0]) != 3:
                entry[5] = [[start, end, _numbered((name, args, key), numbers, table)]
                            for start, end, name, args, key in entry[5]]
        used = sorted({splice[2] for entry in files.values() if len(entry) > 5
                       for splice in entry[5]})
        if len(table) > 2 * len(used) + 8:
            renumbered = {old: new for new, old in enumerate(used)}
            for entry in files.values():
                if len(entry) > 5:
                    entry[5] = [[start, end, renumbered[old]] for start, end, old in entry[5]]
            table = [table[old] for old in used]
        saved = {"format": FORMAT, "output": str(self.output), "fingerprint": self.fingerprint,
                 "inputs": {name: [*(None if reads is None else sorted(reads)
                                     for reads in (own, whole)), plain]
                            for name, (own, whole, plain) in self.inputs.items()},
                 "files": files, "partials": [list(partial) for partial in table]}
        try:
            self.cache_dir.mkdir(exist_ok=True)
            temp = self.cache_dir / f"{MANIFEST}.tmp{os.getpid()}"
            temp.write_bytes(pickle.dumps(saved, protocol=5))
            os.replace(temp, self.cache_dir / MANIFEST)
            (self.cache_dir / "pages.json").unlink(missing_ok=True)  # format 2's, no longer read
        except OSError:
            pass


def _numbered(partial: tuple, numbers: dict[tuple, int], table: list[tuple]) -> int:
    """The partial's number in the manifest's list, added at its end when new."""
    if partial not in numbers:
        numbers[partial] = len(table)
        table.append(partial)
    return numbers[partial]


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
    if not settled(info.st_mtime_ns, info.st_ctime_ns, time.time_ns()):
        return None
    return f"copy {info.st_dev} {info.st_ino} {info.st_size} {info.st_mtime_ns} {info.st_ctime_ns}"


def entry_for(key: str | None, target: Path | str, splices: list | None = None) -> list | None:
    """The manifest entry of a file just written (with `splices`, a page's), or None for a file
    with no key."""
    identity = file_id(target) if key is not None else None
    if not identity:
        return None
    return [key, *identity] if splices is None else [key, *identity, splices]


def file_id(path: Path | str) -> FileId | None:
    try:
        return _identity(os.lstat(path))
    except OSError:
        return None


def _identity(info: os.stat_result) -> FileId:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _reads_of(saved: list | None) -> Reads | None:
    return None if saved is None else frozenset(saved)


def read_manifest(path: Path, output: Path) -> dict[str, list]:
    """The files a manifest of this format about `output` lists; {} for any other."""
    saved = _read_manifest(path)
    return saved["files"] if _about(saved, output) and isinstance(saved["files"], dict) else {}


def _about(saved, output: Path) -> bool:
    """Whether a manifest read is one of this format, about this output, listing files."""
    return isinstance(saved, dict) and saved.get("format") == FORMAT \
        and saved.get("output") == str(output) and "files" in saved


def _read_manifest(path: Path):
    try:
        with open(path, "rb") as stream:
            return plain_loads(stream.read())
    except Exception:  # missing, cut short or not plain values: as if there were none
        return None
