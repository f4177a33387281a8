"""Load stage: read every file under `content/` into a validated `Project`, writing nothing.

`build`, `check` and `serve` all start here, so the content is read one way only.
"""
from __future__ import annotations

import os
import pickle
import re
import zlib
from functools import partial
from pathlib import Path
from typing import Callable, NamedTuple, TypeVar

from .errors import WARNING, ConfigError, Findings
from .history import last_commit_dates
from .cache import FileStat, file_stat
from .heads import DamagedCache, head_of
from .loadcache import ContentCache, blob_digest, text_digest
from .model.project import MARKDOWN_DIRS, SINGLETONS, YEARLY, Config, Project
from .model.schema import INVALID, Ctx, convert_model
from .model.values import Markdown
from .model.walk import links_of
from .parallel import ForkedJob, fork_map, worker_count
from .thai import ThaiValueError, parse_fiscal_year
from .yamlload import load_markdown_file, load_yaml_file, parse_yaml_text, read_text

CONFIG_FILE = "itagen.yaml"
ATTACHMENT_DIRS = ("files", "images")  # folders under content/ that hold attachments, not content
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
FILES_PER_WORKER = 400  # content files a worker must have to be worth starting
EARLY_BYTES = 32_000  # changed files' size from which a job parses them early (_parse_early)
SHARES_PER_WORKER = 8    # files are dealt in this many shares a worker, taken as each is done


def load_config(root: Path) -> Config:
    """Read `itagen.yaml`; a broken config stops at once (exit 2)."""
    path = root / CONFIG_FILE
    if not path.is_file():
        return Config()
    findings = Findings()
    text = read_text(path, CONFIG_FILE, findings)
    node = parse_yaml_text(text, CONFIG_FILE, findings) if text is not None else None
    config = Config()
    if node is not None:
        value = convert_model(node, Config, Ctx(CONFIG_FILE, findings, root), "")
        config = value if value is not INVALID else config
    if findings:
        raise ConfigError("\n".join(item.format() for item in findings.sorted()))
    return config


def load_project(root: Path, meanwhile: Callable[[Config], None] | None = None,
                 reuse: bool = False, cache: ContentCache | None = None
                 ) -> tuple[Project, Findings]:
    """Load and validate all content; findings are returned, never raised.

    `meanwhile(config)` runs in this process while workers parse the files (build compiles the
    templates then), or after them when the project is loaded in this process alone.
    `reuse` (serve's rebuilds): files unchanged since this process last loaded them, with no
    attachment changed either, give the objects they gave then, without parsing them again.
    `cache` does the same across processes: unchanged files come from the last build's cache,
    and the new state is handed to `cache`, for build to save when it succeeds.
    """
    root = root.resolve()
    if not (root / "content").is_dir():
        raise ConfigError(f"ไม่พบโฟลเดอร์ content/ ใน {root} (no content/ folder in {root}; "
                          "run 'itagen init DIR' to start a project)")
    project = Project(root=root, config=load_config(root))
    findings = Findings()
    seen: set[str] = set()  # every file looked at, loaded or refused by name: not strays
    jobs = _singleton_jobs(project, seen) + _yearly_jobs(project, seen, findings) \
        + _markdown_jobs(project, seen, findings)
    for job, obj in zip(jobs, _load_files(project, jobs, findings, meanwhile, reuse, cache)):
        job.place(project, obj)
    _report_stray_files(project, seen, findings)
    if project.agency is None and not any(f.file == "content/agency.yaml" for f in findings.items):
        findings.add("content/agency.yaml", 0, "", "ไม่พบไฟล์ข้อมูลหน่วยงาน agency.yaml",
                     "content/agency.yaml is missing")
    project.updated = last_commit_dates(root, "content")
    return project, findings


T = TypeVar("T")


def again_without_saved_content(run: Callable[[bool], T]) -> T:
    """`run(True)`, a build or check that trusts the content cache, or `run(False)` when a
    post it held did not read back when used (heads.DamagedCache): then without it, and
    without what serve kept from its last load."""
    try:
        return run(True)
    except DamagedCache:
        _kept.clear()
        return run(False)


# --------------------------------------------------------------------------- which files

class _Job(NamedTuple):
    """One content file to load, where its object goes in the project, and for a yearly file
    the fiscal year its name gives (a tuple, its path a string: thousands are made on every
    build, and a Path each cost 20 ms of it)."""

    path: str
    cls: type
    markdown: bool
    place: Callable[[Project, object], None]
    year: int | None = None


