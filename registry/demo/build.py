"""Builds the demo registry. Everything random comes from one seeded generator, so the same seed
and scale give the same data (dates are counted from today)."""

import base64
import datetime
import random
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone, translation
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from registry import services
from registry.classifiers import classifiers_import
from registry.identifiers import with_check_digit
from registry.models import (
    Authority,
    EducationLevel,
    Expert,
    ExpertAffiliation,
    Organization,
    Procedure,
    Qualification,
    Region,
    Role,
    Specialty,
    User,
)

from . import Credential, DemoContext, registered_steps
from . import names as N
from .places import COUNTRY, STREETS, TOP_REGIONS, Place, TopRegion

CLASSIFIERS = Path(__file__).parent / "classifiers"
DEMO_PASSWORD = "demo-portal-2026"  # noqa: S105 - published on purpose: a demo
# Shown to whoever sets up the demo: codes to type when the authenticator app is not at hand.
BACKUP_CODES = ("20260101", "20260202", "20260303", "20260404", "20260505")
BATCH = 2000

# Telephone area codes of the regional centres, by the region's two KATO digits.
AREA_CODES = {
    "71": "7172", "75": "727", "79": "7252", "10": "7222", "11": "7162", "15": "7132",
    "19": "72772", "23": "7122", "27": "7112", "31": "7262", "33": "7282", "35": "7212",
    "39": "7142", "43": "7242", "47": "7292", "55": "7182", "59": "7152", "61": "72533",
    "62": "7102", "63": "7232",
}  # fmt: skip

# The region whose department the demo's staff and head work for: Karaganda.
DEMO_REGION = "35"

SCHOOL_LEVELS = ("primary", "basic_secondary", "general_secondary")


def build(*, scale: int = 1, seed: int = 2026, out=print) -> DemoContext:
    ctx = DemoContext(
        rng=random.Random(seed),
        scale=scale,
        today=timezone.localdate(),
        out=out,
        password=DEMO_PASSWORD,
    )
    # Untranslated columns are written in the active language: keep it the default one.
    with (
        translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE),
        transaction.atomic(),
    ):
        _classifiers(ctx)
        _regions(ctx)
        _authorities(ctx)
        _organizations(ctx)
        _history(ctx)
        _experts(ctx)
        _users(ctx)
        for step in registered_steps():
            step(ctx)
    return ctx


# --- classifiers and places ------------------------------------------------------------------


def _classifiers(ctx: DemoContext) -> None:
    for kind, file in (
        ("levels", "levels.csv"),
        ("specialties", "specialties.csv"),
        ("qualifications", "qualifications.csv"),
    ):
        classifiers_import(kind, (CLASSIFIERS / file).read_bytes())
    ctx.levels = {level.code: level for level in EducationLevel.objects.all()}
    ctx.specialties = {s.code: s for s in Specialty.objects.select_related("level")}
    ctx.qualifications = {q.code: q for q in Qualification.objects.all()}


def _region(place: Place, parent: Region | None) -> Region:
    region, _created = Region.objects.update_or_create(
        kato=place.kato,
        defaults={
            "kind": place.kind,
            "parent": parent,
            "name_kk": place.kk,
            "name_ru": place.ru,
            "name_en": place.en,
        },
    )
    return region


def _regions(ctx: DemoContext) -> None:
    country = _region(COUNTRY, None)
    ctx.regions[COUNTRY.kato] = country
    for top in TOP_REGIONS:
        region = ctx.regions[top.place.kato] = _region(top.place, country)
        for place in top.all_localities:
            ctx.regions[place.kato] = _region(place, region)


# --- authorities -----------------------------------------------------------------------------

ASTANA_ADDRESS = (
    "Астана қ., Мәңгілік Ел даңғылы, 8, Министрліктер үйі",
    "г. Астана, пр. Мангилик Ел, 8, Дом министерств",
    "House of Ministries, 8 Mangilik El Ave, Astana",
)


def _authority(ctx, key, *, kind, names, short, jurisdiction, procedures, parent=None, **extra):
    address = extra.pop("address", ("", "", ""))
    authority = Authority.objects.create(
        kind=kind,
        name_kk=names[0],
        name_ru=names[1],
        name_en=names[2],
        short_name_kk=short[0],
        short_name_ru=short[1],
        short_name_en=short[2],
        address_kk=address[0],
        address_ru=address[1],
        address_en=address[2],
        jurisdiction=jurisdiction,
        parent=parent,
        procedures=list(procedures),
        **extra,
    )
    ctx.authorities[key] = authority
    return authority


