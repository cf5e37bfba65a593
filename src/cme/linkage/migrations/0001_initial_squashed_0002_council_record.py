# Squashed by scripts/squash_migrations.py (docs/adr/0011-squashed-migrations.md).

import django.db.models.deletion
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    replaces = [('linkage', '0001_initial'), ('linkage', '0002_council_record')]

    dependencies = [
        ('accounts', '0004_remove_agency_insert_insert_and_more'),
        ('cases', '0003_eherecord_deletion_return_eherecord_local_authority_and_more'),
        ('children', '0003_search_keys'),
        ('pghistory', '0007_auto_20250421_0444'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PopulationDataset',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=120)),
                ('kind', models.CharField(choices=[('health', 'Health registrations (GP, health visiting, school nursing)'), ('council-tax', 'Council tax and benefits'), ('housing', 'Housing (tenancies, homelessness, temporary accommodation)'), ('early-years', 'Early years and childcare'), ('admissions', 'School admissions applications'), ('alternative-provision', 'Alternative provision placements'), ('ehe', 'Elective home education register'), ('other', 'Other list of children living in the area')], max_length=24)),
                ('extract_date', models.DateField(help_text='The day the data was taken from its system')),
                ('original_name', models.CharField(max_length=200)),
                ('file', models.FileField(blank=True, upload_to='population/%Y/%m/')),
                ('headers', models.JSONField(blank=True, default=list)),
                ('column_mapping', models.JSONField(blank=True, default=dict)),
                ('status', models.CharField(choices=[('uploaded', 'Waiting for its columns to be matched'), ('imported', 'Imported')], default='uploaded', max_length=10)),
                ('rows', models.PositiveIntegerField(default=0)),
                ('left_out', models.JSONField(blank=True, default=list)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('imported_at', models.DateTimeField(blank=True, null=True)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('local_authority', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.localauthority')),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['-created_at'],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "linkage_populationdatasetevent" ("column_mapping", "created_at", "created_by_id", "extract_date", "file", "headers", "id", "imported_at", "kind", "left_out", "local_authority_id", "name", "original_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "rows", "status", "updated_at") SELECT new_values."column_mapping", new_values."created_at", new_values."created_by_id", new_values."extract_date", new_values."file", new_values."headers", new_values."id", new_values."imported_at", new_values."kind", new_values."left_out", new_values."local_authority_id", new_values."name", new_values."original_name", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."rows", new_values."status", new_values."updated_at" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='1374940af01ba45050cbbe3fa6fbb2f0aee34732', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_82a42', referencing='REFERENCING NEW TABLE AS new_values ', table='linkage_populationdataset', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "linkage_populationdatasetevent" ("column_mapping", "created_at", "created_by_id", "extract_date", "file", "headers", "id", "imported_at", "kind", "left_out", "local_authority_id", "name", "original_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "rows", "status", "updated_at") SELECT new_values."column_mapping", new_values."created_at", new_values."created_by_id", new_values."extract_date", new_values."file", new_values."headers", new_values."id", new_values."imported_at", new_values."kind", new_values."left_out", new_values."local_authority_id", new_values."name", new_values."original_name", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."rows", new_values."status", new_values."updated_at" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='8a021d61e01979f1073e681dae97a754b62a2e6b', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_8f888', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='linkage_populationdataset', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "linkage_populationdatasetevent" ("column_mapping", "created_at", "created_by_id", "extract_date", "file", "headers", "id", "imported_at", "kind", "left_out", "local_authority_id", "name", "original_name", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "rows", "status", "updated_at") SELECT old_values."column_mapping", old_values."created_at", old_values."created_by_id", old_values."extract_date", old_values."file", old_values."headers", old_values."id", old_values."imported_at", old_values."kind", old_values."left_out", old_values."local_authority_id", old_values."name", old_values."original_name", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."rows", old_values."status", old_values."updated_at" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='fc78c4b67d88cd60302c36199b666b7e38028440', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_2be91', referencing='REFERENCING OLD TABLE AS old_values ', table='linkage_populationdataset', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='PopulationDatasetEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('name', models.CharField(max_length=120)),
                ('kind', models.CharField(choices=[('health', 'Health registrations (GP, health visiting, school nursing)'), ('council-tax', 'Council tax and benefits'), ('housing', 'Housing (tenancies, homelessness, temporary accommodation)'), ('early-years', 'Early years and childcare'), ('admissions', 'School admissions applications'), ('alternative-provision', 'Alternative provision placements'), ('ehe', 'Elective home education register'), ('other', 'Other list of children living in the area')], max_length=24)),
                ('extract_date', models.DateField(help_text='The day the data was taken from its system')),
                ('original_name', models.CharField(max_length=200)),
                ('file', models.FileField(blank=True, upload_to='population/%Y/%m/')),
                ('headers', models.JSONField(blank=True, default=list)),
                ('column_mapping', models.JSONField(blank=True, default=dict)),
                ('status', models.CharField(choices=[('uploaded', 'Waiting for its columns to be matched'), ('imported', 'Imported')], default='uploaded', max_length=10)),
                ('rows', models.PositiveIntegerField(default=0)),
                ('left_out', models.JSONField(blank=True, default=list)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('imported_at', models.DateTimeField(blank=True, null=True)),
                ('created_by', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                ('local_authority', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='accounts.localauthority')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='linkage.populationdataset')),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='PopulationRecord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('line', models.PositiveIntegerField(help_text='Line of the uploaded file (the header is line 1)')),
                ('source_id', models.CharField(blank=True, max_length=100)),
                ('first_name', models.CharField(blank=True, max_length=100)),
                ('middle_names', models.CharField(blank=True, max_length=150)),
                ('last_name', models.CharField(blank=True, max_length=100)),
                ('date_of_birth', models.DateField(blank=True, null=True)),
                ('sex', models.CharField(blank=True, max_length=1)),
                ('address', models.CharField(blank=True, max_length=300)),
                ('postcode', models.CharField(blank=True, max_length=8)),
                ('upn', models.CharField(blank=True, max_length=13)),
                ('dataset', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='records', to='linkage.populationdataset')),
            ],
            options={
                'ordering': ['dataset', 'line'],
            },
        ),
        migrations.CreateModel(
            name='UnplacedCandidate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('first_name', models.CharField(blank=True, max_length=100)),
                ('last_name', models.CharField(blank=True, max_length=100)),
                ('date_of_birth', models.DateField(blank=True, null=True)),
                ('postcode', models.CharField(blank=True, max_length=8)),
                ('sources', models.JSONField(default=list, help_text='The kinds of dataset the child was found in')),
                ('lowest_link_probability', models.FloatField(blank=True, null=True)),
                ('status', models.CharField(choices=[('to-review', 'To review'), ('enquiry-opened', 'CME enquiry opened'), ('dismissed', 'Dismissed')], default='to-review', max_length=16)),
                ('dismiss_reason', models.CharField(blank=True, choices=[('on-roll', 'On a school roll (the data was out of date or incomplete)'), ('moved-away', 'No longer lives in the area'), ('ehe', 'Electively home educated'), ('alternative-provision', 'In alternative provision'), ('not-of-school-age', 'Not of compulsory school age'), ('not-one-child', 'The records are not of one child'), ('other', 'Another reason')], max_length=24)),
                ('note', models.TextField(blank=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('case', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.case')),
                ('child', models.ForeignKey(blank=True, help_text='The child index record the evidence was linked to, if any', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='children.child')),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('records', models.ManyToManyField(related_name='+', to='linkage.populationrecord')),
            ],
            options={
                'ordering': ['last_name', 'first_name', 'id'],
            },
        ),
        migrations.CreateModel(
            name='UnplacedRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('on', models.DateField(help_text='The day compulsory school age and rolls are judged on', verbose_name='as at')),
                ('status', models.CharField(choices=[('queued', 'Waiting to start'), ('running', 'Running'), ('done', 'Finished'), ('failed', 'Failed')], default='queued', max_length=8)),
                ('stage', models.CharField(blank=True, max_length=200)),
                ('done', models.PositiveIntegerField(default=0)),
                ('total', models.PositiveIntegerField(default=0)),
                ('summary', models.JSONField(blank=True, default=dict)),
                ('error', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('datasets', models.ManyToManyField(related_name='runs', to='linkage.populationdataset')),
                ('local_authority', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='accounts.localauthority')),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'ordering': ['-created_at'],
                'triggers': [pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "linkage_unplacedrunevent" ("created_at", "created_by_id", "done", "error", "finished_at", "id", "local_authority_id", "on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "stage", "status", "summary", "total", "updated_at") SELECT new_values."created_at", new_values."created_by_id", new_values."done", new_values."error", new_values."finished_at", new_values."id", new_values."local_authority_id", new_values."on", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."stage", new_values."status", new_values."summary", new_values."total", new_values."updated_at" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='dda670cd53c2ea02d53cfdab3316149caa4d3a11', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_0629b', referencing='REFERENCING NEW TABLE AS new_values ', table='linkage_unplacedrun', when='AFTER')), pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "linkage_unplacedrunevent" ("created_at", "created_by_id", "done", "error", "finished_at", "id", "local_authority_id", "on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "stage", "status", "summary", "total", "updated_at") SELECT new_values."created_at", new_values."created_by_id", new_values."done", new_values."error", new_values."finished_at", new_values."id", new_values."local_authority_id", new_values."on", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."stage", new_values."status", new_values."summary", new_values."total", new_values."updated_at" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='7f5a1da778d5e8033ea05b9d97c6da2e8ff81884', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_a8555', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='linkage_unplacedrun', when='AFTER')), pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "linkage_unplacedrunevent" ("created_at", "created_by_id", "done", "error", "finished_at", "id", "local_authority_id", "on", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "stage", "status", "summary", "total", "updated_at") SELECT old_values."created_at", old_values."created_by_id", old_values."done", old_values."error", old_values."finished_at", old_values."id", old_values."local_authority_id", old_values."on", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."stage", old_values."status", old_values."summary", old_values."total", old_values."updated_at" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='9ebad2b9854d4964aaefab8407500afef5bad295', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_d7623', referencing='REFERENCING OLD TABLE AS old_values ', table='linkage_unplacedrun', when='AFTER'))],
            },
        ),
        migrations.CreateModel(
            name='UnplacedCandidateEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('first_name', models.CharField(blank=True, max_length=100)),
                ('last_name', models.CharField(blank=True, max_length=100)),
                ('date_of_birth', models.DateField(blank=True, null=True)),
                ('postcode', models.CharField(blank=True, max_length=8)),
                ('sources', models.JSONField(default=list, help_text='The kinds of dataset the child was found in')),
                ('lowest_link_probability', models.FloatField(blank=True, null=True)),
                ('status', models.CharField(choices=[('to-review', 'To review'), ('enquiry-opened', 'CME enquiry opened'), ('dismissed', 'Dismissed')], default='to-review', max_length=16)),
                ('dismiss_reason', models.CharField(blank=True, choices=[('on-roll', 'On a school roll (the data was out of date or incomplete)'), ('moved-away', 'No longer lives in the area'), ('ehe', 'Electively home educated'), ('alternative-provision', 'In alternative provision'), ('not-of-school-age', 'Not of compulsory school age'), ('not-one-child', 'The records are not of one child'), ('other', 'Another reason')], max_length=24)),
                ('note', models.TextField(blank=True)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('case', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='cases.case')),
                ('child', models.ForeignKey(blank=True, db_constraint=False, help_text='The child index record the evidence was linked to, if any', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='children.child')),
                ('decided_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='linkage.unplacedcandidate')),
                ('run', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='linkage.unplacedrun')),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddField(
            model_name='unplacedcandidate',
            name='run',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='candidates', to='linkage.unplacedrun'),
        ),
        migrations.CreateModel(
            name='UnplacedRunEvent',
            fields=[
                ('pgh_id', models.AutoField(primary_key=True, serialize=False)),
                ('pgh_created_at', models.DateTimeField(auto_now_add=True)),
                ('pgh_label', models.TextField(help_text='The event label.')),
                ('id', models.BigIntegerField()),
                ('on', models.DateField(help_text='The day compulsory school age and rolls are judged on', verbose_name='as at')),
                ('status', models.CharField(choices=[('queued', 'Waiting to start'), ('running', 'Running'), ('done', 'Finished'), ('failed', 'Failed')], default='queued', max_length=8)),
                ('stage', models.CharField(blank=True, max_length=200)),
                ('done', models.PositiveIntegerField(default=0)),
                ('total', models.PositiveIntegerField(default=0)),
                ('summary', models.JSONField(blank=True, default=dict)),
                ('error', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('created_by', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to=settings.AUTH_USER_MODEL)),
                ('local_authority', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', related_query_name='+', to='accounts.localauthority')),
                ('pgh_context', models.ForeignKey(db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='pghistory.context')),
                ('pgh_obj', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='events', to='linkage.unplacedrun')),
                ('updated_at', models.DateTimeField(auto_now=True)),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.AddIndex(
            model_name='unplacedcandidate',
            index=models.Index(fields=['run', 'status'], name='unplaced_run_status'),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='unplacedcandidate',
            trigger=pgtrigger.compiler.Trigger(name='insert_insert', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "linkage_unplacedcandidateevent" ("case_id", "child_id", "date_of_birth", "decided_at", "decided_by_id", "dismiss_reason", "first_name", "id", "last_name", "lowest_link_probability", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postcode", "run_id", "sources", "status") SELECT new_values."case_id", new_values."child_id", new_values."date_of_birth", new_values."decided_at", new_values."decided_by_id", new_values."dismiss_reason", new_values."first_name", new_values."id", new_values."last_name", new_values."lowest_link_probability", new_values."note", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."postcode", new_values."run_id", new_values."sources", new_values."status" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='198c3b2271fab75e202d4d1db120793185e5478e', level='STATEMENT', operation='INSERT', pgid='pgtrigger_insert_insert_6f92d', referencing='REFERENCING NEW TABLE AS new_values ', table='linkage_unplacedcandidate', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='unplacedcandidate',
            trigger=pgtrigger.compiler.Trigger(name='update_update', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "linkage_unplacedcandidateevent" ("case_id", "child_id", "date_of_birth", "decided_at", "decided_by_id", "dismiss_reason", "first_name", "id", "last_name", "lowest_link_probability", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postcode", "run_id", "sources", "status") SELECT new_values."case_id", new_values."child_id", new_values."date_of_birth", new_values."decided_at", new_values."decided_by_id", new_values."dismiss_reason", new_values."first_name", new_values."id", new_values."last_name", new_values."lowest_link_probability", new_values."note", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."postcode", new_values."run_id", new_values."sources", new_values."status" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;', hash='3a62d3619274ff87247797f92063764447efc0fb', level='STATEMENT', operation='UPDATE', pgid='pgtrigger_update_update_743f8', referencing='REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ', table='linkage_unplacedcandidate', when='AFTER')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='unplacedcandidate',
            trigger=pgtrigger.compiler.Trigger(name='delete_delete', sql=pgtrigger.compiler.UpsertTriggerSql(func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "linkage_unplacedcandidateevent" ("case_id", "child_id", "date_of_birth", "decided_at", "decided_by_id", "dismiss_reason", "first_name", "id", "last_name", "lowest_link_probability", "note", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "postcode", "run_id", "sources", "status") SELECT old_values."case_id", old_values."child_id", old_values."date_of_birth", old_values."decided_at", old_values."decided_by_id", old_values."dismiss_reason", old_values."first_name", old_values."id", old_values."last_name", old_values."lowest_link_probability", old_values."note", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."postcode", old_values."run_id", old_values."sources", old_values."status" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;', hash='59b5d13e4d33673c92e3626edc35ed66f34801d8', level='STATEMENT', operation='DELETE', pgid='pgtrigger_delete_delete_f730a', referencing='REFERENCING OLD TABLE AS old_values ', table='linkage_unplacedcandidate', when='AFTER')),
        ),
    ]
