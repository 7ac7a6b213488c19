"""Rubrics in the admin: the version history of each, and a diff between two versions.

A version a session uses is read-only here as everywhere (a changed rubric is a new
version, written by a pack import); an unused current version can still be corrected.
"""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import path, reverse
from django.utils.html import format_html

from .models import Rubric, RubricCriterion, RubricVersion
from .services.rubric_versions import rubric_version_diff, rubric_versions_in_use


class RubricVersionInline(admin.TabularInline):
    model = RubricVersion
    extra = 0
    can_delete = False
    fields = ["number", "title", "created_at", "history_links"]
    readonly_fields = ["number", "title", "created_at", "history_links"]
    ordering = ["-number"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="Version")
    def history_links(self, version: RubricVersion) -> str:
        criteria = reverse("admin:content_rubricversion_change", args=[version.pk])
        if version.number == 1:
            return format_html('<a href="{}">criteria</a>', criteria)
        diff = reverse(
            "admin:content_rubric_diff",
            args=[version.rubric_id, version.number - 1, version.number],
        )
        return format_html(
            '<a href="{}">criteria</a> · <a href="{}">diff with v{}</a>',
            criteria,
            diff,
            version.number - 1,
        )


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["title", "framework", "level", "current_version"]
    list_filter = ["framework", "level"]
    search_fields = ["title", "slug", "versions__criteria__title"]
    readonly_fields = ["current_version"]
    inlines = [RubricVersionInline]

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/diff/<int:old>/<int:new>/",
                self.admin_site.admin_view(self.diff_view),
                name="content_rubric_diff",
            )
        ]
        return extra + super().get_urls()

    def diff_view(self, request, pk: int, old: int, new: int):
        """What changed between two versions of a rubric, criterion by criterion."""
        rubric = get_object_or_404(Rubric, pk=pk)
        if not self.has_view_permission(request, rubric):
            raise PermissionDenied
        versions = {v.number: v for v in rubric.versions.filter(number__in=[old, new])}
        if old not in versions or new not in versions:
            raise Http404("No such version")
        context = {
            **self.admin_site.each_context(request),
            "rubric": rubric,
            "old": versions[old],
            "new": versions[new],
            "changes": rubric_version_diff(versions[old], versions[new]),
            "title": f"{rubric.title}: v{old} → v{new}",
        }
        return render(request, "admin/content/rubric/diff.html", context)


class RubricCriterionInline(admin.StackedInline):
    model = RubricCriterion
    extra = 0

    def _frozen(self, obj: RubricVersion | None) -> bool:
        return obj is not None and bool(rubric_versions_in_use([obj.pk]))

    def has_add_permission(self, request, obj=None) -> bool:
        return not self._frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(RubricVersion)
class RubricVersionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "title", "created_at"]
    list_filter = ["rubric"]
    readonly_fields = ["rubric", "number", "created_at"]
    inlines = [RubricCriterionInline]

    def has_add_permission(self, request) -> bool:
        return False  # versions come from pack imports (and the first from the rubric)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and rubric_versions_in_use([obj.pk]):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
