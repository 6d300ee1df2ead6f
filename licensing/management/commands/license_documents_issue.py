"""Issue the documents that licenses and appendices of the register lack (rows entered before
the portal issued documents, or migrated from another system), so that verification by number
and date finds every one. Safe to run again: what has its document is left alone."""

from django.core.management.base import BaseCommand
from django.db import transaction

from licensing.documents import register_documents_issue
from licensing.models import License

BATCH = 500


class Command(BaseCommand):
    help = "Issue the missing documents of the licenses and appendices in the register."

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            help="Issuing language (default: each licensee's representative's language).",
        )

    def handle(self, *args, language=None, **options):
        issued = 0
        pks = list(License.objects.order_by("pk").values_list("pk", flat=True))
        # One transaction per batch: an interrupted run keeps what it issued, and a rerun goes
        # on from there.
        for start in range(0, len(pks), BATCH):
            with transaction.atomic():
                issued += register_documents_issue(
                    License.objects.filter(pk__in=pks[start : start + BATCH]), language=language
                )
        self.stdout.write(f"{issued} documents issued.")
