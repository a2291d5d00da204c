from django.core.management.base import BaseCommand, CommandError

from kerjasama.demo.loader import DemoLoadError, DemoModeOff, load_demo


class Command(BaseCommand):
    help = (
        "Load the reference data and the demo (Kalimantan Barat, Singkawang, Bengkayang, "
        "Pontianak: people, OPDs, partners, cooperation records) in one transaction. "
        "Idempotent: what is already there is skipped. Refused unless DEMO_MODE is on "
        "(DEBUG=1 or KERJASAMA_DEMO=1)."
    )

    def handle(self, *args, **options):
        try:
            summary = load_demo()
        except DemoModeOff as error:
            raise CommandError(str(error)) from error
        except DemoLoadError as error:
            raise CommandError(f"Demo not loaded (nothing was written): {error}") from error
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
