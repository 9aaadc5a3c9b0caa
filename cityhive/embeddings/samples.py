# ruff: noqa: RUF001 - the non-English samples are meant to hold Greek and Turkish letters
"""Made-up, varied sentences for checking and benchmarking the encoder (no real data).

`sample_sentences(n, seed)` combines smart-city subjects, actions, topics and settings into English
sentences; `MULTILINGUAL` and `EDGE_CASES` are written by hand. The export script checks the int8
model on `verification_sentences()`, and the benchmarks use the generator.
"""

import random

SUBJECTS = (
    "The city council",
    "A regional utility",
    "Our start-up",
    "The water authority",
    "A consortium of universities",
    "The public transport operator",
    "A municipal housing company",
    "The port authority",
    "A citizens' energy cooperative",
    "The mayor's office",
    "A mid-sized logistics firm",
    "The regional development bank",
)
ACTIONS = (
    "is piloting",
    "wants to fund",
    "is looking for partners to deploy",
    "has finished rolling out",
    "plans to tender",
    "is evaluating",
    "asks for proposals on",
    "cut costs by 30% with",
)
TOPICS = (
    "smart street lighting with motion sensors",
    "a district heating network fed by waste heat",
    "charging depots for electric buses",
    "flood early-warning sensors along the river",
    "a digital twin of the old town",
    "low-cost air quality monitors in schools",
    "rooftop solar panels on social housing",
    "a bike-sharing scheme for commuters",
    "leak detection in the drinking water network",
    "an open data portal for the municipal budget",
    "circular procurement of construction materials",
    "telemedicine kiosks in rural clinics",
    "predictive maintenance of bridges and tunnels",
    "composting food waste from street markets",
    "5G small cells mounted on lamp posts",
    "green roofs that reduce urban heat islands",
    "on-demand minibuses for the suburbs",
    "energy retrofits of public schools",
    "a parking guidance app",
    "heat recovery from wastewater",
    "smart waste bins that report their fill level",
    "a participatory budgeting platform",
    "drones that inspect power lines",
    "cycle lanes separated from traffic",
)
SETTINGS = (
    "in Lisbon",
    "across three districts",
    "by 2030",
    "next spring",
    "with EU co-funding",
    "together with local SMEs",
    "in two pilot neighbourhoods",
    "",
)
MULTILINGUAL = (
    "La ville cherche un partenaire pour l'éclairage public intelligent.",
    "Nous finançons des réseaux de chaleur alimentés par la chaleur fatale.",
    "Die Stadtwerke suchen Partner für Ladestationen für Elektrobusse.",
    "Unsere Gemeinde plant ein digitales Zwillingsmodell der Altstadt.",
    "El ayuntamiento busca sensores de calidad del aire para las escuelas.",
    "Queremos reducir las fugas en la red de agua potable.",
    "Il comune vuole installare pannelli solari sulle case popolari.",
    "La città sta sperimentando autobus a chiamata nelle periferie.",
    "A câmara municipal procura parceiros para a recolha de resíduos.",
    "De gemeente zoekt partners voor slimme straatverlichting.",
    "Miasto planuje budowę ścieżek rowerowych oddzielonych od ruchu.",
    "Kommunen vill minska energiförbrukningen i skolorna.",
    "Ο δήμος αναζητά αισθητήρες για την ποιότητα του αέρα.",
    "Город ищет партнёров для умного уличного освещения.",
    "Belediye akıllı çöp kutuları için ortak arıyor.",
    "تبحث البلدية عن شركاء لمراقبة جودة الهواء.",
    "城市正在寻找智能路灯的合作伙伴。",
    "市は電気バスの充電設備を整備する予定です。",
    "시는 스마트 가로등 협력업체를 찾고 있습니다.",
    "नगर निगम वायु गुणवत्ता सेंसर के लिए साझेदार खोज रहा है।",
)
EDGE_CASES = (
    "water",
    "EV",
    "SMART CITY PILOT!!!",
    "sensors sensors sensors sensors",
    "https://example.org/open-data/budget-2026.csv",
    "Budget: EUR 1,250,000 (2026-2028), 42 km of cycle lanes, 3.5 MW of solar.",
    "🚲 bike lanes and 🌳 trees for cooler streets",
    "teh citty wants smrat lihgting",
    "Q: Who maintains the flood sensors? A: The water authority, every six months.",
    " ".join(["The municipality publishes open data on energy use in public buildings."] * 30),
)


def sample_sentences(count: int, seed: int = 0) -> list[str]:
    """`count` made-up English smart-city sentences, the same for the same seed."""
    rng = random.Random(seed)
    sentences = []
    for _ in range(count):
        parts = (
            rng.choice(SUBJECTS),
            rng.choice(ACTIONS),
            rng.choice(TOPICS),
            rng.choice(SETTINGS),
        )
        sentences.append(" ".join(part for part in parts if part) + ".")
    return sentences


def verification_sentences() -> list[str]:
    """The 200 sentences the export script compares the int8 model on."""
    fixed = [*MULTILINGUAL, *EDGE_CASES]
    return fixed + sample_sentences(200 - len(fixed), seed=2026)
