"""Squash the project's migrations (docs/adr/0011-squashed-migrations.md): Django's `squashmigrations`, with the optimizer
taught what pgtrigger's operations do, per app and in the groups that keep the graph acyclic.

    DJANGO_SETTINGS_MODULE=cme.config.settings CME_PGDATA=/tmp/squash-pg .venv/bin/python scripts/squash_migrations.py

Django's optimizer treats pgtrigger's AddTrigger and RemoveTrigger as touching every model, so
nothing is optimized across them and the squashed migrations would keep nearly every operation.
Here:
- AddTrigger/RemoveTrigger, and Django's AddIndex/AddConstraint and the like, reference only
  their own model (Django assumes an index operation may touch any model);
- CreateModel + AddTrigger on it becomes a CreateModel with the trigger in its options (pgtrigger's
  schema editor installs Meta.triggers when it creates the table), and + RemoveTrigger drops it;
- AddTrigger + RemoveTrigger of the same trigger cancel;
- two operations merge where the first one was (Django merges them where the second was when it
  can), so a column keeps its place in its table, and a CreateModel is not moved past another
  (the order models are created in is the order Django numbers their permissions in);
- a RenameField is not folded into its CreateModel: PostgreSQL 18 names a column's NOT NULL
  constraint when the column is made, and the renamed column keeps the old name.
Data migrations that only rewrite existing rows (no rows exist on a fresh database) are left out
of the squash; the council directory loads stay.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import django
from django.core.management import call_command
from django.db import migrations, models
from django.db.migrations.operations.base import Operation
from django.db.migrations.operations.fields import AddField, AlterField, FieldOperation, RenameField
from django.db.migrations.operations.models import CreateModel, IndexOperation
from django.db.migrations.optimizer import MigrationOptimizer
from pgtrigger.migrations import AddTrigger, RemoveTrigger

# (app, first, last): each group becomes one squashed migration. accounts 0001 and schools 0001
# stay as they are (accounts 0002 needs schools 0001, which needs accounts 0001); cases is split
# after 0002 (schools 0002 needs cases 0002, cases 0003 needs schools 0002).
GROUPS = [
    ("accounts", "0002", "0011"),
    ("audit", "0001", "0002"),
    ("cases", "0001", "0002"),
    ("cases", "0003", "0007"),
    ("children", "0001", "0010"),
    ("linkage", "0001", "0002"),
    ("partners", "0001", "0006"),
    ("referrals", "0001", "0004"),
    ("schools", "0002", "0006"),
]

# Data migrations that rewrite rows a fresh database does not have.
ELIDABLE = {
    ("accounts", "0006_encrypt_authenticator_secrets"),  # encrypts stored MFA secrets
    ("cases", "0004_attendancecheck_attendancecheckevent_caseaction_and_more"),  # old case states
    ("referrals", "0003_referralescalationanswer_and_more"),  # JSON answers into typed fields
    ("schools", "0006_council_record"),  # fills updated_at on existing returns
}


def _same_model(operation, name: str) -> bool:
    return operation.model_name.lower() == name.lower()


def _trigger_references_model(self, name, app_label):
    return _same_model(self, name)


def _add_trigger_reduce(self, operation, app_label):
    if isinstance(operation, RemoveTrigger) and _same_model(operation, self.model_name) \
            and operation.name == self.trigger.name:
        return []
    return _passes(self, operation, app_label)


def _passes(self, operation, app_label):
    """Whether an index, constraint or trigger operation on one model and `operation` can swap
    places: yes unless `operation` is on the same model (a foreign key to it is not)."""
    if isinstance(operation, (FieldOperation, IndexOperation)):
        return operation.model_name_lower != self.model_name_lower
    if isinstance(operation, CreateModel):
        return operation.name_lower != self.model_name_lower
    return not operation.references_model(self.model_name, app_label)


def _remove_trigger_reduce(self, operation, app_label):
    return _passes(self, operation, app_label)


_create_model_reduce = CreateModel.reduce


def _create_model_reduce_triggers(self, operation, app_label):
    if isinstance(operation, RenameField) and _same_model(operation, self.name):
        return False
    if isinstance(operation, (AddTrigger, RemoveTrigger)) and _same_model(operation, self.name):
        triggers = [trigger for trigger in self.options.get("triggers", [])
                    if isinstance(operation, AddTrigger) or trigger.name != operation.name]
        if isinstance(operation, AddTrigger):
            triggers.append(operation.trigger)
        options = {**self.options, "triggers": triggers}
        if not triggers:
            del options["triggers"]
        return [CreateModel(self.name, fields=self.fields, options=options, bases=self.bases,
                            managers=self.managers)]
    return _create_model_reduce(self, operation, app_label)


def _optimize_inner(self, operations, app_label):
    """Django's inner loop, preferring the left reduction: two operations merge where the first
    one was, so an AddField merged with a later AlterField keeps its column's place."""
    new_operations = []
    for i, operation in enumerate(operations):
        right = True
        for j, other in enumerate(operations[i + 1:]):
            result = operation.reduce(other, app_label)
            if isinstance(result, list):
                in_between = operations[i + 1:i + j + 1]
                if all(op.reduce(other, app_label) is True for op in in_between):
                    new_operations.extend(result)
                    new_operations.extend(in_between)
                elif right and isinstance(operation, CreateModel) \
                        and any(isinstance(op, CreateModel) for op in in_between):
                    right = False  # would create this model after others: keep the models' order
                    continue
                elif right:
                    new_operations.extend(in_between)
                    new_operations.extend(result)
                else:
                    new_operations.append(operation)
                    break
                new_operations.extend(operations[i + j + 2:])
                return new_operations
            if not result:
                right = False
        else:
            new_operations.append(operation)
    return new_operations


