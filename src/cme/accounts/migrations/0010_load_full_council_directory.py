from django.db import migrations


def load(apps, schema_editor):
    # The shipped directory grew from the numbers the domain reference verified to every English
    # education authority (153 current, 5 historic) with its region, and Wales's 22 councils;
    # contacts are left alone.
    from cme.accounts.councils import load_shipped

    load_shipped(apps.get_model("accounts", "Council"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0009_council_region")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
