"""Per-kind component capacities: what one instance of each kind takes, the default of the
live capacity analysis for every component that states none of its own."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from .diagram_vocabulary import CAPACITY_KINDS, CAPACITY_UNITS, MAX_CAPACITY_PER_SECOND


class ComponentCapacity(models.Model):
    """One kind's capacity per instance, per second; a database's writes apart (its primary
    takes them all, so they do not grow with replicas). Without a question: the pack's
    default for the kind; with one: that question's own figure, over the default."""

    question = models.ForeignKey(
        "content.Question",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="component_capacities",
    )
    kind = models.CharField(
        max_length=20, choices=[(k, k.replace("_", " ")) for k in CAPACITY_KINDS]
    )
    per_instance = models.FloatField(help_text="What one instance takes, per second (see unit).")
    unit = models.CharField(
        max_length=20,
        choices=[(u, u) for u in CAPACITY_UNITS if u != "writes/s"],
        default="requests/s",
    )
    writes_per_instance = models.FloatField(
        null=True, blank=True, help_text="Databases only: writes per second the primary accepts."
    )
    why = models.TextField(blank=True, help_text="Where the figure comes from.")

    class Meta:
        ordering = ["kind"]
        verbose_name_plural = "component capacities"
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(question__isnull=True), name="unique_capacity_kind"
            ),
            models.UniqueConstraint(fields=["question", "kind"], name="unique_question_capacity"),
            models.CheckConstraint(
                condition=Q(per_instance__gt=0, per_instance__lte=MAX_CAPACITY_PER_SECOND),
                name="capacity_per_instance_range",
            ),
            models.CheckConstraint(
                condition=Q(writes_per_instance__isnull=True)
                | Q(writes_per_instance__gt=0, writes_per_instance__lte=MAX_CAPACITY_PER_SECOND),
                name="capacity_writes_range",
            ),
        ]

    def __str__(self) -> str:
        where = f" ({self.question})" if self.question_id else ""
        return f"{self.kind}: {self.per_instance:g} {self.unit}{where}"

    def clean(self) -> None:
        # The pack validator says the same (content/services/pack_capacities.py).
        if self.kind == "database" and self.writes_per_instance is None:
            raise ValidationError({"writes_per_instance": "A database needs the writes/s its "
                                                          "primary accepts."})  # fmt: skip
        if self.kind != "database" and self.writes_per_instance is not None:
            raise ValidationError({"writes_per_instance": "Only a database has a separate "
                                                          "write capacity."})  # fmt: skip
