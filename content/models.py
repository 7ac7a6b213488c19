"""The interview method: frameworks and phases, questions, concepts, NFR checklists, rubrics."""

from django.db import models
from django.db.models import Q
from django.urls import NoReverseMatch, reverse


def library_url(name: str, slug: str) -> str:
    """An entry's library page. Slugs are validated on every way in (content packs, the API,
    the admin), but one stored before that may hold any text: such an entry gets no page
    link ("") rather than breaking every page that lists it. A curator can rename or delete
    it through the API by its stored slug."""
    try:
        return reverse(name, args=[slug])
    except NoReverseMatch:
        return ""


class Level(models.TextChoices):
    MID = "mid", "Mid-level"
    SENIOR = "senior", "Senior"
    STAFF = "staff", "Staff"


class Difficulty(models.TextChoices):
    EASY = "easy", "Easy"
    MEDIUM = "medium", "Medium"
    HARD = "hard", "Hard"


class Track(models.TextChoices):
    """What a framework or question is for: designing a system, or telling a real story."""

    DESIGN = "design", "System design"
    EXPERIENCE = "experience", "Experience"


class InterviewFramework(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(default=False)
    kind = models.CharField(max_length=12, choices=Track.choices, default=Track.DESIGN)
    # A variant runs its base's phases rescaled to another length, and is scored with the
    # base's rubrics; its Phase rows are copies the pack loader keeps in step with the base.
    variant_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="variants"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="one_default_framework"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return library_url("content:framework_detail", self.slug)

    @property
    def total_minutes(self) -> int:
        return sum(p.planned_minutes for p in self.phases.all())

    @property
    def rubric_framework_id(self) -> int:
        """The framework whose rubrics score this one's sessions (a variant uses its base's)."""
        return self.variant_of_id or self.pk


class Phase(models.Model):
    framework = models.ForeignKey(
        InterviewFramework, on_delete=models.CASCADE, related_name="phases"
    )
    slug = models.SlugField(max_length=80)
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField()
    planned_minutes = models.PositiveSmallIntegerField()
    goal = models.TextField()
    candidate_guidance = models.TextField()
    interviewer_guidance = models.TextField(help_text="What good looks like, for the interviewer.")
    expected_outputs = models.JSONField(default=list, blank=True)
    interviewer_prompts = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["framework", "order"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "order"], name="unique_phase_order"),
            models.UniqueConstraint(fields=["framework", "slug"], name="unique_phase_slug"),
            models.CheckConstraint(
                condition=Q(planned_minutes__gt=0), name="phase_minutes_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.framework.name} · {self.order}. {self.name}"


class NFRCategory(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)
    summary = models.TextField()
    why_it_matters = models.TextField(blank=True)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = "NFR category"
        verbose_name_plural = "NFR categories"

    def __str__(self) -> str:
        return self.name


class ChecklistItem(models.Model):
    category = models.ForeignKey(NFRCategory, on_delete=models.CASCADE, related_name="items")
    slug = models.SlugField(max_length=80)
    order = models.PositiveSmallIntegerField(default=0)
    statement = models.TextField()
    why_it_matters = models.TextField(blank=True)
    # {"phrases": [...], "patterns": [...]} - see scoring.analysis for what they mean.
    cues = models.JSONField(default=dict, blank=True)
    weight = models.PositiveSmallIntegerField(
        default=2, help_text="1 (nice to have) to 3 (essential)."
    )
    study_concepts = models.ManyToManyField("Concept", blank=True, related_name="checklist_items")  # type: ignore[var-annotated]

    class Meta:
        ordering = ["category", "order"]
        constraints = [
            models.UniqueConstraint(fields=["category", "slug"], name="unique_item_slug"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=3), name="item_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.name}: {self.statement[:60]}"


class Concept(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=160)
    summary = models.TextField()
    when_to_use = models.TextField()
    trade_offs = models.JSONField(default=list, blank=True)
    pitfalls = models.JSONField(default=list, blank=True)
    related_nfrs = models.ManyToManyField(NFRCategory, blank=True, related_name="concepts")
    related_concepts = models.ManyToManyField("self", blank=True, symmetrical=False)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return library_url("content:concept_detail", self.slug)


class Tag(models.Model):
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.slug


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Question(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=160)
    prompt = models.TextField(help_text="What the candidate reads.")
    difficulty = models.CharField(max_length=10, choices=Difficulty.choices)
    target_levels = models.JSONField(default=list, help_text="Levels this question suits.")
    tags = models.ManyToManyField(Tag, blank=True, related_name="questions")
    scale_hints = models.TextField(blank=True)
    # [{"name": "daily active users", "value": 50000000, "unit": "users"}, ...]
    estimation_inputs = models.JSONField(default=list, blank=True)
    functional_requirements = models.JSONField(default=list, blank=True)
    reference_outline = models.TextField(help_text="Interviewer only: never shown to candidates.")
    kind = models.CharField(max_length=12, choices=Track.choices, default=Track.DESIGN)
    # [{"component": "WebSocket gateway tier", "kinds": ["service"], "match": ["websocket"]}]
    # - see content/strong_answer.py for how a diagram node plays a component.
    strong_answer = models.JSONField(
        default=list,
        blank=True,
        help_text='The components a strong answer has: [{"component": ..., "kinds": [diagram '
        'node kinds], "match": [words in a node label or notes]}].',
    )
    # {"senior": "...", "staff": "..."}: what a good answer looks like at each level.
    expectations = models.JSONField(
        default=dict,
        blank=True,
        help_text='What good looks like per level: {"senior": ..., "staff": ...}.',
    )
    # {"nodes": [...], "edges": [...], "zones": [...], "texts": [...]} in the board's format:
    # what a session on this question starts from (content/starter_boards.py).
    starter_board = models.JSONField(
        default=dict,
        blank=True,
        help_text='The board a session starts from: {"nodes": [{"id", "kind", "label", "x", '
        '"y"}], "edges": [{"id", "from", "to", "label", "mode"}], "zones": [{"id", "kind", '
        '"label", "x", "y", "w", "h"}], "texts": [{"id", "style", "text", "x", "y"}]}.',
    )
    related_concepts = models.ManyToManyField(Concept, blank=True, related_name="questions")
    nfr_focus = models.ManyToManyField(  # type: ignore[var-annotated]
        NFRCategory, through="QuestionNFRFocus", related_name="questions"
    )
    published = models.BooleanField(default=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return library_url("content:question_detail", self.slug)


class QuestionNFRFocus(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="focus_links")
    category = models.ForeignKey(NFRCategory, on_delete=models.CASCADE)
    weight = models.PositiveSmallIntegerField(default=2)

    class Meta:
        ordering = ["-weight", "category__order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "category"], name="unique_question_focus"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=3), name="focus_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.slug} → {self.category.slug} ({self.weight})"


class Hint(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="hints")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "order"], name="unique_hint_order")
        ]

    def __str__(self) -> str:
        return f"Hint {self.order} for {self.question.slug}"


