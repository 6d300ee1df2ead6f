from modeltranslation.translator import TranslationOptions, register

from .models import Council, Criterion, Standard


@register(Council)
class CouncilTranslation(TranslationOptions):
    fields = ("name",)


@register(Standard)
class StandardTranslation(TranslationOptions):
    fields = ("title",)


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("text",)