def _authorities(ctx: DemoContext) -> None:
    country = ctx.regions[COUNTRY.kato]
    rk_kk, rk_ru, rk_en = (
        "Қазақстан Республикасының",
        "Республики Казахстан",
        "of the Republic of Kazakhstan",
    )
    moe = _authority(
        ctx,
        "moe",
        kind=Authority.Kind.MINISTRY,
        names=(
            f"{rk_kk} Оқу-ағарту министрлігі",
            f"Министерство просвещения {rk_ru}",
            f"Ministry of Enlightenment {rk_en}",
        ),
        short=("ҚР ОАМ", "МП РК", "MoE"),
        jurisdiction=country,
        procedures=[Procedure.APOSTILLE],
        address=ASTANA_ADDRESS,
        email="info@edu.example.org",
        phone="+7 (7172) 74-24-28",
    )
    _authority(
        ctx,
        "committee",
        kind=Authority.Kind.COMMITTEE,
        names=(
            f"{rk_kk} Оқу-ағарту министрлігінің Білім беру саласындағы сапаны қамтамасыз ету "
            "комитеті",
            f"Комитет по обеспечению качества в сфере образования Министерства просвещения {rk_ru}",
            "Committee for Quality Assurance in Education of the Ministry of Enlightenment",
        ),
        short=("БСҚК", "КОКСО", "CQAE"),
        jurisdiction=country,
        parent=moe,
        procedures=[Procedure.LICENSING, Procedure.ATTESTATION],
        address=ASTANA_ADDRESS,
        email="control@edu.example.org",
    )
    _authority(
        ctx,
        "mshe",
        kind=Authority.Kind.MINISTRY,
        names=(
            f"{rk_kk} Ғылым және жоғары білім министрлігі",
            f"Министерство науки и высшего образования {rk_ru}",
            f"Ministry of Science and Higher Education {rk_en}",
        ),
        short=("ҚР ҒЖБМ", "МНВО РК", "MSHE"),
        jurisdiction=country,
        procedures=[Procedure.LICENSING, Procedure.ATTESTATION, Procedure.APOSTILLE],
        address=ASTANA_ADDRESS,
        email="info@sci.example.org",
    )
    _authority(
        ctx,
        "moh",
        kind=Authority.Kind.HEALTH,
        names=(
            f"{rk_kk} Денсаулық сақтау министрлігі",
            f"Министерство здравоохранения {rk_ru}",
            f"Ministry of Health {rk_en}",
        ),
        short=("ҚР ДСМ", "МЗ РК", "MoH"),
        jurisdiction=country,
        procedures=[Procedure.LICENSING],
        address=ASTANA_ADDRESS,
        email="info@health.example.org",
    )
    bodies = [
        (
            "iqaa",
            "Білім беру сапасын қамтамасыз ету жөніндегі тәуелсіз агенттік (IQAA)",
            "Независимое агентство по обеспечению качества в образовании (IQAA)",
            "Independent Agency for Quality Assurance in Education (IQAA)",
            "IQAA",
            "KZ-AO-001",
        ),
        (
            "iaar",
            "Тәуелсіз аккредиттеу және рейтинг агенттігі (IAAR)",
            "Независимое агентство аккредитации и рейтинга (IAAR)",
            "Independent Agency for Accreditation and Rating (IAAR)",
            "IAAR",
            "KZ-AO-002",
        ),
        (
            "ecaqa",
            "Білім беру мен денсаулық сақтау сапасын қамтамасыз ету және аккредиттеудің "
            "Еуразиялық орталығы (ECAQA)",
            "Евразийский центр аккредитации и обеспечения качества образования и "
            "здравоохранения (ECAQA)",
            "Eurasian Centre for Accreditation and Quality Assurance in Higher Education and "
            "Health Care (ECAQA)",
            "ECAQA",
            "KZ-AO-005",
        ),
    ]
    for index, (key, kk, ru, en, short, entry) in enumerate(bodies):
        _authority(
            ctx,
            key,
            kind=Authority.Kind.ACCREDITATION_BODY,
            names=(kk, ru, en),
            short=(short, short, short),
            jurisdiction=country,
            procedures=[Procedure.ACCREDITATION],
            register_entry_number=entry,
            register_entry_valid_until=ctx.today.replace(day=1)
            + datetime.timedelta(days=365 * (2 + index)),
            address=_address(ctx.rng, TOP_REGIONS[0], TOP_REGIONS[0].localities[index]),
            email=f"info@{key}.example.org",
            phone=_phone(ctx.rng, "71"),
        )
    for top in TOP_REGIONS:
        region = ctx.regions[top.place.kato]
        rr = top.place.kato[:2]
        _authority(
            ctx,
            f"regional:{rr}",
            kind=Authority.Kind.REGIONAL,
            names=(
                f"{_kk_genitive(top.place.kk)} білім басқармасы",
                f"Управление образования {top.place.ru_gen}",
                f"Education Department of {top.place.en}",
            ),
            short=("", "", ""),
            jurisdiction=region,
            parent=moe,
            procedures=[Procedure.LICENSING, Procedure.ATTESTATION],
            address=_address(ctx.rng, top, top.centre or top.place),
            email=f"edu.{top.attr_en.lower()}@example.org",
            phone=_phone(ctx.rng, rr),
        )
    # District and town departments where the demo's staff work, and in the largest cities.
    for top in TOP_REGIONS:
        rr = top.place.kato[:2]
        if rr not in (DEMO_REGION, "75", "71"):
            continue
        for place in top.all_localities:
            _authority(
                ctx,
                f"district:{place.kato}",
                kind=Authority.Kind.DISTRICT,
                names=(
                    f"{_kk_genitive(place.kk)} білім бөлімі",
                    f"Отдел образования {place.ru_gen}",
                    f"Education Department of {place.en}",
                ),
                short=("", "", ""),
                jurisdiction=ctx.regions[place.kato],
                parent=ctx.authorities[f"regional:{rr}"],
                procedures=[Procedure.ATTESTATION],
                address=_address(ctx.rng, top, place),
                phone=_phone(ctx.rng, rr),
            )


