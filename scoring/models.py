"""Rubrics; scorecards and feedback reports join them as the scoring features land."""

from django.db import models
from django.db.models import Q

from content.models import InterviewFramework, Level, Phase


class Rubric(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    framework = models.ForeignKey(
        InterviewFramework, on_delete=models.CASCADE, related_name="rubrics"
    )
    level = models.CharField(max_length=10, choices=Level.choices)
    title = models.CharField(max_length=160)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["framework", "level"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "level"], name="one_rubric_per_level")
        ]

    def __str__(self) -> str:
        return self.title


class RubricCriterion(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="criteria")
    slug = models.SlugField(max_length=80)
    order = models.PositiveSmallIntegerField()
    phase = models.ForeignKey(
        Phase, null=True, blank=True, on_delete=models.SET_NULL, related_name="criteria"
    )
    title = models.CharField(max_length=160)
    assesses = models.TextField(help_text="What is assessed.")
    weight = models.PositiveSmallIntegerField(default=1)
    anchor_1 = models.TextField(help_text="1 = well below the level")
    anchor_2 = models.TextField(help_text="2 = below the level")
    anchor_3 = models.TextField(help_text="3 = at the level")
    anchor_4 = models.TextField(help_text="4 = clearly above the level")

    class Meta:
        ordering = ["rubric", "order"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "slug"], name="unique_criterion_slug"),
            models.UniqueConstraint(fields=["rubric", "order"], name="unique_criterion_order"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=5), name="criterion_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rubric.slug}: {self.title}"

    @property
    def anchors(self) -> list[str]:
        return [self.anchor_1, self.anchor_2, self.anchor_3, self.anchor_4]
