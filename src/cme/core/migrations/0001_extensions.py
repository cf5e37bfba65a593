from django.contrib.postgres.operations import CreateExtension, TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """PostgreSQL extensions the child index needs: trigram similarity for names,
    fuzzystrmatch for double metaphone, unaccent for folding names to ASCII."""

    initial = True
    dependencies: list = []
    operations = [
        TrigramExtension(),
        CreateExtension("fuzzystrmatch"),
        UnaccentExtension(),
    ]
