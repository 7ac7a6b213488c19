from django.contrib import admin
from django.utils import timezone

from .models import Block, InterviewerFeedback, Match, NoShow, Offer, Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "reporter", "reported", "reason", "resolved_at"]
    list_filter = ["reason", "resolved_at"]
    search_fields = ["reporter__username", "reported__username", "details"]
    readonly_fields = ["reporter", "reported", "reason", "details", "created_at"]
    actions = ["mark_resolved"]

    @admin.action(description="Mark as resolved")
    def mark_resolved(self, request, queryset):
        queryset.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["starts_at", "user_first", "user_second", "swap", "status"]
    list_filter = ["status", "swap"]
    raw_id_fields = ["offer_first", "offer_second", "first_session", "second_session"]


admin.site.register([Offer, NoShow, Block, InterviewerFeedback])
