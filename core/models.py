from django.db import models


class DataGeneration(models.Model):
    """A counter that changes with every write to the apps' tables (see core/pagecache.py).

    Written only by the PostgreSQL trigger `ku_bump_data_generation`, never by
    the application. The count is spread over a few rows ("shards") so that
    concurrent writers never wait for each other here: a transaction bumps the
    first shard no other open transaction holds.
    """

    id = models.SmallIntegerField(primary_key=True)
    value = models.BigIntegerField(default=0)
    # Random per row: a restore or a flush that resets the counts yields new keys.
    epoch = models.UUIDField()

    class Meta:
        db_table = "core_datageneration"
        verbose_name = "datagenerering"
        verbose_name_plural = "datagenerering"

    def __str__(self) -> str:
        return f"{self.id}: {self.value}"
