"""Ground-truth PDFs of kinds :mod:`pdfgen` does not make (test helpers).

Texts in English, French, German and Spanish written for these tests, with
headings of two levels (some long enough to wrap), footnotes, italics and
bold, runs of block quotations (some opening with a quotation mark), verse
and a bulleted list, rendered

* by LibreOffice from a flat ODT (``.fodt``) written here: page-foot
  footnotes under a rule, a running header (the title) and a footer with
  the page number, on A5;
* by WeasyPrint in a Tufte-style layout: a narrow text column, the notes
  set as sidenotes in the outer margin (``float: right`` with a negative
  right margin) beside their calls, a running head and a folio.

:func:`score` measures the six bars of issue 18 against the truth; quotes
are compared paragraph by paragraph (a run of quotations set one under
the other may be read as one quotation of several paragraphs).
"""

from __future__ import annotations

import html
import random
import re
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pamphleteer.model import (BlockQuote, BulletList, Emph, Heading,
                               NoteRef, OrderedList, Paragraph, Strong,
                               block_text, inline_text, walk_blocks,
                               walk_inlines)
from pamphleteer.text import words

from pdfgen import _f1, _norm  # the same scores as pdfgen's

TEXTS: dict[str, dict] = {
    "en": dict(
        title="Notes on the Common Kitchen",
        author="Mara Linden",
        heads=["The Kitchen Opens", "Who Cooks and Who Decides",
               "A Long Quarrel over the Price of Flour and the Keeping of the Accounts",
               "What Remains"],
        subs=["The first winter", "Rules nobody wrote down",
              "The ledger, the committee and the question of trust in a small neighbourhood"],
        sents=[
            "The kitchen opened in a disused schoolroom at the end of the street.",
            "Nobody remembers who first suggested it, and nobody claimed the credit.",
            "Every family brought what it could spare, and some brought nothing at all.",
            "The cooks changed every week, by a rota pinned to the door.",
            "There were arguments about salt, about onions, about the size of the portions.",
            "Most of them were settled over the washing up, which took longer than the cooking.",
            "The accounts were kept in a school exercise book with a torn cover.",
            "Anyone could read them, and a surprising number of people did.",
            "When the landlord raised the rent, the kitchen paid it from a collection.",
            "Children ate first, then the old, then whoever was left standing.",
            "A visiting official called the arrangement irregular and asked to see a licence.",
            "He was given soup instead, and he did not come back.",
            "The second winter was harder than the first, and the queue reached the corner.",
            "Still, the doors opened at noon every day for three years.",
        ],
        notes=["The rota survives in a private collection.",
               "Compare the account given in the *Neighbourhood Gazette* of that spring.",
               "This figure is an estimate; the exercise book is damaged at this point.",
               "Interview with a former cook, recorded many years later.",
               "The official's report was never published."],
        quotes=["\u201cWe cooked for whoever came, and whoever came cooked the next day.\u201d",
                "The kitchen had no owner and no manager, only a door that opened at noon and closed when the pots were empty.",
                "\u201cIt was the best food I ate that year, and I paid nothing for it but an afternoon of peeling.\u201d"],
        verse=["The pot is wide, the fire is low,", "The bread is cut in ten,",
               "And those who came an hour ago", "Will come tomorrow again."],
        items=["bring a bowl and a spoon", "wash what you use", "leave the door as you found it"],
        emph=["in common", "not", "ad hoc", "mutual aid"],
        bold=["everyone", "noon"],
    ),
    "fr": dict(
        title="La cuisine commune du faubourg",
        author="Jeanne Ferrand",
        heads=["L\u2019ouverture", "Qui cuisine et qui d\u00e9cide",
               "Une longue querelle sur le prix de la farine et la tenue des comptes",
               "Ce qui reste"],
        subs=["Le premier hiver", "Des r\u00e8gles que personne n\u2019a \u00e9crites",
              "Le registre, le comit\u00e9 et la question de la confiance dans un petit quartier"],
        sents=[
            "La cuisine ouvrit dans une ancienne salle de classe au bout de la rue.",
            "Personne ne se souvient de qui en eut l\u2019id\u00e9e, et personne n\u2019en r\u00e9clama le m\u00e9rite.",
            "Chaque famille apportait ce qu\u2019elle pouvait, et certaines n\u2019apportaient rien du tout.",
            "Les cuisiniers changeaient chaque semaine, selon un tableau affich\u00e9 sur la porte.",
            "On se disputait sur le sel, sur les oignons, sur la taille des portions.",
            "La plupart de ces disputes se r\u00e9glaient pendant la vaisselle, qui durait plus longtemps que la cuisine.",
            "Les comptes \u00e9taient tenus dans un cahier d\u2019\u00e9colier \u00e0 la couverture d\u00e9chir\u00e9e.",
            "Chacun pouvait les lire, et un nombre \u00e9tonnant de gens le faisaient.",
            "Quand le propri\u00e9taire augmenta le loyer, la cuisine le paya par une collecte.",
            "Les enfants mangeaient d\u2019abord, puis les vieux, puis ceux qui restaient debout.",
            "Un fonctionnaire de passage jugea l\u2019arrangement irr\u00e9gulier et demanda une autorisation.",
            "On lui servit de la soupe \u00e0 la place, et il ne revint jamais.",
            "Le deuxi\u00e8me hiver fut plus dur que le premier, et la file atteignait le coin de la rue.",
            "Pourtant, les portes s\u2019ouvrirent \u00e0 midi chaque jour pendant trois ans.",
        ],
        notes=["Le tableau est conserv\u00e9 dans une collection priv\u00e9e.",
               "Voir le r\u00e9cit donn\u00e9 par la *Gazette du quartier* de ce printemps-l\u00e0.",
               "Ce chiffre est une estimation\u00a0; le cahier est ab\u00eem\u00e9 \u00e0 cet endroit.",
               "Entretien avec une ancienne cuisini\u00e8re, enregistr\u00e9 bien des ann\u00e9es plus tard.",
               "Le rapport du fonctionnaire ne fut jamais publi\u00e9."],
        quotes=["\u00ab\u00a0Nous cuisinions pour qui venait, et qui venait cuisinait le lendemain.\u00a0\u00bb",
                "La cuisine n\u2019avait ni propri\u00e9taire ni g\u00e9rant, seulement une porte qui s\u2019ouvrait \u00e0 midi et se fermait quand les marmites \u00e9taient vides.",
                "\u00ab\u00a0C\u2019\u00e9tait la meilleure nourriture de l\u2019ann\u00e9e, et je ne l\u2019ai pay\u00e9e que d\u2019un apr\u00e8s-midi d\u2019\u00e9pluchage.\u00a0\u00bb"],
        verse=["La marmite est large, le feu est bas,", "Le pain est coup\u00e9 en dix,",
               "Et ceux qui sont venus ce matin-l\u00e0", "Reviendront demain aussi."],
        items=["apporter un bol et une cuill\u00e8re", "laver ce qu\u2019on utilise",
               "laisser la porte comme on l\u2019a trouv\u00e9e"],
        emph=["en commun", "pas", "de facto", "entraide"],
        bold=["tout le monde", "midi"],
    ),
    "de": dict(
        title="Die gemeinsame K\u00fcche in der Vorstadt",
        author="Lotte Brenner",
        heads=["Die Er\u00f6ffnung", "Wer kocht und wer entscheidet",
               "Ein langer Streit \u00fcber den Mehlpreis und die F\u00fchrung der Kasse",
               "Was bleibt"],
        subs=["Der erste Winter", "Regeln, die niemand aufschrieb",
              "Das Kassenbuch, der Ausschuss und die Frage des Vertrauens in einem kleinen Viertel"],
        sents=[
            "Die K\u00fcche wurde in einem leeren Klassenzimmer am Ende der Stra\u00dfe er\u00f6ffnet.",
            "Niemand wei\u00df mehr, wer es zuerst vorschlug, und niemand beanspruchte das Verdienst.",
            "Jede Familie brachte, was sie entbehren konnte, und manche brachten gar nichts.",
            "Die K\u00f6che wechselten jede Woche nach einem Plan, der an der T\u00fcr hing.",
            "Man stritt \u00fcber das Salz, \u00fcber die Zwiebeln, \u00fcber die Gr\u00f6\u00dfe der Portionen.",
            "Die meisten Streitigkeiten wurden beim Abwasch beigelegt, der l\u00e4nger dauerte als das Kochen.",
            "Die Kasse wurde in einem Schulheft mit zerrissenem Umschlag gef\u00fchrt.",
            "Jeder konnte es lesen, und erstaunlich viele Leute taten es auch.",
            "Als der Vermieter die Miete erh\u00f6hte, bezahlte die K\u00fcche sie aus einer Sammlung.",
            "Die Kinder a\u00dfen zuerst, dann die Alten, dann alle, die noch standen.",
            "Ein Beamter nannte die Einrichtung unregelm\u00e4\u00dfig und verlangte eine Genehmigung.",
            "Man gab ihm stattdessen Suppe, und er kam nie wieder.",
            "Der zweite Winter war h\u00e4rter als der erste, und die Schlange reichte bis zur Ecke.",
            "Trotzdem \u00f6ffneten sich die T\u00fcren drei Jahre lang jeden Tag um zw\u00f6lf Uhr.",
        ],
        notes=["Der Plan befindet sich in einer Privatsammlung.",
               "Vgl. den Bericht im *Vorstadtboten* jenes Fr\u00fchjahrs.",
               "Die Zahl ist gesch\u00e4tzt; das Heft ist an dieser Stelle besch\u00e4digt.",
               "Gespr\u00e4ch mit einer fr\u00fcheren K\u00f6chin, viele Jahre sp\u00e4ter aufgezeichnet.",
               "Der Bericht des Beamten wurde nie ver\u00f6ffentlicht."],
        quotes=["\u201eWir kochten f\u00fcr alle, die kamen, und wer kam, kochte am n\u00e4chsten Tag.\u201c",
                "Die K\u00fcche hatte weder Besitzer noch Leiter, nur eine T\u00fcr, die sich mittags \u00f6ffnete und schloss, wenn die T\u00f6pfe leer waren.",
                "\u201eEs war das beste Essen jenes Jahres, und ich bezahlte es nur mit einem Nachmittag Kartoffelsch\u00e4len.\u201c"],
        verse=["Der Topf ist weit, das Feuer klein,", "Das Brot in zehn geteilt,",
               "Und wer heut fr\u00fch kam, kehrt auch ein,", "Wenn morgen wieder eilt."],
        items=["eine Sch\u00fcssel und einen L\u00f6ffel mitbringen",
               "sp\u00fclen, was man benutzt", "die T\u00fcr so lassen, wie man sie fand"],
        emph=["gemeinsam", "nicht", "de facto", "gegenseitige Hilfe"],
        bold=["alle", "mittags"],
    ),
    "es": dict(
        title="La cocina com\u00fan del arrabal",
        author="Pilar Ord\u00f3\u00f1ez",
        heads=["La apertura", "Qui\u00e9n cocina y qui\u00e9n decide",
               "Una larga disputa sobre el precio de la harina y la llevanza de las cuentas",
               "Lo que queda"],
        subs=["El primer invierno", "Reglas que nadie escribi\u00f3",
              "El libro de cuentas, el comit\u00e9 y la cuesti\u00f3n de la confianza en un barrio peque\u00f1o"],
        sents=[
            "La cocina abri\u00f3 en una antigua aula al final de la calle.",
            "Nadie recuerda qui\u00e9n lo propuso primero, y nadie reclam\u00f3 el m\u00e9rito.",
            "Cada familia tra\u00eda lo que pod\u00eda, y algunas no tra\u00edan nada en absoluto.",
            "Los cocineros cambiaban cada semana, seg\u00fan un turno clavado en la puerta.",
            "Se discut\u00eda sobre la sal, sobre las cebollas, sobre el tama\u00f1o de las raciones.",
            "Casi todas las disputas se resolv\u00edan fregando los platos, que llevaba m\u00e1s tiempo que cocinar.",
            "Las cuentas se llevaban en un cuaderno escolar de tapas rotas.",
            "Cualquiera pod\u00eda leerlas, y un n\u00famero sorprendente de personas lo hac\u00eda.",
            "Cuando el casero subi\u00f3 el alquiler, la cocina lo pag\u00f3 con una colecta.",
            "Los ni\u00f1os com\u00edan primero, luego los viejos, luego quien quedara en pie.",
            "Un funcionario de paso calific\u00f3 el arreglo de irregular y pidi\u00f3 una licencia.",
            "Le dieron sopa en su lugar, y no volvi\u00f3 nunca.",
            "El segundo invierno fue m\u00e1s duro que el primero, y la cola llegaba a la esquina.",
            "Aun as\u00ed, las puertas se abrieron a mediod\u00eda cada d\u00eda durante tres a\u00f1os.",
        ],
        notes=["El turno se conserva en una colecci\u00f3n privada.",
               "V\u00e9ase el relato de la *Gaceta del barrio* de aquella primavera.",
               "La cifra es una estimaci\u00f3n; el cuaderno est\u00e1 da\u00f1ado en este punto.",
               "Entrevista con una antigua cocinera, grabada muchos a\u00f1os despu\u00e9s.",
               "El informe del funcionario nunca se public\u00f3."],
        quotes=["\u00abCocin\u00e1bamos para quien viniera, y quien ven\u00eda cocinaba al d\u00eda siguiente.\u00bb",
                "La cocina no ten\u00eda due\u00f1o ni gerente, solo una puerta que se abr\u00eda a mediod\u00eda y se cerraba cuando las ollas estaban vac\u00edas.",
                "\u00abFue la mejor comida de aquel a\u00f1o, y solo la pagu\u00e9 con una tarde pelando patatas.\u00bb"],
        verse=["La olla es ancha, el fuego bajo,", "El pan se parte en diez,",
               "Y quien lleg\u00f3 con su trabajo", "Vendr\u00e1 ma\u00f1ana otra vez."],
        items=["traer un cuenco y una cuchara", "lavar lo que se usa",
               "dejar la puerta como se encontr\u00f3"],
        emph=["en com\u00fan", "no", "de facto", "apoyo mutuo"],
        bold=["todo el mundo", "mediod\u00eda"],
    ),
}