def _singleton_jobs(project: Project, seen: set[str]) -> list[_Job]:
    def setter(attr):
        return lambda proj, obj: setattr(proj, attr, obj)

    jobs = [_Job(str(project.content_dir / name), cls, False, setter(attr))
            for attr, (name, cls) in SINGLETONS.items() if (project.content_dir / name).is_file()]
    seen.update(job.path for job in jobs)
    return jobs


def _yearly_jobs(project: Project, seen: set[str], findings: Findings) -> list[_Job]:
    def setter(folder, year):
        return lambda proj, obj: _place_year(getattr(proj, folder), year, obj)

    jobs = []
    for folder, cls in YEARLY.items():
        claimed: dict[int, str] = {}
        for path in sorted((project.content_dir / folder).glob("*.yaml")):
            if not re.fullmatch(r"\d{4}", path.stem):
                continue  # a named singleton such as plans/development.yaml, or a stray file
            seen.add(str(path))
            year = _year_from_name(path, project, findings)
            if year is None or _duplicate_year(claimed, year, path, project, findings):
                continue
            claimed[year] = _rel(project, path)
            jobs.append(_Job(str(path), cls, False, setter(folder, year), year))
    return jobs


def _place_year(by_year: dict, year: int, obj) -> None:
    if obj is not None:  # its `year` was set when it was loaded (_load_share)
        by_year[year] = obj


def _duplicate_year(claimed: dict[int, str], year: int, path: Path, project: Project,
                    findings: Findings) -> bool:
    """`2568.yaml` and `๒๕๖๘.yaml` are the same year; silently keeping one would lose the other."""
    if year not in claimed:
        return False
    findings.add(_rel(project, path), 0, "", f"ปีงบประมาณ {year} ซ้ำกับไฟล์ {claimed[year]}",
                 f"fiscal year {year} is already given by {claimed[year]}")
    return True


def _year_from_name(path: Path, project: Project, findings: Findings) -> int | None:
    """`2568.yaml` → 2568; other names in a yearly folder are singletons or mistakes."""
    rel = _rel(project, path)
    try:
        return parse_fiscal_year(path.stem)
    except ThaiValueError as exc:
        findings.add(rel, 0, "", "ชื่อไฟล์ต้องเป็นปีงบประมาณ พ.ศ.: " + exc.th,
                     "the file name must be a Buddhist-era fiscal year: " + exc.en)
        return None


def _markdown_jobs(project: Project, seen: set[str], findings: Findings) -> list[_Job]:
    jobs = []
    for folder, cls in MARKDOWN_DIRS.items():
        items: list = []
        setattr(project, folder, items)
        place = partial(_place_item, items)
        # Names, not Paths: globbing, hashing Paths and taking their stems cost 40 ms of a
        # build of 5,000 posts. As the glob "*.md" did: every kind of entry, sorted by name.
        prefix = os.path.join(project.content_dir, folder, "")
        for name in _names_ending(prefix, ".md"):
            path = prefix + name
            seen.add(path)
            if SLUG.fullmatch(name[:-3]):
                jobs.append(_Job(path, cls, True, place))
                continue
            findings.add(_rel(project, path), 0, "", "ชื่อไฟล์ต้องเป็นอักษรอังกฤษพิมพ์เล็ก ตัวเลข "
                         "และ - เท่านั้น เพราะใช้เป็นที่อยู่หน้าเว็บ", "file name must be "
                         "lowercase a-z, 0-9 and '-' because it becomes the page URL")
    return jobs


def _place_item(items: list, project: Project, obj) -> None:
    if obj is not None:
        items.append(obj)


def _names_ending(folder: str, suffix: str) -> list[str]:
    """The sorted names in `folder` that end with `suffix` (as the platform compares names)."""
    try:
        with os.scandir(folder) as entries:
            return sorted(entry.name for entry in entries
                          if os.path.normcase(entry.name).endswith(suffix))
    except OSError:  # no such folder, or not one
        return []


# --------------------------------------------------------------------------- loading them

