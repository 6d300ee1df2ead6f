"""State diagrams drawn from the code: every FSMField's transitions as Graphviz DOT.

Written here rather than with django-fsm-2's graph_transitions because the documents are
committed: this output is sorted, so it changes only when a machine changes, and it names each
transition's conditions. `manage.py graph_states` writes the files (docs/README.md).
"""

import shutil
import subprocess

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation
from django_fsm import ANY_OTHER_STATE, ANY_STATE, FSMFieldMixin, State

DOT = "dot"


def state_machines(app_labels=()) -> list[tuple[type[models.Model], FSMFieldMixin]]:
    """(model, field) for every concrete model with an FSMField in the project's own apps, or
    in the apps named."""
    chosen = [apps.get_app_config(label) for label in app_labels] or [
        config for config in apps.get_app_configs() if _is_project_app(config)
    ]
    found = []
    for config in chosen:
        for model in config.get_models():
            for field in model._meta.concrete_fields:
                if isinstance(field, FSMFieldMixin):
                    found.append((model, field))
    return sorted(found, key=lambda pair: (pair[0]._meta.label_lower, pair[1].name))


def _is_project_app(config) -> bool:
    path = str(config.path)
    return path.startswith(str(settings.BASE_DIR)) and "/.venv/" not in path


def dot_source(model: type[models.Model], field: FSMFieldMixin) -> str:
    """The DOT text of one machine, with the state names in English."""
    with translation.override("en"):
        labels = {str(value): str(label) for value, label in field.flatchoices}
    edges = set()
    for transition in field.get_all_transitions(model):
        targets = _states(transition.target) if transition.target is not None else None
        conditions = ", ".join(c.__name__ for c in transition.conditions)
        label = transition.name + (f"\\n[{conditions}]" if conditions else "")
        for source in _states(transition.source):
            for target in targets or [source]:
                edges.add((source, target, label))
    states = set(labels) | {s for edge in edges for s in edge[:2]} | {str(field.default)}
    concrete = sorted(states - {ANY_STATE, ANY_OTHER_STATE})
    expanded = set()
    for source, target, label in edges:
        if source == ANY_STATE:
            expanded.update((s, target, label) for s in concrete)
        elif source == ANY_OTHER_STATE:
            expanded.update((s, target, label) for s in concrete if s != target)
        else:
            expanded.add((source, target, label))
    has_exit = {source for source, target, _ in expanded if source != target}

    name = f"{model._meta.label}.{field.name}"
    lines = [
        f"digraph {_quote(name)} {{",
        f"  label={_quote(name)}; labelloc=t; rankdir=LR;",
        '  node [shape=box, style=rounded, fontname="DejaVu Sans"];',
        '  edge [fontname="DejaVu Sans", fontsize=10];',
        '  "_initial" [shape=point, label=""];',
        f'  "_initial" -> {_quote(str(field.default))};',
    ]
    for state in concrete:
        final = "" if state in has_exit else ", peripheries=2"  # no way out: a final state
        lines.append(f"  {_quote(state)} [label={_quote(labels.get(state, state))}{final}];")
    for source, target, label in sorted(expanded):
        lines.append(f"  {_quote(source)} -> {_quote(target)} [label={_quote(label)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_svg(dot_text: str) -> str | None:
    """The diagram as SVG through Graphviz's `dot`, or None when Graphviz is not installed."""
    binary = shutil.which(DOT)
    if binary is None:
        return None
    result = subprocess.run(  # noqa: S603 - Graphviz with our own DOT on stdin
        [binary, "-Tsvg"], input=dot_text, capture_output=True, text=True, check=True
    )
    return result.stdout


def _states(value) -> list[str]:
    if isinstance(value, State):
        return [str(s) for s in value.allowed_states]
    return [str(value)]


def _quote(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'
