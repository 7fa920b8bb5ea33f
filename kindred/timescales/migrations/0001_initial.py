from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies: list[tuple[str, str]] = []

    operations = [
        migrations.CreateModel(
            name="Rule",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.SlugField(max_length=60, unique=True)),
                ("name", models.CharField(max_length=200)),
                ("basis", models.CharField(max_length=300)),
                (
                    "unit",
                    models.CharField(
                        choices=[("hours", "hours"), ("working_days", "working days"), ("days", "days")],
                        max_length=20,
                    ),
                ),
                ("national_default", models.PositiveIntegerField()),
                ("local_value", models.PositiveIntegerField(blank=True, null=True)),
                ("version", models.PositiveIntegerField(default=1)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
            options={"ordering": ["key"]},
        ),
    ]