def _load_files(project: Project, jobs: list[_Job], findings: Findings,
                meanwhile: Callable[[Config], None] | None = None, reuse: bool = False,
                cache: ContentCache | None = None) -> list:
    """Each job's object (None when invalid), in job order; big projects load on every core.

    Each object comes with the findings and attachments it recorded, merged here in job order,
    so the result is the same however the work was split. With `reuse` or `cache`, files whose
    text was loaded before are not parsed again.
    """
    state = _attachments_state(project.content_dir) if reuse or cache else None
    saved = cache.read(project.root, state) if cache else {}
    names = [(_rel(project, job.path), job.cls.__qualname__) for job in jobs]
    # With nothing saved, the workers take the stats of the files they read, beside this
    # process's other work (5,000 stats were 20 ms of a first build here, on one core).
    stats = [file_stat(job.path) for job in jobs] if cache and (saved or reuse) \
        else [None] * len(jobs)
    # A file whose stat is the one the cache holds is not read (its text is the same).
    same = [name in saved and saved[name][2] is not None and saved[name][2] == stat
            for name, stat in zip(names, stats)]
    # Texts are read here only to compare them; otherwise the workers read their own files.
    texts = [None if unchanged and not reuse else read_text(job.path, "", Findings())
             for job, unchanged in zip(jobs, same)] if reuse or saved else None
    per_job: list = [None] * len(jobs)  # (object, findings, attachments) per job
    # the same pickled, for the content cache: (pickle, its digest, head, its CRC); the
    # pickle's digest stands for the object in page keys
    pickles: list = [None] * len(jobs)
    digests: list = [saved[name][0] if unchanged else None for name, unchanged in zip(names, same)]
    if reuse:
        _from_memory(jobs, texts, state, per_job, pickles)
    if cache and texts is not None:
        digests = [text_digest(text) if text is not None else digest
                   for text, digest in zip(texts, digests)]
    changed = [index for index, name in enumerate(names) if per_job[index] is None
               and not (name in saved and saved[name][0] == digests[index])] \
        if saved and not reuse else []  # since the last build (none known without its cache)
    early = _parse_early(project, jobs, texts, changed, stats)
    try:
        for index, name in enumerate(names if saved else ()):
            entry = saved.get(name)
            if per_job[index] is None and entry is not None and entry[0] == digests[index]:
                per_job[index] = cache.loads(entry)
                if per_job[index] is not None:
                    pickles[index] = (entry[1], entry[3], entry[4], entry[5])
        todo = [index for index, result in enumerate(per_job) if result is None]
        for index, loaded in zip(todo, _parse(project, jobs, texts, todo, stats, meanwhile,
                                              cache is not None, early)):
            per_job[index], digest, stat, pickles[index] = loaded
            digests[index] = digest or digests[index]
            stats[index] = stat or stats[index]
    finally:
        if early:
            early[0].cancel()
    if reuse:  # kept with the state seen before loading: a change meanwhile shows next time
        _keep(jobs, texts, state, per_job, pickles)
    if cache and (todo or not all(same) or len(saved) != len(jobs)):
        cache.keep(project.root, state, {
            name: (digest, kept[0], stat, *kept[1:]) for name, digest, stat, kept
            in zip(names, digests, stats, pickles) if digest is not None and kept is not None})
    objects = []
    for (obj, found, attachments), kept in zip(per_job, pickles):
        findings.items += found
        project.attachments |= attachments
        if obj is not None and kept is not None:
            obj._digest = kept[1]
        objects.append(obj)
    return objects


def _parse_early(project: Project, jobs: list[_Job], texts: list, todo: list[int],
                 stats: list[FileStat | None]) -> tuple[ForkedJob, list[int]] | None:
    """A job parsing the files changed since the last build (`todo`), while this process takes
    the others from the content cache and compiles the templates; with `todo`, or None where
    it would not pay.

    A warm build's one edited procurement year (170 KB) took 31 ms to parse, after all that.
    A small file parses faster than a job starts, and many go to the workers (`_parse`).
    """
    if not todo or worker_count(len(todo), FILES_PER_WORKER) > 1 or not ForkedJob.possible() \
            or sum(_size(jobs[index].path, stats[index]) for index in todo) < EARLY_BYTES:
        return None
    _loading.update(project=project, jobs=jobs, texts=texts, pickled=True)
    try:
        job = ForkedJob.start(partial(_load_share, todo, True), nice=0)
    finally:
        _loading.clear()
    return (job, todo) if job else None


