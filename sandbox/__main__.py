"""`python -m sandbox <command>`: Django management for the sandbox, like a second manage.py.

The settings module is forced, not defaulted: the sandbox is often started from a shell or a
test run where DJANGO_SETTINGS_MODULE points at the portal.
"""

import os
import sys


def main() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "sandbox.settings"
    from django.core.management import execute_from_command_line

    execute_from_command_line(["python -m sandbox", *sys.argv[1:]])


if __name__ == "__main__":
    main()
