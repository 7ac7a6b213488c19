"""Reads of practice: matches, offers, reliability, profiles, feedback."""

from .matches import (
    Reliability,
    match_get_for_user,
    match_list_for_user,
    offer_list_for_user,
    reliability_of,
    shared_practice_exists,
)
from .profiles import interviewer_feedback_for, profile_summary

__all__ = [
    "Reliability",
    "interviewer_feedback_for",
    "match_get_for_user",
    "match_list_for_user",
    "offer_list_for_user",
    "profile_summary",
    "reliability_of",
    "shared_practice_exists",
]
