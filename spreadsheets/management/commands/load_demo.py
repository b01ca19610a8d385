from django.core.management.base import BaseCommand, CommandError

from spreadsheets.demo import DemoError, load_demo


class Command(BaseCommand):
    help = (
        "Load the demonstration plan (Southampton 2020-21) with its measures, actions, "
        "illustrative monthly figures, exception reports and demo users: the workbook "
        "fixtures/demo/southampton_2020.xlsx, imported as an admin's upload is. Safe to run "
        "again."
    )

    def handle(self, *args, **options):
        try:
            plan, users, created, updated, linked = load_demo()
        except DemoError as error:
            raise CommandError(str(error)) from None
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
