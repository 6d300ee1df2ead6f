"""Write the full dump of the accreditation register (CSV and JSON) under MEDIA_ROOT/open-data/,
where /accreditation/register/dump.csv and dump.json serve it (nightly, by the beat entry
`accreditation-register-dump`)."""

from django.core.management.base import BaseCommand

from accreditation.dump import dump_write


class Command(BaseCommand):
    help = "Write the nightly dump of the accreditation register (CSV and JSON)."

    def handle(self, *args, **options):
        for fmt, path in dump_write().items():
            self.stdout.write(f"{fmt}: {path}")
