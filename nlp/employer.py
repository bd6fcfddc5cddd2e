"""The hiring organisation an ad names: the page's employer field, else the text.

``employer(text, given)`` returns the page's ``employer`` (JSON-LD
``hiringOrganization``, a board's company field) unless it is a placeholder
("NA", "N/A", "Confidencial": ``is_placeholder``), else a name found in the
text: a legal suffix ("Distribuidora Andina S.A.S.", "Brightpeak Inc."), an
organisation word ("Hotel Mirador"), "empresa X", "X, una empresa de ...",
"X is hiring / busca", a sentence presenting the company ("A Veridiana é uma
consultoria", "Netflix is one of the world's leading"), "En X buscamos",
"At X, we", "Join X!". Places, greetings and generic words ("Agencia
Internacional") are not names. Works on the original text: names are
recognised by their capital letters.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from nlp.normalize import strip_accents

# The look-behind starts a name only where a word starts: tried inside a long run of digits or
# letters, every start position backtracked over the whole run (quadratic: 20,000 digits took
# minutes; tests/fuzz/test_fuzz_scorer.py). Same matches on the 2,223 labelled and real texts.
_LEGAL = re.compile(
    r"(?<![\w&'’.-])((?:[A-ZÁÉÍÓÚÑÂÊÔÃÕÇ0-9&][\w&'’.-]*\s+){0,5}[A-ZÁÉÍÓÚÑÂÊÔÃÕÇ0-9][\w&'’-]*),?\s+"
    r"(S\.\s?A\.\s?S\.?|SAS\b|C[ií]a\.?\s?Ltda\.?|S/A\b|SpA\b|Sociedad An[oó]nima|SOCIEDAD AN[OÓ]NIMA|S\.\s?A\.\s?U\.|LLP\b|B\.\s?V\.|N\.\s?V\.|S\.\s?A\.\s?de\s?C\.\s?V\.?|S\.\s?de\s?R\.\s?L\.(?:\s?de\s?C\.\s?V\.)?|Ltda\.?|LTDA\b|S\.\s?A\.?|"
    r"C\.\s?A\.|Inc\.?|LLC\b|Ltd\.?|S\.\s?L\.(?:U\.)?|Lda\.?|EIRELI\b|GmbH\b|Corp\.?|S\.\s?R\.\s?L\.|S\.\s?A\.\s?C\.|E\.\s?I\.\s?R\.\s?L\.|ME\b|PLC\b)"
)
_ORG_WORDS = (r"Hotel(?:es|s)?|Resorts?|Restaurante|Restaurant|Colegio|School|Universi\w+|Group|Grupo|Holdings?|Holidays|"
              r"Models|BPO|Cl[ií]nica|Hospital|Cooperativa|Finca|Fazenda|Farms?|Poller[ií]a|Supermercados?|Tiendas?|Lojas?|"
              r"Agencia|Ag[eê]ncia|Consultores|Consulting|Logistics|Log[ií]stica|Services|Servicios|Transportes?|Foundation|"
              r"Fundaci[oó]n|Funda[cç][aã]o|Industries|Industrias|Distribuidora|Constructora|Construtora|Academy|Academia|"
              r"Instituto|Institute|Company|Compa[ñn][ií]a|Cafeter[ií]a|Panader[ií]a|Padaria|Bakery|Café|Bar|Club|Studio|Estudio|"
              r"Talent|Talento|Staffing|Recruitment|Council|Delivery|Landscape|Lodge|Trust|Partners|Ministerio|Secretar[ií]a|"
              r"Alcald[ií]a|Prefeitura|Gobierno|Department|Agency|Sal[oó]n|Taller|Farmacia|Taquer[ií]a|Est[eé]tica|Lavander[ií]a|"
              r"Peluquer[ií]a|Barber[ií]a|Ferreter[ií]a|Droguer[ií]a|Pizzer[ií]a|Pub|Inn|Diner|Importadora|Comercializadora|"
              r"Oficina|Escuela|Escola|Servicio Nacional|Cruises|Airlines?|Bank|Banco|Seguridad|Security|Care|Salud|Sa[uú]de|Solutions|Health")
_NAME_TOKEN = r"[A-ZÁÉÍÓÚÑÂÊÔÃÕÇ\"“][\w&'’\"”-]*"
_CONNECT = r"(?:y|de|del|la|las|los|el|da|do|das|dos|e|&|of|the|and)"
_ORG = re.compile(
    r"\b((?:" + _NAME_TOKEN + r" +){0,4}(?:" + _ORG_WORDS + r")(?: +(?:" + _CONNECT + r" +)?" + _NAME_TOKEN + r"){0,5})"
)
# "The Fox & Lantern is hiring", "Swiftlane Delivery (the grocery app) needs".
_HIRING = re.compile(
    r"((?:" + _NAME_TOKEN + r" +(?:" + _CONNECT + r" +)?){0,4}" + _NAME_TOKEN + r")[ \t]*(?:\([^)]{0,60}\)[ \t]*)?,?[ \t]+"
    r"(?:is hiring|is recruiting|is offering|is looking|is opening|needs|busca|está buscando|esta buscando|contrata|solicita|requiere|"
    r"necesita|selecciona|seleciona|procura|recruta|está contratando|tá chamando|hires|está a recrutar|está a contratar)\b"
)
_NAMED = re.compile(r"\b(?:empresa|compa[ñn][ií]a|company|agencia|ag[eê]ncia|firma|marca|brand|grupo|cliente|client)\s+((?:[A-ZÁÉÍÓÚÑ][\w&'’-]+\s?){1,4})")
_APPOS = re.compile(r"(?:^|[\n.:!] *)((?:[A-ZÁÉÍÓÚÑ][\w&'’-]+\s?){1,4}),\s+(?:una?\s|an?\s|uma?\s)?(?:empresa|cooperativa|compa[ñn][ií]a|company|agencia|ag[eê]ncia|colegio|firm|fundaci[oó]n|organizaci[oó]n|operador|operadora|cadena|grupo|consultora|hospital|cl[ií]nica)\b")
_PLACES: set[str] = set()


def _places() -> set[str]:
    """Folded place names of the gazetteer: a place is not an employer."""
    if not _PLACES:
        data = json.loads((Path(__file__).parent / "patterns" / "places.json").read_text(encoding="utf-8"))
        for code, names in data["countries"].items():
            _PLACES.update(names)
        for city, info in data["cities"].items():
            _PLACES.update(info["names"] + [strip_accents(city)])
        _PLACES.update(data.get("regions", []))
    return _PLACES


_HEADINGS = {"Requisitos", "Requirements", "Funciones", "Ofrecemos", "Perfil", "Beneficios", "Salario", "Sueldo", "Condiciones",
             "Benefícios", "Requisitos:", "Zona", "Centro", "Sede", "Interesados", "Interesadas", "Importante", "Trabajo", "Trabalho"}
_STOP_START = {"El", "La", "Los", "Las", "Our", "The", "Nuestra", "Nuestro", "Una", "Un", "A", "O", "Em", "En", "Somos", "Se", "Hola",
               "Buenas", "Empresa", "Importante", "We", "Hi", "Familia", "Family", "Oferta", "Vaga", "Vagas", "Urgente", "URGENTE",
               "Mi", "My", "Me", "Le", "Te", "Tu", "Su", "Si", "Y", "E", "Quem", "Who", "Ya", "Hoy", "Today", "Now", "Hiring",
               "Estudio", "Studio", "Agencia", "Agência", "Agency", "Club", "Hotel", "Bar", "Gente", "Chicas", "Operador", "Minera"}


# Values that job-board exports and scrapers put in an empty company field: not a name.
PLACEHOLDER_EMPLOYERS = {"na", "n/a", "n.a.", "n.a", "none", "null", "nan", "nil", "-", "--", "?", "web", "unknown", "confidential",
                         "confidencial", "empresa confidencial", "confidencial empresa", "company confidential", "anonymous",
                         "anonimo", "anonima", "private", "privado", "undisclosed", "not specified", "no especificado",
                         "nao informado", "nao divulgado", "sigilosa", "empresa sigilosa", "not available", "no disponible"}
_WORD_NAME = r"((?:" + _NAME_TOKEN + r" +(?:" + _CONNECT + r" +)?){0,4}" + _NAME_TOKEN + r")"
# "A Capco é uma consultoria global", "Netflix is one of the world's leading", "WeFIV surge de":
# a sentence that presents the company by name.
_COMPANY_NOUN = (r"(?:empresa|compa\w+|firm|firma|consultor\w*|consultancy|multinacional|multinational|organi[sz]a\w+|start-?up|"
                 r"\w*tech|l[ií]der|leader|leading|refer[eê]ncia|grupo|group|ag[eê]ncia|agency|provider|proveedor|fornecedor|fabricante|"
                 r"manufacturer|marca|brand|rede|red|network|banco|bank|universi\w+|hospital|cl[ií]nica|clinic|institu\w+|cooperativa|"
                 r"funda\w+|foundation|ONG|non-?profit|one of|uma das|una de|uno de|um dos|global|research|escrit[oó]rio|estudio|despacho)")
_PRESENTS = re.compile(
    r"(?:^|[\n.!?:;/] *|, (?:a|o|la|el) +|\b(?:A|O|La|El|The|Sobre a|Sobre o|About|Acerca de) +)" + _WORD_NAME +
    r"[®™]?(?: *\([^)]{0,40}\))?\s*,?\s+(?:(?:[ée]|es|is|are|sendo) +(?:uma?|una?|an?|the|la|el|o|a)? *(?:[\w-]+ +){0,2}" + _COMPANY_NOUN +
    r"|fundad[ao]|founded|nasceu|naci[óo]|surgi[óo]|surge|est[áa] presente|has been|atua|act[úu]a|opera|delivers|provides|"
    r"is on a mission|is committed|is an? (?:equal|eoe|affirmative)|is looking|is seeking|est[áa] (?:em busca|buscando|en b[úu]squeda|"
    r"procurando|assessorando|contratando)|seleciona|selecciona|incorpora|incorporar[áa]|se dedica|cuenta con|conta com|offers|"
    r"ofrece|oferece)\b")
# "En Tecnored buscamos", "At Netflix, we", "Aqui na Shô, acreditamos", "Venha fazer parte da Embraer!"
_AT_NAME = re.compile(r"\b(?:At|En|Na|No|Em|Aqui na|Aqui no) +" + _WORD_NAME + r"\s*,?\s+(?:we|nosotros|n[óo]s|buscamos|estamos|"
                      r"procuramos|acreditamos|creemos|queremos|tenemos|temos|contratamos|seleccionamos|selecionamos)\b")
# A section headed by the company's name: "About Veho", "Sobre a Shô", "Conoce a Tecnored".
_ABOUT = re.compile(r"\b(?:About|Sobre a|Sobre o|Sobre la|Sobre el|Acerca de|Conoce a|Conheça a) +" + _WORD_NAME)
_JOIN = re.compile(r"\b(?:Join|[ÚU]nete a|S[úu]mate a|fazer parte d[ao]|Fa[çc]a parte d[ao]|Venha para a|Venha para o) +" + _WORD_NAME +
                   r" *(?:[!.,;]|$| and | e | y )")
# Words that do not identify anyone on their own ("Agencia Internacional", "Global Team").
_GENERIC = {"internacional", "international", "global", "nacional", "national", "empresa", "company", "agencia", "agency", "grupo",
            "group", "team", "equipo", "equipe", "time", "reclutamiento", "recruitment", "seleccion", "rrhh", "hr", "talento", "talent",
            "recursos", "humanos", "human", "resources", "consultora", "consultoria", "home", "casa", "remote", "remoto", "online",
            "digital", "marketing", "promotion", "promocion", "ventas", "sales", "trabajo", "work", "jobs", "empleo", "vagas", "vip",
            # a recruiter's "our client" hides the employer; headings name no one
            "our", "nuestro", "nuestra", "nosso", "nossa", "client", "clients", "cliente", "clientes", "us", "nosotros", "nos", "role",
            "job", "position", "you", "the", "vaga", "cargo", "puesto", "oportunidad", "opportunity", "oportunidade"}
_ARTICLES = {"Hello", "Hi", "Hey", "Dear", "Hola", "Holaa", "Olá", "Ola", "Oi", "Buenas", "Estimado", "Estimada", "Querido", "Querida",
             "Can", "What", "Who", "Where", "How", "Why", "When", "Qué", "Que", "Quem", "A", "O", "La", "El", "The", "Los", "Las", "Os", "As", "Sobre", "About", "At", "En", "Na", "No", "Em", "Aqui", "Join",
             "Este", "Esta", "Esse", "Essa", "This", "It", "Ele", "Ela", "Our", "Nuestra", "Nuestro", "Nossa", "Nosso", "Cada", "Each",
             "Você", "You", "Usted", "Tú", "Your", "Su", "Sua", "Seu", "Tu", "Para", "For", "Como", "As", "Descripción", "Descrição",
             "Description", "Responsabilidades", "Requisitos", "Role", "Team", "Job", "Position", "Vaga", "Cargo", "Puesto"}


def _fold_word(word: str) -> str:
    return strip_accents(word).strip("\"“”'’.,")


def is_placeholder(name: str) -> bool:
    """True for an empty company field as exports write it ("NA", "N/A", "Confidencial")."""
    return strip_accents(name.strip()).strip(" .") in PLACEHOLDER_EMPLOYERS or len(name.strip()) < 2


def _described(text: str) -> str | None:
    """A name the ad presents as its company ("A Capco é uma consultoria", "En Tecnored buscamos")."""
    for m in (*_PRESENTS.finditer(text), *_AT_NAME.finditer(text), *_JOIN.finditer(text), *_ABOUT.finditer(text)):
        words = m.group(1).split()
        while words and (words[0] in _ARTICLES or words[0] in _STOP_START or re.fullmatch(_CONNECT, words[0])):
            words = words[1:]
        if not words or words[0] in _HEADINGS or all(_fold_word(w) in _GENERIC for w in words):
            continue
        if all(strip_accents(w) in _places() for w in words if not re.fullmatch(_CONNECT, w)):
            continue  # "En Quito buscamos": a place
        if len(words) >= 2 or len(words[0]) >= 3:
            return " ".join(words)
    return None


def employer(text: str, given: str | None = None) -> str | None:
    """The hiring organisation when the ad names it (input ``employer`` field first)."""
    if given and given.strip() and not is_placeholder(given):
        return given.strip()
    m = _LEGAL.search(text)
    if m:
        return (m.group(1) + " " + m.group(2)).strip()
    for rx in (_APPOS, _NAMED, _ORG, _HIRING):
        for m in rx.finditer(text):
            name = m.group(1).strip()
            words = name.split()
            while words and (words[0] in _STOP_START or re.fullmatch(_CONNECT, words[0])):
                words = words[1:]
            while words and re.fullmatch(_CONNECT, words[-1]):
                words = words[:-1]
            # A lone generic word ("Hotel", "Agencia") does not identify anyone.
            if not words or words[0] in _HEADINGS or all(_fold_word(w) in _GENERIC for w in words):
                continue
            if rx is _HIRING and re.search(r"\b(?:en|in|em|de|desde|na|no|at|from|del|para|to|do|da|near|cerca)\s+$", text[max(0, m.start(1) - 8):m.start(1)], re.I):
                continue  # "Estudio en Laureles busca": a place, not a name
            folded = strip_accents(" ".join(words))
            if folded in _places() or all(strip_accents(w) in _places() for w in words if not re.fullmatch(_CONNECT, w)):
                continue
            if len(words) >= 2 or (len(words[0]) > 3 and not re.fullmatch(_ORG_WORDS, words[0], re.I)):
                return " ".join(words)
    return _described(text)
