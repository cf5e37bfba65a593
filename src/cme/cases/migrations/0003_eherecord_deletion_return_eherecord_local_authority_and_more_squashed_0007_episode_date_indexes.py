# Squashed by scripts/squash_migrations.py (docs/adr/0011-squashed-migrations.md).

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('cases', '0003_eherecord_deletion_return_eherecord_local_authority_and_more'), ('cases', '0004_attendancecheck_attendancecheckevent_caseaction_and_more'), ('cases', '0005_versions_siblings_last_school'), ('cases', '0006_dfe_labels'), ('cases', '0007_episode_date_indexes')]

    dependencies = [
        ('accounts', '0004_remove_agency_insert_insert_and_more'),
        ('accounts', '0005_remove_localauthority_insert_insert_and_more'),
        ('cases', '0002_eherecord_eherecordevent_lanotification_and_more'),
        ('children', '0002_childname_childnameevent_contact_contactevent_and_more'),
        ('children', '0008_child_flags'),
        ('pghistory', '0007_auto_20250421_0444'),
        ('referrals', '0003_referralescalationanswer_and_more'),
        ('schools', '0002_deletionreturn_deletionreturnevent_importjob_and_more'),
        ('schools', '0003_return_request_digest'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='eherecord',
            name='deletion_return',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='ehe_records', to='schools.deletionreturn'),
        ),
        migrations.AddField(
            model_name='eherecord',
            name='local_authority',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='ehe_records', to='accounts.localauthority'),
        ),
        migrations.AddField(
            model_name='eherecordevent',
            name='child',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='children.child'),
        ),
        migrations.AddField(
            model_name='eherecordevent',
            name='deletion_return',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='schools.deletionreturn'),
        ),
        migrations.AddField(
            model_name='eherecordevent',
            name='local_authority',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='accounts.localauthority'),
        ),
        migrations.AddField(
            model_name='eherecordevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='eherecordevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='cases.eherecord'),
        ),
        migrations.AddField(
            model_name='lanotification',
            name='child',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='la_notifications', to='children.child'),
        ),
        migrations.AddField(
            model_name='lanotification',
            name='deletion_return',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='la_notifications', to='schools.deletionreturn'),
        ),
        migrations.AddField(
            model_name='lanotification',
            name='from_la',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='notifications_sent', to='accounts.localauthority'),
        ),
        migrations.AddField(
            model_name='lanotification',
            name='to_la',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='notifications_received', to='accounts.localauthority'),
        ),
        migrations.AddField(
            model_name='lanotificationevent',
            name='child',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='children.child'),
        ),
        migrations.AddField(
            model_name='lanotificationevent',
            name='deletion_return',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='schools.deletionreturn'),
        ),
        migrations.AddField(
            model_name='lanotificationevent',
            name='from_la',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='accounts.localauthority'),
        ),
        migrations.AddField(
            model_name='lanotificationevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='lanotificationevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='cases.lanotification'),
        ),
        migrations.AddField(
            model_name='lanotificationevent',
            name='to_la',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='accounts.localauthority'),
        ),
        migrations.AddField(
            model_name='task',
            name='case',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tasks', to='cases.case'),
        ),
        migrations.AddField(
            model_name='task',
            name='child',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tasks', to='children.child'),
        ),
        migrations.AddField(
            model_name='task',
            name='deletion_return',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tasks', to='schools.deletionreturn'),
        ),
        migrations.AddField(
            model_name='task',
            name='local_authority',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='tasks', to='accounts.localauthority'),
        ),
        migrations.AddField(
            model_name='task',
            name='new_pupil_return',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tasks', to='schools.newpupilreturn'),
        ),
        migrations.AddField(
            model_name='taskevent',
            name='case',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cases.case'),
        ),
        migrations.AddField(
            model_name='taskevent',
            name='child',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='children.child'),
        ),
        migrations.AddField(
            model_name='taskevent',
            name='deletion_return',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='schools.deletionreturn'),
        ),
        migrations.AddField(
            model_name='taskevent',
            name='local_authority',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='accounts.localauthority'),
        ),
        migrations.AddField(
            model_name='taskevent',
            name='new_pupil_return',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='schools.newpupilreturn'),
        ),
        migrations.AddField(
            model_name='taskevent',
            name='pgh_context',
            field=models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context'),
        ),
        migrations.AddField(
            model_name='taskevent',
            name='pgh_obj',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='cases.task'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='eherecord',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_eherecordevent" ("child_id", "created_at", "deletion_return_id", "id", "local_authority_id", "notified_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "source") SELECT new_values."child_id", new_values."created_at", new_values."deletion_return_id", new_values."id", new_values."local_authority_id", new_values."notified_on", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."source" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='6ef2cb8f3b8166e293effa0e1d69078b0a66cc4f', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_33c89', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_eherecord', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='eherecord',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_eherecordevent" ("child_id", "created_at", "deletion_return_id", "id", "local_authority_id", "notified_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "source") SELECT new_values."child_id", new_values."created_at", new_values."deletion_return_id", new_values."id", new_values."local_authority_id", new_values."notified_on", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."source" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='ea6d79337c112bb6900ee8fca284ab16c3782f01', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_6e07e', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_eherecord', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='eherecord',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_eherecordevent" ("child_id", "created_at", "deletion_return_id", "id", "local_authority_id", "notified_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "source") SELECT old_values."child_id", old_values."created_at", old_values."deletion_return_id", old_values."id", old_values."local_authority_id", old_values."notified_on", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."source" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='5d53d2ec700bdc31c488e37988e91aaa8fb8db08', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_0fb33', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_eherecord', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='lanotification',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_lanotificationevent" ("acknowledged_at", "child_id", "deletion_return_id", "from_la_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "sent_at", "sent_to_email", "summary", "to_la_code", "to_la_id") SELECT new_values."acknowledged_at", new_values."child_id", new_values."deletion_return_id", new_values."from_la_id", new_values."id", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."sent_at", new_values."sent_to_email", new_values."summary", new_values."to_la_code", new_values."to_la_id" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='3ad6c552c690bfe909125053ba8acb5f3128c6d8', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_1251e', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_lanotification', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='lanotification',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_lanotificationevent" ("acknowledged_at", "child_id", "deletion_return_id", "from_la_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "sent_at", "sent_to_email", "summary", "to_la_code", "to_la_id") SELECT new_values."acknowledged_at", new_values."child_id", new_values."deletion_return_id", new_values."from_la_id", new_values."id", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."sent_at", new_values."sent_to_email", new_values."summary", new_values."to_la_code", new_values."to_la_id" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='58a5c743226c0999e62ee14506c6e98f33f0689c', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_e3bff', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_lanotification', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='lanotification',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_lanotificationevent" ("acknowledged_at", "child_id", "deletion_return_id", "from_la_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "sent_at", "sent_to_email", "summary", "to_la_code", "to_la_id") SELECT old_values."acknowledged_at", old_values."child_id", old_values."deletion_return_id", old_values."from_la_id", old_values."id", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."sent_at", old_values."sent_to_email", old_values."summary", old_values."to_la_code", old_values."to_la_id" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='8fededf78a47346bc963679bd5dfa21e96d9d288', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_08d02', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_lanotification', when='AFTER')),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['local_authority', 'status', 'due_on'], name='task_due'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='task',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_taskevent" ("case_id", "child_id", "created_at", "deletion_return_id", "detail", "done_at", "done_note", "due_on", "id", "kind", "local_authority_id", "new_pupil_return_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "status", "title") SELECT new_values."case_id", new_values."child_id", new_values."created_at", new_values."deletion_return_id", new_values."detail", new_values."done_at", new_values."done_note", new_values."due_on", new_values."id", new_values."kind", new_values."local_authority_id", new_values."new_pupil_return_id", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."status", new_values."title" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='4c0ee75130aef4e21e9cd25064f4ba4a39c23b77', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_62e7a', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_task', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='task',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_taskevent" ("case_id", "child_id", "created_at", "deletion_return_id", "detail", "done_at", "done_note", "due_on", "id", "kind", "local_authority_id", "new_pupil_return_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "status", "title") SELECT new_values."case_id", new_values."child_id", new_values."created_at", new_values."deletion_return_id", new_values."detail", new_values."done_at", new_values."done_note", new_values."due_on", new_values."id", new_values."kind", new_values."local_authority_id", new_values."new_pupil_return_id", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."status", new_values."title" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='982ddc1c654b3b19857bb728667d592a8a621817', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_e050d', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_task', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='task',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_taskevent" ("case_id", "child_id", "created_at", "deletion_return_id", "detail", "done_at", "done_note", "due_on", "id", "kind", "local_authority_id", "new_pupil_return_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "status", "title") SELECT old_values."case_id", old_values."child_id", old_values."created_at", old_values."deletion_return_id", old_values."detail", old_values."done_at", old_values."done_note", old_values."due_on", old_values."id", old_values."kind", old_values."local_authority_id", old_values."new_pupil_return_id", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."status", old_values."title" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='b174fb29837b095303ef88e6b5e608e6984c879d', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_b7669', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_task', when='AFTER')),
        ),
        migrations.CreateModel(
            name='AttendanceCheck',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('checked_on', models.DateField()),
                ('attending', models.CharField(choices=[('full', 'Attending fully'), ('partly', 'Attending some of the time'), ('not', 'Not attending')], max_length=8)),
                ('percent', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='attendance (%)')),
                ('told_by', models.CharField(max_length=200, verbose_name='who said so')),
                ('note', models.TextField(blank=True)),
                ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='attendance_checks', to='cases.case')),
            ],
            options={
                'ordering': ['-checked_on', '-id'],
            },
        ),
        migrations.CreateModel(
            name='AttendanceCheckEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('checked_on', models.DateField()),
                ('attending', models.CharField(choices=[('full', 'Attending fully'), ('partly', 'Attending some of the time'), ('not', 'Not attending')], max_length=8)),
                ('percent', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='attendance (%)')),
                ('told_by', models.CharField(max_length=200, verbose_name='who said so')),
                ('note', models.TextField(blank=True)),
                ('by', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cases.case')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='cases.attendancecheck')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CaseAction',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('occurred_at', models.DateTimeField()),
                ('method', models.CharField(choices=[('phone', 'Phone call'), ('email', 'Email'), ('letter', 'Letter'), ('in-person', 'In person'), ('records', 'Records or database search'), ('secure-message', 'Secure message'), ('meeting', 'Meeting')], max_length=16)),
                ('whom', models.CharField(max_length=200, verbose_name='who was asked')),
                ('outcome', models.CharField(choices=[('spoke-to-parent', 'Spoke to a parent or carer'), ('spoke-to-child', 'Spoke to the child'), ('spoke-to-someone-else', 'Spoke to someone else'), ('known', 'They know the child or family'), ('not-known', 'They do not know the child or family'), ('no-answer', 'No answer'), ('left-message', 'Left a message'), ('number-unobtainable', 'Number unobtainable'), ('waiting', 'Asked; waiting for an answer'), ('letter-sent', 'Letter sent'), ('returned', 'Returned or undelivered'), ('other', 'Something else (say in the answer)')], max_length=24)),
                ('answer', models.TextField(blank=True)),
                ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='cases.case')),
            ],
            options={
                'ordering': ['-occurred_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='CaseActionEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('occurred_at', models.DateTimeField()),
                ('method', models.CharField(choices=[('phone', 'Phone call'), ('email', 'Email'), ('letter', 'Letter'), ('in-person', 'In person'), ('records', 'Records or database search'), ('secure-message', 'Secure message'), ('meeting', 'Meeting')], max_length=16)),
                ('whom', models.CharField(max_length=200, verbose_name='who was asked')),
                ('outcome', models.CharField(choices=[('spoke-to-parent', 'Spoke to a parent or carer'), ('spoke-to-child', 'Spoke to the child'), ('spoke-to-someone-else', 'Spoke to someone else'), ('known', 'They know the child or family'), ('not-known', 'They do not know the child or family'), ('no-answer', 'No answer'), ('left-message', 'Left a message'), ('number-unobtainable', 'Number unobtainable'), ('waiting', 'Asked; waiting for an answer'), ('letter-sent', 'Letter sent'), ('returned', 'Returned or undelivered'), ('other', 'Something else (say in the answer)')], max_length=24)),
                ('answer', models.TextField(blank=True)),
                ('by', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cases.case')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='cases.caseaction')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CaseDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to='cases/%Y/%m/')),
                ('original_name', models.CharField(max_length=200)),
                ('content_type', models.CharField(max_length=100)),
                ('size', models.PositiveIntegerField()),
                ('description', models.CharField(blank=True, max_length=200)),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='cases.case')),
                ('uploaded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-uploaded_at', '-id'],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_casedocumentevent" ("case_id", "content_type", "description", "file", "id", "original_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "size", "uploaded_at", "uploaded_by_id") SELECT new_values."case_id", new_values."content_type", new_values."description", new_values."file", new_values."id", new_values."original_name", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."size", new_values."uploaded_at", new_values."uploaded_by_id" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='03744d89116ec5466cde00ca0e268b4b966a48dc', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_d67d2', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_casedocument', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_casedocumentevent" ("case_id", "content_type", "description", "file", "id", "original_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "size", "uploaded_at", "uploaded_by_id") SELECT new_values."case_id", new_values."content_type", new_values."description", new_values."file", new_values."id", new_values."original_name", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."size", new_values."uploaded_at", new_values."uploaded_by_id" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='6d301c19714d9a5717e3f0016eef7124024ef299', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_3a72c', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_casedocument', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_casedocumentevent" ("case_id", "content_type", "description", "file", "id", "original_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "size", "uploaded_at", "uploaded_by_id") SELECT old_values."case_id", old_values."content_type", old_values."description", old_values."file", old_values."id", old_values."original_name", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."size", old_values."uploaded_at", old_values."uploaded_by_id" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='32f29316dddd8160d81c29c6865a752234472d24', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_46ca2', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_casedocument', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='CaseDocumentEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('file', models.FileField(upload_to='cases/%Y/%m/')),
                ('original_name', models.CharField(max_length=200)),
                ('content_type', models.CharField(max_length=100)),
                ('size', models.PositiveIntegerField()),
                ('description', models.CharField(blank=True, max_length=200)),
                ('uploaded_at', models.DateTimeField(auto_now_add=True)),
                ('case', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cases.case')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='cases.casedocument')),
                ('uploaded_by', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CaseEscalationAnswer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('question', models.CharField(max_length=40)),
                ('answer', models.BooleanField(null=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='escalation_answers', to='cases.case')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('case', 'question'), name='case_escalation_answer_once')],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseescalationanswerevent" ("answer", "case_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "question") SELECT new_values."answer", new_values."case_id", new_values."id", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."question" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='1540f68b83b605fc66dd4525c077d231ee5ef6a1', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_130ea', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_caseescalationanswer', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseescalationanswerevent" ("answer", "case_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "question") SELECT new_values."answer", new_values."case_id", new_values."id", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."question" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='f922583f13b755cfe72cfb0921959c4f7fc1517f', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_ce213', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_caseescalationanswer', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseescalationanswerevent" ("answer", "case_id", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "question") SELECT old_values."answer", old_values."case_id", old_values."id", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."question" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='a2c355dfe56f100b16d445b2f0d6ebf9d10dd017', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_27d83', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_caseescalationanswer', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='CaseEscalationAnswerEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('question', models.CharField(max_length=40)),
                ('answer', models.BooleanField(null=True)),
                ('case', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cases.case')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='cases.caseescalationanswer')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CaseIndicator',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('number', models.PositiveSmallIntegerField()),
                ('answer', models.CharField(max_length=3)),
                ('timing', models.CharField(blank=True, max_length=8)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='indicators', to='cases.case')),
            ],
            options={
                'ordering': ['number'],
                'constraints': [models.UniqueConstraint(fields=('case', 'number'), name='case_indicator_once')],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseindicatorevent" ("answer", "case_id", "id", "number", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "timing") SELECT new_values."answer", new_values."case_id", new_values."id", new_values."number", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."timing" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='2cc0f99a1cbb4f35915a870999395474797aeb25', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_40651', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_caseindicator', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseindicatorevent" ("answer", "case_id", "id", "number", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "timing") SELECT new_values."answer", new_values."case_id", new_values."id", new_values."number", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."timing" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='8951055a19d46fb6eb03b9e499026761bbd9c8e8', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_daf70', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_caseindicator', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseindicatorevent" ("answer", "case_id", "id", "number", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "timing") SELECT old_values."answer", old_values."case_id", old_values."id", old_values."number", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."timing" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='cceb8dc8ed7670e555186dd81242f3e8c13d6acc', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_35e03', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_caseindicator', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='CaseIndicatorEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('number', models.PositiveSmallIntegerField()),
                ('answer', models.CharField(max_length=3)),
                ('timing', models.CharField(blank=True, max_length=8)),
                ('case', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cases.case')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='cases.caseindicator')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CaseNeeds',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(db_default=1, default=1, editable=False)),
                ('sen', models.TextField(blank=True, verbose_name='special educational needs or disability')),
                ('health', models.TextField(blank=True, verbose_name='health needs')),
                ('first_language', models.CharField(blank=True, max_length=80)),
                ('interpreter_needed', models.BooleanField(null=True)),
                ('safeguarding', models.TextField(blank=True, verbose_name='safeguarding concerns')),
                ('other', models.TextField(blank=True, verbose_name='anything else the child needs')),
                ('recorded_at', models.DateTimeField()),
                ('case', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='needs', to='cases.case')),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'abstract': False,
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseneedsevent" ("case_id", "first_language", "health", "id", "interpreter_needed", "other", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_at", "recorded_by_id", "safeguarding", "sen", "version") SELECT new_values."case_id", new_values."first_language", new_values."health", new_values."id", new_values."interpreter_needed", new_values."other", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."recorded_at", new_values."recorded_by_id", new_values."safeguarding", new_values."sen", new_values."version" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='04d83faa7be031743dc02509cb56c7a832f28de7', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_81aef', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_caseneeds', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseneedsevent" ("case_id", "first_language", "health", "id", "interpreter_needed", "other", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_at", "recorded_by_id", "safeguarding", "sen", "version") SELECT new_values."case_id", new_values."first_language", new_values."health", new_values."id", new_values."interpreter_needed", new_values."other", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."recorded_at", new_values."recorded_by_id", new_values."safeguarding", new_values."sen", new_values."version" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='981dc4033b0c7e3d2ded933899c5f83f97cb1cd2', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_3dbd5', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_caseneeds', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseneedsevent" ("case_id", "first_language", "health", "id", "interpreter_needed", "other", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "recorded_at", "recorded_by_id", "safeguarding", "sen", "version") SELECT old_values."case_id", old_values."first_language", old_values."health", old_values."id", old_values."interpreter_needed", old_values."other", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."recorded_at", old_values."recorded_by_id", old_values."safeguarding", old_values."sen", old_values."version" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='5158db12d303990ad268e1cc418d1f8ad8d1a6cb', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_3a123', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_caseneeds', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='CaseNeedsEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('version', models.PositiveIntegerField(db_default=1, default=1, editable=False)),
                ('sen', models.TextField(blank=True, verbose_name='special educational needs or disability')),
                ('health', models.TextField(blank=True, verbose_name='health needs')),
                ('first_language', models.CharField(blank=True, max_length=80)),
                ('interpreter_needed', models.BooleanField(null=True)),
                ('safeguarding', models.TextField(blank=True, verbose_name='safeguarding concerns')),
                ('other', models.TextField(blank=True, verbose_name='anything else the child needs')),
                ('recorded_at', models.DateTimeField()),
                ('case', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cases.case')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='cases.caseneeds')),
                ('recorded_by', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='CasePeriod',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('started_on', models.DateField()),
                ('ended_on', models.DateField(blank=True, null=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='periods', to='cases.case')),
            ],
            options={
                'ordering': ['started_on', 'id'],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseperiodevent" ("case_id", "ended_on", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "started_on") SELECT new_values."case_id", new_values."ended_on", new_values."id", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."started_on" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='a94690541ff24fcdcc38e9245ef2b0cd96b2bbd8', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_ea1df', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_caseperiod', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseperiodevent" ("case_id", "ended_on", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "started_on") SELECT new_values."case_id", new_values."ended_on", new_values."id", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."started_on" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='040d058353943fb3ce852414d960db3a914d0b52', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_dece6', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_caseperiod', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseperiodevent" ("case_id", "ended_on", "id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "started_on") SELECT old_values."case_id", old_values."ended_on", old_values."id", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."started_on" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='312fae794db034d09df3e92393330c30320db30c', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_5bc40', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_caseperiod', when='AFTER'))],
                'indexes': [models.Index(fields=['ended_on'], name='episode_ended_on'), models.Index(fields=['started_on'], name='episode_started_on')],
            },
        ),
        migrations.CreateModel(
            name='CasePeriodEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('started_on', models.DateField()),
                ('ended_on', models.DateField(blank=True, null=True)),
                ('case', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cases.case')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='cases.caseperiod')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Enquiry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('school-records', 'School records and staff who know the child'), ('contact-number', 'Contact and emergency number'), ('siblings', 'Brothers and sisters, and their schools'), ('friends-and-relatives', 'Friends and relatives'), ('letter', 'Letter to the last known address'), ('home-visit', 'Home visit to the last known address'), ('social-care', "Children's social care"), ('health', 'Health: GP, school nurse or health visitor'), ('housing', 'Housing (social landlord, temporary accommodation)'), ('police', 'Police'), ('youth-justice', 'Youth justice service'), ('border-force', 'Border Force or the Home Office (a move abroad is suspected)'), ('other-la', 'The CME officer of the council the child may have moved to'), ('lost-pupil-database', 'The Lost Pupil Database (School to School)'), ('other', 'Other enquiry')], max_length=24)),
                ('about', models.CharField(blank=True, max_length=200)),
                ('status', models.CharField(choices=[('to-do', 'To do'), ('done', 'Done'), ('not-possible', 'Not possible or not needed')], default='to-do', max_length=14)),
                ('result', models.TextField(blank=True)),
                ('done_on', models.DateField(blank=True, null=True)),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='enquiries', to='cases.case')),
                ('done_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name_plural': 'enquiries',
                'ordering': ['position', 'id'],
                'constraints': [models.UniqueConstraint(fields=('case', 'kind', 'about'), name='enquiry_once_per_case')],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_enquiryevent" ("about", "case_id", "done_by_id", "done_on", "id", "kind", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "result", "status") SELECT new_values."about", new_values."case_id", new_values."done_by_id", new_values."done_on", new_values."id", new_values."kind", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."position", new_values."result", new_values."status" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='b58a4753e203a3b4aa5c5791080f49f58d53ae31', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_cb087', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_enquiry', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_enquiryevent" ("about", "case_id", "done_by_id", "done_on", "id", "kind", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "result", "status") SELECT new_values."about", new_values."case_id", new_values."done_by_id", new_values."done_on", new_values."id", new_values."kind", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."position", new_values."result", new_values."status" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='704454e83cc2866f8e044aa982d5d080cce03efa', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_65a5d', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_enquiry', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_enquiryevent" ("about", "case_id", "done_by_id", "done_on", "id", "kind", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "position", "result", "status") SELECT old_values."about", old_values."case_id", old_values."done_by_id", old_values."done_on", old_values."id", old_values."kind", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."position", old_values."result", old_values."status" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='8fc9b40c3b2cc782d2744839b1eaa2f7b4155088', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_459f6', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_enquiry', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='EnquiryEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('kind', models.CharField(choices=[('school-records', 'School records and staff who know the child'), ('contact-number', 'Contact and emergency number'), ('siblings', 'Brothers and sisters, and their schools'), ('friends-and-relatives', 'Friends and relatives'), ('letter', 'Letter to the last known address'), ('home-visit', 'Home visit to the last known address'), ('social-care', "Children's social care"), ('health', 'Health: GP, school nurse or health visitor'), ('housing', 'Housing (social landlord, temporary accommodation)'), ('police', 'Police'), ('youth-justice', 'Youth justice service'), ('border-force', 'Border Force or the Home Office (a move abroad is suspected)'), ('other-la', 'The CME officer of the council the child may have moved to'), ('lost-pupil-database', 'The Lost Pupil Database (School to School)'), ('other', 'Other enquiry')], max_length=24)),
                ('about', models.CharField(blank=True, max_length=200)),
                ('status', models.CharField(choices=[('to-do', 'To do'), ('done', 'Done'), ('not-possible', 'Not possible or not needed')], default='to-do', max_length=14)),
                ('result', models.TextField(blank=True)),
                ('done_on', models.DateField(blank=True, null=True)),
                ('position', models.PositiveSmallIntegerField(default=0)),
                ('case', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cases.case')),
                ('done_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='cases.enquiry')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Escalation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(db_default=1, default=1, editable=False)),
                ('agency', models.CharField(choices=[('police', 'Police'), ('social-care', "Children's social care (MASH)")], max_length=16)),
                ('made_on', models.DateField()),
                ('reference', models.CharField(blank=True, max_length=60, verbose_name='their reference')),
                ('reason', models.TextField()),
                ('outcome', models.TextField(blank=True)),
                ('outcome_on', models.DateField(blank=True, null=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='escalations', to='cases.case')),
                ('made_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-made_on', '-id'],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_escalationevent" ("agency", "case_id", "id", "made_by_id", "made_on", "outcome", "outcome_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "reference", "version") SELECT new_values."agency", new_values."case_id", new_values."id", new_values."made_by_id", new_values."made_on", new_values."outcome", new_values."outcome_on", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."reason", new_values."reference", new_values."version" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='d27a9f430b5a33872cf86729251c71493607acfd', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_4a857', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_escalation', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_escalationevent" ("agency", "case_id", "id", "made_by_id", "made_on", "outcome", "outcome_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "reference", "version") SELECT new_values."agency", new_values."case_id", new_values."id", new_values."made_by_id", new_values."made_on", new_values."outcome", new_values."outcome_on", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."reason", new_values."reference", new_values."version" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='3b4f1b5d895dd820cc10739932d97c3a8ebf6831', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_5f42d', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_escalation', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_escalationevent" ("agency", "case_id", "id", "made_by_id", "made_on", "outcome", "outcome_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "reason", "reference", "version") SELECT old_values."agency", old_values."case_id", old_values."id", old_values."made_by_id", old_values."made_on", old_values."outcome", old_values."outcome_on", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."reason", old_values."reference", old_values."version" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='44acf22b659c7fb38cec84c1bcf6887d0179cd05', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_568a6', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_escalation', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='EscalationEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('version', models.PositiveIntegerField(db_default=1, default=1, editable=False)),
                ('agency', models.CharField(choices=[('police', 'Police'), ('social-care', "Children's social care (MASH)")], max_length=16)),
                ('made_on', models.DateField()),
                ('reference', models.CharField(blank=True, max_length=60, verbose_name='their reference')),
                ('reason', models.TextField()),
                ('outcome', models.TextField(blank=True)),
                ('outcome_on', models.DateField(blank=True, null=True)),
                ('case', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cases.case')),
                ('made_by', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='cases.escalation')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='HomeVisit',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('visited_at', models.DateTimeField()),
                ('visitors', models.CharField(max_length=200, verbose_name='who went')),
                ('address', models.CharField(max_length=300)),
                ('seen', models.CharField(max_length=300, verbose_name='who was seen')),
                ('occupied', models.CharField(choices=[('yes', 'Yes, it looked lived in'), ('no', 'No, it looked empty'), ('unclear', 'Could not tell')], max_length=8, verbose_name='signs of occupation')),
                ('neighbours', models.TextField(blank=True, verbose_name='what neighbours said')),
                ('notes', models.TextField(blank=True)),
                ('by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='visits', to='cases.case')),
            ],
            options={
                'ordering': ['-visited_at', '-id'],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_homevisitevent" ("address", "by_id", "case_id", "id", "neighbours", "notes", "occupied", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "seen", "visited_at", "visitors") SELECT new_values."address", new_values."by_id", new_values."case_id", new_values."id", new_values."neighbours", new_values."notes", new_values."occupied", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."seen", new_values."visited_at", new_values."visitors" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='153772bf3da64632bb9537a4e438bb0b28403b47', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_eedd4', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_homevisit', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_homevisitevent" ("address", "by_id", "case_id", "id", "neighbours", "notes", "occupied", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "seen", "visited_at", "visitors") SELECT new_values."address", new_values."by_id", new_values."case_id", new_values."id", new_values."neighbours", new_values."notes", new_values."occupied", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."seen", new_values."visited_at", new_values."visitors" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='3b634cae1fc5e3275ca59dfb96b794794158d3f5', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_1ee4c', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_homevisit', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_homevisitevent" ("address", "by_id", "case_id", "id", "neighbours", "notes", "occupied", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "seen", "visited_at", "visitors") SELECT old_values."address", old_values."by_id", old_values."case_id", old_values."id", old_values."neighbours", old_values."notes", old_values."occupied", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."seen", old_values."visited_at", old_values."visitors" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='656f5f5822ecb710116629c5e71167282362198b', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_b4ac5', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_homevisit', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='HomeVisitEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('visited_at', models.DateTimeField()),
                ('visitors', models.CharField(max_length=200, verbose_name='who went')),
                ('address', models.CharField(max_length=300)),
                ('seen', models.CharField(max_length=300, verbose_name='who was seen')),
                ('occupied', models.CharField(choices=[('yes', 'Yes, it looked lived in'), ('no', 'No, it looked empty'), ('unclear', 'Could not tell')], max_length=8, verbose_name='signs of occupation')),
                ('neighbours', models.TextField(blank=True, verbose_name='what neighbours said')),
                ('notes', models.TextField(blank=True)),
                ('by', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cases.case')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='cases.homevisit')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='Placement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('version', models.PositiveIntegerField(db_default=1, default=1, editable=False)),
                ('kind', models.CharField(choices=[('in-year-admission', 'In-year admission to a school'), ('alternative-provision', 'Alternative provision'), ('section-19', 'Education arranged under section 19'), ('ehe', 'Elective home education')], max_length=24)),
                ('provider_name', models.CharField(blank=True, max_length=200, verbose_name='school or provider')),
                ('status', models.CharField(choices=[('applied', 'Applied'), ('offered', 'Offered'), ('accepted', 'Accepted'), ('started', 'Started'), ('refused', 'Refused or not offered'), ('withdrawn', 'Withdrawn'), ('ended', 'Ended')], max_length=12)),
                ('applied_on', models.DateField(blank=True, null=True)),
                ('offered_on', models.DateField(blank=True, null=True)),
                ('start_date', models.DateField(blank=True, null=True)),
                ('notes', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='placements', to='cases.case')),
                ('school', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='schools.school')),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_placementevent" ("applied_on", "by_id", "case_id", "created_at", "id", "kind", "notes", "offered_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "provider_name", "school_id", "start_date", "status", "version") SELECT new_values."applied_on", new_values."by_id", new_values."case_id", new_values."created_at", new_values."id", new_values."kind", new_values."notes", new_values."offered_on", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."provider_name", new_values."school_id", new_values."start_date", new_values."status", new_values."version" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='850f9ee5671d11d745c59f94b4e9bc0882465a8a', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_90d7a', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_placement', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_placementevent" ("applied_on", "by_id", "case_id", "created_at", "id", "kind", "notes", "offered_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "provider_name", "school_id", "start_date", "status", "version") SELECT new_values."applied_on", new_values."by_id", new_values."case_id", new_values."created_at", new_values."id", new_values."kind", new_values."notes", new_values."offered_on", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."provider_name", new_values."school_id", new_values."start_date", new_values."status", new_values."version" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='d5d9fb16a0226bfda4f3d3b4eceddeaed9121473', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_589d3', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_placement', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_placementevent" ("applied_on", "by_id", "case_id", "created_at", "id", "kind", "notes", "offered_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "provider_name", "school_id", "start_date", "status", "version") SELECT old_values."applied_on", old_values."by_id", old_values."case_id", old_values."created_at", old_values."id", old_values."kind", old_values."notes", old_values."offered_on", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."provider_name", old_values."school_id", old_values."start_date", old_values."status", old_values."version" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='296025a0828ed3eba8ab4efcb7fcfa5596203874', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_9f993', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_placement', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='PlacementEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('version', models.PositiveIntegerField(db_default=1, default=1, editable=False)),
                ('kind', models.CharField(choices=[('in-year-admission', 'In-year admission to a school'), ('alternative-provision', 'Alternative provision'), ('section-19', 'Education arranged under section 19'), ('ehe', 'Elective home education')], max_length=24)),
                ('provider_name', models.CharField(blank=True, max_length=200, verbose_name='school or provider')),
                ('status', models.CharField(choices=[('applied', 'Applied'), ('offered', 'Offered'), ('accepted', 'Accepted'), ('started', 'Started'), ('refused', 'Refused or not offered'), ('withdrawn', 'Withdrawn'), ('ended', 'Ended')], max_length=12)),
                ('applied_on', models.DateField(blank=True, null=True)),
                ('offered_on', models.DateField(blank=True, null=True)),
                ('start_date', models.DateField(blank=True, null=True)),
                ('notes', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cases.case')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='cases.placement')),
                ('school', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='schools.school')),
            ],
            options={
                'abstract': False,
            },
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='case',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='case',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='case',
            name='delete_delete',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='eherecord',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='eherecord',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='eherecord',
            name='delete_delete',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='task',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='task',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='task',
            name='delete_delete',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='timelineentry',
            name='insert_insert',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='timelineentry',
            name='update_update',
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name='timelineentry',
            name='delete_delete',
        ),
        migrations.AddField(
            model_name='case',
            name='closed_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='case',
            name='outcome',
            field=models.CharField(blank=True, choices=[('on-roll-attending', 'On a school roll and attending, confirmed by the school after monitoring'), ('suitable-ehe', 'Suitable elective home education confirmed'), ('alternative-provision', 'Alternative provision arranged and attended'), ('moved-to-another-la', 'Moved to another local authority, which has accepted the child'), ('moved-abroad', 'Moved abroad, with the evidence'), ('ceased-compulsory-school-age', 'Ceased to be of compulsory school age'), ('died', 'Died'), ('whereabouts-unknown', 'Whereabouts unknown after all enquiries; lost-pupil CTF recorded')], max_length=32),
        ),
        migrations.AddField(
            model_name='case',
            name='outcome_evidence',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='case',
            name='risk_level',
            field=models.CharField(choices=[('high', 'High'), ('medium', 'Medium'), ('low', 'Low'), ('none', 'None known')], default='none', max_length=8),
        ),
        migrations.AddField(
            model_name='case',
            name='risk_reasons',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='case',
            name='source',
            field=models.CharField(choices=[('referral', 'Referral'), ('school-return', 'School return'), ('transfer-file', 'Common Transfer File'), ('data-matching', 'Data matching'), ('other-la', 'Another council'), ('officer', 'Opened by an officer')], default='officer', max_length=16),
        ),
        migrations.AddField(
            model_name='case',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name='case',
            name='whereabouts_known',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='closed_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='outcome',
            field=models.CharField(blank=True, choices=[('on-roll-attending', 'On a school roll and attending, confirmed by the school after monitoring'), ('suitable-ehe', 'Suitable elective home education confirmed'), ('alternative-provision', 'Alternative provision arranged and attended'), ('moved-to-another-la', 'Moved to another local authority, which has accepted the child'), ('moved-abroad', 'Moved abroad, with the evidence'), ('ceased-compulsory-school-age', 'Ceased to be of compulsory school age'), ('died', 'Died'), ('whereabouts-unknown', 'Whereabouts unknown after all enquiries; lost-pupil CTF recorded')], max_length=32),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='outcome_evidence',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='risk_level',
            field=models.CharField(choices=[('high', 'High'), ('medium', 'Medium'), ('low', 'Low'), ('none', 'None known')], default='none', max_length=8),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='risk_reasons',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='source',
            field=models.CharField(choices=[('referral', 'Referral'), ('school-return', 'School return'), ('transfer-file', 'Common Transfer File'), ('data-matching', 'Data matching'), ('other-la', 'Another council'), ('officer', 'Opened by an officer')], default='officer', max_length=16),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='version',
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
        ),
        migrations.AddField(
            model_name='caseevent',
            name='whereabouts_known',
            field=models.BooleanField(default=False),
        ),
        migrations.AddField(
            model_name='eherecord',
            name='updated_at',
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name='eherecordevent',
            name='updated_at',
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name='task',
            name='done_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='task',
            name='owner',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='tasks', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='task',
            name='updated_at',
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name='task',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name='taskevent',
            name='done_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='taskevent',
            name='owner',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='taskevent',
            name='updated_at',
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.AddField(
            model_name='taskevent',
            name='version',
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
        ),
        migrations.AddField(
            model_name='timelineentry',
            name='subject_id',
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='timelineentry',
            name='subject_type',
            field=models.CharField(blank=True, choices=[('referral', 'Referral'), ('deletion-return', 'Deletion return'), ('new-pupil-return', 'New-pupil return'), ('child', "Child's record"), ('action', 'Enquiry'), ('visit', 'Home visit'), ('placement', 'Provision'), ('attendance', 'Attendance check'), ('escalation', 'Referral to another service'), ('document', 'Document'), ('task', 'Task')], max_length=20),
        ),
        migrations.AddField(
            model_name='timelineentryevent',
            name='subject_id',
            field=models.BigIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='timelineentryevent',
            name='subject_type',
            field=models.CharField(blank=True, choices=[('referral', 'Referral'), ('deletion-return', 'Deletion return'), ('new-pupil-return', 'New-pupil return'), ('child', "Child's record"), ('action', 'Enquiry'), ('visit', 'Home visit'), ('placement', 'Provision'), ('attendance', 'Attendance check'), ('escalation', 'Referral to another service'), ('document', 'Document'), ('task', 'Task')], max_length=20),
        ),
        migrations.AlterField(
            model_name='case',
            name='local_authority',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.localauthority'),
        ),
        migrations.AlterField(
            model_name='case',
            name='state',
            field=models.CharField(choices=[('received', 'Received'), ('making-enquiries', 'Making enquiries'), ('located', 'Located'), ('arranging-placement', 'Placement being arranged'), ('monitoring', 'Placed and monitoring'), ('closed', 'Closed')], default='received', max_length=24),
        ),
        migrations.AlterField(
            model_name='caseevent',
            name='state',
            field=models.CharField(choices=[('received', 'Received'), ('making-enquiries', 'Making enquiries'), ('located', 'Located'), ('arranging-placement', 'Placement being arranged'), ('monitoring', 'Placed and monitoring'), ('closed', 'Closed')], default='received', max_length=24),
        ),
        migrations.AlterField(
            model_name='eherecord',
            name='local_authority',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.localauthority'),
        ),
        migrations.AlterField(
            model_name='task',
            name='done_note',
            field=models.CharField(blank=True, max_length=300, verbose_name='outcome'),
        ),
        migrations.AlterField(
            model_name='task',
            name='kind',
            field=models.CharField(choices=[('await-new-pupil-return', 'Check the pupil reached their new school'), ('check-provision', 'Check full-time provision from the sixth day of exclusion'), ('section-19', 'Consider arranging education under section 19'), ('joint-enquiries', 'Check the joint reasonable enquiries were made'), ('found-on-roll', 'Confirm a child found on a school roll'), ('next-check', 'Make the next enquiry'), ('home-visit', 'Visit the home'), ('review', 'Review the case'), ('monitoring', 'Check attendance with the school'), ('escalation-outcome', 'Find out the outcome of a referral'), ('other', 'Other')], max_length=32),
        ),
        migrations.AlterField(
            model_name='task',
            name='local_authority',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.localauthority'),
        ),
        migrations.AlterField(
            model_name='taskevent',
            name='done_note',
            field=models.CharField(blank=True, max_length=300, verbose_name='outcome'),
        ),
        migrations.AlterField(
            model_name='taskevent',
            name='kind',
            field=models.CharField(choices=[('await-new-pupil-return', 'Check the pupil reached their new school'), ('check-provision', 'Check full-time provision from the sixth day of exclusion'), ('section-19', 'Consider arranging education under section 19'), ('joint-enquiries', 'Check the joint reasonable enquiries were made'), ('found-on-roll', 'Confirm a child found on a school roll'), ('next-check', 'Make the next enquiry'), ('home-visit', 'Visit the home'), ('review', 'Review the case'), ('monitoring', 'Check attendance with the school'), ('escalation-outcome', 'Find out the outcome of a referral'), ('other', 'Other')], max_length=32),
        ),
        migrations.AlterField(
            model_name='timelineentry',
            name='kind',
            field=models.CharField(choices=[('opened', 'Case opened'), ('referral', 'Referral'), ('school-return', 'School return'), ('note', 'Note'), ('allocated', 'Allocated'), ('found-on-roll', 'Found on a school roll'), ('state', 'Progress'), ('whereabouts', 'Whereabouts'), ('reason', 'Reason changed'), ('enquiry', 'Enquiry'), ('visit', 'Home visit'), ('needs', 'Needs'), ('placement', 'Provision'), ('attendance', 'Attendance'), ('escalation', 'Escalation'), ('risk', 'Risk'), ('document', 'Document'), ('task', 'Task'), ('closed', 'Case closed'), ('reopened', 'Case reopened')], max_length=20),
        ),
        migrations.AlterField(
            model_name='timelineentryevent',
            name='kind',
            field=models.CharField(choices=[('opened', 'Case opened'), ('referral', 'Referral'), ('school-return', 'School return'), ('note', 'Note'), ('allocated', 'Allocated'), ('found-on-roll', 'Found on a school roll'), ('state', 'Progress'), ('whereabouts', 'Whereabouts'), ('reason', 'Reason changed'), ('enquiry', 'Enquiry'), ('visit', 'Home visit'), ('needs', 'Needs'), ('placement', 'Provision'), ('attendance', 'Attendance'), ('escalation', 'Escalation'), ('risk', 'Risk'), ('document', 'Document'), ('task', 'Task'), ('closed', 'Case closed'), ('reopened', 'Case reopened')], max_length=20),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['local_authority', 'allocated_to', 'state'], name='case_officer_state'),
        ),
        migrations.AddIndex(
            model_name='task',
            index=models.Index(fields=['owner', 'status', 'due_on'], name='task_owner_due'),
        ),
        migrations.AddIndex(
            model_name='timelineentry',
            index=models.Index(fields=['case', '-occurred_at'], name='timeline_by_case'),
        ),
        migrations.AddField(
            model_name='caseactionevent',
            name='enquiry',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cases.enquiry'),
        ),
        migrations.AddField(
            model_name='caseaction',
            name='enquiry',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='actions', to='cases.enquiry'),
        ),
        migrations.AddField(
            model_name='attendancecheckevent',
            name='placement',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cases.placement'),
        ),
        migrations.AddField(
            model_name='attendancecheck',
            name='placement',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='attendance_checks', to='cases.placement'),
        ),
        migrations.RemoveField(
            model_name='case',
            name='closure_reason',
        ),
        migrations.RemoveField(
            model_name='caseevent',
            name='closure_reason',
        ),
        migrations.RemoveField(
            model_name='timelineentry',
            name='link_url',
        ),
        migrations.RemoveField(
            model_name='timelineentryevent',
            name='link_url',
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='case',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseevent" ("allocated_to_id", "child_id", "closed_by_id", "closed_on", "created_at", "id", "local_authority_id", "outcome", "outcome_evidence", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "primary_reason", "risk_level", "risk_reasons", "source", "start_date", "state", "updated_at", "version", "whereabouts_known") SELECT new_values."allocated_to_id", new_values."child_id", new_values."closed_by_id", new_values."closed_on", new_values."created_at", new_values."id", new_values."local_authority_id", new_values."outcome", new_values."outcome_evidence", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."primary_reason", new_values."risk_level", new_values."risk_reasons", new_values."source", new_values."start_date", new_values."state", new_values."updated_at", new_values."version", new_values."whereabouts_known" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='cec8d84855ecb39e2c0227c90e143ae0b1b2ff2f', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_0b483', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_case', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='case',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseevent" ("allocated_to_id", "child_id", "closed_by_id", "closed_on", "created_at", "id", "local_authority_id", "outcome", "outcome_evidence", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "primary_reason", "risk_level", "risk_reasons", "source", "start_date", "state", "updated_at", "version", "whereabouts_known") SELECT new_values."allocated_to_id", new_values."child_id", new_values."closed_by_id", new_values."closed_on", new_values."created_at", new_values."id", new_values."local_authority_id", new_values."outcome", new_values."outcome_evidence", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."primary_reason", new_values."risk_level", new_values."risk_reasons", new_values."source", new_values."start_date", new_values."state", new_values."updated_at", new_values."version", new_values."whereabouts_known" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='d737b4a5f210660c0aec1b3e4115aee7f3637a17', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_f5146', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_case', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='case',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseevent" ("allocated_to_id", "child_id", "closed_by_id", "closed_on", "created_at", "id", "local_authority_id", "outcome", "outcome_evidence", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "primary_reason", "risk_level", "risk_reasons", "source", "start_date", "state", "updated_at", "version", "whereabouts_known") SELECT old_values."allocated_to_id", old_values."child_id", old_values."closed_by_id", old_values."closed_on", old_values."created_at", old_values."id", old_values."local_authority_id", old_values."outcome", old_values."outcome_evidence", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."primary_reason", old_values."risk_level", old_values."risk_reasons", old_values."source", old_values."start_date", old_values."state", old_values."updated_at", old_values."version", old_values."whereabouts_known" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='ea40d37e063842b390fd346048cfb24dc025cc06', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_8d49e', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_case', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='eherecord',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_eherecordevent" ("child_id", "created_at", "deletion_return_id", "id", "local_authority_id", "notified_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "source", "updated_at") SELECT new_values."child_id", new_values."created_at", new_values."deletion_return_id", new_values."id", new_values."local_authority_id", new_values."notified_on", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."source", new_values."updated_at" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='655eeb27114f7798eef8bb721e0c5d4220d4c86a', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_33c89', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_eherecord', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='eherecord',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_eherecordevent" ("child_id", "created_at", "deletion_return_id", "id", "local_authority_id", "notified_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "source", "updated_at") SELECT new_values."child_id", new_values."created_at", new_values."deletion_return_id", new_values."id", new_values."local_authority_id", new_values."notified_on", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."source", new_values."updated_at" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='fda860a7bc627b11ed51a19da9fb7d1a104ed80e', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_6e07e', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_eherecord', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='eherecord',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_eherecordevent" ("child_id", "created_at", "deletion_return_id", "id", "local_authority_id", "notified_on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "source", "updated_at") SELECT old_values."child_id", old_values."created_at", old_values."deletion_return_id", old_values."id", old_values."local_authority_id", old_values."notified_on", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."source", old_values."updated_at" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='fbfc4e784803242465a1d2b6827d7581d089b457', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_0fb33', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_eherecord', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='task',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_taskevent" ("case_id", "child_id", "created_at", "deletion_return_id", "detail", "done_at", "done_by_id", "done_note", "due_on", "id", "kind", "local_authority_id", "new_pupil_return_id", "owner_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "status", "title", "updated_at", "version") SELECT new_values."case_id", new_values."child_id", new_values."created_at", new_values."deletion_return_id", new_values."detail", new_values."done_at", new_values."done_by_id", new_values."done_note", new_values."due_on", new_values."id", new_values."kind", new_values."local_authority_id", new_values."new_pupil_return_id", new_values."owner_id", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."status", new_values."title", new_values."updated_at", new_values."version" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='8da865f925d71651764e89eccfb38bbc7c48ca7c', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_62e7a', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_task', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='task',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_taskevent" ("case_id", "child_id", "created_at", "deletion_return_id", "detail", "done_at", "done_by_id", "done_note", "due_on", "id", "kind", "local_authority_id", "new_pupil_return_id", "owner_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "status", "title", "updated_at", "version") SELECT new_values."case_id", new_values."child_id", new_values."created_at", new_values."deletion_return_id", new_values."detail", new_values."done_at", new_values."done_by_id", new_values."done_note", new_values."due_on", new_values."id", new_values."kind", new_values."local_authority_id", new_values."new_pupil_return_id", new_values."owner_id", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."status", new_values."title", new_values."updated_at", new_values."version" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='7eff3c5c5f9ba36df0c506cce6f0154f8f9e9ba7', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_e050d', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_task', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='task',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_taskevent" ("case_id", "child_id", "created_at", "deletion_return_id", "detail", "done_at", "done_by_id", "done_note", "due_on", "id", "kind", "local_authority_id", "new_pupil_return_id", "owner_id", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "status", "title", "updated_at", "version") SELECT old_values."case_id", old_values."child_id", old_values."created_at", old_values."deletion_return_id", old_values."detail", old_values."done_at", old_values."done_by_id", old_values."done_note", old_values."due_on", old_values."id", old_values."kind", old_values."local_authority_id", old_values."new_pupil_return_id", old_values."owner_id", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."status", old_values."title", old_values."updated_at", old_values."version" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='62f0e8a338f9a40f92e0b3bde5e093748cae2135', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_b7669', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_task', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='timelineentry',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_timelineentryevent" ("by_id", "case_id", "id", "kind", "occurred_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "subject_id", "subject_type", "text") SELECT new_values."by_id", new_values."case_id", new_values."id", new_values."kind", new_values."occurred_at", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."subject_id", new_values."subject_type", new_values."text" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='1b239a639e1d0c4769955c7248e112806d9f67b4', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_f60bc', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_timelineentry', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='timelineentry',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_timelineentryevent" ("by_id", "case_id", "id", "kind", "occurred_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "subject_id", "subject_type", "text") SELECT new_values."by_id", new_values."case_id", new_values."id", new_values."kind", new_values."occurred_at", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."subject_id", new_values."subject_type", new_values."text" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='63129953dd07fb8a84bf61485ecf26f498cc2b04', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_74cbb', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_timelineentry', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='timelineentry',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_timelineentryevent" ("by_id", "case_id", "id", "kind", "occurred_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "subject_id", "subject_type", "text") SELECT old_values."by_id", old_values."case_id", old_values."id", old_values."kind", old_values."occurred_at", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."subject_id", old_values."subject_type", old_values."text" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='39b926789c90ad03139dc8ea4d83f94a77decd79', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_4f730', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_timelineentry', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='caseaction',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseactionevent" ("answer", "by_id", "case_id", "enquiry_id", "id", "method", "occurred_at", "outcome", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "whom") SELECT new_values."answer", new_values."by_id", new_values."case_id", new_values."enquiry_id", new_values."id", new_values."method", new_values."occurred_at", new_values."outcome", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."whom" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='90b0c3ace77a9788af0ca522955f2f371e399f13', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_0fc40', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_caseaction', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='caseaction',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseactionevent" ("answer", "by_id", "case_id", "enquiry_id", "id", "method", "occurred_at", "outcome", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "whom") SELECT new_values."answer", new_values."by_id", new_values."case_id", new_values."enquiry_id", new_values."id", new_values."method", new_values."occurred_at", new_values."outcome", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."whom" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='027cb5db776106b26fdc2d217f946a59c9860888', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_59af0', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_caseaction', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='caseaction',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_caseactionevent" ("answer", "by_id", "case_id", "enquiry_id", "id", "method", "occurred_at", "outcome", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "whom") SELECT old_values."answer", old_values."by_id", old_values."case_id", old_values."enquiry_id", old_values."id", old_values."method", old_values."occurred_at", old_values."outcome", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."whom" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='a4750335cf24c83916fbda282997f2fe2f63dc58', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_88c1d', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_caseaction', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='attendancecheck',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_attendancecheckevent" ("attending", "by_id", "case_id", "checked_on", "id", "note", "percent", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "placement_id", "told_by") SELECT new_values."attending", new_values."by_id", new_values."case_id", new_values."checked_on", new_values."id", new_values."note", new_values."percent", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."placement_id", new_values."told_by" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='37e71c2e284503dbf82b2eb4390456d453cb8b15', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_eb36c', referencing='REFERENCING NEW TABLE AS new_values ', table='cases_attendancecheck', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='attendancecheck',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_attendancecheckevent" ("attending", "by_id", "case_id", "checked_on", "id", "note", "percent", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "placement_id", "told_by") SELECT new_values."attending", new_values."by_id", new_values."case_id", new_values."checked_on", new_values."id", new_values."note", new_values."percent", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."placement_id", new_values."told_by" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='a41a08e9cab7967a190342fab7e059162b2bcc28', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_d0b74', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='cases_attendancecheck', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='attendancecheck',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "cases_attendancecheckevent" ("attending", "by_id", "case_id", "checked_on", "id", "note", "percent", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "placement_id", "told_by") SELECT old_values."attending", old_values."by_id", old_values."case_id", old_values."checked_on", old_values."id", old_values."note", old_values."percent", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."placement_id", old_values."told_by" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='c455a7e06e5f4713e308ed69fafaf1115ebc393b', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_b8b8a', referencing='REFERENCING OLD TABLE AS old_values ', table='cases_attendancecheck', when='AFTER')),
        ),
        migrations.AlterField(
            model_name='case',
            name='version',
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
        ),
        migrations.AlterField(
            model_name='task',
            name='version',
            field=models.PositiveIntegerField(db_default=1, default=1, editable=False),
        ),
        migrations.AlterField(
            model_name='case',
            name='primary_reason',
            field=models.PositiveSmallIntegerField(choices=[(1, 'Moved in from another local authority'), (2, 'Moved in from another country'), (3, 'School application awaiting outcome'), (4, 'Offered school place but not yet accepted'), (5, 'Waiting school start'), (6, 'Did not get school preference'), (7, 'Unsuitable elective home education'), (8, 'Difficulty accessing suitable school place'), (9, 'School dissatisfaction general'), (10, 'School dissatisfaction SEND'), (11, 'Mental health'), (12, 'Physical health'), (13, 'Parental decision not to register at school'), (14, 'Did not apply for school place at compulsory school age'), (15, 'Challenging school attendance order'), (16, 'Believed to have moved to another local authority'), (17, 'Believed to have moved to another country'), (18, 'Unknown'), (19, 'Not recorded'), (20, 'Other')], verbose_name='DfE primary reason'),
        ),
        migrations.AlterField(
            model_name='caseevent',
            name='primary_reason',
            field=models.PositiveSmallIntegerField(choices=[(1, 'Moved in from another local authority'), (2, 'Moved in from another country'), (3, 'School application awaiting outcome'), (4, 'Offered school place but not yet accepted'), (5, 'Waiting school start'), (6, 'Did not get school preference'), (7, 'Unsuitable elective home education'), (8, 'Difficulty accessing suitable school place'), (9, 'School dissatisfaction general'), (10, 'School dissatisfaction SEND'), (11, 'Mental health'), (12, 'Physical health'), (13, 'Parental decision not to register at school'), (14, 'Did not apply for school place at compulsory school age'), (15, 'Challenging school attendance order'), (16, 'Believed to have moved to another local authority'), (17, 'Believed to have moved to another country'), (18, 'Unknown'), (19, 'Not recorded'), (20, 'Other')], verbose_name='DfE primary reason'),
        ),
    ]
