from django.contrib import admin

from .models import Rubric, RubricCriterion


class RubricCriterionInline(admin.StackedInline):
    model = RubricCriterion
    extra = 0


@admin.register(Rubric)
class RubricAdmin(admin.ModelAdmin):
    list_display = ["title", "framework", "level"]
    list_filter = ["framework", "level"]
    search_fields = ["title", "slug", "criteria__title"]
    inlines = [RubricCriterionInline]
