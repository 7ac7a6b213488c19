"""factory_boy factories for the models tests build by hand."""

import factory
from django.contrib.auth import get_user_model

from content.models import (
    Concept,
    InterviewFramework,
    NFRCategory,
    Phase,
    Question,
    Rubric,
    RubricCriterion,
    RubricVersion,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-123456-abc")


class FrameworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewFramework

    slug = factory.Sequence(lambda n: f"framework-{n}")
    name = factory.Sequence(lambda n: f"Framework {n}")


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    framework = factory.SubFactory(FrameworkFactory)
    slug = factory.Sequence(lambda n: f"phase-{n}")
    name = factory.Sequence(lambda n: f"Phase {n}")
    order = factory.Sequence(lambda n: n + 1)
    planned_minutes = 5
    goal = "Agree on scope."
    candidate_guidance = "Ask about users and scale."
    interviewer_guidance = "Listens for clarifying questions."


class NFRCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NFRCategory

    slug = factory.Sequence(lambda n: f"nfr-{n}")
    name = factory.Sequence(lambda n: f"NFR {n}")
    summary = "What it is."


class ConceptFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concept

    slug = factory.Sequence(lambda n: f"concept-{n}")
    title = factory.Sequence(lambda n: f"Concept {n}")
    summary = "A building block."
    when_to_use = "When it helps."


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    slug = factory.Sequence(lambda n: f"question-{n}")
    title = factory.Sequence(lambda n: f"Design thing {n}")
    prompt = "Design a thing that does things."
    difficulty = "medium"
    target_levels = ["senior"]
    reference_outline = "SECRET-OUTLINE: shard by user id."


class RubricFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rubric
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"rubric-{n}")
    framework = factory.SubFactory(FrameworkFactory)
    level = "senior"
    title = "Senior rubric"

    @factory.post_generation
    def first_version(obj, create, extracted, **kwargs):
        """Every rubric has a current version, as the pack loader and the migration give it."""
        if create and obj.current_version is None:
            obj.current_version = RubricVersion.objects.create(
                rubric=obj, number=1, title=obj.title, description=obj.description
            )
            obj.save(update_fields=["current_version"])


class RubricCriterionFactory(factory.django.DjangoModelFactory):
    """A criterion of a rubric's current version (``rubric=``), or of ``version=``."""

    class Meta:
        model = RubricCriterion

    class Params:
        rubric = factory.SubFactory(RubricFactory)

    version = factory.LazyAttribute(lambda o: o.rubric.current_version)
    slug = factory.Sequence(lambda n: f"criterion-{n}")
    order = factory.Sequence(lambda n: n + 1)
    title = "Requirements"
    assesses = "Clarity of scope."
    anchor_1 = "a1"
    anchor_2 = "a2"
    anchor_3 = "a3"
    anchor_4 = "a4"


class HintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "content.Hint"

    question = factory.SubFactory(QuestionFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Hint {n}: think about caching.")


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "content.FollowUp"

    question = factory.SubFactory(QuestionFactory)
    phase_slug = "deep-dive"
    order = factory.Sequence(lambda n: n + 1)
    text = "SECRET-FOLLOWUP: what happens when a shard fails?"


class CurveballFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "content.Curveball"

    question = factory.SubFactory(QuestionFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = "SECRET-CURVEBALL: traffic grows tenfold overnight."
    what_good_looks_like = "SECRET-CURVEBALL-GOOD: names the bottleneck first."
