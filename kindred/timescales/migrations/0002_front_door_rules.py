from django.db import migrations

# The front door's clocks. Working Together to Safeguard Children 2023 (chapter 2) expects a decision on a
# referral within one working day; the RAG timescales are the trust's local MASH standard.
RULES = [
    (
        "contact-red",
        "Decision on a red (urgent) contact",
        "Local MASH standard: urgent safeguarding concerns",
        "hours",
        4,
    ),
    (
        "contact-amber",
        "Decision on an amber contact",
        "Working Together to Safeguard Children 2023, chapter 2: decision within one working day",
        "working_days",
        1,
    ),
    (
        "contact-green",
        "Decision on a green contact",
        "Local MASH standard: multi-agency checks with no immediate risk",
        "working_days",
        3,
    ),
]


def add_rules(apps, schema_editor):
    Rule = apps.get_model("timescales", "Rule")
    for key, name, basis, unit, value in RULES:
        Rule.objects.update_or_create(
            key=key, defaults={"name": name, "basis": basis, "unit": unit, "national_default": value}
        )


def remove_rules(apps, schema_editor):
    apps.get_model("timescales", "Rule").objects.filter(key__in=[r[0] for r in RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("timescales", "0001_initial")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
