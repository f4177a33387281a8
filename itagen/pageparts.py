"""A page as its own part plus the shared partials spliced into it.

base.html shows the head links, header, menu and footer through `once(name, **args)`: each
partial is rendered once per build and per args (`Once`). A page is rendered with a placeholder
where each call stands, and the partials are put in afterwards; where each one landed (byte
offsets, with its name and args) goes to the build manifest. When the next build finds a page's
own part unchanged but a partial changed (the agency's phone is in the header and footer of every
page), it takes the last build's file and puts the new partial in at those offsets instead of
rendering the page again (outputcache has the keys; this module has the bytes).
"""
from __future__ import annotations

import json

import jinja2
from markupsafe import Markup

MARK, MARK_END = "\ue000itagen-once-", "\ue001"  # private-use characters: never in content
Splice = list  # [start, end, partial name, args as JSON, partial key]: offsets in the file's bytes


class Once:
    """`once(template, **args)` for base.html: a partial rendered once per build and per args.

    The header, menu, footer and head links are the same on thousands of pages (the menu differs
    only in which link is marked current); rendering them per page was half a news page's time.
    A partial sees the shared context and its args only, so one that used `page` would fail
    (StrictUndefined) rather than be reused with another page's data.
    """

    def __init__(self, env: jinja2.Environment, shared: dict):
        self.env = env
        self.shared = shared
        self.rendered: dict[tuple, Markup] = {}
        self.encoded: dict[tuple[str, str], bytes] = {}
        self.spelled: dict[tuple, str | None] = {}  # args as JSON, one string per distinct args

    def __call__(self, name: str, **args) -> Markup:
        key = (name, *sorted(args.items()))
        if key not in self.rendered:
            text = self.env.get_template(name).render(self.shared, **args)
            # base.html puts the call on a line of its own: the partial's last newline is that one
            self.rendered[key] = Markup(text[:-1] if text.endswith("\n") else text)
        return self.rendered[key]

    def args_json(self, args: dict) -> str | None:
        """`args` spelled as JSON, or None when JSON cannot spell them exactly (anything but
        text, whole numbers, booleans and None): a later build could not give them again."""
        key = tuple(sorted(args.items()))
        if key not in self.spelled:
            plain = all(value is None or type(value) in (str, int, bool) for value in args.values())
            self.spelled[key] = json.dumps(args, sort_keys=True, ensure_ascii=False) \
                if plain else None
        return self.spelled[key]

    def bytes_of(self, name: str, args_json: str) -> bytes:
        """The partial as it goes into a file, for args as `args_json` spells them."""
        key = (name, args_json)
        if key not in self.encoded:
            self.encoded[key] = str(self(name, **json.loads(args_json))).encode("utf-8")
        return self.encoded[key]


class _Placeholders:
    """Stands in for `once` while a page renders: records each call, returns a placeholder.
    A call whose args JSON cannot spell (`Once.args_json`) gets the real partial, and the page
    is marked as not splicable."""

    def __init__(self, once: Once):
        self.once = once
        self.calls: list[tuple[str, str]] = []  # (name, args as JSON)
        self.splicable = True

    def __call__(self, name: str, **args) -> Markup:
        args_json = self.once.args_json(args)
        if args_json is None:
            self.splicable = False
            return self.once(name, **args)
        self.calls.append((name, args_json))
        return Markup(f"{MARK}{len(self.calls) - 1}{MARK_END}")


def render_page(template: jinja2.Template, values: dict, once: Once, splicable: bool,
                partial_key=None) -> tuple[bytes, list[Splice] | None]:
    """The page's bytes, and where its partials are in them (None: they cannot be spliced).

    Only a `splicable` template (one that shows every partial as it is: outputcache works it
    out) is rendered with placeholders; `partial_key(name, args_json)` keys each partial. A
    placeholder missing or out of order (content that happened to hold one) means the page is
    rendered again with the real partials.
    """
    if not splicable:
        return template.render({**values, "once": once}).encode("utf-8"), []
    placeholders = _Placeholders(once)
    text = template.render({**values, "once": placeholders})
    pieces = text.split(MARK)
    numbers = [piece.partition(MARK_END)[0] for piece in pieces[1:]]
    if not placeholders.splicable or numbers != [str(n) for n in range(len(placeholders.calls))]:
        return template.render({**values, "once": once}).encode("utf-8"), None
    parts, splices = [pieces[0].encode("utf-8")], []
    size = len(parts[0])
    for (name, args_json), piece in zip(placeholders.calls, pieces[1:]):
        body, rest = once.bytes_of(name, args_json), piece.partition(MARK_END)[2].encode("utf-8")
        key = partial_key(name, args_json) if partial_key else None
        splices.append([size, size + len(body), name, args_json, key])
        parts += [body, rest]
        size += len(body) + len(rest)
    return b"".join(parts), splices


def splice(old: bytes, splices: list[Splice], once: Once) -> tuple[bytes, list[Splice]] | None:
    """The last build's page with each partial replaced by this build's: (bytes, new splices),
    or None when the recorded offsets do not fit the file (then the page is rendered)."""
    out, position, placed = bytearray(), 0, []
    for start, end, name, args_json, key in splices:
        if not position <= start <= end <= len(old):
            return None
        out += old[position:start]
        body = once.bytes_of(name, args_json)
        placed.append([len(out), len(out) + len(body), name, args_json, key])
        out += body
        position = end
    out += old[position:]
    return bytes(out), placed