@dataclass
class Truth:
    title: str
    author: str
    lang: str
    blocks: list = field(default_factory=list)
    """(kind, text): heading, para, item, quote (one paragraph of a
    quotation), verse."""
    notes: dict = field(default_factory=dict)
    emph: list = field(default_factory=list)
    """plain texts of italic and bold runs."""


def plain(s: str) -> str:
    return re.sub(r"\[\^\d+\]", "", s).replace("*", "")


def make_text(lang: str, seed: int) -> tuple[list, Truth]:
    """A text of ``lang`` (its spec: (kind, value) with kinds heading
    (level, text), para, quotes (list), verse, list) and its truth.
    Inline marks: ``*it*``, ``**bold**``, ``[^n]``."""
    t = TEXTS[lang]
    rnd = random.Random(seed)
    truth = Truth(title=t["title"], author=t["author"], lang=lang)
    spec: list = []
    sents = t["sents"][:]
    label = 0
    pos = 0
    extras = ["quotes", "verse", "list", "quotes"]
    rnd.shuffle(extras)
    for k, head in enumerate(t["heads"]):
        spec.append(("heading", (1, head)))
        truth.blocks.append(("heading", head))
        subs = [None] + ([t["subs"][k]] if k < len(t["subs"]) else [])
        for m, sub in enumerate(subs):
            if sub:
                spec.append(("heading", (2, sub)))
                truth.blocks.append(("heading", sub))
            for _ in range(rnd.randint(2, 3)):
                n = rnd.randint(3, 5)
                chosen = [sents[(pos + i) % len(sents)] for i in range(n)]
                pos += n
                parts = []
                for sent in chosen:
                    r = rnd.random()
                    if r < 0.25:
                        e = rnd.choice(t["emph"])
                        sent = sent[:-1] + ", *" + e + "*."
                        truth.emph.append(e)
                    elif r < 0.35:
                        b = rnd.choice(t["bold"])
                        sent = sent[:-1] + ", **" + b + "**."
                        truth.emph.append(b)
                    if rnd.random() < 0.3:
                        label += 1
                        note = t["notes"][label % len(t["notes"])]
                        sent = sent + f"[^{label}]"
                        truth.notes[str(label)] = plain(note)
                        if "*" in note:
                            truth.emph.append(re.search(r"\*(.+?)\*", note)[1])
                    parts.append(sent)
                text = " ".join(parts)
                spec.append(("para", text))
                truth.blocks.append(("para", plain(text)))
            if m == 0 and k < len(extras):
                kind = extras[k]
                if kind == "quotes":
                    qs = t["quotes"][:]
                    rnd.shuffle(qs)
                    spec.append(("quotes", qs))
                    truth.blocks += [("quote", q) for q in qs]
                elif kind == "verse":
                    spec.append(("verse", t["verse"]))
                    truth.blocks.append(("verse", " ".join(t["verse"])))
                else:
                    spec.append(("list", t["items"]))
                    truth.blocks += [("item", x) for x in t["items"]]
                # a paragraph after it, not indented
                n = 2
                chosen = [sents[(pos + i) % len(sents)] for i in range(n)]
                pos += n
                spec.append(("para", " ".join(chosen)))
                truth.blocks.append(("para", " ".join(chosen)))
    return spec, truth


