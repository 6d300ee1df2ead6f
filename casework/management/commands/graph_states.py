from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from casework.statediagrams import dot_source, render_svg, state_machines


class Command(BaseCommand):
    requires_system_checks = []  # it reads the code only
    help = (
        "Write each procedure's state diagram, drawn from its transitions, to "
        "docs/states/<app>.<model>.dot and .svg."
    )

    def add_arguments(self, parser):
        parser.add_argument("app_labels", nargs="*", help="Only these apps (default: all ours).")
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "docs" / "states",
            help="Where to write the files (default: docs/states).",
        )

    def handle(self, *args, app_labels, output_dir, **options):
        output_dir.mkdir(parents=True, exist_ok=True)
        machines = state_machines(app_labels)
        for model, field in machines:
            stem = model._meta.label_lower
            if len([m for m, _ in machines if m is model]) > 1:
                stem = f"{stem}.{field.name}"
            dot = dot_source(model, field)
            (output_dir / f"{stem}.dot").write_text(dot, encoding="utf-8")
            svg = render_svg(dot)
            if svg is None:
                self.stderr.write("Graphviz `dot` is not installed: wrote only the .dot files.")
            else:
                (output_dir / f"{stem}.svg").write_text(svg, encoding="utf-8")
            self.stdout.write(f"{output_dir / stem}.dot")
        if not machines:
            self.stderr.write("No state machines found.")