def _kk_genitive(name: str) -> str:
    """“Бұқар жырау ауданы” → “Бұқар жырау ауданының”; “Теміртау қаласы” → “…қаласының”."""
    return name + "ның" if name.endswith("ы") else name + "нің"


# --- organizations ---------------------------------------------------------------------------


class _Maker:
    """Turns descriptions into unsaved organizations with valid, unique BINs."""

    def __init__(self, ctx: DemoContext):
        self.ctx = ctx
        self.rng = ctx.rng
        self.bins: set[str] = set()
        self.numbers: dict[str, int] = {}
        self.rows: list[tuple[Organization, tuple[str, ...]]] = []

    def bin(self, *, branch=False, foreign=False) -> str:
        while True:
            yymm = f"{(95 + self.rng.randint(0, 29)) % 100:02d}{self.rng.randint(1, 12):02d}"
            kind = "6" if foreign else "4"
            digits = f"{yymm}{kind}{1 if branch else 0}{self.rng.randint(0, 99999):05d}"
            number = with_check_digit(digits)
            if number and number not in self.bins:
                self.bins.add(number)
                return number

    def number(self, place: Place) -> int:
        """The next school number in a locality: numbered with gaps, as real ones are."""
        current = self.numbers.get(place.kato) or self.rng.randint(1, 15)
        self.numbers[place.kato] = current + self.rng.randint(1, 6)
        return current

    def add(
        self,
        top: TopRegion,
        place: Place,
        *,
        short: tuple[str, str, str],
        legal_form: str,
        levels: tuple[str, ...],
        supervising_body: Authority,
        email_name: str,
        **extra,
    ) -> Organization:
        form_kk, form_ru, form_en = N.LEGAL_FORMS[legal_form]
        address = _address(self.rng, top, place)
        organization = Organization(
            bin=extra.pop("bin", None) or self.bin(),
            name_kk=f"«{_inner(short[0])}» {form_kk}",
            name_ru=f"{form_ru} «{_inner(short[1])}»",
            name_en=f"{form_en} “{_inner(short[2])}”",
            short_name_kk=short[0],
            short_name_ru=short[1],
            short_name_en=short[2],
            legal_form=legal_form,
            ownership=(
                Organization.Ownership.STATE
                if legal_form in ("gu", "gkp", "nao")
                else Organization.Ownership.PRIVATE
            ),
            supervising_body=supervising_body,
            region=self.ctx.regions[place.kato],
            address_kk=address[0],
            address_ru=address[1],
            address_en=address[2],
            head_name=_person(self.rng)[0],
            phone=_phone(self.rng, top.place.kato[:2]),
            email=f"{email_name}@example.org",
            **extra,
        )
        self.rows.append((organization, levels))
        return organization


