"""Authenticator secrets were stored in the clear: encrypt them (TOTP keys, the recovery
codes' seed and any codes migrated from elsewhere). Reversible."""

from django.db import migrations


def _convert(apps, change):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all():
        data = dict(authenticator.data or {})
        for name in ("secret", "seed"):
            if isinstance(data.get(name), str):
                data[name] = change(data[name])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [change(code) for code in data["migrated_codes"]]
        if data != authenticator.data:
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)


def encrypt(apps, schema_editor):
    from cme.accounts.mfa import encrypt_secret

    _convert(apps, encrypt_secret)


def decrypt(apps, schema_editor):
    from cme.accounts.mfa import ENCRYPTED_PREFIX, decrypt_secret

    _convert(apps, lambda text: decrypt_secret(text) if text.startswith(ENCRYPTED_PREFIX) else text)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_remove_localauthority_insert_insert_and_more"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt, decrypt)]
