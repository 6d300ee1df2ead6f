import os
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from registry.demo.build import build
from registry.models import Organization


class Command(BaseCommand):
    help = (
        "Builds a demo data set: Kazakhstan's regions, authorities, classifiers, organizations, "
        "experts and one user per role, then prints how to log in as each."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Multiplies organizations and experts (1 gives about 250 organizations).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the registry already has organizations.",
        )
        parser.add_argument("--seed", type=int, default=2026, help="Seed of the random data.")
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run under production settings too (for a load-test copy, never a live site).",
        )

    def handle(self, *args, scale, if_empty, seed, allow_production, **options):
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        # The demo's accounts have published passwords and second-factor keys.
        module = settings.SETTINGS_MODULE or os.environ.get("DJANGO_SETTINGS_MODULE", "")
        if module.endswith("production") and not allow_production:
            raise CommandError(
                "seed_demo creates accounts with published passwords: refusing under "
                "production settings (pass --allow-production for a load-test copy)."
            )
        if Organization.objects.exists():
            if if_empty:
                self.stdout.write("The registry already has organizations: nothing to do.")
                return
            raise CommandError(
                "The registry already has organizations. Use an empty database, or --if-empty."
            )
        started = time.monotonic()
        ctx = build(scale=scale, seed=seed, out=self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready in {time.monotonic() - started:.1f} s: "
                f"{len(ctx.organizations)} organizations, {len(ctx.experts)} experts, "
                f"{len(ctx.regions)} regions, {len(ctx.authorities)} authorities."
            )
        )
        self._print_credentials(ctx.credentials)

    def _print_credentials(self, credentials):
        header = ("role", "e-mail", "password", "TOTP secret (base32)", "backup codes")
        rows = [
            (c.role, c.email, c.password, c.totp_secret or "-", " ".join(c.backup_codes) or "-")
            for c in credentials
        ]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        line = "  ".join(f"{{:<{w}}}" for w in widths)
        self.stdout.write("")
        self.stdout.write(line.format(*header))
        self.stdout.write(line.format(*("-" * w for w in widths)))
        for row in rows:
            self.stdout.write(line.format(*row))
        notes = [c for c in credentials if c.note]
        if notes:
            self.stdout.write("")
            for c in notes:
                self.stdout.write(f"{c.role}: {c.note}")
        self.stdout.write("")
        self.stdout.write(
            "Staff, head and admin log in with a second factor: add the TOTP secret to an "
            "authenticator app, or use a backup code (each works once)."
        )