# --------------------------------------------------------------------------
# LibreOffice (flat ODT)
# --------------------------------------------------------------------------

def _odt_inl(s: str, notes: dict, lang: str) -> str:
    out = []
    for tok in re.split(r"(\*\*.+?\*\*|\*.+?\*|\[\^\d+\])", s):
        if not tok:
            continue
        if tok.startswith("**"):
            out.append(f'<text:span text:style-name="B">{html.escape(tok[2:-2])}</text:span>')
        elif tok.startswith("*"):
            out.append(f'<text:span text:style-name="I">{html.escape(tok[1:-1])}</text:span>')
        elif tok.startswith("[^"):
            n = tok[2:-1]
            src = next(x for x in TEXTS[lang]["notes"] if plain(x) == notes[n])
            out.append(
                f'<text:note text:id="ftn{n}" text:note-class="footnote">'
                f'<text:note-citation>{n}</text:note-citation><text:note-body>'
                f'<text:p text:style-name="Footnote">{_odt_inl(src, notes, lang)}'
                f'</text:p></text:note-body></text:note>')
        else:
            out.append(html.escape(tok, quote=False))
    return "".join(out)


FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{title}</dc:title><meta:initial-creator>{author}</meta:initial-creator><dc:creator>{author}</dc:creator><dc:language>{lang}</dc:language></office:meta>
<office:font-face-decls>
 <style:font-face style:name="Serif" svg:font-family="'{font}'"/>
