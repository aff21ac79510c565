"""One folded-text row per searchable object; full-text indexes are added per database."""

from django.db import models


class SearchEntry(models.Model):
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    content = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["object_type", "object_id"], name="search_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.object_type}:{self.object_id}"
