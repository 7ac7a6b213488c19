"""The practice pages' forms: what a browser may send, with its limits."""

from __future__ import annotations

from django import forms

from content.models import Level, Tag

from .models import DURATIONS, PracticeRole, ReportReason
from .services.offers import MAX_TAGS, OfferRequest
from .timezones import zone_names


class OfferForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    clock = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.CharField(max_length=64, help_text="Your time zone, e.g. Europe/Paris.")
    duration_minutes = forms.TypedChoiceField(
        label="Length", coerce=int, choices=[(d, f"{d} minutes") for d in DURATIONS]
    )
    level = forms.ChoiceField(choices=Level.choices, initial=Level.SENIOR)
    role = forms.ChoiceField(choices=PracticeRole.choices, initial=PracticeRole.SWAP)
    tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.order_by("slug"),
        to_field_name="slug",
        required=False,
        label="Topics (none: any)",
    )
    email = forms.EmailField(max_length=254, help_text="Where the reminders go.")

    def clean_time_zone(self) -> str:
        zone = self.cleaned_data["time_zone"].strip()
        if zone not in zone_names():
            raise forms.ValidationError(f"'{zone[:64]}' is not a time zone (try Europe/Paris).")
        return zone

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(f"Pick at most {MAX_TAGS} topics.")
        return tags

    def offer_request(self) -> OfferRequest:
        data = self.cleaned_data
        return OfferRequest(
            day=data["day"],
            clock=data["clock"],
            time_zone=data["time_zone"],
            duration_minutes=data["duration_minutes"],
            level=data["level"],
            role=data["role"],
            tags=tuple(t.slug for t in data["tags"]),
        )


class RescheduleForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    clock = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}))


RATING = [(n, str(n)) for n in (1, 2, 3, 4)]


class InterviewerFeedbackForm(forms.Form):
    preparedness = forms.TypedChoiceField(coerce=int, choices=RATING, widget=forms.RadioSelect)
    clarity = forms.TypedChoiceField(coerce=int, choices=RATING, widget=forms.RadioSelect)
    hints = forms.TypedChoiceField(
        label="Use of hints", coerce=int, choices=RATING, widget=forms.RadioSelect
    )
    comment = forms.CharField(max_length=2000, required=False, widget=forms.Textarea)


class ReportForm(forms.Form):
    reason = forms.ChoiceField(choices=ReportReason.choices)
    details = forms.CharField(max_length=2000, required=False, widget=forms.Textarea)
