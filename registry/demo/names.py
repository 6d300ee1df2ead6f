"""Words the demo builds names from: people, legal forms, institutions, authorities."""

# Surnames as (male, female); given names and patronymics by sex. Kazakh and Russian names as
# people in Kazakhstan write them in documents (Cyrillic, the same in every language).
SURNAMES = [
    ("Ахметов", "Ахметова"),
    ("Сейтказиев", "Сейтказиева"),
    ("Жумабаев", "Жумабаева"),
    ("Нурланов", "Нурланова"),
    ("Касымов", "Касымова"),
    ("Абдрахманов", "Абдрахманова"),
    ("Искаков", "Искакова"),
    ("Тлеубердиев", "Тлеубердиева"),
    ("Оспанов", "Оспанова"),
    ("Бекмуханов", "Бекмуханова"),
    ("Сарсенбаев", "Сарсенбаева"),
    ("Есенов", "Есенова"),
    ("Кенжебеков", "Кенжебекова"),
    ("Мухамеджанов", "Мухамеджанова"),
    ("Байжанов", "Байжанова"),
    ("Смагулов", "Смагулова"),
    ("Иванов", "Иванова"),
    ("Петренко", "Петренко"),
    ("Ковалёв", "Ковалёва"),
    ("Ким", "Ким"),
    ("Шевченко", "Шевченко"),
    ("Попов", "Попова"),
    ("Юсупов", "Юсупова"),
    ("Мамедов", "Мамедова"),
]
GIVEN_MALE = [
    "Ерлан", "Нурлан", "Асхат", "Данияр", "Марат", "Бауыржан", "Серик", "Айдос", "Ержан",
    "Тимур", "Руслан", "Арман", "Канат", "Дмитрий", "Сергей", "Алексей", "Виктор",
]  # fmt: skip
GIVEN_FEMALE = [
    "Гульнара", "Айгерим", "Салтанат", "Динара", "Жанар", "Асель", "Мадина", "Алия",
    "Гаухар", "Сауле", "Айжан", "Зарина", "Елена", "Ольга", "Наталья", "Татьяна", "Ирина",
]  # fmt: skip
# Fathers' names, as (male patronymic, female patronymic).
PATRONYMICS = [
    ("Серикович", "Сериковна"),
    ("Нурланович", "Нурлановна"),
    ("Бахытжанович", "Бахытжановна"),
    ("Ермекович", "Ермековна"),
    ("Маратович", "Маратовна"),
    ("Каиргельдинович", "Каиргельдиновна"),
    ("Аскарович", "Аскаровна"),
    ("Викторович", "Викторовна"),
    ("Александрович", "Александровна"),
    ("Сергеевич", "Сергеевна"),
]

# Legal forms (Organization.LegalForm values) in full, in kk / ru / en. Kazakh puts the form
# after the quoted name; Russian and English before it.
LEGAL_FORMS = {
    "gu": (
        "коммуналдық мемлекеттік мекемесі",
        "Коммунальное государственное учреждение",
        "Municipal state institution",
    ),
    "gkp": (
        "мемлекеттік коммуналдық қазыналық кәсіпорны",
        "Государственное коммунальное казённое предприятие",
        "State municipal enterprise",
    ),
    "nao": (
        "коммерциялық емес акционерлік қоғамы",
        "Некоммерческое акционерное общество",
        "Non-profit joint-stock company",
    ),
    "ao": ("акционерлік қоғамы", "Акционерное общество", "Joint-stock company"),
    "too": (
        "жауапкершілігі шектеулі серіктестігі",
        "Товарищество с ограниченной ответственностью",
        "Limited liability partnership",
    ),
    "uch": ("жеке мекемесі", "Частное учреждение", "Private institution"),
    "oo": ("қоғамдық бірлестігі", "Общественное объединение", "Public association"),
}

# People schools are named after: genitive for Russian, nominative for Kazakh and English.
NAMESAKES = [
    ("Абай", "Абая", "Abai"),
    ("Мұхтар Әуезов", "Мухтара Ауэзова", "Mukhtar Auezov"),
    ("Ыбырай Алтынсарин", "Ыбырая Алтынсарина", "Ybyrai Altynsarin"),
    ("Шоқан Уәлиханов", "Шокана Уалиханова", "Shokan Ualikhanov"),
    ("Мағжан Жұмабаев", "Магжана Жумабаева", "Magzhan Zhumabayev"),
    ("Сәкен Сейфуллин", "Сакена Сейфуллина", "Saken Seifullin"),
    ("Ахмет Байтұрсынұлы", "Ахмета Байтурсынова", "Akhmet Baitursynuly"),
    ("Жамбыл Жабаев", "Жамбыла Жабаева", "Zhambyl Zhabayev"),
    ("Әлия Молдағұлова", "Алии Молдагуловой", "Aliya Moldagulova"),
    ("Абылай хан", "Абылай хана", "Abylai Khan"),
]

