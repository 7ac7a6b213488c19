import pytest
from django.db import IntegrityError, transaction

from tests.factories import (
    FrameworkFactory,
    PhaseFactory,
    QuestionFactory,
    RubricCriterionFactory,
    RubricFactory,
)

pytestmark = pytest.mark.django_db


def test_question_slug_is_unique():
    QuestionFactory(slug="url-shortener")
    with pytest.raises(IntegrityError), transaction.atomic():
        QuestionFactory(slug="url-shortener")


def test_phase_order_is_unique_per_framework():
    fw = FrameworkFactory()
    PhaseFactory(framework=fw, order=1)
    PhaseFactory(framework=FrameworkFactory(), order=1)  # another framework may reuse it
    with pytest.raises(IntegrityError), transaction.atomic():
        PhaseFactory(framework=fw, order=1)


def test_phase_minutes_must_be_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        PhaseFactory(planned_minutes=0)


def test_only_one_default_framework():
    FrameworkFactory(is_default=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        FrameworkFactory(is_default=True)


def test_one_rubric_per_framework_and_level():
    rubric = RubricFactory(level="mid")
    with pytest.raises(IntegrityError), transaction.atomic():
        RubricFactory(framework=rubric.framework, level="mid")


@pytest.mark.parametrize("weight", [0, 6])
def test_criterion_weight_in_range(weight):
    with pytest.raises(IntegrityError), transaction.atomic():
        RubricCriterionFactory(weight=weight)


def test_framework_total_minutes_sums_phases():
    fw = FrameworkFactory()
    PhaseFactory(framework=fw, order=1, planned_minutes=5)
    PhaseFactory(framework=fw, order=2, planned_minutes=20)
    assert fw.total_minutes == 25
