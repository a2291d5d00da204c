import os
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from kerjasama.demo import data as demo_data
from kerjasama.demo.loader import DemoModeOff, demo_mode_on


class Command(BaseCommand):
    help = (
        "Try Kerjasama on this machine: migrate, load the demo, print the demo logins and run "
        "the development server with the background worker of the task queue beside it (the "
        "import of a register and the daily job run there). Refused unless DEMO_MODE is on "
        "(DEBUG=1 or KERJASAMA_DEMO=1)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--addrport", default="127.0.0.1:8000", help="address and port of the server"
        )
        parser.add_argument(
            "--no-worker",
            action="store_false",
            dest="worker",
            help="do not start the task worker (`kerjasama db_worker`) beside the server",
        )

    def handle(self, *args, addrport: str, worker: bool = True, **options):
        if not demo_mode_on():
            raise CommandError(
                str(
                    DemoModeOff(
                        "The demo only runs with DEMO_MODE on (DEBUG=1 or KERJASAMA_DEMO=1): it creates "
                        f"users with the published password {demo_data.PASSWORD!r}."
                    )
                )
            )
        verbosity = options.get("verbosity", 1)
        self.use_site_url(addrport)
        call_command("migrate", interactive=False, verbosity=verbosity)
        call_command("load_demo", verbosity=verbosity, stdout=self.stdout)
        self.stdout.write(self.logins(addrport))
        # The screens hand long work to django-tasks' database queue (reading and importing a
        # register, issue 11): without a worker it would wait forever.
        process = self.start_worker() if worker else None
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()

    @staticmethod
    def start_worker() -> subprocess.Popen:
        """`kerjasama db_worker` as a child process, with this process's environment (the
        demo's database and site address). Without its autoreloader (on by default with
        DEBUG): that would be a second process, which stopping this one leaves running."""
        return subprocess.Popen([sys.executable, "-m", "kerjasama", "db_worker", "--no-reload"])

    @staticmethod
    def host(addrport: str) -> str:
        host = addrport if ":" in addrport else f"127.0.0.1:{addrport}"
        if host.startswith("0.0.0.0:"):
            host = "127.0.0.1:" + host.split(":", 1)[1]
        return host

    @classmethod
    def use_site_url(cls, addrport: str) -> str:
        """E-mails and the calendar feed link to the address served (`make demo PORT=8123`),
        unless KERJASAMA_SITE_URL says otherwise. Also for commands started from here."""
        url = os.environ.get("KERJASAMA_SITE_URL") or f"http://{cls.host(addrport)}"
        os.environ["KERJASAMA_SITE_URL"] = url
        settings.KERJASAMA["SITE_URL"] = url
        return url

    @classmethod
    def logins(cls, addrport: str) -> str:
        host = cls.host(addrport)
        regions = {t.region: t.letterhead.splitlines()[0].title() for t in demo_data.TENANTS}
        rows = [
            (user.username, user.role_labels, regions[user.tenant].replace("Pemerintah ", ""))
            for user in demo_data.USERS
        ]
        width = [max(len(row[i]) for row in rows) for i in range(2)]
        lines = [
            "",
            "Demo logins (password for all: " + demo_data.PASSWORD + "):",
            "",
            *(f"  {u:<{width[0]}}  {r:<{width[1]}}  {g}" for u, r, g in rows),
            "",
            f"Open http://{host}/ and sign in. Stop the server with Ctrl-C.",
            "",
        ]
        return "\n".join(lines)