</office:font-face-decls>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:paragraph-properties fo:hyphenation-ladder-count="no-limit"/>
  <style:text-properties style:font-name="Serif" fo:font-size="10.5pt" fo:language="{lg}" fo:country="{cc}" fo:hyphenate="false"/>
 </style:default-style>
 <style:style style:name="Standard" style:family="paragraph"/>
 <style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph">
  {body_props}
 </style:style>
 <style:style style:name="First" style:family="paragraph" style:parent-style-name="Text_20_body">
  <style:paragraph-properties fo:text-indent="0cm"/>
 </style:style>
 <style:style style:name="Title" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.3cm"/>
  <style:text-properties fo:font-size="20pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Author" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.8cm"/>
  <style:text-properties fo:font-size="12pt"/>
 </style:style>
 <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:default-outline-level="1">
  <style:paragraph-properties fo:margin-top="0.6cm" fo:margin-bottom="0.25cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="15pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:default-outline-level="2">
  <style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/>
  <style:text-properties fo:font-size="12.5pt" fo:font-weight="bold" fo:font-style="italic"/>
 </style:style>
 <style:style style:name="Quotations" style:family="paragraph">
  <style:paragraph-properties fo:margin-left="1cm" fo:margin-right="1cm" fo:margin-top="0cm" fo:margin-bottom="0.2cm" fo:text-align="justify"/>
  <style:text-properties fo:font-size="9.5pt"/>
 </style:style>
 <style:style style:name="Verse" style:family="paragraph">
  <style:paragraph-properties fo:margin-left="1.5cm" fo:margin-top="0.2cm" fo:margin-bottom="0.2cm"/>
  <style:text-properties fo:font-size="9.5pt"/>
 </style:style>
 <style:style style:name="Footnote" style:family="paragraph">
  <style:paragraph-properties fo:margin-left="0.4cm" fo:text-indent="-0.4cm"/>
  <style:text-properties fo:font-size="8.5pt"/>
 </style:style>
 <style:style style:name="Header" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="8pt" fo:font-style="italic"/>
 </style:style>
 <style:style style:name="Footer" style:family="paragraph">
  <style:paragraph-properties fo:text-align="center"/>
  <style:text-properties fo:font-size="9pt"/>
 </style:style>
 <style:style style:name="List_20_Item" style:family="paragraph">
  <style:paragraph-properties fo:text-align="start"/>
 </style:style>
 <style:style style:name="I" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
 <style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
 <text:list-style style:name="Bullets">
  <text:list-level-style-bullet text:level="1" text:bullet-char="\u2022">
   <style:list-level-properties text:list-level-position-and-space-mode="label-alignment">
    <style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="1.2cm" fo:text-indent="-0.5cm" fo:margin-left="1.2cm"/>
   </style:list-level-properties>
  </text:list-level-style-bullet>
 </text:list-style>
 <text:notes-configuration text:note-class="footnote" style:num-format="1" text:start-value="0" text:footnotes-position="page" text:start-numbering-at="document"/>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="pm1">
  <style:page-layout-properties fo:page-width="14.8cm" fo:page-height="21cm" fo:margin-top="1.2cm" fo:margin-bottom="1.2cm" fo:margin-left="1.8cm" fo:margin-right="1.8cm">
   <style:footnote-sep style:width="0.018cm" style:distance-before-sep="0.1cm" style:distance-after-sep="0.1cm" style:adjustment="left" style:rel-width="25%" style:color="#000000"/>
  </style:page-layout-properties>
  <style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.4cm"/></style:header-style>
  <style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.4cm"/></style:footer-style>
 </style:page-layout>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="pm1">
  <style:header><text:p text:style-name="Header">{author} \u2014 {title}</text:p></style:header>
  <style:header-first><text:p text:style-name="Header"/></style:header-first>
  <style:footer><text:p text:style-name="Footer"><text:page-number text:select-page="current">1</text:page-number></text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
{body}
</office:text></office:body></office:document>
"""

LANG_CC = {"en": ("en", "GB"), "fr": ("fr", "FR"), "de": ("de", "DE"),
           "es": ("es", "ES")}


BODY_PROPS = {
    "indented": '<style:paragraph-properties fo:text-align="justify" '
                'fo:text-indent="0.5cm" fo:margin-top="0cm" '
                'fo:margin-bottom="0cm" fo:line-height="125%"/>',
    # LibreOffice's own "Text Body": flush left, ragged, spaced below.
    "spaced": '<style:paragraph-properties fo:text-align="start" '
              'fo:text-indent="0cm" fo:margin-top="0cm" '
              'fo:margin-bottom="0.247cm" fo:line-height="115%"/>',
}


def fodt_of(spec: list, truth: Truth, font: str = "Liberation Serif",
            style: str = "indented") -> str:
    """``style``: the paragraphs' (:data:`BODY_PROPS`)."""
    body = [f'<text:p text:style-name="Title">{html.escape(truth.title)}</text:p>',
            f'<text:p text:style-name="Author">{html.escape(truth.author)}</text:p>']
    first = True
    for kind, val in spec:
        if kind == "heading":
            lvl, text = val
            body.append(f'<text:h text:style-name="Heading_20_{lvl}" '
                        f'text:outline-level="{lvl}">{html.escape(text)}</text:h>')
            first = True
            continue
        if kind == "para":
            st = "First" if first else "Text_20_body"
            body.append(f'<text:p text:style-name="{st}">'
                        f'{_odt_inl(val, truth.notes, truth.lang)}</text:p>')
        elif kind == "quotes":
            body += [f'<text:p text:style-name="Quotations">{html.escape(q)}</text:p>'
                     for q in val]
        elif kind == "verse":
            body.append('<text:p text:style-name="Verse">' + "<text:line-break/>".join(
                html.escape(x) for x in val) + "</text:p>")
        elif kind == "list":
            body.append('<text:list text:style-name="Bullets">' + "".join(
                f'<text:list-item><text:p text:style-name="List_20_Item">'
                f'{html.escape(x)}</text:p></text:list-item>' for x in val)
                + "</text:list>")
        first = kind != "para"
    lg, cc = LANG_CC[truth.lang]
    return FODT.format(title=html.escape(truth.title),
                       author=html.escape(truth.author), lang=truth.lang,
                       lg=lg, cc=cc, font=font, body="\n".join(body),
                       body_props=BODY_PROPS[style])


