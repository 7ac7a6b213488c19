"""Curators edit the interview method here: inlines, search, filters, publish, preview."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html

from . import admin_rubrics  # noqa: F401  (rubrics, their versions and diffs)
from .models import (
    ChecklistItem,
    ComponentCapacity,
    Concept,
    Curveball,
    FollowUp,
    Hint,
    InterviewFramework,
    NFRCategory,
    Phase,
    Question,
    QuestionNFRFocus,
    Tag,
)
from .services.pack_schema import COMPONENT, NODE_KINDS, PackValidationError, validate_entry
from .starter_boards import starter_board_problems


class PhaseInline(admin.StackedInline):
    model = Phase
    extra = 0
    ordering = ["order"]


@admin.register(InterviewFramework)
class InterviewFrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind", "variant_of", "is_default", "total_minutes"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PhaseInline]


@admin.register(ComponentCapacity)
class ComponentCapacityAdmin(admin.ModelAdmin):
    """Per-kind capacities; the model's constraints hold the bounds, the form the choices."""

    list_display = ["kind", "per_instance", "unit", "writes_per_instance", "question"]
    list_filter = [("question", admin.EmptyFieldListFilter)]
    ordering = ["question", "kind"]


class ChecklistItemInline(admin.StackedInline):
    model = ChecklistItem
    extra = 0
    filter_horizontal = ["study_concepts"]


@admin.register(NFRCategory)
class NFRCategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "item_count"]
    search_fields = ["name", "slug", "summary", "items__statement"]
    inlines = [ChecklistItemInline]

    @admin.display(description="Checklist items")
    def item_count(self, obj):
        return obj.items.count()


@admin.register(Concept)
class ConceptAdmin(admin.ModelAdmin):
    list_display = ["title", "slug"]
    search_fields = ["title", "slug", "summary"]
    list_filter = ["related_nfrs"]
    filter_horizontal = ["related_nfrs", "related_concepts"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["slug"]


class HintInline(admin.TabularInline):
    model = Hint
    extra = 0


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 0


class CurveballInline(admin.StackedInline):
    model = Curveball
    extra = 0


class FocusInline(admin.TabularInline):
    model = QuestionNFRFocus
    extra = 0


class QuestionCapacityInline(admin.TabularInline):
    """The question's own capacities per kind, over the pack's."""

    model = ComponentCapacity
    extra = 0
    fields = ["kind", "per_instance", "unit", "writes_per_instance", "why"]


class QuestionAdminForm(forms.ModelForm):
    """The admin's question form (fields come from the admin); checks strong_answer."""

    def clean_strong_answer(self):
        """The same checks as a pack's strong_answer, so the report can always read it."""
        value = self.cleaned_data["strong_answer"]
        if not isinstance(value, list):
            raise ValidationError("Expected a list of components.")
        for i, component in enumerate(value, start=1):
            try:
                validate_entry(component, COMPONENT, file="admin", entry=f"component #{i}")
            except PackValidationError as exc:
                raise ValidationError(f"Component #{i}: {exc.field}: {exc.problem}") from exc
            unknown = set(component.get("kinds", [])) - NODE_KINDS
            if unknown:
                raise ValidationError(
                    f"Component #{i}: unknown node kind(s) {', '.join(sorted(unknown))}."
                )
        return value

    def clean_starter_board(self):
        """The same checks as a pack's starter board: a session must be able to start on it."""
        value = self.cleaned_data["starter_board"] or {}
        problems = starter_board_problems(value)
        if problems:
            raise ValidationError(problems)
        return value


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    form = QuestionAdminForm
    list_display = ["title", "slug", "kind", "difficulty", "levels", "published", "preview_link"]
    list_filter = ["kind", "published", "difficulty", "tags"]
    search_fields = ["title", "slug", "prompt", "tags__slug"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tags", "related_concepts"]
    inlines = [FocusInline, HintInline, FollowUpInline, CurveballInline, QuestionCapacityInline]
    actions = ["publish", "unpublish"]

    @admin.display(description="Levels")
    def levels(self, obj):
        return ", ".join(obj.target_levels)

    @admin.display(description="Candidate view")
    def preview_link(self, obj):
        return format_html(
            '<a href="{}">Preview</a>', reverse("admin:content_question_preview", args=[obj.pk])
        )

    @admin.action(description="Publish selected questions")
    def publish(self, request, queryset):
        count = queryset.update(published=True)
        self.message_user(request, f"{count} question(s) published.", messages.SUCCESS)

    @admin.action(description="Unpublish selected questions")
    def unpublish(self, request, queryset):
        count = queryset.update(published=False)
        self.message_user(request, f"{count} question(s) unpublished.", messages.SUCCESS)

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="content_question_preview",
            )
        ]
        return extra + super().get_urls()

    def preview_view(self, request, pk: int):
        """Show the question exactly as a candidate sees it (published or not)."""
        question = get_object_or_404(Question, pk=pk)
        if not self.has_view_permission(request, question):
            raise PermissionDenied
        return render(
            request, "admin/content/question/preview.html", {"question": question, "preview": True}
        )
