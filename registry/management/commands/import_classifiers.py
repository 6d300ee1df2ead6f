from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.classifiers import KINDS, ClassifierImportError, classifiers_import


class Command(BaseCommand):
    help = (
        "Imports a classifier from a CSV (UTF-8 or Windows-1251) or XLSX file with a header "
        "row. Every row is checked first; "
        "if any is wrong, nothing is imported. Existing codes are updated."
    )

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS))
        parser.add_argument("file", type=Path)

    def handle(self, *args, kind, file, **options):
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from None
        try:
            result = classifiers_import(kind, data)
        except ClassifierImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{file}: {len(exc.errors)} bad line(s); nothing was imported."
            ) from None
        self.stdout.write(
            self.style.SUCCESS(f"{kind}: {result.created} created, {result.updated} updated.")
        )