def render_libreoffice(lang: str, seed: int, folder: Path,
                       font: str = "Liberation Serif",
                       style: str = "indented") -> tuple[Path, Truth]:
    spec, truth = make_text(lang, seed)
    tag = "" if style == "indented" else f"-{style}"
    src = folder / f"lo-{lang}-{seed}{tag}.fodt"
    src.write_text(fodt_of(spec, truth, font, style), encoding="utf-8")
    # (a profile of its own: another LibreOffice running holds the
    # user's)
    profile = (folder / "lo-profile").resolve().as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}",
                    "--headless", "--convert-to", "pdf",
                    "--outdir", str(folder), str(src)], check=True,
                   capture_output=True, timeout=240)
    return src.with_suffix(".pdf"), truth


# --------------------------------------------------------------------------
# WeasyPrint, Tufte-style sidenotes
# --------------------------------------------------------------------------

def _html_inl(s: str, notes: dict, lang: str) -> str:
    out = []
    for tok in re.split(r"(\*\*.+?\*\*|\*.+?\*|\[\^\d+\])", s):
        if not tok:
            continue
        if tok.startswith("**"):
            out.append(f"<strong>{html.escape(tok[2:-2])}</strong>")
        elif tok.startswith("*"):
            out.append(f"<em>{html.escape(tok[1:-1])}</em>")
        elif tok.startswith("[^"):
            n = tok[2:-1]
            src = next(x for x in TEXTS[lang]["notes"] if plain(x) == notes[n])
            out.append(f'<sup class="call">{n}</sup><span class="sidenote">'
                       f'<sup class="label">{n}</sup> '
                       f'{_html_inl(src, notes, lang)}</span>')
        else:
            out.append(html.escape(tok, quote=False))
    return "".join(out)


