# Squashed by scripts/squash_migrations.py (docs/adr/0011-squashed-migrations.md).

import django.db.models.deletion
import pgtrigger.compiler
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('cases', '0001_initial'), ('cases', '0002_eherecord_eherecordevent_lanotification_and_more')]

    dependencies = [
        ('accounts', '0002_initial'),
        ('children', '0001_initial'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Case',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('state', models.CharField(choices=[('whereabouts-unknown', 'CME – whereabouts unknown'), ('whereabouts-known', 'CME – whereabouts known'), ('closed', 'Closed')], default='whereabouts-unknown', max_length=24)),
                ('primary_reason', models.PositiveSmallIntegerField(choices=[(1, 'Moved in from another local authority'), (2, 'Moved in from another country'), (3, 'School application awaiting outcome'), (4, 'Offered school place but not yet accepted'), (5, 'Waiting school start'), (6, 'Did not get school preference'), (7, 'Unsuitable elective home education'), (8, 'Difficulty accessing suitable school place'), (9, 'School dissatisfaction — general'), (10, 'School dissatisfaction — SEND'), (11, 'Mental health'), (12, 'Physical health'), (13, 'Parental decision not to register at school'), (14, 'Did not apply for school place at compulsory school age'), (15, 'Challenging school attendance order'), (16, 'Believed moved to another local authority'), (17, 'Believed moved to another country'), (18, 'Unknown'), (19, 'Not recorded'), (20, 'Other')], verbose_name='DfE primary reason')),
                ('start_date', models.DateField(help_text='The day the child was first known to be missing education')),
                ('closed_on', models.DateField(blank=True, null=True)),
                ('closure_reason', models.CharField(blank=True, max_length=200)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('allocated_to', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='allocated_cases', to=settings.AUTH_USER_MODEL)),
                ('child', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='children.child')),
                ('local_authority', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='accounts.localauthority')),
            ],
            options={
                'ordering': ['-start_date', '-id'],
                'indexes': [models.Index(fields=['local_authority', 'state'], name='case_la_state')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('state', 'closed'), _negated=True), fields=('child',), name='one_open_case_per_child'), models.CheckConstraint(condition=models.Q(models.Q(('state', 'closed'), _negated=True), ('closed_on__isnull', False), _connector='OR'), name='closed_cases_have_a_date')],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseevent" ("allocated_to_id", "child_id", "closed_on", "closure_reason", "created_at", "id", "local_authority_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "primary_reason", "start_date", "state", "updated_at") SELECT new_values."allocated_to_id", new_values."child_id", new_values."closed_on", new_values."closure_reason", new_values."created_at", new_values."id", new_values."local_authority_id", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."primary_reason", new_values."start_date", new_values."state", new_values."updated_at" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='3edef58b7fd41793a90a00903f8b7ce2b0f49623', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_0b483', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_case', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseevent" ("allocated_to_id", "child_id", "closed_on", "closure_reason", "created_at", "id", "local_authority_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "primary_reason", "start_date", "state", "updated_at") SELECT new_values."allocated_to_id", new_values."child_id", new_values."closed_on", new_values."closure_reason", new_values."created_at", new_values."id", new_values."local_authority_id", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."primary_reason", new_values."start_date", new_values."state", new_values."updated_at" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='7c581859330caff7f40526c7a113600353ca1b46', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_f5146', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_case', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseevent" ("allocated_to_id", "child_id", "closed_on", "closure_reason", "created_at", "id", "local_authority_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "primary_reason", "start_date", "state", "updated_at") SELECT old_values."allocated_to_id", old_values."child_id", old_values."closed_on", old_values."closure_reason", old_values."created_at", old_values."id", old_values."local_authority_id", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."primary_reason", old_values."start_date", old_values."state", old_values."updated_at" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='a3fe59305ac6a04a786a2af7741bb76f7829e970', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_8d49e', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_case', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='CaseEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('state', models.CharField(choices=[('whereabouts-unknown', 'CME – whereabouts unknown'), ('whereabouts-known', 'CME – whereabouts known'), ('closed', 'Closed')], default='whereabouts-unknown', max_length=24)),
                ('primary_reason', models.PositiveSmallIntegerField(choices=[(1, 'Moved in from another local authority'), (2, 'Moved in from another country'), (3, 'School application awaiting outcome'), (4, 'Offered school place but not yet accepted'), (5, 'Waiting school start'), (6, 'Did not get school preference'), (7, 'Unsuitable elective home education'), (8, 'Difficulty accessing suitable school place'), (9, 'School dissatisfaction — general'), (10, 'School dissatisfaction — SEND'), (11, 'Mental health'), (12, 'Physical health'), (13, 'Parental decision not to register at school'), (14, 'Did not apply for school place at compulsory school age'), (15, 'Challenging school attendance order'), (16, 'Believed moved to another local authority'), (17, 'Believed moved to another country'), (18, 'Unknown'), (19, 'Not recorded'), (20, 'Other')], verbose_name='DfE primary reason')),
                ('start_date', models.DateField(help_text='The day the child was first known to be missing education')),
                ('closed_on', models.DateField(blank=True, null=True)),
                ('closure_reason', models.CharField(blank=True, max_length=200)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('allocated_to', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                ('child', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='children.child')),
                ('local_authority', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='accounts.localauthority')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='cases.case')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='TimelineEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('occurred_at', models.DateTimeField()),
                ('kind', models.CharField(choices=[('opened', 'Case opened'), ('referral', 'Referral'), ('school-return', 'School return'), ('note', 'Note'), ('allocated', 'Allocated'), ('found-on-roll', 'Found on a school roll'), ('closed', 'Case closed')], max_length=20)),
                ('text', models.TextField()),
                ('link_url', models.CharField(blank=True, max_length=200)),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='timeline', to='cases.case')),
            ],
            options={
                'verbose_name_plural': 'timeline entries',
                'ordering': ['-occurred_at', '-id'],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_timelineentryevent" ("by_id", "case_id", "id", "kind", "link_url", "occurred_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "text") SELECT new_values."by_id", new_values."case_id", new_values."id", new_values."kind", new_values."link_url", new_values."occurred_at", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."text" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='4231b56ba24dd1ce8a01e9b4b11641967a70cd62', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_f60bc', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_timelineentry', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_timelineentryevent" ("by_id", "case_id", "id", "kind", "link_url", "occurred_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "text") SELECT new_values."by_id", new_values."case_id", new_values."id", new_values."kind", new_values."link_url", new_values."occurred_at", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."text" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='1bd1905d8b66e250d955c992abb9ca004cbad95b', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_74cbb', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_timelineentry', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_timelineentryevent" ("by_id", "case_id", "id", "kind", "link_url", "occurred_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "text") SELECT old_values."by_id", old_values."case_id", old_values."id", old_values."kind", old_values."link_url", old_values."occurred_at", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."text" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='c3c530caf4dcc5af7e6bbb6f8bb3adb2e5bb27f3', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_4f730', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_timelineentry', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='TimelineEntryEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('occurred_at', models.DateTimeField()),
                ('kind', models.CharField(choices=[('opened', 'Case opened'), ('referral', 'Referral'), ('school-return', 'School return'), ('note', 'Note'), ('allocated', 'Allocated'), ('found-on-roll', 'Found on a school roll'), ('closed', 'Case closed')], max_length=20)),
                ('text', models.TextField()),
                ('link_url', models.CharField(blank=True, max_length=200)),
                ('by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cases.case')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='cases.timelineentry')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='EheRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('notified_on', models.DateField()),
                ('source', models.CharField(max_length=200)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('child', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ehe_records', to='children.child')),
            ],
            options={
                'ordering': ['-notified_on'],
            },
        ),
        migrations.CreateModel(
            name='EheRecordEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('notified_on', models.DateField()),
                ('source', models.CharField(max_length=200)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='LaNotification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('to_la_code', models.CharField(max_length=3)),
                ('summary', models.TextField()),
                ('sent_to_email', models.EmailField(blank=True, max_length=254)),
                ('sent_at', models.DateTimeField(auto_now_add=True)),
                ('acknowledged_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'ordering': ['-sent_at'],
            },
        ),
        migrations.CreateModel(
            name='LaNotificationEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('to_la_code', models.CharField(max_length=3)),
                ('summary', models.TextField()),
                ('sent_to_email', models.EmailField(blank=True, max_length=254)),
                ('sent_at', models.DateTimeField(auto_now_add=True)),
                ('acknowledged_at', models.DateTimeField(blank=True, null=True)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Task',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('await-new-pupil-return', 'Check the pupil reached their new school'), ('check-provision', 'Check full-time provision from the sixth day of exclusion'), ('section-19', 'Consider arranging education under section 19'), ('joint-enquiries', 'Check the joint reasonable enquiries were made'), ('found-on-roll', 'Confirm a child found on a school roll')], max_length=32)),
                ('title', models.CharField(max_length=200)),
                ('detail', models.TextField(blank=True)),
                ('due_on', models.DateField(blank=True, null=True)),
                ('status', models.CharField(choices=[('open', 'To do'), ('done', 'Done')], default='open', max_length=8)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('done_at', models.DateTimeField(blank=True, null=True)),
                ('done_note', models.CharField(blank=True, max_length=300)),
            ],
            options={
                'ordering': ['due_on', 'id'],
            },
        ),
        migrations.CreateModel(
            name='TaskEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('kind', models.CharField(choices=[('await-new-pupil-return', 'Check the pupil reached their new school'), ('check-provision', 'Check full-time provision from the sixth day of exclusion'), ('section-19', 'Consider arranging education under section 19'), ('joint-enquiries', 'Check the joint reasonable enquiries were made'), ('found-on-roll', 'Confirm a child found on a school roll')], max_length=32)),
                ('title', models.CharField(max_length=200)),
                ('detail', models.TextField(blank=True)),
                ('due_on', models.DateField(blank=True, null=True)),
                ('status', models.CharField(choices=[('open', 'To do'), ('done', 'Done')], default='open', max_length=8)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('done_at', models.DateTimeField(blank=True, null=True)),
                ('done_note', models.CharField(blank=True, max_length=300)),
            ],
            options={
                'abstract': False,
            },
        ),
    ]
