from modeltranslation.translator import TranslationOptions, register

from .models import Authority, EducationLevel, Organization, Qualification, Region, Specialty


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(Authority)
class AuthorityTranslation(TranslationOptions):
    fields = ("name", "short_name", "address")


@register(EducationLevel)
class EducationLevelTranslation(TranslationOptions):
    fields = ("name",)


@register(Specialty)
class SpecialtyTranslation(TranslationOptions):
    fields = ("name",)


@register(Qualification)
class QualificationTranslation(TranslationOptions):
    fields = ("name",)


@register(Organization)
class OrganizationTranslation(TranslationOptions):
    fields = ("name", "short_name", "address")