def tufte_html_of(spec: list, truth: Truth, page: str = "A4",
                  side: str = "right") -> str:
    """``side``: the margin the sidenotes stand in."""
    body = [f"<h1>{html.escape(truth.title)}</h1>",
            f'<p class="author">{html.escape(truth.author)}</p>']
    for kind, val in spec:
        if kind == "heading":
            lvl, text = val
            body.append(f"<h{lvl + 1}>{html.escape(text)}</h{lvl + 1}>")
        elif kind == "para":
            body.append(f"<p>{_html_inl(val, truth.notes, truth.lang)}</p>")
        elif kind == "quotes":
            body += [f"<blockquote><p>{html.escape(q)}</p></blockquote>"
                     for q in val]
        elif kind == "verse":
            body.append('<blockquote class="verse"><p>' + "<br>".join(
                html.escape(x) for x in val) + "</p></blockquote>")
        elif kind == "list":
            body.append("<ul>" + "".join(f"<li>{html.escape(x)}</li>"
                                         for x in val) + "</ul>")
    css = f"""
@page {{ size: {page}; margin: 2cm 2cm 2.2cm 2cm;
  @top-right {{ content: "{html.escape(truth.title)}"; font: italic 8pt serif; }}
  @bottom-center {{ content: counter(page); font: 9pt serif; }} }}
@page :first {{ @top-right {{ content: none; }} }}
body {{ font-family: serif; font-size: 11pt; line-height: 1.4;
  width: 62%; hyphens: auto; {'margin-left: 38%;' if side == 'left' else ''} }}
h1 {{ font-size: 22pt; font-weight: normal; font-style: italic; }}
h2 {{ font-size: 15pt; font-weight: normal; font-style: italic; margin: 1.2em 0 0.4em; }}
h3 {{ font-size: 12.5pt; font-weight: normal; font-style: italic; margin: 1em 0 0.3em; }}
p {{ margin: 0 0 0.7em; text-align: left; }}
p.author {{ font-size: 12pt; margin: 0 0 2em; }}
blockquote {{ margin: 0.6em 2em 0.6em 2em; font-size: 0.95em; }}
blockquote.verse {{ margin-left: 3em; }}
ul {{ margin: 0.5em 0 0.7em 1.5em; }}
sup {{ font-size: 0.65em; line-height: 0; }}
.sidenote {{ float: {side}; clear: {side}; margin-{side}: -60%; width: 50%;
  font-size: 8.5pt; line-height: 1.3; margin-top: 0.2em; text-align: left; }}
"""
    return (f'<!DOCTYPE html><html lang="{truth.lang}"><head><meta charset="utf-8">'
            f"<title>{html.escape(truth.title)}</title>"
            f'<meta name="author" content="{html.escape(truth.author)}">'
            f"<style>{css}</style></head><body>{''.join(body)}</body></html>")


