"""Make the throwaway certificate authority the demo seals its documents with."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from casework.seal_ca import seal_ca_exists, seal_ca_make


class Command(BaseCommand):
    help = (
        "Write a throwaway root CA and a document-sealing certificate (for the demo and tests; "
        "production reads its own from DOCUMENT_SEAL_* settings)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(settings.SEAL_DEMO_DIR))
        parser.add_argument(
            "--if-missing", action="store_true", help="Do nothing when the files exist."
        )
        parser.add_argument(
            "--print-env", action="store_true", help="Print the settings as shell variables."
        )

    def handle(self, *args, dir, if_missing, print_env, **options):
        directory = Path(dir)
        if not (if_missing and seal_ca_exists(directory)):
            seal_ca_make(directory)
        if print_env:
            root = directory / "root.pem"
            self.stdout.write(
                f"DOCUMENT_SEAL_KEY={directory / 'seal.key'}\n"
                f"DOCUMENT_SEAL_CERT={directory / 'seal.pem'}\n"
                f"DOCUMENT_SEAL_CHAIN={root}\n"
                f"DOCUMENT_SEAL_TRUST_ROOTS={root}\n"
            )
