from modeltranslation.translator import TranslationOptions, register

from .models import DocumentType, RefusalReason


@register(DocumentType)
class DocumentTypeTranslation(TranslationOptions):
    fields = ("name",)


@register(RefusalReason)
class RefusalReasonTranslation(TranslationOptions):
    fields = ("text",)