def render_tufte(lang: str, seed: int, path: Path,
                 page: str = "A4", side: str = "right") -> Truth:
    from weasyprint import HTML

    spec, truth = make_text(lang, seed)
    HTML(string=tufte_html_of(spec, truth, page, side)).write_pdf(str(path))
    return truth


# --------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------

def score(doc, truth: Truth) -> dict:
    """The six bars: ``words`` (min of recall and precision over body,
    notes, title and author; ``lost``: words of the truth missing, ``extra``:
    words not in it), ``paragraphs``, ``headings``, ``quotes`` (paragraphs
    inside quotations), ``emphasis`` (italic and bold runs): F1 over
    normalised texts; ``notes``: share of notes under their label, called,
    with their full text."""
    from dataclasses import replace as _replace

    from pamphleteer.model import document_words

    want: list[str] = []
    for _k, text in truth.blocks:
        want += words(text)
    for t in truth.notes.values():
        want += words(t)
    want += words(truth.title) + words(truth.author)
    got = document_words(_replace(doc, meta=_replace(doc.meta, extra=())))
    labels: Counter = Counter()
    for n in doc.notes:
        labels[n.label.casefold()] += 1
    refs = [x.label for b in walk_blocks(doc.blocks)
            if isinstance(b, (Heading, Paragraph))
            for x in walk_inlines(b.children) if isinstance(x, NoteRef)]
    for r in refs:
        labels[r.casefold()] += 1
    gotc = Counter(got) - labels
    wantc = Counter(want)
    hit = sum((wantc & gotc).values())
    recall = hit / max(1, sum(wantc.values()))
    precision = hit / max(1, sum(gotc.values()))
    paras_t = [_norm(t) for k, t in truth.blocks if k in ("para", "item")]
    quotes_t = [_norm(t) for k, t in truth.blocks if k in ("quote", "verse")]
    heads_t = [_norm(t) for k, t in truth.blocks if k == "heading"]
    paras_g, quotes_g, heads_g = [], [], []
    for b in doc.blocks:
        if isinstance(b, Paragraph):
            paras_g.append(_norm(block_text(b)))
        elif isinstance(b, (BulletList, OrderedList)):
            paras_g += [_norm(block_text(x)) for it in b.items for x in it]
        elif isinstance(b, BlockQuote):
            quotes_g += [_norm(block_text(x)) for x in b.blocks]
        elif isinstance(b, Heading):
            heads_g.append(_norm(block_text(b)))
    emph_g = []
    for b in list(walk_blocks(doc.blocks)) + [x for n in doc.notes
                                              for x in n.blocks]:
        if isinstance(b, (Heading, Paragraph)):
            emph_g += [_norm(inline_text(x.children))
                       for x in walk_inlines(b.children)
                       if isinstance(x, (Emph, Strong))]
    emph_t = [_norm(t) for t in truth.emph]
    by_label = {n.label: n for n in doc.notes}
    ok = 0
    for label, text in truth.notes.items():
        n = by_label.get(label)
        if n and not n.missing and label in refs and _norm(
                " ".join(block_text(b) for b in n.blocks)) == _norm(text):
            ok += 1
    return {
        "words": round(min(recall, precision), 4),
        "lost": sorted((wantc - gotc).elements())[:12],
        "extra": sorted((gotc - wantc).elements())[:12],
        "paragraphs": round(_f1(paras_t, paras_g), 4),
        "headings": round(_f1(heads_t, heads_g), 4),
        "quotes": round(_f1(quotes_t, quotes_g), 4),
        "emphasis": round(_f1(emph_t, emph_g), 4),
        "notes": round(ok / len(truth.notes), 4) if truth.notes else 1.0,
        "title": _norm(doc.meta.title) == _norm(truth.title),
    }