def _index_operation_reduce(self, operation, app_label):
    return Operation.reduce(self, operation, app_label) or _passes(self, operation, app_label)


_field_operation_reduce = FieldOperation.reduce


def _field_operation_reduce_precise(self, operation, app_label):
    """Django's rule, with two refinements: two AddFields on one model never swap (that would swap
    the columns); a field that is not the primary key and a foreign key to its model from another
    model (which refers to the primary key) can swap."""
    if isinstance(self, AddField) and isinstance(operation, AddField) \
            and self.model_name_lower == operation.model_name_lower:
        return Operation.reduce(self, operation, app_label)
    if isinstance(self, (AddField, AlterField)) and not self.field.primary_key \
            and isinstance(operation, (AddField, AlterField)) \
            and operation.model_name_lower != self.model_name_lower \
            and isinstance(operation.field, models.ForeignKey) and operation.field.to_fields == [None]:
        return True
    return _field_operation_reduce(self, operation, app_label)


FieldOperation.reduce = _field_operation_reduce_precise
AddTrigger.references_model = RemoveTrigger.references_model = _trigger_references_model
IndexOperation.references_model = _trigger_references_model
IndexOperation.reduce = _index_operation_reduce
MigrationOptimizer.optimize_inner = _optimize_inner
AddTrigger.reduce = _add_trigger_reduce
RemoveTrigger.reduce = _remove_trigger_reduce
CreateModel.reduce = _create_model_reduce_triggers

ADR = "docs/adr/0011-squashed-migrations.md"
FUNCTION = re.compile(r"cme\.\w+\.migrations\.(\d{4}\w*)\.(\w+)")


def _patch_loader():
    """Leave out the row-rewriting data migrations, and run children's cme_fold() function
    first in its squash (it needs only the unaccent extension), so it blocks no optimization."""
    from django.db.migrations.loader import MigrationLoader

    original = MigrationLoader.load_disk

    def load_disk(self):
        original(self)
        for key in ELIDABLE:  # left out here: Django's optimizer moves an operation it merges with an elidable one
            migration = self.disk_migrations[key]
            migration.operations = [operation for operation in migration.operations
                                    if not isinstance(operation, (migrations.RunPython, migrations.RunSQL))]
        search_keys = self.disk_migrations[("children", "0003_search_keys")]
        if isinstance(search_keys.operations[0], migrations.RunSQL):
            first = self.disk_migrations[("children", "0001_initial")]
            first.operations = [search_keys.operations[0], *first.operations]
            search_keys.operations = search_keys.operations[1:]

    MigrationLoader.load_disk = load_disk


def _copy_functions(path: Path) -> None:
    """squashmigrations refers to a data migration's function by its old module's dotted path
    (which is not even valid Python for a module named 0008_...): copy the function in, under
    a name that says where it came from, as Django asks."""
    text = path.read_text()
    functions = []
    for module, name in sorted(set(FUNCTION.findall(text))):
        local = f"{name}_{module[:4]}"
        source = inspect.getsource(getattr(importlib.import_module(f"cme.{path.parent.parent.name}.migrations.{module}"), name))
        functions.append(re.sub(rf"^def {name}\(", f"def {local}(", source, count=1))
        text = text.replace(f"cme.{path.parent.parent.name}.migrations.{module}.{name}", local)
    text = re.sub(r"\n# Functions from the following migrations need manual copying\.\n(#.*\n)*", "\n", text)
    text = text.replace("django.db.migrations.operations.special.RunPython.noop", "migrations.RunPython.noop")
    text = text.replace("import django.db.migrations.operations.special\n", "")
    if functions:
        text = text.replace("\nclass Migration(", "\n" + "\n\n".join(functions) + "\n\nclass Migration(", 1)
    text = re.sub(r"^# Generated by Django .*\n", f"# Squashed by scripts/squash_migrations.py ({ADR}).\n", text)
    path.write_text(re.sub(r"\n{4,}", "\n\n\n", text))


def main() -> None:
    django.setup()
    _patch_loader()
    directory = Path(__file__).resolve().parent.parent / "src" / "cme"
    for app, first, last in GROUPS:
        before = set((directory / app / "migrations").glob("*.py"))
        call_command("squashmigrations", app, first, last, interactive=False, verbosity=1)
        for path in set((directory / app / "migrations").glob("*.py")) - before:
            _copy_functions(path)


if __name__ == "__main__":
    main()
