"""How users ask: personas with their own tone, and several phrasings of each request (chosen by the task's seed)."""

from __future__ import annotations

from typing import Any

from simulacra._random import Sequential

__all__ = ["LANGUAGES", "PERSONAS", "fill", "humanize", "language", "phrase", "request", "say", "singular"]

# Per language: persona -> (opening, closing); request wraps; and the sentences of each task kind.
# Fields: {ask}, {col}, {value}, {subject}, {verb}, {key}, {name}, {thing}.
LANGUAGES: dict[str, dict[str, Any]] = {
    "en": {
        "personas": {
            "polite": ("Hello! ", " Thank you so much for your help."),
            "terse": ("", ""),
            "frustrated": ("This is the third time I'm writing about this. ", " Please just sort it out."),
            "formal": ("Good afternoon. I would like to make the following request. ", " Kind regards."),
            "hurried": ("Quick one: ", " Thanks."),
            "elderly": (
                "Hello dear, I'm not very good with computers, so bear with me. ",
                " Thank you, you are very kind.",
            ),
        },
        "wraps": (
            "Could you {ask}?",
            "I'd like you to {ask}.",
            "Please {ask}.",
            "I need you to {ask}.",
            "Can you {ask} for me?",
        ),
        "identity": ("My {name} is {value}. ", "(my {name}: {value}) ", "This is about my account, {name} {value}. "),
        "lookup": (
            "What is the {col} of {subject}?",
            "Can you tell me the {col} of {subject}?",
            "I need to know the {col} of {subject}.",
            "Look up {subject} and tell me its {col}.",
        ),
        "subject": "{thing} {key}",
        "subject_of": "the {parent} of {thing} {key}",
        "also": ("Also, ", "And while you're at it, ", "Then "),
        "missing": (
            "Please {verb} {key}.",
            "I want you to {verb} {key}.",
            "Can you {verb} {key}?",
            "I need to {verb} {key}, can you do it?",
        ),
        "conflict": (
            "Actually, scratch that: make the {col} {value} instead.",
            "Sorry, I got that wrong, the {col} should be {value}.",
            "Wait, no. My mistake: use {value} as the {col}.",
        ),
        "handoff": (
            "I want to make a formal complaint about {thing} {key}. Put me through to a person, please.",
            "I'd like to speak to a human about {thing} {key}, not a bot.",
            "Something is badly wrong with {thing} {key} and I need a supervisor to call me back.",
        ),
    },
    "de": {
        "personas": {
            "polite": ("Guten Tag! ", " Vielen Dank für Ihre Hilfe."),
            "terse": ("", ""),
            "frustrated": ("Ich schreibe jetzt schon zum dritten Mal. ", " Bitte kümmern Sie sich endlich darum."),
            "formal": ("Sehr geehrte Damen und Herren, ich habe folgendes Anliegen. ", " Mit freundlichen Grüßen."),
            "hurried": ("Kurz: ", " Danke."),
            "elderly": (
                "Hallo, ich kenne mich mit Computern nicht so aus, haben Sie bitte Geduld. ",
                " Danke, sehr freundlich.",
            ),
        },
        "wraps": (
            "Könnten Sie bitte: {ask}?",
            "Ich möchte Folgendes: {ask}.",
            "Bitte: {ask}.",
            "Ich brauche Folgendes: {ask}.",
        ),
        "identity": (
            "Meine {name} ist {value}. ",
            "(meine {name}: {value}) ",
            "Es geht um mein Konto, {name} {value}. ",
        ),
        "lookup": (
            "Was ist {col} von {subject}?",
            "Können Sie mir {col} von {subject} sagen?",
            "Ich muss {col} von {subject} wissen.",
            "Schauen Sie bitte {subject} nach und sagen Sie mir {col}.",
        ),
        "subject": "{thing} {key}",
        "subject_of": "{parent} zu {thing} {key}",
        "also": ("Außerdem: ", "Und dann noch: "),
        "missing": (
            "Bitte „{verb}“ für {key}.",
            "Ich brauche „{verb}“ für {key}.",
            "Können Sie „{verb}“ für {key} machen?",
        ),
        "conflict": (
            "Moment, ich habe mich vertan: {col} soll {value} sein.",
            "Nein, Korrektur: bitte {value} als {col}.",
        ),
        "handoff": (
            "Ich möchte mich über {thing} {key} beschweren. Verbinden Sie mich bitte mit einem Menschen.",
            "Ich möchte mit einer Person über {thing} {key} sprechen, nicht mit einem Bot.",
        ),
    },
    "fr": {
        "personas": {
            "polite": ("Bonjour ! ", " Merci beaucoup pour votre aide."),
            "terse": ("", ""),
            "frustrated": ("C'est la troisième fois que j'écris à ce sujet. ", " Réglez ça, s'il vous plaît."),
            "formal": ("Madame, Monsieur, je vous adresse la demande suivante. ", " Cordialement."),
            "hurried": ("Rapidement : ", " Merci."),
            "elderly": (
                "Bonjour, je ne suis pas très à l'aise avec l'informatique, soyez patient. ",
                " Merci, vous êtes bien aimable.",
            ),
        },
        "wraps": ("Pourriez-vous : {ask} ?", "Je voudrais ceci : {ask}.", "Merci de faire ceci : {ask}."),
        "identity": (
            "Mon {name} est {value}. ",
            "(mon {name} : {value}) ",
            "C'est au sujet de mon compte, {name} {value}. ",
        ),
        "lookup": (
            "Quel est le champ {col} de {subject} ?",
            "Pouvez-vous me dire le {col} de {subject} ?",
            "J'ai besoin du {col} de {subject}.",
        ),
        "subject": "{thing} {key}",
        "subject_of": "{parent} de {thing} {key}",
        "also": ("Aussi : ", "Et ensuite : "),
        "missing": ("Merci de faire « {verb} » pour {key}.", "Il me faut « {verb} » pour {key}."),
        "conflict": (
            "Pardon, je me suis trompé : {col} doit être {value}.",
            "Non, correction : mettez {value} comme {col}.",
        ),
        "handoff": (
            "Je veux porter réclamation au sujet de {thing} {key}. Passez-moi une personne, s'il vous plaît.",
            "Je voudrais parler à un humain au sujet de {thing} {key}, pas à un robot.",
        ),
    },
    "es": {
        "personas": {
            "polite": ("¡Hola! ", " Muchas gracias por su ayuda."),
            "terse": ("", ""),
            "frustrated": ("Es la tercera vez que escribo por esto. ", " Por favor, resuélvanlo ya."),
            "formal": ("Buenas tardes. Quisiera hacer la siguiente solicitud. ", " Atentamente."),
            "hurried": ("Rápido: ", " Gracias."),
            "elderly": ("Hola, no se me dan bien los ordenadores, tenga paciencia. ", " Gracias, es usted muy amable."),
        },
        "wraps": ("¿Podría hacer esto: {ask}?", "Quisiera esto: {ask}.", "Por favor: {ask}."),
        "identity": ("Mi {name} es {value}. ", "(mi {name}: {value}) ", "Es sobre mi cuenta, {name} {value}. "),
        "lookup": (
            "¿Cuál es el {col} de {subject}?",
            "¿Me puede decir el {col} de {subject}?",
            "Necesito saber el {col} de {subject}.",
        ),
        "subject": "{thing} {key}",
        "subject_of": "el {parent} de {thing} {key}",
        "also": ("Además: ", "Y luego: "),
        "missing": ("Por favor, «{verb}» para {key}.", "Necesito «{verb}» para {key}."),
        "conflict": ("Perdón, me equivoqué: {col} debe ser {value}.", "No, corrijo: use {value} como {col}."),
        "handoff": (
            "Quiero poner una queja sobre {thing} {key}. Páseme con una persona, por favor.",
            "Quiero hablar con un humano sobre {thing} {key}, no con un bot.",
        ),
    },
}
PERSONAS = LANGUAGES["en"]["personas"]


