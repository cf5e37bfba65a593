# Squashed by scripts/squash_migrations.py (docs/adr/0011-squashed-migrations.md).

import cme.accounts.roles
import django.core.validators
import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


def load_0008(apps, schema_editor):
    from cme.accounts.councils import load_shipped

    load_shipped(apps.get_model("accounts", "Council"))


def load_0010(apps, schema_editor):
    # The shipped directory grew from the numbers the domain reference verified to every English
    # education authority (153 current, 5 historic) with its region, and Wales's 22 councils;
    # contacts are left alone.
    from cme.accounts.councils import load_shipped

    load_shipped(apps.get_model("accounts", "Council"))


class Migration(migrations.Migration):

    replaces = [('accounts', '0002_initial'), ('accounts', '0003_apitoken'), ('accounts', '0004_remove_agency_insert_insert_and_more'), ('accounts', '0005_remove_localauthority_insert_insert_and_more'), ('accounts', '0006_encrypt_authenticator_secrets'), ('accounts', '0007_council_directory'), ('accounts', '0008_load_council_directory'), ('accounts', '0009_council_region'), ('accounts', '0010_load_full_council_directory'), ('accounts', '0011_localauthority_social_care_phone')]

    dependencies = [
        ('accounts', '0001_initial'),
        ('auth', '0012_alter_user_first_name_max_length'),
        ('mfa', '0003_authenticator_type_uniq'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('schools', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='school',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='users', to='schools.school'),
        ),
        migrations.AddField(
            model_name='user',
            name='user_permissions',
            field=models.ManyToManyField(blank=True, help_text='Specific permissions for this user.', related_name='user_set', related_query_name='user', to='auth.permission', verbose_name='user permissions'),
        ),
        migrations.AddField(
            model_name='user',
            name='agency',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='users', to='accounts.agency'),
        ),
        migrations.AddField(
            model_name='agencyevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='agencyevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='accounts.agency'),
        ),
        migrations.AddField(
            model_name='agencyevent',
            name='local_authority',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='accounts.localauthority'),
        ),
        migrations.AddField(
            model_name='agency',
            name='local_authority',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='agencies', to='accounts.localauthority'),
        ),
        migrations.AddField(
            model_name='user',
            name='local_authority',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='users', to='accounts.localauthority'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='localauthority',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "accounts_localauthorityevent" ("cme_contact_address", "cme_contact_email", "cme_contact_name", "cme_contact_phone", "code", "id", "is_fictional", "name", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postcode_districts") VALUES (NEW."cme_contact_address", NEW."cme_contact_email", NEW."cme_contact_name", NEW."cme_contact_phone", NEW."code", NEW."id", NEW."is_fictional", NEW."name", NEW."ons_code", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."postcode_districts"); RETURN NULL;', hash='edd448053b51d30360e90e18b35825136e6495a0', operation='INSERT', pgid='pgtrigger_insert_insert_e3c62', table='accounts_localauthority', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='localauthority',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "accounts_localauthorityevent" ("cme_contact_address", "cme_contact_email", "cme_contact_name", "cme_contact_phone", "code", "id", "is_fictional", "name", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postcode_districts") VALUES (NEW."cme_contact_address", NEW."cme_contact_email", NEW."cme_contact_name", NEW."cme_contact_phone", NEW."code", NEW."id", NEW."is_fictional", NEW."name", NEW."ons_code", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."postcode_districts"); RETURN NULL;', hash='b068d2d6eba44ce93eda5a56b82c6601d2b90960', operation='UPDATE', pgid='pgtrigger_update_update_d7bae', table='accounts_localauthority', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='localauthority',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "accounts_localauthorityevent" ("cme_contact_address", "cme_contact_email", "cme_contact_name", "cme_contact_phone", "code", "id", "is_fictional", "name", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postcode_districts") VALUES (OLD."cme_contact_address", OLD."cme_contact_email", OLD."cme_contact_name", OLD."cme_contact_phone", OLD."code", OLD."id", OLD."is_fictional", OLD."name", OLD."ons_code", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."postcode_districts"); RETURN NULL;', hash='517d7fecc8597d465507c8dbedcb4da62c176b5b', operation='DELETE', pgid='pgtrigger_delete_delete_044c3', table='accounts_localauthority', when='AFTER')),
        ),
        migrations.AddField(
            model_name='localauthorityevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='localauthorityevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='accounts.localauthority'),
        ),
        migrations.AddField(
            model_name='userevent',
            name='agency',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='accounts.agency'),
        ),
        migrations.AddField(
            model_name='userevent',
            name='local_authority',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='accounts.localauthority'),
        ),
        migrations.AddField(
            model_name='userevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='userevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='userevent',
            name='school',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='schools.school'),
        ),
        migrations.AddConstraint(
            model_name='agency',
            constraint=models.UniqueConstraint(fields=('local_authority', 'name'), name='agency_name_unique_in_la'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='agency',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "accounts_agencyevent" ("email", "id", "is_fictional", "kind", "local_authority_id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone") VALUES (NEW."email", NEW."id", NEW."is_fictional", NEW."kind", NEW."local_authority_id", NEW."name", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."phone"); RETURN NULL;', hash='fd7d03988cef45f9da43443bf28c5cfe88ae46fd', operation='INSERT', pgid='pgtrigger_insert_insert_67acf', table='accounts_agency', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='agency',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD.* IS DISTINCT FROM NEW.*)', func='INSERT INTO "accounts_agencyevent" ("email", "id", "is_fictional", "kind", "local_authority_id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone") VALUES (NEW."email", NEW."id", NEW."is_fictional", NEW."kind", NEW."local_authority_id", NEW."name", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."phone"); RETURN NULL;', hash='014bf861010bf39fcc4b3d9d7308e32502454ccf', operation='UPDATE', pgid='pgtrigger_update_update_f30d7', table='accounts_agency', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='agency',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "accounts_agencyevent" ("email", "id", "is_fictional", "kind", "local_authority_id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone") VALUES (OLD."email", OLD."id", OLD."is_fictional", OLD."kind", OLD."local_authority_id", OLD."name", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."phone"); RETURN NULL;', hash='be21b539ebb2f4bb8346675c930539dcd04c7e9f', operation='DELETE', pgid='pgtrigger_delete_delete_d4253', table='accounts_agency', when='AFTER')),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', cme.accounts.roles.Role['SCHOOL_USER']), _negated=True), models.Q(('agency__isnull', True), ('school__isnull', False)), _connector='OR'), name='school_users_have_a_school'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('role', cme.accounts.roles.Role['AGENCY_USER']), _negated=True), models.Q(('agency__isnull', False), ('school__isnull', True)), _connector='OR'), name='agency_users_have_an_agency'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(('role__in', [cme.accounts.roles.Role['SCHOOL_USER'], cme.accounts.roles.Role['AGENCY_USER']]), models.Q(('agency__isnull', True), ('school__isnull', True)), _connector='OR'), name='la_staff_have_no_school_or_agency'),
        ),
        migrations.AddConstraint(
            model_name='user',
            constraint=models.CheckConstraint(condition=models.Q(('role', ''), ('local_authority__isnull', False), _connector='OR'), name='users_with_a_role_belong_to_an_la'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='user',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "accounts_userevent" ("agency_id", "date_joined", "email", "full_name", "id", "is_active", "is_fictional", "is_staff", "is_superuser", "job_title", "local_authority_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "role", "school_id") VALUES (NEW."agency_id", NEW."date_joined", NEW."email", NEW."full_name", NEW."id", NEW."is_active", NEW."is_fictional", NEW."is_staff", NEW."is_superuser", NEW."job_title", NEW."local_authority_id", _pgh_attach_context(), NOW(), \'insert\', NEW."id", NEW."phone", NEW."role", NEW."school_id"); RETURN NULL;', hash='f4fdabcd93aa455f9220407c28e1988ddb4ccafd', operation='INSERT', pgid='pgtrigger_insert_insert_3867c', table='accounts_user', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='user',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(condition='WHEN (OLD."agency_id" IS DISTINCT FROM (NEW."agency_id") OR OLD."date_joined" IS DISTINCT FROM (NEW."date_joined") OR OLD."email" IS DISTINCT FROM (NEW."email") OR OLD."full_name" IS DISTINCT FROM (NEW."full_name") OR OLD."id" IS DISTINCT FROM (NEW."id") OR OLD."is_active" IS DISTINCT FROM (NEW."is_active") OR OLD."is_fictional" IS DISTINCT FROM (NEW."is_fictional") OR OLD."is_staff" IS DISTINCT FROM (NEW."is_staff") OR OLD."is_superuser" IS DISTINCT FROM (NEW."is_superuser") OR OLD."job_title" IS DISTINCT FROM (NEW."job_title") OR OLD."local_authority_id" IS DISTINCT FROM (NEW."local_authority_id") OR OLD."phone" IS DISTINCT FROM (NEW."phone") OR OLD."role" IS DISTINCT FROM (NEW."role") OR OLD."school_id" IS DISTINCT FROM (NEW."school_id"))', func='INSERT INTO "accounts_userevent" ("agency_id", "date_joined", "email", "full_name", "id", "is_active", "is_fictional", "is_staff", "is_superuser", "job_title", "local_authority_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "role", "school_id") VALUES (NEW."agency_id", NEW."date_joined", NEW."email", NEW."full_name", NEW."id", NEW."is_active", NEW."is_fictional", NEW."is_staff", NEW."is_superuser", NEW."job_title", NEW."local_authority_id", _pgh_attach_context(), NOW(), \'update\', NEW."id", NEW."phone", NEW."role", NEW."school_id"); RETURN NULL;', hash='3e9a5375e917c6b59637ed5933a2db228904be1b', operation='UPDATE', pgid='pgtrigger_update_update_0e890', table='accounts_user', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='user',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='INSERT INTO "accounts_userevent" ("agency_id", "date_joined", "email", "full_name", "id", "is_active", "is_fictional", "is_staff", "is_superuser", "job_title", "local_authority_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "role", "school_id") VALUES (OLD."agency_id", OLD."date_joined", OLD."email", OLD."full_name", OLD."id", OLD."is_active", OLD."is_fictional", OLD."is_staff", OLD."is_superuser", OLD."job_title", OLD."local_authority_id", _pgh_attach_context(), NOW(), \'delete\', OLD."id", OLD."phone", OLD."role", OLD."school_id"); RETURN NULL;', hash='72967e3e997a57b6b2c35eb03c8ced305e156711', operation='DELETE', pgid='pgtrigger_delete_delete_19f14', table='accounts_user', when='AFTER')),
        ),
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text="Which system uses it, e.g. the school's MIS", max_length=100)),
                ('prefix', models.CharField(max_length=12, unique=True)),
                ('key_hash', models.CharField(max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('last_used_at', models.DateTimeField(blank=True, null=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='agency',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='agency',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='agency',
            name='delete_delete',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='localauthority',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='localauthority',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='localauthority',
            name='delete_delete',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='user',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='user',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='user',
            name='delete_delete',
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='agency',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_agencyevent" ("email", "id", "is_fictional", "kind", "local_authority_id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone") SELECT new_values."email", new_values."id", new_values."is_fictional", new_values."kind", new_values."local_authority_id", new_values."name", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."phone" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='9b951033c459c4da7c1deb1fda4c5c143cc0f330', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_67acf', referencing='REFERENCING NEW TABLE AS new_values ', table='accounts_agency', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='agency',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_agencyevent" ("email", "id", "is_fictional", "kind", "local_authority_id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone") SELECT new_values."email", new_values."id", new_values."is_fictional", new_values."kind", new_values."local_authority_id", new_values."name", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."phone" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='ad67755e85af7f63523e6d63d493ef2efd13dd36', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_f30d7', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='accounts_agency', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='agency',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_agencyevent" ("email", "id", "is_fictional", "kind", "local_authority_id", "name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone") SELECT old_values."email", old_values."id", old_values."is_fictional", old_values."kind", old_values."local_authority_id", old_values."name", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."phone" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='7a42ddd833ac7292d7a481fe61cad1dc72caec88', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_d4253', referencing='REFERENCING OLD TABLE AS old_values ', table='accounts_agency', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='localauthority',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_localauthorityevent" ("cme_contact_address", "cme_contact_email", "cme_contact_name", "cme_contact_phone", "code", "id", "is_fictional", "name", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postcode_districts") SELECT new_values."cme_contact_address", new_values."cme_contact_email", new_values."cme_contact_name", new_values."cme_contact_phone", new_values."code", new_values."id", new_values."is_fictional", new_values."name", new_values."ons_code", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."postcode_districts" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='d0cdd72e596a73ce4b9916ee804cd41aff7a7a81', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_e3c62', referencing='REFERENCING NEW TABLE AS new_values ', table='accounts_localauthority', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='localauthority',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_localauthorityevent" ("cme_contact_address", "cme_contact_email", "cme_contact_name", "cme_contact_phone", "code", "id", "is_fictional", "name", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postcode_districts") SELECT new_values."cme_contact_address", new_values."cme_contact_email", new_values."cme_contact_name", new_values."cme_contact_phone", new_values."code", new_values."id", new_values."is_fictional", new_values."name", new_values."ons_code", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."postcode_districts" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='ea053474b827e5545b4b4c036968854984778c78', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_d7bae', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='accounts_localauthority', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='localauthority',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_localauthorityevent" ("cme_contact_address", "cme_contact_email", "cme_contact_name", "cme_contact_phone", "code", "id", "is_fictional", "name", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postcode_districts") SELECT old_values."cme_contact_address", old_values."cme_contact_email", old_values."cme_contact_name", old_values."cme_contact_phone", old_values."code", old_values."id", old_values."is_fictional", old_values."name", old_values."ons_code", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."postcode_districts" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='e5a1f96746d73fbcb58d5aa13ff95efe39e22b68', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_044c3', referencing='REFERENCING OLD TABLE AS old_values ', table='accounts_localauthority', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='user',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_userevent" ("agency_id", "date_joined", "email", "full_name", "id", "is_active", "is_fictional", "is_staff", "is_superuser", "job_title", "local_authority_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "role", "school_id") SELECT new_values."agency_id", new_values."date_joined", new_values."email", new_values."full_name", new_values."id", new_values."is_active", new_values."is_fictional", new_values."is_staff", new_values."is_superuser", new_values."job_title", new_values."local_authority_id", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."phone", new_values."role", new_values."school_id" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='3154a80d46d1d8bf12974e6f9fc117f88dd5ee2f', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_3867c', referencing='REFERENCING NEW TABLE AS new_values ', table='accounts_user', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='user',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_userevent" ("agency_id", "date_joined", "email", "full_name", "id", "is_active", "is_fictional", "is_staff", "is_superuser", "job_title", "local_authority_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "role", "school_id") SELECT new_values."agency_id", new_values."date_joined", new_values."email", new_values."full_name", new_values."id", new_values."is_active", new_values."is_fictional", new_values."is_staff", new_values."is_superuser", new_values."job_title", new_values."local_authority_id", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."phone", new_values."role", new_values."school_id" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values."agency_id" IS DISTINCT FROM (new_values."agency_id") OR old_values."date_joined" IS DISTINCT FROM (new_values."date_joined") OR old_values."email" IS DISTINCT FROM (new_values."email") OR old_values."full_name" IS DISTINCT FROM (new_values."full_name") OR old_values."id" IS DISTINCT FROM (new_values."id") OR old_values."is_active" IS DISTINCT FROM (new_values."is_active") OR old_values."is_fictional" IS DISTINCT FROM (new_values."is_fictional") OR old_values."is_staff" IS DISTINCT FROM (new_values."is_staff") OR old_values."is_superuser" IS DISTINCT FROM (new_values."is_superuser") OR old_values."job_title" IS DISTINCT FROM (new_values."job_title") OR old_values."local_authority_id" IS DISTINCT FROM (new_values."local_authority_id") OR old_values."phone" IS DISTINCT FROM (new_values."phone") OR old_values."role" IS DISTINCT FROM (new_values."role") OR old_values."school_id" IS DISTINCT FROM (new_values."school_id")) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='a38f25be353e2cdc46498b1cb4efabab8e3d3959', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_0e890', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='accounts_user', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='user',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_userevent" ("agency_id", "date_joined", "email", "full_name", "id", "is_active", "is_fictional", "is_staff", "is_superuser", "job_title", "local_authority_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "phone", "role", "school_id") SELECT old_values."agency_id", old_values."date_joined", old_values."email", old_values."full_name", old_values."id", old_values."is_active", old_values."is_fictional", old_values."is_staff", old_values."is_superuser", old_values."job_title", old_values."local_authority_id", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."phone", old_values."role", old_values."school_id" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='2ba52ff1e54db623603fe4a12286a76b777dd09c', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_19f14', referencing='REFERENCING OLD TABLE AS old_values ', table='accounts_user', when='AFTER')),
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='localauthority',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='localauthority',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='localauthority',
            name='delete_delete',
        ),
        migrations.AddField(
            model_name='localauthority',
            name='officers_take_cases',
            field=models.BooleanField(default=True, help_text='Otherwise only a manager allocates cases', verbose_name='officers may take unallocated cases'),
        ),
        migrations.AddField(
            model_name='localauthorityevent',
            name='officers_take_cases',
            field=models.BooleanField(default=True, help_text='Otherwise only a manager allocates cases', verbose_name='officers may take unallocated cases'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='localauthority',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_localauthorityevent" ("cme_contact_address", "cme_contact_email", "cme_contact_name", "cme_contact_phone", "code", "id", "is_fictional", "name", "officers_take_cases", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postcode_districts") SELECT new_values."cme_contact_address", new_values."cme_contact_email", new_values."cme_contact_name", new_values."cme_contact_phone", new_values."code", new_values."id", new_values."is_fictional", new_values."name", new_values."officers_take_cases", new_values."ons_code", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."postcode_districts" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='94ee1c817cec81a6739649a2f699e7a40aed7b22', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_e3c62', referencing='REFERENCING NEW TABLE AS new_values ', table='accounts_localauthority', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='localauthority',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_localauthorityevent" ("cme_contact_address", "cme_contact_email", "cme_contact_name", "cme_contact_phone", "code", "id", "is_fictional", "name", "officers_take_cases", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postcode_districts") SELECT new_values."cme_contact_address", new_values."cme_contact_email", new_values."cme_contact_name", new_values."cme_contact_phone", new_values."code", new_values."id", new_values."is_fictional", new_values."name", new_values."officers_take_cases", new_values."ons_code", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."postcode_districts" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='6cded5ec976ff93fb5478006a9f027d439919cfc', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_d7bae', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='accounts_localauthority', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='localauthority',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_localauthorityevent" ("cme_contact_address", "cme_contact_email", "cme_contact_name", "cme_contact_phone", "code", "id", "is_fictional", "name", "officers_take_cases", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postcode_districts") SELECT old_values."cme_contact_address", old_values."cme_contact_email", old_values."cme_contact_name", old_values."cme_contact_phone", old_values."code", old_values."id", old_values."is_fictional", old_values."name", old_values."officers_take_cases", old_values."ons_code", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."postcode_districts" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='08970d3cb810a4d74fa7a37035fbf60f6d9a9d17', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_044c3', referencing='REFERENCING OLD TABLE AS old_values ', table='accounts_localauthority', when='AFTER')),
        ),
        migrations.CreateModel(
            name='Council',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.CharField(max_length=3, unique=True, validators=[django.core.validators.RegexValidator('^\\d{3}$', 'A DfE local authority number has 3 digits')], verbose_name='DfE local authority number')),
                ('ons_code', models.CharField(blank=True, max_length=9, verbose_name='ONS code')),
                ('name', models.CharField(max_length=120)),
                ('country', models.CharField(choices=[('england', 'England'), ('wales', 'Wales')], default='england', max_length=8)),
                ('current', models.BooleanField(default=True, help_text='False for a council that no longer exists')),
                ('note', models.CharField(blank=True, help_text='What became of a historic council', max_length=300)),
                ('source', models.CharField(blank=True, help_text='Where the number and name come from', max_length=300)),
                ('cme_team_email', models.EmailField(blank=True, max_length=254, verbose_name='CME team email')),
                ('cme_team_phone', models.CharField(blank=True, max_length=40, verbose_name='CME team phone')),
                ('cme_team_address', models.TextField(blank=True, verbose_name='CME team address')),
                ('contact_updated_at', models.DateTimeField(blank=True, null=True)),
                ('is_fictional', models.BooleanField(default=False)),
                ('local_authority', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='council', to='accounts.localauthority')),
            ],
            options={
                'ordering': ['name'],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_councilevent" ("cme_team_address", "cme_team_email", "cme_team_phone", "code", "contact_updated_at", "country", "current", "id", "is_fictional", "local_authority_id", "name", "note", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "source") SELECT new_values."cme_team_address", new_values."cme_team_email", new_values."cme_team_phone", new_values."code", new_values."contact_updated_at", new_values."country", new_values."current", new_values."id", new_values."is_fictional", new_values."local_authority_id", new_values."name", new_values."note", new_values."ons_code", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."source" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='0905dc92a824a7dc5260a1f08ad437a79a0f5dd3', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_6e77c', referencing='REFERENCING NEW TABLE AS new_values ', table='accounts_council', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_councilevent" ("cme_team_address", "cme_team_email", "cme_team_phone", "code", "contact_updated_at", "country", "current", "id", "is_fictional", "local_authority_id", "name", "note", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "source") SELECT new_values."cme_team_address", new_values."cme_team_email", new_values."cme_team_phone", new_values."code", new_values."contact_updated_at", new_values."country", new_values."current", new_values."id", new_values."is_fictional", new_values."local_authority_id", new_values."name", new_values."note", new_values."ons_code", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."source" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='c275ac4fdd5f6acd2977a2f764763f6c4a57b5c0', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_126a5', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='accounts_council', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_councilevent" ("cme_team_address", "cme_team_email", "cme_team_phone", "code", "contact_updated_at", "country", "current", "id", "is_fictional", "local_authority_id", "name", "note", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "source") SELECT old_values."cme_team_address", old_values."cme_team_email", old_values."cme_team_phone", old_values."code", old_values."contact_updated_at", old_values."country", old_values."current", old_values."id", old_values."is_fictional", old_values."local_authority_id", old_values."name", old_values."note", old_values."ons_code", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."source" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='49decd3645d2c4edc014915a7fc99ff630a43141', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_923a2', referencing='REFERENCING OLD TABLE AS old_values ', table='accounts_council', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='CouncilEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('code', models.CharField(max_length=3, validators=[django.core.validators.RegexValidator('^\\d{3}$', 'A DfE local authority number has 3 digits')], verbose_name='DfE local authority number')),
                ('ons_code', models.CharField(blank=True, max_length=9, verbose_name='ONS code')),
                ('name', models.CharField(max_length=120)),
                ('country', models.CharField(choices=[('england', 'England'), ('wales', 'Wales')], default='england', max_length=8)),
                ('current', models.BooleanField(default=True, help_text='False for a council that no longer exists')),
                ('note', models.CharField(blank=True, help_text='What became of a historic council', max_length=300)),
                ('source', models.CharField(blank=True, help_text='Where the number and name come from', max_length=300)),
                ('cme_team_email', models.EmailField(blank=True, max_length=254, verbose_name='CME team email')),
                ('cme_team_phone', models.CharField(blank=True, max_length=40, verbose_name='CME team phone')),
                ('cme_team_address', models.TextField(blank=True, verbose_name='CME team address')),
                ('contact_updated_at', models.DateTimeField(blank=True, null=True)),
                ('is_fictional', models.BooleanField(default=False)),
                ('local_authority', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='accounts.localauthority')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='accounts.council')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.RunPython(
            code=load_0008,
            reverse_code=migrations.RunPython.noop,
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='council',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='council',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='council',
            name='delete_delete',
        ),
        migrations.AddField(
            model_name='council',
            name='region',
            field=models.CharField(blank=True, help_text="The English region, as DfE's statistics name it", max_length=40),
        ),
        migrations.AddField(
            model_name='councilevent',
            name='region',
            field=models.CharField(blank=True, help_text="The English region, as DfE's statistics name it", max_length=40),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='council',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_councilevent" ("cme_team_address", "cme_team_email", "cme_team_phone", "code", "contact_updated_at", "country", "current", "id", "is_fictional", "local_authority_id", "name", "note", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region", "source") SELECT new_values."cme_team_address", new_values."cme_team_email", new_values."cme_team_phone", new_values."code", new_values."contact_updated_at", new_values."country", new_values."current", new_values."id", new_values."is_fictional", new_values."local_authority_id", new_values."name", new_values."note", new_values."ons_code", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."region", new_values."source" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='b3d01c15cb92c96221bb67235d6fc4695a961d26', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_6e77c', referencing='REFERENCING NEW TABLE AS new_values ', table='accounts_council', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='council',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_councilevent" ("cme_team_address", "cme_team_email", "cme_team_phone", "code", "contact_updated_at", "country", "current", "id", "is_fictional", "local_authority_id", "name", "note", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region", "source") SELECT new_values."cme_team_address", new_values."cme_team_email", new_values."cme_team_phone", new_values."code", new_values."contact_updated_at", new_values."country", new_values."current", new_values."id", new_values."is_fictional", new_values."local_authority_id", new_values."name", new_values."note", new_values."ons_code", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."region", new_values."source" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='cd5d8bf703c45575532fdc6fcf80a7f39f47e7c3', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_126a5', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='accounts_council', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='council',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_councilevent" ("cme_team_address", "cme_team_email", "cme_team_phone", "code", "contact_updated_at", "country", "current", "id", "is_fictional", "local_authority_id", "name", "note", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "region", "source") SELECT old_values."cme_team_address", old_values."cme_team_email", old_values."cme_team_phone", old_values."code", old_values."contact_updated_at", old_values."country", old_values."current", old_values."id", old_values."is_fictional", old_values."local_authority_id", old_values."name", old_values."note", old_values."ons_code", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."region", old_values."source" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='e67465d571ea48b5616aa22e235f43769de76ef0', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_923a2', referencing='REFERENCING OLD TABLE AS old_values ', table='accounts_council', when='AFTER')),
        ),
        migrations.RunPython(
            code=load_0010,
            reverse_code=migrations.RunPython.noop,
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='localauthority',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='localauthority',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='localauthority',
            name='delete_delete',
        ),
        migrations.AddField(
            model_name='localauthority',
            name='social_care_phone',
            field=models.CharField(blank=True, help_text="The number the public should call if they are worried about a child's safety", max_length=40, verbose_name="Children's social care phone"),
        ),
        migrations.AddField(
            model_name='localauthorityevent',
            name='social_care_phone',
            field=models.CharField(blank=True, help_text="The number the public should call if they are worried about a child's safety", max_length=40, verbose_name="Children's social care phone"),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='localauthority',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_localauthorityevent" ("cme_contact_address", "cme_contact_email", "cme_contact_name", "cme_contact_phone", "code", "id", "is_fictional", "name", "officers_take_cases", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postcode_districts", "social_care_phone") SELECT new_values."cme_contact_address", new_values."cme_contact_email", new_values."cme_contact_name", new_values."cme_contact_phone", new_values."code", new_values."id", new_values."is_fictional", new_values."name", new_values."officers_take_cases", new_values."ons_code", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."postcode_districts", new_values."social_care_phone" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='7164fcc30a1438c831ea9f2125d2e8035e3bab04', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_e3c62', referencing='REFERENCING NEW TABLE AS new_values ', table='accounts_localauthority', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='localauthority',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_localauthorityevent" ("cme_contact_address", "cme_contact_email", "cme_contact_name", "cme_contact_phone", "code", "id", "is_fictional", "name", "officers_take_cases", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postcode_districts", "social_care_phone") SELECT new_values."cme_contact_address", new_values."cme_contact_email", new_values."cme_contact_name", new_values."cme_contact_phone", new_values."code", new_values."id", new_values."is_fictional", new_values."name", new_values."officers_take_cases", new_values."ons_code", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."postcode_districts", new_values."social_care_phone" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='689e9224c22eded4b530ee69a93f0a3263dfd445', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_d7bae', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='accounts_localauthority', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='localauthority',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "accounts_localauthorityevent" ("cme_contact_address", "cme_contact_email", "cme_contact_name", "cme_contact_phone", "code", "id", "is_fictional", "name", "officers_take_cases", "ons_code", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postcode_districts", "social_care_phone") SELECT old_values."cme_contact_address", old_values."cme_contact_email", old_values."cme_contact_name", old_values."cme_contact_phone", old_values."code", old_values."id", old_values."is_fictional", old_values."name", old_values."officers_take_cases", old_values."ons_code", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."postcode_districts", old_values."social_care_phone" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='c5a5f0fa94341b407463ad5909f52f283aa0c88d', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_044c3', referencing='REFERENCING OLD TABLE AS old_values ', table='accounts_localauthority', when='AFTER')),
        ),
    ]
