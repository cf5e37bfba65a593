# Squashed by scripts/squash_migrations.py (docs/adr/0011-squashed-migrations.md).

import django.contrib.postgres.fields
import django.contrib.postgres.indexes
import django.db.models.deletion
import pgtrigger.compiler
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('audit', '0001_initial'), ('audit', '0002_access_event_child_ids')]

    dependencies = [
        ('accounts', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AccessEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('occurred_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('user_email', models.CharField(max_length=254)),
                ('role', models.CharField(blank=True, max_length=20)),
                ('record_type', models.CharField(max_length=40)),
                ('record_id', models.BigIntegerField(blank=True, null=True)),
                ('record_label', models.CharField(blank=True, max_length=200)),
                ('purpose', models.CharField(max_length=200)),
                ('channel', models.CharField(choices=[('page', 'Web page'), ('api', 'API'), ('export', 'Export'), ('command', 'Command line')], max_length=10)),
                ('path', models.CharField(blank=True, max_length=500)),
                ('method', models.CharField(blank=True, max_length=10)),
                ('ip_address', models.GenericIPAddressField(blank=True, null=True)),
                ('granted', models.BooleanField(default=True)),
                ('local_authority', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.localauthority')),
                ('user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('child_ids', django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), blank=True, default=list)),
            ],
            options={
                'ordering': ['-occurred_at', '-id'],
                'indexes': [models.Index(fields=['record_type', 'record_id', '-occurred_at'], name='access_by_record'), models.Index(fields=['user', '-occurred_at'], name='access_by_user'), models.Index(fields=['local_authority', '-occurred_at'], name='access_by_la'), django.contrib.postgres.indexes.GinIndex(fields=['child_ids'], name='access_by_child')],
                'triggers': [pgtrigger.compiler.Trigger(name='access_log_is_append_only', sql=pgtrigger.compiler.UpsertTriggerSql(func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;", hash='e9c2b61c1769adb7343aac5076f04b9b02eead4f', operation='UPDATE OR DELETE', pgid='pgtrigger_access_log_is_append_only_a2b31', table='audit_accessevent', when='BEFORE'))],
            },
        ),
    ]