# Kindergarten names (kk / ru / en transliteration).
KINDERGARTEN_NAMES = [
    ("Балапан", "Балапан", "Balapan"),
    ("Айгөлек", "Айголек", "Aigolek"),
    ("Күншуақ", "Куншуак", "Kunshuak"),
    ("Ақбота", "Акбота", "Akbota"),
    ("Шаттық", "Шаттык", "Shattyk"),
    ("Бәйтерек", "Байтерек", "Baiterek"),
    ("Қарлығаш", "Карлыгаш", "Karlygash"),
    ("Еркетай", "Еркетай", "Erketai"),
    ("Болашақ", "Болашак", "Bolashak"),
    ("Алтын бесік", "Алтын бесик", "Altyn Besik"),
    ("Балдырған", "Балдырган", "Baldyrgan"),
    ("Жұлдыз", "Жулдыз", "Zhuldyz"),
    ("Құлыншақ", "Кулыншак", "Kulynshak"),
    ("Айналайын", "Айналайын", "Ainalaiyn"),
]
PRIVATE_SCHOOL_NAMES = [
    ("Зерде", "Зерде", "Zerde"),
    ("Дарын", "Дарын", "Daryn"),
    ("Білім-Инновация", "Билим-Инновация", "Bilim-Innovation"),
    ("Өркен", "Оркен", "Orken"),
    ("Мирас", "Мирас", "Miras"),
    ("Интеллект", "Интеллект", "Intellect"),
]

# Schools: (kk, ru, en) patterns with {n} for the number.
SCHOOL_KINDS = [
    ("№ {n} жалпы білім беретін мектеп", "Общеобразовательная школа № {n}",
     "Secondary School No. {n}"),
    ("№ {n} мектеп-гимназия", "Школа-гимназия № {n}", "School-Gymnasium No. {n}"),
    ("№ {n} мектеп-лицей", "Школа-лицей № {n}", "School-Lyceum No. {n}"),
    ("№ {n} негізгі орта мектеп", "Основная средняя школа № {n}",
     "Basic Secondary School No. {n}"),
]  # fmt: skip

# Colleges named after the regional centre: (kk suffix, ru suffix, en suffix, profile).
# The profile picks the specialties and the supervising body.
COLLEGE_KINDS = [
    ("политехникалық колледжі", "политехнический колледж", "Polytechnic College", "technical"),
    ("жоғары медициналық колледжі", "высший медицинский колледж", "Higher Medical College",
     "medical"),
    ("гуманитарлық колледжі", "гуманитарный колледж", "Humanities College", "pedagogical"),
    ("өнер колледжі", "колледж искусств", "College of Arts", "arts"),
    ("аграрлық-техникалық колледжі", "аграрно-технический колледж",
     "Agrarian and Technical College", "agrarian"),
    ("сервис және тамақтану колледжі", "колледж сервиса и питания",
     "College of Service and Catering", "service"),
    ("құрылыс-техникалық колледжі", "строительно-технический колледж",
     "Construction and Technical College", "construction"),
    ("жоғары педагогикалық колледжі", "высший педагогический колледж",
     "Higher Pedagogical College", "pedagogical"),
]  # fmt: skip

UNIVERSITY_KINDS = [
    ("мемлекеттік университеті", "государственный университет", "State University",
     "general"),
    ("медицина университеті", "медицинский университет", "Medical University", "medical"),
    ("техникалық университеті", "технический университет", "Technical University",
     "technical"),
    ("педагогикалық университеті", "педагогический университет", "Pedagogical University",
     "pedagogical"),
    ("инновациялық университеті", "инновационный университет", "Innovative University",
     "private"),
]  # fmt: skip

# Extracurricular and special organizations: (kk, ru, en, level codes).
SPECIAL_KINDS = [
    ("№ {n} балалар-жасөспірімдер спорт мектебі", "Детско-юношеская спортивная школа № {n}",
     "Children and Youth Sports School No. {n}", ("sports",)),
    ("№ {n} балалар музыка мектебі", "Детская музыкальная школа № {n}",
     "Children's Music School No. {n}", ("arts",)),
    ("№ {n} балалар көркемсурет мектебі", "Детская художественная школа № {n}",
     "Children's Art School No. {n}", ("arts",)),
    ("№ {n} психологиялық-медициналық-педагогикалық консультация",
     "Психолого-медико-педагогическая консультация № {n}",
     "Psychological, Medical and Pedagogical Consultation No. {n}", ("pmp",)),
    ("№ {n} оқушылар шығармашылығы орталығы", "Центр детского творчества № {n}",
     "Children's Creativity Centre No. {n}", ("extracurricular",)),
    ("№ {n} кадет корпусы", "Кадетский корпус № {n}", "Cadet Corps No. {n}",
     ("military", "basic_secondary", "general_secondary")),
]  # fmt: skip

POSITIONS = [
    "преподаватель",
    "заместитель директора по учебной работе",
    "заведующий кафедрой",
    "методист",
    "доцент",
    "профессор",
]
