from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_USERS = [("demo", "demo-designroom"), ("demo-peer", "demo-designroom")]


class Command(BaseCommand):
    help = "Create demo accounts for local use when none exist (local settings only)."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_ACCOUNT", False):
            raise CommandError("Demo accounts are only created with the local settings.")
        User = get_user_model()
        for username, password in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                self.stdout.write(f"Demo account '{username}' already exists.")
                continue
            User.objects.create_user(
                username=username,
                password=password,
                is_staff=username == "demo",
                is_superuser=username == "demo",
            )
            self.stdout.write(
                self.style.SUCCESS(f"Created demo account  user: {username}  password: {password}")
            )