def _organizations(ctx: DemoContext) -> None:
    maker = _Maker(ctx)
    for _round in range(ctx.scale):
        for top in TOP_REGIONS:
            _schools(ctx, maker, top)
            _kindergartens(ctx, maker, top)
            _special(ctx, maker, top)
            if _round == 0:
                _colleges(ctx, maker, top)
                _universities(ctx, maker, top)
            else:
                _colleges(ctx, maker, top, count=1)
    _save(ctx, maker.rows)
    _branches(ctx, maker)
    ctx.organizations = [o for o, _levels in maker.rows]
    ctx.organization_levels = {o.pk: set(levels) for o, levels in maker.rows}


def _save(ctx: DemoContext, rows) -> None:
    organizations = [o for o, _levels in rows]
    Organization.objects.bulk_create(organizations, batch_size=BATCH)
    through = Organization.levels.through
    links = [
        through(organization_id=o.pk, educationlevel_id=ctx.levels[code].pk)
        for o, codes in rows
        for code in codes
    ]
    through.objects.bulk_create(links, batch_size=BATCH * 2)


def _supervisor(ctx: DemoContext, top: TopRegion, place: Place) -> Authority:
    return (
        ctx.authorities.get(f"district:{place.kato}")
        or ctx.authorities[f"regional:{top.place.kato[:2]}"]
    )


def _slug(top: TopRegion, place: Place) -> str:
    return place.en.lower().replace(" district", "").replace(" ", "-").replace("'", "")


def _schools(ctx, maker, top, count=5) -> None:
    rng = ctx.rng
    for _i in range(count):
        place = rng.choice(top.all_localities)
        n = maker.number(place)
        roll = rng.random()
        if roll < 0.12:
            kk, ru, en = rng.choice(N.PRIVATE_SCHOOL_NAMES)
            short = (f"{kk} жеке мектебі", f"Частная школа «{ru}»", f"{en} Private School")
            legal, levels = "too", SCHOOL_LEVELS
        elif roll < 0.35:
            kk, ru, en = rng.choice(N.NAMESAKES)
            short = (f"{kk} атындағы № {n} гимназия", f"Гимназия № {n} имени {ru}",
                     f"Gymnasium No. {n} named after {en}")  # fmt: skip
            legal, levels = "gu", SCHOOL_LEVELS
        else:
            index = rng.choices(range(len(N.SCHOOL_KINDS)), weights=(6, 2, 2, 1))[0]
            kk, ru, en = (p.format(n=n) for p in N.SCHOOL_KINDS[index])
            short = (kk, ru, en)
            legal = "gu"
            levels = SCHOOL_LEVELS if index < 3 else SCHOOL_LEVELS[:2]
        maker.add(
            top,
            place,
            short=short,
            legal_form=legal,
            levels=levels,
            supervising_body=_supervisor(ctx, top, place),
            email_name=f"school{n}.{_slug(top, place)}",
        )


def _kindergartens(ctx, maker, top, count=3) -> None:
    rng = ctx.rng
    for i in range(count):
        place = rng.choice(top.all_localities)
        kk, ru, en = rng.choice(N.KINDERGARTEN_NAMES)
        if i == count - 1:  # one in three is private
            short = (f"«{kk}» балабақшасы", f"Детский сад «{ru}»", f"Kindergarten “{en}”")
            legal = "too"
        else:
            short = (
                f"«{kk}» бөбекжай-балабақшасы",
                f"Ясли-сад «{ru}»",
                f"Nursery-kindergarten “{en}”",
            )
            legal = "gkp"
        maker.add(
            top,
            place,
            short=short,
            legal_form=legal,
            levels=("preschool",),
            supervising_body=_supervisor(ctx, top, place),
            email_name=f"kg.{en.lower().replace(' ', '')}.{maker.number(place)}",
        )


