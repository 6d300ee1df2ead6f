"""The apostille's starting classifiers: the kinds of education documents (with the levels of
education whose completion each certifies, by the registry's level codes) and the reasons a
refusal cites. Admins edit both afterwards; `classifiers_seed` adds what is missing and leaves
what an admin changed alone, so the data migration and the demo can both call it."""

# code, (kk, ky, ru, en), level codes
DOCUMENT_TYPES = (
    (
        "diploma_higher",
        (
            "Жоғары білім туралы диплом",
            "Жогорку билим жөнүндө диплом",
            "Диплом о высшем образовании",
            "Diploma of higher education",
        ),
        ("higher",),
    ),
    (
        "diploma_postgraduate",
        (
            "Жоғары оқу орнынан кейінгі білім туралы диплом",
            "Жогорку окуу жайдан кийинки билим жөнүндө диплом",
            "Диплом о послевузовском образовании",
            "Diploma of postgraduate education",
        ),
        ("postgraduate",),
    ),
    (
        "diploma_tvet",
        (
            "Техникалық және кәсіптік білім туралы диплом",
            "Техникалык жана кесиптик билим жөнүндө диплом",
            "Диплом о техническом и профессиональном образовании",
            "Diploma of technical and vocational education",
        ),
        ("tvet", "post_secondary"),
    ),
    (
        "certificate_general_secondary",
        (
            "Жалпы орта білім туралы аттестат",
            "Жалпы орто билим жөнүндө аттестат",
            "Аттестат об общем среднем образовании",
            "Certificate of general secondary education",
        ),
        ("general_secondary",),
    ),
    (
        "certificate_basic_secondary",
        (
            "Негізгі орта білім туралы куәлік",
            "Негизги орто билим жөнүндө күбөлүк",
            "Свидетельство об основном среднем образовании",
            "Certificate of basic secondary education",
        ),
        ("basic_secondary",),
    ),
    (
        "transcript",
        (
            "Транскрипт (дипломға қосымша)",
            "Транскрипт (дипломго тиркеме)",
            "Транскрипт (приложение к диплому)",
            "Transcript (supplement to the diploma)",
        ),
        ("tvet", "post_secondary", "higher", "postgraduate"),
    ),
    (
        "academic_certificate",
        (
            "Академиялық анықтама",
            "Академиялык маалымкат",
            "Академическая справка",
            "Academic certificate",
        ),
        ("tvet", "post_secondary", "higher", "postgraduate"),
    ),
)

# code, (kk, ky, ru, en)
REFUSAL_REASONS = (
    (
        "not_issued_here",
        (
            "Құжатты Қазақстан Республикасының білім беру ұйымы бермеген",
            "Документти мамлекеттин билим берүү уюму берген эмес",
            "Документ выдан не организацией образования государства",
            "The document was not issued by an education organization of the state",
        ),
    ),
    (
        "signature_mismatch",
        (
            "Құжаттағы қолы немесе мөрі үлгілерге сәйкес келмейді",
            "Документтеги колу же мөөрү үлгүлөргө дал келбейт",
            "Подпись или печать на документе не соответствуют образцам",
            "The signature or seal on the document does not match the specimens",
        ),
    ),
    (
        "signer_not_authorised",
        (
            "Құжатқа қол қойған адамның берілген күні қол қоюға өкілеттігі болмаған",
            "Документке кол койгон адамдын берилген күнү кол коюуга укугу болгон эмес",
            "Подписавшее документ лицо не было уполномочено на дату выдачи",
            "The person who signed the document was not authorised on the issue date",
        ),
    ),
    (
        "no_license",
        (
            "Ұйымның берілген күні осы білім деңгейіне лицензиясы болмаған",
            "Уюмдун берилген күнү бул билим деңгээлине лицензиясы болгон эмес",
            "У организации не было лицензии на этот уровень образования на дату выдачи",
            "The organization held no license for this level of education on the issue date",
        ),
    ),
    (
        "illegible",
        (
            "Құжаттың көшірмесі оқылмайды немесе толық емес",
            "Документтин көчүрмөсү окулбайт же толук эмес",
            "Копия документа нечитаема или неполна",
            "The copy of the document is illegible or incomplete",
        ),
    ),
    (
        "fee_unpaid",
        (
            "Мемлекеттік баж төленбеген",
            "Мамлекеттик алым төлөнгөн эмес",
            "Государственная пошлина не уплачена",
            "The state fee was not paid",
        ),
    ),
)

LANGUAGES = ("kk", "ky", "ru", "en")


def classifiers_seed(document_type_model, refusal_reason_model, level_model) -> None:
    """Add the document kinds and refusal reasons that are missing (models passed in, so a
    migration can give its historical ones); link each kind to the levels that exist."""
    levels = {level.code: level for level in level_model.objects.all()}
    for order, (code, names, level_codes) in enumerate(DOCUMENT_TYPES, start=1):
        row, created = document_type_model.objects.get_or_create(
            code=code,
            defaults={
                "order": order * 10,
                "name": names[2],
                **{f"name_{lang}": name for lang, name in zip(LANGUAGES, names, strict=True)},
            },
        )
        if created or not row.levels.exists():
            row.levels.set([levels[c] for c in level_codes if c in levels])
    for order, (code, texts) in enumerate(REFUSAL_REASONS, start=1):
        refusal_reason_model.objects.get_or_create(
            code=code,
            defaults={
                "order": order * 10,
                "text": texts[2],
                **{f"text_{lang}": text for lang, text in zip(LANGUAGES, texts, strict=True)},
            },
        )