class FollowUp(models.Model):
    """A question the interviewer asks during a given phase (by phase slug)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="follow_ups")
    phase_slug = models.SlugField(max_length=80)
    order = models.PositiveSmallIntegerField()
    text = models.TextField()

    class Meta:
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "order"], name="unique_followup_order")
        ]

    def __str__(self) -> str:
        return f"{self.question.slug} [{self.phase_slug}] {self.text[:40]}"


class Curveball(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="curveballs")
    order = models.PositiveSmallIntegerField()
    text = models.TextField()
    what_good_looks_like = models.TextField(blank=True)

    class Meta:
        ordering = ["question", "order"]
        constraints = [
            models.UniqueConstraint(fields=["question", "order"], name="unique_curveball_order")
        ]

    def __str__(self) -> str:
        return f"{self.question.slug}: {self.text[:40]}"


class Rubric(models.Model):
    """How a framework's sessions at one level are scored: weighted criteria with anchors.

    The criteria live on versions (``RubricVersion``): a session pins the version current
    when it was created, and a version that a session uses is never changed again, so a
    changed rubric becomes a new version and old scorecards keep the anchors they were
    scored against.
    """

    slug = models.SlugField(max_length=80, unique=True)
    framework = models.ForeignKey(
        InterviewFramework, on_delete=models.CASCADE, related_name="rubrics"
    )
    level = models.CharField(max_length=10, choices=Level.choices)
    title = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    # The newest version: what new sessions pin and what the pack export writes.
    current_version = models.ForeignKey(
        "RubricVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        # Rubrics were born in scoring and keep its table names: a rename would leave the
        # scoring_* index names behind on PostgreSQL, and Django derives the slug's "_like"
        # index name from the current table name when that column changes later.
        db_table = "scoring_rubric"
        ordering = ["framework", "level"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "level"], name="one_rubric_per_level")
        ]

    def __str__(self) -> str:
        return self.title


class RubricVersion(models.Model):
    """One frozen wording of a rubric: its title, description and criteria at that time."""

    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=160)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["rubric", "number"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "number"], name="unique_rubric_version"),
            models.CheckConstraint(condition=Q(number__gte=1), name="rubric_version_from_1"),
        ]

    def __str__(self) -> str:
        return f"{self.rubric.slug} v{self.number}"

    @property
    def label(self) -> str:
        return f"v{self.number}"


class RubricCriterion(models.Model):
    version = models.ForeignKey(RubricVersion, on_delete=models.CASCADE, related_name="criteria")
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
        db_table = "scoring_rubriccriterion"  # see Rubric.Meta
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "slug"], name="unique_criterion_slug"),
            models.UniqueConstraint(fields=["version", "order"], name="unique_criterion_order"),
            models.CheckConstraint(
                condition=Q(weight__gte=1, weight__lte=5), name="criterion_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version}: {self.title}"

    @property
    def anchors(self) -> list[str]:
        return [self.anchor_1, self.anchor_2, self.anchor_3, self.anchor_4]

    def anchor_for(self, score: int | None) -> str:
        """The anchor text of a score (1-4), or "" for no score."""
        return self.anchors[score - 1] if score in (1, 2, 3, 4) else ""


# Reference sessions and component capacities live in their own modules (this one stays
# within its size); importing them here registers them with the app like every other model.
from .capacity_models import ComponentCapacity  # noqa: E402, F401
from .reference_models import ReferenceSession, Strength  # noqa: E402, F401