def _special(ctx, maker, top, count=2) -> None:
    rng = ctx.rng
    centre = top.centre or rng.choice(top.localities)
    for kk, ru, en, levels in rng.sample(N.SPECIAL_KINDS, count):
        n = rng.randint(1, 9)
        military = "military" in levels
        maker.add(
            top,
            centre,
            short=(kk.format(n=n), ru.format(n=n), en.format(n=n)),
            legal_form="gu" if military else "gkp",
            levels=levels,
            supervising_body=(
                ctx.authorities["moe"] if military else _supervisor(ctx, top, centre)
            ),
            email_name=f"{levels[0]}{n}.{_slug(top, centre)}",
        )


def _colleges(ctx, maker, top, count=None) -> None:
    rng = ctx.rng
    centre = top.centre or top.localities[0]
    if count is None:
        count = 3 if top.centre is None else rng.choice((1, 2))
    for kk, ru, en, profile in rng.sample(N.COLLEGE_KINDS, count):
        levels = ("tvet", "post_secondary") if "Higher" in en else ("tvet",)
        private = rng.random() < 0.2
        maker.add(
            top,
            centre,
            short=(f"{top.attr_kk} {kk}", f"{top.adj_ru} {ru}", f"{top.attr_en} {en}"),
            legal_form="uch" if private else "gkp",
            levels=levels,
            supervising_body=(
                ctx.authorities["moh"]
                if profile == "medical"
                else ctx.authorities[f"regional:{top.place.kato[:2]}"]
            ),
            email_name=f"{profile}.college.{_slug(top, centre)}",
            website=f"https://{profile}-college-{_slug(top, centre)}.example.org",
        )


def _universities(ctx, maker, top) -> None:
    rng = ctx.rng
    centre = top.centre or top.localities[0]
    kinds = N.UNIVERSITY_KINDS[:1]
    if top.centre is None:  # the three big cities have several
        kinds = N.UNIVERSITY_KINDS[:1] + rng.sample(N.UNIVERSITY_KINDS[1:], 3)
    elif rng.random() < 0.3:
        kinds = kinds + [rng.choice(N.UNIVERSITY_KINDS[1:])]
    for kk, ru, en, profile in kinds:
        postgraduate = profile in ("general", "medical") or top.centre is None
        maker.add(
            top,
            centre,
            short=(f"{top.attr_kk} {kk}", f"{top.adj_ru} {ru}", f"{top.attr_en} {en}"),
            legal_form="uch" if profile == "private" else "nao",
            levels=("higher", "postgraduate") if postgraduate else ("higher",),
            supervising_body=ctx.authorities["moh" if profile == "medical" else "mshe"],
            email_name=f"{profile}.university.{_slug(top, centre)}",
            website=f"https://{profile}-university-{_slug(top, centre)}.example.org",
        )


def _branches(ctx: DemoContext, maker: _Maker) -> None:
    """A few universities have branches in other regions; two foreign universities have
    branches here (art. 1 of the Law on education: branches of foreign organizations)."""
    rng = ctx.rng
    universities = [o for o, lv in maker.rows if "higher" in lv and o.legal_form == "nao"]
    start = len(maker.rows)
    for parent in rng.sample(universities, min(3, len(universities))):
        top = rng.choice([t for t in TOP_REGIONS if t.centre is not None])
        town = top.centre
        maker.add(
            top,
            town,
            short=(
                f"{parent.short_name_kk}: {town.kk.removesuffix(' қаласы')} филиалы",
                f"{parent.short_name_ru}, филиал в г. {town.ru.removeprefix('город ')}",
                f"{parent.short_name_en}, {town.en} branch",
            ),
            legal_form=parent.legal_form,
            levels=("higher",),
            supervising_body=parent.supervising_body,
            email_name=f"branch.{_slug(top, town)}.{parent.bin[-4:]}",
            parent=parent,
            bin=maker.bin(branch=True),
        )
    foreign = [
        (
            TOP_REGIONS[0],
            (
                "М. В. Ломоносов атындағы Мәскеу мемлекеттік университетінің Қазақстандағы филиалы",
                "Казахстанский филиал Московского государственного университета имени "
                "М. В. Ломоносова",
                "Kazakhstan Branch of Lomonosov Moscow State University",
            ),
            "Московский государственный университет имени М. В. Ломоносова (Российская Федерация)",
        ),
        (
            TOP_REGIONS[1],
            (
                "Санкт-Петербург кәсіподақтар гуманитарлық университетінің Алматы филиалы",
                "Алматинский филиал Санкт-Петербургского гуманитарного университета профсоюзов",
                "Almaty Branch of the Saint Petersburg University of the Humanities and "
                "Social Sciences",
            ),
            "Санкт-Петербургский гуманитарный университет профсоюзов (Российская Федерация)",
        ),
    ]
    for top, short, parent_name in foreign:
        place = top.localities[0]
        maker.add(
            top,
            place,
            short=short,
            legal_form="uch",
            levels=("higher",),
            supervising_body=ctx.authorities["mshe"],
            email_name=f"foreign-branch.{_slug(top, place)}",
            foreign_parent_name=parent_name,
            bin=maker.bin(branch=True, foreign=True),
        )
    _save(ctx, maker.rows[start:])


