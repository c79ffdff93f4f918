"""Django's admin autodiscovery imports `sessions_app.admin`: the organizer's admin is in
organizer/admin/. (A package, like the admin it points to, so that whatever leaves out `admin`
folders, as the catalogue check in tests/test_i18n.py does, leaves out both.)"""

from sessions_app.organizer import admin  # noqa: F401 - registers the model admins
