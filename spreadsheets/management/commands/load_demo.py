from django.core.management.base import BaseCommand

from spreadsheets.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demonstration plan (Southampton 2020-21) with its measures, actions, "
        "illustrative monthly figures, exception reports and demo users. Safe to run again."
    )

    def handle(self, *args, **options):
        plan, users, created, updated, linked = load_demo()
        if created or updated or linked:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded {plan}: {created} records created, {updated} updated,"
                    f" {linked} links set."
                )
            )
        else:
            self.stdout.write(f"{plan} is already loaded: nothing changed.")
        self.stdout.write("\nDemo log-ins (for demonstration only):")
        for username, password, role, areas in users:
            line = f"  {role:<16} username: {username:<22} password: {password}"
            if areas:
                line += f"\n  {'':<16} manages: {', '.join(areas)}"
            self.stdout.write(line)