# --- history ---------------------------------------------------------------------------------


def _history(ctx: DemoContext) -> None:
    """A few organizations carry history, written through the services like any change."""
    rng, today = ctx.rng, ctx.today
    schools = [
        o
        for o in ctx.organizations
        if o.short_name_ru.startswith("Общеобразовательная школа") and o.parent_id is None
    ]
    for school in rng.sample(schools, 3):
        kk, ru, en = rng.choice(N.NAMESAKES)
        number = school.short_name_ru.rsplit("№ ", 1)[1]
        short = (f"{kk} атындағы № {number} мектеп-гимназия",
                 f"Школа-гимназия № {number} имени {ru}",
                 f"School-Gymnasium No. {number} named after {en}")  # fmt: skip
        form_kk, form_ru, form_en = N.LEGAL_FORMS[school.legal_form]
        services.organization_rename(
            school,
            effective_date=today - datetime.timedelta(days=rng.randint(30, 400)),
            basis="Постановление акимата о переименовании",
            name_kk=f"«{_inner(short[0])}» {form_kk}",
            name_ru=f"{form_ru} «{_inner(short[1])}»",
            name_en=f"{form_en} “{_inner(short[2])}”",
            short_name_kk=short[0],
            short_name_ru=short[1],
            short_name_en=short[2],
        )
    colleges = [o for o in ctx.organizations if "tvet" in ctx.organization_levels[o.pk]]
    for college in rng.sample(colleges, 2):
        top = next(t for t in TOP_REGIONS if college.region.path.startswith(_path(t, ctx)))
        kk, ru, en = _address(rng, top, top.centre or top.localities[0])
        services.organization_change_address(
            college,
            effective_date=today - datetime.timedelta(days=rng.randint(10, 300)),
            basis="Переезд в новое здание",
            address_kk=kk,
            address_ru=ru,
            address_en=en,
        )
    # Two schools joined others in the same locality (reorganization by accession), and one
    # private kindergarten closed.
    by_place: dict[int, list[Organization]] = {}
    for school in schools:
        if school.status == Organization.Status.ACTIVE:
            by_place.setdefault(school.region_id, []).append(school)
    pairs = [group[:2] for group in by_place.values() if len(group) >= 2]
    for absorbed, successor in rng.sample(pairs, min(2, len(pairs))):
        services.organization_reorganize(
            absorbed,
            successor=successor,
            effective_date=today - datetime.timedelta(days=rng.randint(60, 500)),
            basis="Реорганизация путём присоединения (постановление акимата)",
        )
    private_kindergartens = [
        o for o in ctx.organizations if o.short_name_ru.startswith("Детский сад")
    ]
    services.organization_liquidate(
        rng.choice(private_kindergartens),
        effective_date=today - datetime.timedelta(days=rng.randint(30, 200)),
        basis="Решение участников о ликвидации",
    )


def _path(top: TopRegion, ctx: DemoContext) -> str:
    return ctx.regions[top.place.kato].path


# --- experts ---------------------------------------------------------------------------------

# What an expert covers: levels and the specialties drawn from them.
EXPERT_PROFILES = [
    (("preschool",), ()),
    (SCHOOL_LEVELS, ()),
    (("tvet",), ("tvet",)),
    (("tvet", "post_secondary"), ("tvet", "post_secondary")),
    (("higher",), ("higher",)),
    (("higher", "postgraduate"), ("higher", "postgraduate")),
    (("sports", "arts", "extracurricular"), ()),
]