def language(locale: str) -> str:
    """The language tasks are written in: the spec locale's, when its phrases exist, else English."""
    lang = locale.split("_", 1)[0].lower()
    return lang if lang in LANGUAGES else "en"


def say(rng: Sequential, lang: str, kind: str, **fields: Any) -> str:
    """One of a language's phrasings of a sentence kind, filled in."""
    options = LANGUAGES[lang][kind]
    return (options if isinstance(options, str) else rng.choice(options)).format(**fields)


def humanize(name: str) -> str:
    return name.replace("_", " ")


def singular(table: str) -> str:
    """A table's name for one of its rows, in words: orders -> order, addresses -> address, categories -> category."""
    words = humanize(table)
    if words.endswith(("sses", "xes", "ches")):
        return words[:-2]
    if words.endswith("ies"):
        return words[:-3] + "y"
    if words.endswith("s") and not words.endswith("ss"):
        return words[:-1]
    return words


def request(rng: Sequential, ask: str, lang: str = "en") -> str:
    return say(rng, lang, "wraps", ask=ask)


def phrase(rng: Sequential, body: str, persona: str | None = None, lang: str = "en") -> tuple[str, str]:
    """(persona, instruction): the body wrapped in a persona's opening and closing."""
    personas = LANGUAGES[lang]["personas"]
    persona = persona or rng.choice(sorted(personas))
    opening, closing = personas[persona]
    return persona, f"{opening}{body}{closing}".strip()


def fill(template: str, values: dict[str, Any]) -> str:
    """A template's {field}s filled from values (unknown fields are left as written)."""

    class _Keep(dict[str, Any]):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    return template.format_map(_Keep({k: ("" if v is None else v) for k, v in values.items()}))