def _parse(project: Project, jobs: list[_Job], texts: list | None, todo: list[int],
           stats: list[FileStat | None], meanwhile: Callable[[Config], None] | None,
           pickled: bool, early: tuple[ForkedJob, list[int]] | None = None) -> list[tuple]:
    """(result, text digest, stat, (result pickled, its digest, head, its CRC)) for each
    job in `todo`, on every core when worth it; all but the result only with `pickled` (for
    the content cache), else None, and the stat only where it read the file itself.

    Files are dealt in shares, the YAML files largest first and the posts after them, and a
    worker takes the next share when done with one, so a few big yearly files and thousands of
    news posts (and the templates compiled here meanwhile) split evenly. With `pickled`,
    workers send each result pickled on its own: the content cache keeps those bytes, so
    saving it costs no second pickling; the head a post keeps there (heads.py) is taken here
    from the whole post, not sent twice. `early`: a job parsing `todo` already
    (`_parse_early`), whose results are taken if it did (else they are made here).
    """
    if early is not None and early[1] == todo and pickled:
        if meanwhile:
            meanwhile(project.config)
            meanwhile = None
        sent = early[0].result()
        if sent is not None:
            return [_received(item, True) for item in sent]
    workers = worker_count(len(todo), FILES_PER_WORKER)
    # the YAML files by size, then the Markdown ones (thousands of small posts, and no stat
    # taken yet on a first build)
    order = sorted(todo, key=lambda i: (jobs[i].markdown, 0 if jobs[i].markdown
                                        else -_size(jobs[i].path, stats[i]))) \
        if workers > 1 else todo
    count = workers * SHARES_PER_WORKER if workers > 1 else 1
    shares = [order[i::count] for i in range(count)]
    _loading.update(project=project, jobs=jobs, texts=texts, pickled=pickled)
    try:
        later = (lambda: meanwhile(project.config)) if meanwhile else None
        if workers > 1:
            sent = fork_map(_load_share, [(share, True) for share in shares], workers,
                            meanwhile=later)[1]
            results = [[_received(item, pickled) for item in share] for share in sent]
        else:
            results = [_load_share(shares[0], False)]
    finally:
        _loading.clear()
    if meanwhile and workers == 1:
        meanwhile(project.config)
    by_job = {index: loaded for share, done in zip(shares, results)
              for index, loaded in zip(share, done)}
    return [by_job[index] for index in todo]


def _received(item: tuple, pickled: bool) -> tuple:
    """What a worker sent, as `_parse` gives it: the result unpickled whole (render workers
    then inherit it so: a post made from its head here, and unpickled in the worker showing it,
    cost a first build more CPU than it saved), with its head for the content cache."""
    if not pickled:
        return item, None, None, None
    digest, stat, (blob, pickled_digest, check) = item
    result = pickle.loads(blob)
    return result, digest, stat, (blob, pickled_digest, head_of(result), check)


def _size(path: str, stat: FileStat | None) -> int:
    """A file's size, from its stat if taken already; 0 if it is gone (loading reports that)."""
    if stat is not None:
        return stat[0]
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


_loading: dict = {}  # what forked workers inherit: the project, the jobs, their texts if read


def _load_share(indexes: list[int], in_worker: bool) -> list:
    """Per job: (result, text digest, stat, (result pickled, its digest, head, its CRC)),
    all but the result only when the content cache wants them; in a worker, all but the
    result, or the result alone: what travels back. The stat is taken before reading, only
    where the file is read here."""
    project, jobs, texts = _loading["project"], _loading["jobs"], _loading["texts"]
    pickled = _loading["pickled"]
    loaded = []
    for index in indexes:
        job, found, attachments = jobs[index], Findings(), set()
        load = _load_markdown_model if job.markdown else _load_model
        text, stat = texts[index] if texts else None, None
        if text is None and pickled:  # the worker reads its own files (a digest is wanted)
            stat = file_stat(job.path)
            text = read_text(job.path, "", Findings())
        obj = load(project, job.path, job.cls, found, attachments, text)
        if obj is not None:
            if job.year is not None:
                obj.year = job.year  # before pickling: a loaded object never changes afterwards
            obj._links = links_of(obj)  # walked here, on every core, and kept in the cache
        result = (obj, found.items, attachments)
        if not pickled:  # the result alone travels back from a worker
            loaded.append(result if in_worker else (result, None, None, None))
            continue
        blob = pickle.dumps(result, protocol=5)
        digest = text_digest(text) if text is not None else None
        if in_worker:  # the head is taken where the result is unpickled (`_received`)
            loaded.append((digest, stat, (blob, blob_digest(blob), zlib.crc32(blob))))
        else:
            kept = (blob, blob_digest(blob), head_of(result), zlib.crc32(blob))
            loaded.append((result, digest, stat, kept))
    return loaded


# What `serve` loaded last, by (file, model class): (its text, the attachments' state, result,
# its pickles as `_load_files` keeps them, or None). Objects are never changed after loading, so
# a rebuild may hand out the same ones again when the text is the same and no attachment was
# added, removed or changed (attachment checks look at the files: existence, size, symlinks).
_kept: dict[tuple[str, type], tuple] = {}