def _experts(ctx: DemoContext) -> None:
    rng, today = ctx.rng, ctx.today
    iins: set[str] = set()
    by_level: dict[str, list[Specialty]] = {}
    for specialty in ctx.specialties.values():
        by_level.setdefault(specialty.level.code, []).append(specialty)
    tops = [ctx.regions[t.place.kato] for t in TOP_REGIONS]
    experts, competences = [], []
    for n in range(1, 45 * ctx.scale + 1):
        name, female, birth = _person(rng, with_birth=True)
        iin = _iin(rng, birth, female, iins)
        valid_from = today - datetime.timedelta(days=rng.randint(0, 5 * 365))
        if n % 12 == 0:  # a few certificates have run out: the draw must skip them
            valid_from -= datetime.timedelta(days=5 * 365)
        valid_until = _years_later(valid_from, 5) - datetime.timedelta(days=1)
        expert = Expert(
            full_name=name,
            iin=iin,
            certificate_number=f"KZ-EXP-{valid_from.year}-{n:06d}",
            certificate_valid_from=valid_from,
            certificate_valid_until=valid_until,
            region=rng.choice(tops),
        )
        levels, specialty_levels = rng.choice(EXPERT_PROFILES)
        pool = [s for code in specialty_levels for s in by_level.get(code, [])]
        specialties = rng.sample(pool, min(len(pool), rng.randint(1, 4))) if pool else []
        experts.append(expert)
        competences.append((levels, specialties))
    Expert.objects.bulk_create(experts, batch_size=BATCH)
    Expert.levels.through.objects.bulk_create(
        [
            Expert.levels.through(expert_id=e.pk, educationlevel_id=ctx.levels[code].pk)
            for e, (levels, _s) in zip(experts, competences, strict=True)
            for code in levels
        ],
        batch_size=BATCH * 2,
    )
    Expert.specialties.through.objects.bulk_create(
        [
            Expert.specialties.through(expert_id=e.pk, specialty_id=s.pk)
            for e, (_l, specialties) in zip(experts, competences, strict=True)
            for s in specialties
        ],
        batch_size=BATCH * 2,
    )
    # One expert in four works (or worked) at an organization: conflict-of-interest checks
    # must keep them away from it.
    organizations = [o for o in ctx.organizations if o.status == Organization.Status.ACTIVE]
    affiliations = []
    for expert in experts[::4]:
        started = today - datetime.timedelta(days=rng.randint(400, 4000))
        ended = started + datetime.timedelta(days=rng.randint(300, 2000))
        if rng.random() < 0.6:
            ended = None  # still works there
        affiliations.append(
            ExpertAffiliation(
                expert=expert,
                organization=rng.choice(organizations),
                position=rng.choice(N.POSITIONS),
                started_on=started,
                ended_on=ended if ended and ended < today else None,
            )
        )
    ExpertAffiliation.objects.bulk_create(affiliations, batch_size=BATCH)
    ctx.experts = experts


# --- people ----------------------------------------------------------------------------------


def _users(ctx: DemoContext) -> None:
    rng = ctx.rng
    department = ctx.authorities[f"regional:{DEMO_REGION}"]
    in_region = [
        o
        for o in ctx.organizations
        if o.status == Organization.Status.ACTIVE
        and o.region.path.startswith(ctx.regions[f"{DEMO_REGION}0000000"].path)
        and o.parent_id is None
    ]
    represented = [
        next(o for o in in_region if "tvet" in ctx.organization_levels[o.pk]),
        next(o for o in in_region if "general_secondary" in ctx.organization_levels[o.pk]),
    ]
    people = [
        (Role.APPLICANT, "applicant@example.com", "ru", "Representative of two organizations"),
        (Role.STAFF, "staff@example.com", "ru", str(department)),
        (Role.HEAD, "head@example.com", "kk", str(department)),
        (Role.COMMISSION_MEMBER, "commission@example.com", "ru", ""),
        (Role.COUNCIL_MEMBER, "council@example.com", "kk", ""),
        (Role.EXPERT, "expert@example.com", "ru", ""),
        (Role.ADMIN, "admin@example.com", "en", ""),
    ]
    iins: set[str] = set(Expert.objects.values_list("iin", flat=True))
    # One hash for everyone: hashing is slow on purpose, and the password is the same.
    password_hash = make_password(ctx.password)
    for role, email, language, note in people:
        name, female, birth = _person(rng, with_birth=True)
        user = User.objects.create(
            email=email,
            password=password_hash,
            full_name=name,
            iin=_iin(rng, birth, female, iins),
            language=language,
            phone=f"+7 (701) {rng.randint(100, 999)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}",
        )
        if role == Role.APPLICANT:
            for organization in represented:
                services.role_grant(user=user, role=role, organization=organization)
            note = "; ".join(f"{o.short_name_ru} ({o.bin})" for o in represented)
        elif role in (Role.STAFF, Role.HEAD):
            services.role_grant(user=user, role=role, authority=department)
        else:
            services.role_grant(user=user, role=role)
        if role == Role.EXPERT:
            expert = ctx.experts[0]
            expert.user = user
            expert.full_name = user.full_name
            expert.save(update_fields=["user", "full_name"])
            note = f"{expert.certificate_number}"
        credential = Credential(role=role.value, email=email, password=ctx.password, note=note)
        if user.needs_second_factor:
            credential.totp_secret, credential.backup_codes = _second_factor(user, role)
        ctx.users[str(role)] = user
        ctx.credentials.append(credential)


