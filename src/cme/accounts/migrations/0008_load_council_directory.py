from django.db import migrations


def load(apps, schema_editor):
    from cme.accounts.councils import load_shipped

    load_shipped(apps.get_model("accounts", "Council"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_council_directory")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