def _from_memory(jobs: list[_Job], texts: list, state: tuple, per_job: list,
                 pickles: list) -> None:
    """Fill in the results kept from this process's last load that are still valid."""
    same_state: dict[int, bool] = {}  # one load's entries share one state: compared once
    for index, (job, text) in enumerate(zip(jobs, texts)):
        kept = _kept.get((job.path, job.cls))
        if kept is None or text is None or kept[0] != text:
            continue
        if id(kept[1]) not in same_state:
            same_state[id(kept[1])] = kept[1] == state
        if same_state[id(kept[1])]:
            per_job[index], pickles[index] = kept[2], kept[3]


def _keep(jobs: list[_Job], texts: list, state: tuple, results: list, pickles: list) -> None:
    _kept.clear()
    _kept.update({(job.path, job.cls): (text, state, result, kept)
                  for job, text, result, kept in zip(jobs, texts, results, pickles)
                  if text is not None})


def _attachments_state(content_dir: Path) -> tuple:
    """Name, type, size, time and inode of every file under content/ but the content files;
    name and type of every folder.

    A folder's own size and time change whenever a file in it is replaced, which is how editors
    (vim, most IDEs) and git save a file: a new file renamed over the old. Keyed on them, one
    saved YAML file would make every content file count as changed. What a folder holds is
    listed here entry by entry anyway.
    """
    entries = []
    for folder, subfolders, names in os.walk(content_dir):
        for name in sorted(subfolders):
            entries.append((folder, name, os.lstat(os.path.join(folder, name)).st_mode))
        for name in sorted(names):
            if not name.endswith((".yaml", ".yml", ".md")):
                info = os.lstat(os.path.join(folder, name))
                entries.append((folder, name, info.st_mode, info.st_size, info.st_mtime_ns,
                                info.st_ino))
    return tuple(entries)


def _load_model(project: Project, path: str, cls: type, findings: Findings,
                attachments: set[str], text: str | None = None):
    rel = _rel(project, path)
    before = len(findings)
    source = load_yaml_file(path, rel, findings, text)
    if source is None or source.node is None:
        if len(findings) == before:  # no syntax error was reported, so the file is truly empty
            findings.add(rel, 1, "", "ไฟล์ว่างเปล่า", "the file is empty")
        return None
    obj = convert_model(source.node, cls, Ctx(rel, findings, project.content_dir, attachments), "")
    return None if obj is INVALID else obj


def _load_markdown_model(project: Project, path: str, cls: type, findings: Findings,
                         attachments: set[str], text: str | None = None):
    rel = _rel(project, path)
    source = load_markdown_file(path, rel, findings, text)
    if source is None or source.node is None:
        if source is not None:
            findings.add(rel, 1, "", "ส่วนหัว (front matter) ว่างเปล่า", "front matter is empty")
        return None
    obj = convert_model(source.node, cls, Ctx(rel, findings, project.content_dir, attachments), "")
    if obj is INVALID:
        return None
    slug = os.path.splitext(os.path.basename(path))[0]
    obj.slug, obj.body, obj.body_line = slug, Markdown(source.body), source.body_line
    return obj


def _report_stray_files(project: Project, seen: set[str], findings: Findings) -> None:
    """A YAML or Markdown file itagen does not read is almost always a misnamed file."""
    strays = []
    for folder, subfolders, names in os.walk(project.content_dir):
        if folder == str(project.content_dir):
            subfolders[:] = [name for name in subfolders if name not in ATTACHMENT_DIRS]
        prefix = os.path.join(folder, "")  # joined by hand: 5,000 os.path.join calls cost 7 ms
        strays += [Path(folder, name) for name in names if name.endswith((".yaml", ".yml", ".md"))
                   and prefix + name not in seen]
    for path in sorted(path for path in strays if path.is_file()):
        findings.add(_rel(project, path), 0, "", "itagen ไม่ได้อ่านไฟล์นี้ ตรวจสอบชื่อไฟล์และโฟลเดอร์",
                     "itagen does not read this file; check its name and folder", WARNING)


def _rel(project: Project, path: Path | str) -> str:
    root, text = str(project.root), str(path)
    if os.sep == "/" and text.startswith(root + "/"):
        return text[len(root) + 1:]  # what relative_to gives, without parsing 5,000 paths twice
    return Path(path).relative_to(project.root).as_posix()