def _second_factor(user: User, role: str) -> tuple[str, tuple[str, ...]]:
    """A confirmed TOTP device with a fixed key, so the demo's log-in table stays valid, and
    the backup codes two_factor offers when the phone is not at hand."""
    key = f"demo-totp-{role}".encode().ljust(20, b"-")[:20]
    TOTPDevice.objects.create(user=user, name="default", key=key.hex(), confirmed=True)
    backup = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=backup, token=t) for t in BACKUP_CODES)
    return base64.b32encode(key).decode(), BACKUP_CODES


# --- small helpers ---------------------------------------------------------------------------


def _person(rng: random.Random, with_birth=False):
    female = rng.random() < 0.55  # most teachers and heads of schools are women
    surname = rng.choice(N.SURNAMES)[1 if female else 0]
    given = rng.choice(N.GIVEN_FEMALE if female else N.GIVEN_MALE)
    patronymic = rng.choice(N.PATRONYMICS)[1 if female else 0]
    name = f"{surname} {given} {patronymic}"
    birth = datetime.date(rng.randint(1962, 1995), rng.randint(1, 12), rng.randint(1, 28))
    return (name, female, birth) if with_birth else (name, female)


def _iin(rng: random.Random, birth: datetime.date, female: bool, taken: set[str]) -> str:
    # Seventh digit: century and sex (3 a man born in the 1900s, 4 a woman).
    century = (3 if birth.year < 2000 else 5) + (1 if female else 0)
    while True:
        number = with_check_digit(f"{birth:%y%m%d}{century}{rng.randint(0, 9999):04d}")
        if number and number not in taken:
            taken.add(number)
            return number


def _inner(name: str) -> str:
    """Quotes inside quotes: «Ясли-сад „Балапан“», “Nursery-kindergarten ‘Balapan’”."""
    return name.translate(str.maketrans({"«": "„", "»": "“", "“": "‘", "”": "’"}))


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _phone(rng: random.Random, rr: str) -> str:
    code = AREA_CODES[rr]
    local = "".join(str(rng.randint(0, 9)) for _ in range(10 - len(code)))
    local = str(rng.randint(2, 5)) + local[1:]
    return f"+7 ({code}) {local[:-4]}-{local[-4:-2]}-{local[-2:]}"


def _address(rng: random.Random, top: TopRegion, place: Place) -> tuple[str, str, str]:
    street_kk, street_ru, street_en = rng.choice(STREETS)
    house = rng.randint(1, 180)
    if place.kind == "town":
        town = (place.kk.replace(" қаласы", " қ."), "г. " + place.ru.removeprefix("город "),
                place.en)  # fmt: skip
    elif top.centre is None:  # a district of a city of republican significance
        town = (top.place.kk.replace(" қаласы", " қ."),
                "г. " + top.place.ru.removeprefix("город "), top.place.en)  # fmt: skip
    else:  # a rural district: its centre's streets stand for the villages
        town = (f"{top.place.kk}, {place.kk}", f"{top.place.ru}, {place.ru}",
                f"{place.en}, {top.place.en}")  # fmt: skip
    return (
        f"{town[0]}, {street_kk}, {house}",
        f"{town[1]}, {street_ru}, {house}",
        f"{house} {street_en}, {town[2]}",
    )
