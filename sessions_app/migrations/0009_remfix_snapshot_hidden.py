from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("sessions_app", "0008_stars_interested_count"),
    ]

    operations = [
        migrations.AddField(
            model_name="sessionsnapshot",
            name="hidden",
            field=models.BooleanField(
                db_default=False,
                default=False,
                help_text="Hidden from attendees, or no longer listed: no reminder e-mails for it.",
            ),
        ),
    ]
