from modeltranslation.translator import TranslationOptions, register

from .models import (
    ChecklistItem,
    InspectionCriterion,
    License,
    LicenseAppendix,
    LicensingCouncil,
    RefusalReason,
)


@register(License)
class LicenseTranslation(TranslationOptions):
    fields = ("holder_name",)


@register(LicenseAppendix)
class LicenseAppendixTranslation(TranslationOptions):
    fields = ("address",)


@register(ChecklistItem)
class ChecklistItemTranslation(TranslationOptions):
    fields = ("title", "hint")


@register(RefusalReason)
class RefusalReasonTranslation(TranslationOptions):
    fields = ("text",)


@register(InspectionCriterion)
class InspectionCriterionTranslation(TranslationOptions):
    fields = ("text",)


@register(LicensingCouncil)
class LicensingCouncilTranslation(TranslationOptions):
    fields = ("name",)
