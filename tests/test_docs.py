"""The README's promises: its commands are the ones CI runs, and every model field is documented."""
import dataclasses
import re

from conftest import REPO

from itagen.model.project import MARKDOWN_DIRS, SINGLETONS, YEARLY, Config


def readme_commands():
    return re.findall(r"```sh\n(.+?)\n```", (REPO / "README.md").read_text(encoding="utf-8"))


def test_ci_runs_the_readme_test_command():
    test_command = next(c for c in readme_commands() if "pytest" in c)
    assert test_command in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def _models():
    seen, todo = set(), [Config, *(c for _, c in SINGLETONS.values()), *YEARLY.values(),
                         *MARKDOWN_DIRS.values()]
    while todo:
        cls = todo.pop()
        if cls in seen or not dataclasses.is_dataclass(cls):
            continue
        seen.add(cls)
        for field in dataclasses.fields(cls):
            todo += [t for t in vars(__import__(cls.__module__, fromlist=["_"])).values()
                     if isinstance(t, type) and t.__name__ in str(field.type)]
    return seen


def test_every_model_field_is_documented():
    for cls in _models():
        for field in dataclasses.fields(cls):
            doc = field.metadata.get("doc", "")
            assert "/" in doc or cls is Config or doc, f"{cls.__name__}.{field.name} has no doc"
            assert doc, f"{cls.__name__}.{field.name} has no doc"
