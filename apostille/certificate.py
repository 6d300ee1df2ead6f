"""The apostille certificate as the Convention's annex draws it: the heading in French and ten
numbered fields. Their labels are part of the legal form (art. 4: the heading in French; the
fields may also be in the language of the authority issuing it), so they are fixed text here in
French and in each portal language, printed together on every copy whatever the reader's
language; the values are in the language the applicant chose."""

HEADING = "APOSTILLE"
SUBHEADING = "(Convention de La Haye du 5 octobre 1961)"

# Field number → label per language (French first, as the Convention's model).
FIELD_LABELS = {
    1: {
        "fr": "Pays",
        "en": "Country",
        "ru": "Страна",
        "kk": "Ел",
        "ky": "Өлкө",
    },
    2: {
        "fr": "a été signé par",
        "en": "has been signed by",
        "ru": "подписан(а)",
        "kk": "қол қойған",
        "ky": "кол койгон",
    },
    3: {
        "fr": "agissant en qualité de",
        "en": "acting in the capacity of",
        "ru": "выступающим(ей) в качестве",
        "kk": "лауазымы",
        "ky": "кызматы",
    },
    4: {
        "fr": "est revêtu du sceau / timbre de",
        "en": "bears the seal / stamp of",
        "ru": "скреплен(а) печатью / штампом",
        "kk": "мөрімен / мөртаңбасымен бекітілген",
        "ky": "мөөрү / штампы менен бекитилген",
    },
    5: {
        "fr": "à",
        "en": "at",
        "ru": "в",
        "kk": "қайда",
        "ky": "жери",
    },
    6: {
        "fr": "le",
        "en": "the",
        "ru": "дата",
        "kk": "күні",
        "ky": "күнү",
    },
    7: {
        "fr": "par",
        "en": "by",
        "ru": "кем",
        "kk": "кім",
        "ky": "ким тарабынан",
    },
    8: {
        "fr": "sous No",
        "en": "No",
        "ru": "за №",
        "kk": "№",
        "ky": "№",
    },
    9: {
        "fr": "Sceau / timbre",
        "en": "Seal / stamp",
        "ru": "Печать / штамп",
        "kk": "Мөр / мөртаңба",
        "ky": "Мөөр / штамп",
    },
    10: {
        "fr": "Signature",
        "en": "Signature",
        "ru": "Подпись",
        "kk": "Қолы",
        "ky": "Колу",
    },
}

# The lines between the fields in the Convention's model.
THIS_PUBLIC_DOCUMENT = {
    "fr": "Le présent acte public",
    "en": "This public document",
    "ru": "Настоящий официальный документ",
    "kk": "Осы ресми құжат",
    "ky": "Бул расмий документ",
}
CERTIFIED = {
    "fr": "Attesté",
    "en": "Certified",
    "ru": "Удостоверено",
    "kk": "Куәландырылды",
    "ky": "Күбөлөндүрүлдү",
}

# Field 1: the state whose authority issues the apostille, in the language of the values.
COUNTRY = {
    "KZ": {
        "en": "Republic of Kazakhstan",
        "ru": "Республика Казахстан",
        "kk": "Қазақстан Республикасы",
        "ky": "Казакстан Республикасы",
    },
    "KG": {
        "en": "Kyrgyz Republic",
        "ru": "Кыргызская Республика",
        "kk": "Қырғыз Республикасы",
        "ky": "Кыргыз Республикасы",
    },
}

# Field 9 of an e-Apostille: the seal is the authority's electronic one.
ELECTRONIC_SEAL = {
    "en": "Electronic seal (PAdES) of the authority",
    "ru": "Электронная печать (PAdES) органа",
    "kk": "Органның электрондық мөрі (PAdES)",
    "ky": "Органдын электрондук мөөрү (PAdES)",
}
ELECTRONIC_SIGNATURE = {
    "en": "Signed electronically",
    "ru": "Подписано электронно",
    "kk": "Электрондық түрде қол қойылды",
    "ky": "Электрондук түрдө кол коюлду",
}


def label_languages(portal_languages: list[str]) -> list[str]:
    """French, then each portal language (kk, ru, en; ky, ru, en under Kyrgyz jurisdiction)."""
    return ["fr", *[code for code in portal_languages if code != "fr"]]


def fields(values: dict[int, str], portal_languages: list[str]) -> list[dict]:
    """The ten fields in order: number, labels (language, text) and the value."""
    languages = label_languages(portal_languages)
    return [
        {
            "n": n,
            "labels": [{"language": code, "text": FIELD_LABELS[n][code]} for code in languages],
            "value": values.get(n, ""),
        }
        for n in range(1, 11)
    ]


def line(texts: dict[str, str], portal_languages: list[str]) -> str:
    return " / ".join(texts[code] for code in label_languages(portal_languages))
