"""The README's promises: its commands are the ones CI runs, and every model field is documented."""
import dataclasses
import re
import typing

from conftest import REPO

from itagen.model.project import MARKDOWN_DIRS, SINGLETONS, YEARLY, Config
from itagen.model.schema import _hints


def readme_commands():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n\s*(.+?)\n\s*```", text)


def test_ci_runs_the_readme_test_command():
    test_command = next(c for c in readme_commands() if "pytest" in c)
    assert test_command in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def _nested_models(tp):
    """Dataclasses named anywhere inside a type hint (list[X], X | None, …)."""
    if dataclasses.is_dataclass(tp):
        yield tp
    for arg in typing.get_args(tp):
        yield from _nested_models(arg)


def all_models():
    todo = [Config, *(cls for _, cls in SINGLETONS.values()), *YEARLY.values(),
            *MARKDOWN_DIRS.values()]
    seen = set()
    while todo:
        cls = todo.pop()
        if cls not in seen:
            seen.add(cls)
            todo += [m for hint in _hints(cls).values() for m in _nested_models(hint)]
    return seen


def test_every_model_field_is_documented():
    models = all_models()
    assert len(models) > 30
    for cls in models:
        for field in dataclasses.fields(cls):
            assert field.metadata.get("doc"), f"{cls.__name__}.{field.name} has no doc"


def test_every_choice_has_a_thai_label():
    from itagen.model import agency, common, integrity, pages, yearly
    from itagen.model.labels import LABELS

    choices = {
        "project_status": yearly.PROJECT_STATUS, "measure_status": integrity.MEASURE_STATUS,
        "procurement_status": yearly.PROCUREMENT_STATUS,
        "risk_process": _hints(integrity.Risk)["process"],
        "priority": _hints(integrity.QuestionFinding)["priority"],
        "news_category": _hints(pages.NewsPost)["category"],
        "channel_kind": _hints(common.Channel)["kind"],
        "service_channel": _hints(yearly.ServiceCount)["channel"],
        "side": _hints(agency.Person)["side"],
    }
    assert set(choices) == set(LABELS)
    for name, literal in choices.items():
        assert set(typing.get_args(literal)) == set(LABELS[name]), name
