from django.db import migrations

# The casework clocks (DESIGN.md § Timescales): Working Together to Safeguard Children 2023 and the trust's
# local standards. kindred/timescales/rules.py keeps the same defaults (a test compares them).
RULES = [
    (
        "assessment",
        "Child and family assessment",
        "Working Together to Safeguard Children 2023, 3.2: within 45 working days of the referral",
        "working_days",
        45,
    ),
    (
        "assessment-authorisation",
        "Manager's authorisation of an assessment",
        "Local standard: a manager reads and authorises a completed assessment",
        "working_days",
        3,
    ),
    (
        "icpc",
        "Initial child protection conference",
        "Working Together to Safeguard Children 2023, 2.2: within 15 working days of the strategy discussion that started the section 47 enquiry",
        "working_days",
        15,
    ),
    (
        "first-core-group",
        "First core group meeting",
        "Working Together to Safeguard Children 2023, 2.2: within 10 working days of the initial conference",
        "working_days",
        10,
    ),
    (
        "first-review-conference",
        "First review conference",
        "Working Together to Safeguard Children 2023, 2.2: within 3 months of the initial conference",
        "months",
        3,
    ),
    (
        "review-conference",
        "Review conference",
        "Working Together to Safeguard Children 2023, 2.2: then at intervals of no more than 6 months",
        "months",
        6,
    ),
    (
        "cp-visit",
        "Visit to a child on a child protection plan",
        "Local standard: every 10 working days unless the plan sets another frequency",
        "working_days",
        10,
    ),
    (
        "cin-visit",
        "Visit to a child on a child in need plan",
        "Local standard: every 20 working days unless the plan sets another frequency",
        "working_days",
        20,
    ),
    (
        "cin-review",
        "Child in need plan review",
        "Local standard: the plan is reviewed at least every 3 months",
        "months",
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
    dependencies = [("timescales", "0003_casework_records")]

    operations = [migrations.RunPython(add_rules, remove_rules)]
