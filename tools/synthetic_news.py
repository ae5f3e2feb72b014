"""Seeded generator of the bundled Korean news summarization corpus (ko-news-synth).

Why a generated corpus: the default run must train a tiny model on 2 CPU cores in
about 90 seconds and visibly learn, with data whose licence is beyond doubt.  Public
Korean summarization sets are large, gated or licence-restricted, so the project
writes its own.

How an example is built
  1. A *topic* (경제, 금융·증시, 부동산, 정치, 지방행정, 사회, 교육, 보건·의료, IT·과학,
     스포츠, 문화, 날씨·환경, 국제) is drawn uniformly, then one of its *frames* (an event
     type, e.g. 사회 = 화재 or 보이스피싱 검거).
  2. The frame's sampler draws the facts: Korean person names (surname pool weighted
     by real frequency + given-name pool), fictional companies, universities and teams,
     real cities/districts and ministries, dates (21일, 다음 달 3일, 2026년 3월), amounts in
     news style (1천200억 원, 1만5천 명, 35%, 0.25%포인트).  Related numbers are kept
     consistent (e.g. a percentage change is computed from the two levels).
  3. The document is a lead sentence with who/what/when/where/how much, followed by
     3-6 sentences chosen from several templates per slot (figures vs. last year,
     quotes attributed to 관계자/교수/장관, background, schedule/next steps) in one of
     several orders.
  4. The summary is one of the frame's summary templates: a news-summary restatement
     with its own wording and order, sometimes combining the lead with a fact from the
     figures sentence; quotes and background are dropped.  Which summary template is
     used depends on which lead template was used, so the mapping is learnable.  Every
     fact slot in the summary must occur verbatim in the document (checked here, and in
     the tests), so the summary is faithful by construction.
  Particles after filled slots (``{company|은}``) are chosen by pronunciation with
  :mod:`tools.korean_particles` (서울로, 부산으로, 3-1로, 35%는, MOU를).

Where the text lives
  The templates and word lists are data, in ``tools/news_templates/`` next to this
  module (found relative to this file, not the working directory):
  ``<frame>.yaml`` holds one frame's topic and name, its lead, summary, figures, quotes,
  backgrounds and schedules templates, and the word lists its sampler draws from;
  ``pools.yaml`` holds the shared entity pools (surnames with weights, given names,
  cities and districts, companies, universities, clubs, countries).  This module keeps
  the logic: the samplers that draw facts (number formatting, consistency between
  numbers), template filling with particle attachment, article and corpus assembly, and
  the CLI.  ``tools/news_templates/README.md`` explains the files and how to add a frame.

Everything is deterministic given the seed, and the gzip files carry no timestamp, so
``python -m tools.synthetic_news --out summarizer/data/bundled`` reproduces the
committed files byte for byte (a test checks that code and data never drift).  The
generator draws list entries by position, so the order of every list in the data files
is part of the corpus: editing a file means regenerating the bundled files.

Licence: the templates, name pools and the generated corpus were written by this
project and are dedicated to the public domain (CC0 1.0); you may also use them under
the repository's licence.  All people, companies, universities, teams and events are
fictional; real city and ministry names appear only for realism.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import random
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from summarizer.metrics.text import nfc
from tools.korean_particles import attach_particle

DEFAULT_SEED = 20240613
SPLITS = ("train", "validation", "test")
DEFAULT_SPLIT_SIZES = {"train": 5000, "validation": 250, "test": 250}
ID_PREFIX = "ko-news"
WORDING_SLOT_PREFIX = "w_"  # slots that carry wording (오른/내린), not facts; exempt from faithfulness
TEMPLATES_DIR = Path(__file__).resolve().parent / "news_templates"

Facts = dict[str, str]
Words = Mapping[str, Any]  # a frame's word lists, as read from its data file (lists become tuples)

# ---------------------------------------------------------------------------
# Templates
# ---------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{(\w+)(?:\|(\w+))?\}")


@dataclass(frozen=True)
class Template:
    """A sentence with ``{slot}`` or ``{slot|particle}`` placeholders, parsed once for speed."""

    text: str
    parts: tuple[str | tuple[str, str | None], ...]

    @classmethod
    def parse(cls, text: str) -> Template:
        parts: list[str | tuple[str, str | None]] = []
        position = 0
        for match in _PLACEHOLDER.finditer(text):
            if match.start() > position:
                parts.append(text[position : match.start()])
            parts.append((match.group(1), match.group(2)))
            position = match.end()
        if position < len(text):
            parts.append(text[position:])
        return cls(text, tuple(parts))

    @property
    def slots(self) -> tuple[str, ...]:
        return tuple(part[0] for part in self.parts if isinstance(part, tuple))

    def render(self, facts: Facts) -> str:
        pieces = []
        for part in self.parts:
            if isinstance(part, str):
                pieces.append(part)
                continue
            slot, particle = part
            value = facts[slot]
            pieces.append(attach_particle(value, particle) if particle else value)
        return "".join(pieces)

    def fact_values(self, facts: Facts) -> tuple[str, ...]:
        """Values this template states as facts (everything except wording slots)."""
        return tuple(facts[slot] for slot in self.slots if not slot.startswith(WORDING_SLOT_PREFIX))


@dataclass(frozen=True)
class Frame:
    """One event type of a topic: how to draw its facts and how to phrase it.

    The templates and ``words`` come from ``news_templates/<key>.yaml``; ``sampler`` is the
    Python function that draws the facts, given the frame's word lists.
    """

    topic: str
    name: str
    sampler: Callable[[random.Random, Facts, Words], Facts]
    leads: tuple[Template, ...]
    figures: tuple[Template, ...]
    quotes: tuple[Template, ...]
    backgrounds: tuple[Template, ...]
    schedules: tuple[Template, ...]
    summaries: tuple[Template, ...]
    words: Words = field(default_factory=dict, compare=False, repr=False)

    @property
    def templates(self) -> tuple[Template, ...]:
        return self.leads + self.figures + self.quotes + self.backgrounds + self.schedules + self.summaries

    def sample_facts(self, rng: random.Random, facts: Facts) -> Facts:
        """Add this frame's facts to ``facts`` (the calendar facts) and return it."""
        return self.sampler(rng, facts, self.words)


def _fill(text: str, values: Facts) -> str:
    """A word-list entry with ``{slot}`` placeholders (e.g. "오는 {next_month} 1일") filled from ``values``."""
    return Template.parse(text).render(values)


def _wording(rng: random.Random, variant: Mapping[str, str | Sequence[str]], facts: Facts) -> Facts:
    """The w_ slots of one wording variant (e.g. a rising or a falling market) from a frame's words.

    A string is used as it is; a list offers alternatives, one drawn per list in file order.
    Placeholders are filled from ``facts``.
    """
    chosen: Facts = {}
    for slot, value in variant.items():
        chosen[slot] = _fill(value if isinstance(value, str) else rng.choice(value), facts)
    return chosen


# ---------------------------------------------------------------------------
# Data files: tools/news_templates/*.yaml
# ---------------------------------------------------------------------------

TEMPLATE_KINDS = ("leads", "summaries", "figures", "quotes", "backgrounds", "schedules")
_FRAME_KEYS = frozenset({"topic", "name", "words", *TEMPLATE_KINDS})
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _frozen(value: Any) -> Any:
    """YAML lists become tuples (immutable, like the pools always were); mappings keep their order."""
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


def load_data_file(name: str) -> Any:
    """One file of ``tools/news_templates/``, with lists as tuples."""
    path = TEMPLATES_DIR / name
    with path.open(encoding="utf-8") as stream:
        return _frozen(yaml.load(stream, Loader=_YAML_LOADER))


def load_frame(key: str, sampler: Callable[[random.Random, Facts, Words], Facts]) -> Frame:
    """The frame described by ``news_templates/<key>.yaml`` whose facts ``sampler`` draws."""
    data = load_data_file(f"{key}.yaml")
    problems = [f"missing {k!r}" for k in ("topic", "name", *TEMPLATE_KINDS) if k not in data]
    problems += [f"unknown key {k!r}" for k in data if k not in _FRAME_KEYS]
    problems += [f"{k!r} must be a non-empty list of strings" for k in TEMPLATE_KINDS
                 if k in data and not (data[k] and all(isinstance(text, str) for text in data[k]))]
    if problems:
        raise ValueError(f"{TEMPLATES_DIR / f'{key}.yaml'}: " + "; ".join(problems))
    templates = {kind: tuple(Template.parse(text) for text in data[kind]) for kind in TEMPLATE_KINDS}
    return Frame(topic=data["topic"], name=data["name"], sampler=sampler, words=data.get("words", {}), **templates)


# ---------------------------------------------------------------------------
# Entity pools (pools.yaml; names of people, companies, universities and teams are fictional)
# ---------------------------------------------------------------------------

_POOLS = load_data_file("pools.yaml")
_SURNAMES_WITH_WEIGHTS: tuple[tuple[str, int], ...] = tuple(_POOLS["surnames"].items())
_SURNAMES = tuple(name for name, _ in _SURNAMES_WITH_WEIGHTS)
_SURNAME_CUMULATIVE_WEIGHTS: tuple[int, ...] = tuple(
    sum(weight for _, weight in _SURNAMES_WITH_WEIGHTS[: index + 1]) for index in range(len(_SURNAMES_WITH_WEIGHTS))
)
_MALE_GIVEN_NAMES: tuple[str, ...] = _POOLS["male_given_names"]
_FEMALE_GIVEN_NAMES: tuple[str, ...] = _POOLS["female_given_names"]
_GIVEN_NAMES = _MALE_GIVEN_NAMES + _FEMALE_GIVEN_NAMES
_DISTRICTS_BY_CITY: dict[str, tuple[str, ...]] = _POOLS["districts_by_city"]
_METRO_CITIES: tuple[str, ...] = _POOLS["metro_cities"]
_OTHER_CITIES: tuple[str, ...] = _POOLS["other_cities"]
_COUNTIES: tuple[str, ...] = _POOLS["counties"]
_PROVINCES: tuple[str, ...] = _POOLS["provinces"]
_INDUSTRIAL_CITIES: tuple[str, ...] = _POOLS["industrial_cities"]
_INDUSTRIAL_ZONES: tuple[str, ...] = _POOLS["industrial_zones"]
_UNIVERSITIES: tuple[str, ...] = _POOLS["universities"]
_INSTITUTES: tuple[str, ...] = _POOLS["institutes"]
_SECURITIES_FIRMS: tuple[str, ...] = _POOLS["securities_firms"]
_MANUFACTURERS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (entry["name"], entry["products"]) for entry in _POOLS["manufacturers"]
)
_MARKET_DRIVERS: tuple[str, ...] = _POOLS["market_drivers"]
_IT_COMPANIES: tuple[str, ...] = _POOLS["it_companies"]
_BUILDERS: tuple[str, ...] = _POOLS["builders"]
_APARTMENT_BRANDS: tuple[str, ...] = _POOLS["apartment_brands"]
_FOOTBALL_CLUBS = tuple((club["name"], club["stadium"]) for club in _POOLS["football_clubs"])
_BASEBALL_CLUBS = tuple((club["name"], club["stadium"]) for club in _POOLS["baseball_clubs"])
_COUNTRIES = tuple((country["name"], country["capital"]) for country in _POOLS["countries"])
_COOPERATION_FIELDS: tuple[str, ...] = _POOLS["cooperation_fields"]
_ORDINAL_WEEKS: tuple[str, ...] = _POOLS["ordinal_weeks"]


def _person(rng: random.Random, given_names: Sequence[str] = _GIVEN_NAMES) -> str:
    surname = rng.choices(_SURNAMES, cum_weights=_SURNAME_CUMULATIVE_WEIGHTS)[0]
    return surname + rng.choice(given_names)


def _people(rng: random.Random, roles: Iterable[str], given_names: Sequence[str] = _GIVEN_NAMES) -> Facts:
    """Distinct person names for the roles of one article (men's leagues pass the male pool)."""
    names: Facts = {}
    for role in roles:
        name = _person(rng, given_names)
        while name in names.values():
            name = _person(rng, given_names)
        names[role] = name
    return names


# ---------------------------------------------------------------------------
# Number formatting (news style)
# ---------------------------------------------------------------------------


def korean_number(value: int) -> str:
    """Mixed numerals as Korean papers write them: 15000 → '1만5천', 120000000000 → '1천200억'."""
    if value < 0:
        raise ValueError("negative amounts are written with words (감소), not signs")
    if value == 0:
        return "0"
    pieces = []
    for unit_value, unit in ((10**12, "조"), (10**8, "억"), (10**4, "만"), (1, "")):
        group, value = divmod(value, unit_value)
        if group:
            thousands, rest = divmod(group, 1000)
            pieces.append((f"{thousands}천" if thousands else "") + (str(rest) if rest else "") + unit)
    return "".join(pieces)


def won(value: int) -> str:
    """An amount in 원 with the unit spaced as in the standard orthography: 98000000 → '9천800만 원'."""
    return f"{korean_number(value)} 원"


def won_in_eok(eok: int) -> str:
    """An amount given in 억 원: 1200 → '1천200억 원', 23000 → '2조3천억 원'."""
    return f"{korean_number(eok * 10**8)} 원"


def count_of(value: int, unit: str = "명") -> str:
    """Large counts take a space before the unit (1만5천 명); small ones attach (3명, 12곳)."""
    return f"{korean_number(value)} {unit}" if value >= 1000 else f"{value}{unit}"


def percent(value: float, decimals: int = 1) -> str:
    return f"{value:.{decimals}f}%"


def points(value: float, decimals: int = 2) -> str:
    return f"{value:.{decimals}f}%포인트"


def _rounded_step(rng: random.Random, low: int, high: int, step: int) -> int:
    return rng.randrange(low, high + 1, step)


# ---------------------------------------------------------------------------
# Facts shared by all frames: dates
# ---------------------------------------------------------------------------


def _calendar_facts(rng: random.Random, month: int | None = None) -> Facts:
    """Dates relative to the (fictional) publication day, as Korean news refers to them."""
    year = rng.choice((2024, 2025, 2026))
    month = month or rng.randint(1, 12)
    day = rng.randint(1, 27)
    next_month = month % 12 + 1
    later_day = rng.randint(1, 28)
    return {
        "year": f"{year}년",
        "last_year": f"{year - 1}년",
        "next_year": f"{year + 1}년",
        "month": f"{month}월",
        "next_month": f"{next_month}월",
        "prev_month": f"{(month - 2) % 12 + 1}월",
        "day": f"{day}일",
        "next_day": f"{day + 1}일",
        "start_when": rng.choice(("다음 달", f"오는 {next_month}월")),
        "sched_date": rng.choice((f"다음 달 {later_day}일", f"오는 {next_month}월 {later_day}일")),
    }


def _local_government(rng: random.Random) -> Facts:
    """A 시/구/군 with its head's title and the one-word name used after the first mention."""
    kind = rng.choice(("metro", "district", "city", "county"))
    if kind == "metro":
        city = rng.choice(_METRO_CITIES)
        return {"gov": f"{city}시", "gov_short": f"{city}시", "gov_head": f"{city}시장", "gov_unit": "시"}
    if kind == "district":
        city = rng.choice(tuple(_DISTRICTS_BY_CITY))
        district = rng.choice(_DISTRICTS_BY_CITY[city])
        head = district + ("수" if district.endswith("군") else "청장")
        return {"gov": f"{city} {district}", "gov_short": district, "gov_head": head, "gov_unit": district[-1]}
    if kind == "city":
        city = rng.choice(_OTHER_CITIES)
        return {"gov": f"{city}시", "gov_short": f"{city}시", "gov_head": f"{city}시장", "gov_unit": "시"}
    county = rng.choice(_COUNTIES)
    return {"gov": county, "gov_short": county, "gov_head": f"{county}수", "gov_unit": "군"}


def _city_and_district(rng: random.Random) -> tuple[str, str]:
    city = rng.choice(tuple(_DISTRICTS_BY_CITY))
    return city, rng.choice(_DISTRICTS_BY_CITY[city])


# ---------------------------------------------------------------------------
# 경제
# ---------------------------------------------------------------------------


def _sample_investment(rng: random.Random, facts: Facts, words: Words) -> Facts:
    company, products = rng.choice(_MANUFACTURERS)
    city = rng.choice(_INDUSTRIAL_CITIES)
    year = int(facts["year"][:-1])
    facts.update(_people(rng, ("ceo", "expert", "mayor")))
    facts.update(
        company=company,
        product=rng.choice(products),
        ceo_title=rng.choice(words["ceo_titles"]),
        amount=won_in_eok(_rounded_step(rng, 800, 30000, 100)),
        prev_amount=won_in_eok(_rounded_step(rng, 300, 5000, 100)),
        city=city,
        city_gov=f"{city}시",
        complex=f"{city} {rng.choice(_INDUSTRIAL_ZONES)}",
        jobs=count_of(_rounded_step(rng, 200, 3000, 50)),
        capacity_pct=percent(rng.randint(15, 90), 0),
        completion=f"{year + rng.choice((1, 2))}년 {rng.choice(('상반기', '하반기'))}",
        production_start=f"{year + 2}년",
        univ=rng.choice(_UNIVERSITIES),
        driver=rng.choice(_MARKET_DRIVERS),
    )
    return facts


def _sample_exports(rng: random.Random, facts: Facts, words: Words) -> Facts:
    exports = rng.randint(450, 700) * 10 + rng.randint(0, 9)  # in 천만 달러 → 612억3천만
    growth = rng.uniform(1.5, 25.0)
    imports = int(exports * rng.uniform(0.82, 0.97))
    balance = exports - imports
    chip_exports = int(exports * rng.uniform(0.16, 0.24))
    destination_a, destination_b = rng.sample(words["destinations"], 2)
    facts.update(_people(rng, ("expert", "minister")))
    facts.update(
        data_month=facts["prev_month"],
        exports=_dollars(exports),
        export_pct=percent(growth),
        imports=_dollars(imports),
        import_pct=percent(rng.uniform(-5.0, 12.0) + 5.0),
        balance=_dollars(balance),
        chip_exports=_dollars(chip_exports),
        chip_pct=percent(rng.uniform(10.0, 60.0)),
        streak=f"{rng.randint(2, 18)}개월",
        destination_a=destination_a,
        destination_b=destination_b,
        export_target=f"{korean_number(rng.choice((6800, 7000, 7200)))}억 달러",
        institute=rng.choice(_INSTITUTES),
    )
    return facts


def _dollars(ten_millions: int) -> str:
    """An amount in units of 천만 달러: 6123 → '612억3천만 달러'."""
    eok, rest = divmod(ten_millions, 10)
    return f"{korean_number(eok)}억{rest}천만 달러" if rest else f"{korean_number(eok)}억 달러"


# ---------------------------------------------------------------------------
# 금융·증시
# ---------------------------------------------------------------------------


def _sample_stock_market(rng: random.Random, facts: Facts, words: Words) -> Facts:
    rising = rng.random() < 0.55
    close = rng.uniform(2300, 3100)
    change = close * rng.uniform(0.002, 0.03)
    kosdaq = rng.uniform(650, 950)
    fx = rng.uniform(1280, 1480)
    facts.update(_people(rng, ("analyst",)))
    facts.update(
        close=f"{close:,.2f}",
        change_points=f"{change:.2f}포인트",
        change_pct=percent(change / (close - change if rising else close + change) * 100, 2),
        kosdaq_close=f"{kosdaq:.2f}",
        kosdaq_points=f"{kosdaq * rng.uniform(0.002, 0.025):.2f}포인트",
        fx=f"{fx:,.1f}원",
        fx_change=f"{rng.uniform(0.5, 12.0):.1f}원",
        net_amount=won_in_eok(_rounded_step(rng, 300, 9000, 10)),
        investor=rng.choice(words["investors"]),
        securities=rng.choice(_SECURITIES_FIRMS),
        company=rng.choice(_MANUFACTURERS)[0],
        stock_pct=percent(rng.uniform(1.0, 12.0), 2),
    )
    facts.update(_wording(rng, words["rising" if rising else "falling"], facts))
    facts["w_kosdaq_adj"] = rng.choice(words["w_kosdaq_adj"])
    return facts


def _sample_base_rate(rng: random.Random, facts: Facts, words: Words) -> Facts:
    previous = rng.choice((2.50, 2.75, 3.00, 3.25, 3.50))
    cut = rng.random() < 0.45
    rate = previous - 0.25 if cut else previous
    facts.update(_people(rng, ("governor", "analyst")))
    facts.update(
        rate=percent(rate, 2),
        previous_rate=percent(previous, 2),
        gap=points(rng.choice((1.25, 1.50, 1.75, 2.00))),
        growth=percent(rng.choice((1.5, 1.6, 1.8, 1.9, 2.0, 2.1, 2.2))),
        cpi=percent(rng.uniform(1.8, 3.1)),
        streak=f"{rng.randint(2, 6)}차례",
        securities=rng.choice(_SECURITIES_FIRMS),
    )
    facts.update(_wording(rng, words["cut" if cut else "hold"], facts))
    return facts


# ---------------------------------------------------------------------------
# 부동산
# ---------------------------------------------------------------------------


def _sample_housing_prices(rng: random.Random, facts: Facts, words: Words) -> Facts:
    city = rng.choice(words["cities"])
    rising = rng.random() < 0.6
    sign = 1 if rising else -1
    change = rng.randint(1, 35) / 100
    facts.update(_people(rng, ("expert",)))
    facts.update(
        city=city,
        district=rng.choice(_DISTRICTS_BY_CITY[city]),
        week=f"{facts['month']} {rng.choice(_ORDINAL_WEEKS)} 주",
        price_pct=percent(change, 2),
        district_change=percent(sign * (change + rng.randint(3, 30) / 100), 2),
        rent_pct=percent(rng.randint(1, 25) / 100, 2),
        weeks=f"{rng.randint(2, 30)}주",
        supply=count_of(_rounded_step(rng, 3000, 40000, 100), "가구"),
        univ=rng.choice(_UNIVERSITIES),
        w_rent_verb=rng.choice(words["w_rent_verb"]),
    )
    facts.update(_wording(rng, words["rising" if rising else "falling"], facts))
    return facts


def _sample_subscription(rng: random.Random, facts: Facts, words: Words) -> Facts:
    city, district = _city_and_district(rng)
    units = _rounded_step(rng, 120, 1500, 1)
    ratio = rng.uniform(3.0, 180.0)
    applicants = int(units * ratio)
    year = int(facts["year"][:-1])
    facts.update(_people(rng, ("expert",)))
    facts.update(
        city=city,
        district=district,
        builder=rng.choice(_BUILDERS),
        complex_name=f"‘{district[:-1] if len(district) > 2 else city} {rng.choice(_BUILDERS)[:2]} {rng.choice(_APARTMENT_BRANDS)}’",
        units=count_of(units, "가구"),
        applicants=count_of(applicants),
        ratio=f"{ratio:.1f}",
        top_type=f"{rng.choice((59, 74, 84, 101, 114))}㎡",
        top_ratio=f"{ratio * rng.uniform(1.5, 4.0):.1f}",
        price=won(_rounded_step(rng, 1500, 6000, 10) * 10**4),
        floors=f"지하 {rng.randint(1, 3)}층~지상 {rng.randint(15, 49)}층",
        buildings=f"{rng.randint(3, 15)}개 동",
        total_units=count_of(units + _rounded_step(rng, 100, 1500, 1), "가구"),
        contract=f"같은 달 {rng.randint(10, 14)}일부터 {rng.randint(15, 18)}일까지",
        move_in=f"{year + 3}년 {rng.randint(1, 12)}월",
        univ=rng.choice(_UNIVERSITIES),
    )
    return facts


# ---------------------------------------------------------------------------
# 정치
# ---------------------------------------------------------------------------


def _sample_bill(rng: random.Random, facts: Facts, words: Words) -> Facts:
    bill = rng.choice(words["bills"])
    present = rng.randint(240, 295)
    no_votes = rng.randint(0, 40)
    abstentions = rng.randint(0, 20)
    facts.update(_people(rng, ("sponsor",)))
    facts.update(
        bill=bill["bill"],
        content=bill["content"],
        committee=bill["committee"],
        present=f"{present}명",
        yes=f"{present - no_votes - abstentions}명",
        no=f"{no_votes}명",
        abstain=f"{abstentions}명",
        effective=_fill(rng.choice(words["effective"]), facts),
        w_sponsor_side=rng.choice(words["w_sponsor_side"]),
    )
    return facts


# ---------------------------------------------------------------------------
# 지방행정
# ---------------------------------------------------------------------------


def _sample_local_program(rng: random.Random, facts: Facts, words: Words) -> Facts:
    program = rng.choice(words["programs"])
    count = _rounded_step(rng, 200, 12000, 50)
    budget = _rounded_step(rng, 5, 300, 1)
    facts.update(_local_government(rng))
    facts.update(_people(rng, ("head",)))
    facts.update(
        program=program["program"],
        target=program["target"],
        benefit=program["benefit"],
        count=count_of(count),
        budget=won_in_eok(budget),
        budget_pct=percent(rng.uniform(5, 60)),
        pilot=count_of(_rounded_step(rng, 50, 1500, 10)),
        satisfaction=percent(rng.uniform(82, 97)),
        apply_start=facts["sched_date"],
        apply_end=f"{rng.randint(1, 28)}일",
    )
    return facts


# ---------------------------------------------------------------------------
# 사회
# ---------------------------------------------------------------------------


def _sample_fire(rng: random.Random, facts: Facts, words: Words) -> Facts:
    city, district = _city_and_district(rng)
    building = rng.choice(words["buildings"])
    hour = rng.randint(1, 11)
    facts.update(
        city=city,
        district=district,
        time=f"{rng.choice(('오전', '오후'))} {hour}시 {rng.randrange(0, 60, 5)}분께" if rng.random() < 0.8
        else f"{rng.choice(('오전', '오후'))} {hour}시께",
        building=building["building"],
        floor=f"{rng.randint(1, building['top_floor'])}층",
        injured=f"{rng.randint(1, 9)}명",
        evacuated=f"{rng.randint(10, 80)}명",
        damage=won(_rounded_step(rng, 300, 30000, 50) * 10**4),
        duration=rng.choice((f"{rng.randint(1, 3)}시간 {rng.randint(1, 59)}분", f"{rng.randint(20, 59)}분")),
        firefighters=f"{rng.randint(40, 180)}명",
        engines=f"{rng.randint(12, 60)}대",
        cause=rng.choice(words["causes"]),
        built=f"{rng.randint(1985, 2015)}년",
    )
    return facts


def _sample_phishing(rng: random.Random, facts: Facts, words: Words) -> Facts:
    city = rng.choice(_METRO_CITIES)
    arrested = rng.randint(5, 60)
    victims = rng.randint(20, 400)
    facts.update(
        police=f"{city}경찰청",
        arrested=f"{arrested}명",
        detained=f"{rng.randint(1, max(1, arrested // 3))}명",
        victims=f"{victims}명",
        loss=won_in_eok(rng.randint(3, 120)) if rng.random() < 0.7 else won(_rounded_step(rng, 5000, 95000, 100) * 10**4),
        method=rng.choice(words["methods"]),
        period=f"지난해 {rng.randint(1, 6)}월부터 올해 {rng.randint(1, 6)}월까지",
        elderly=percent(rng.randint(35, 80), 0),
        frozen=won(_rounded_step(rng, 3000, 90000, 100) * 10**4),
        fugitives=f"{rng.randint(1, 9)}명",
    )
    return facts


# ---------------------------------------------------------------------------
# 교육
# ---------------------------------------------------------------------------


def _sample_school_entrants(rng: random.Random, facts: Facts, words: Words) -> Facts:
    entrants = _rounded_step(rng, 240000, 340000, 100)
    previous = int(entrants / (1 - rng.uniform(0.02, 0.12)) // 100 * 100)
    threshold = (entrants // 10000 + 1) * 10000
    zero_schools = rng.randint(100, 220)
    facts.update(_people(rng, ("expert",)))
    facts.update(
        entrants=count_of(entrants),
        previous_entrants=count_of(previous),
        entrant_drop=count_of(previous - entrants),
        entrant_pct=percent((previous - entrants) / previous * 100),
        threshold=count_of(threshold),
        zero_schools=f"{zero_schools}곳",
        zero_increase=f"{rng.randint(5, 40)}곳",
        total_students=count_of(_rounded_step(rng, 5000000, 5300000, 1000)),
        province=rng.choice(_PROVINCES),
        fertility=f"0.{rng.randint(68, 78)}명",
        univ=rng.choice(_UNIVERSITIES),
    )
    return facts


def _sample_university_selection(rng: random.Random, facts: Facts, words: Words) -> Facts:
    selected = rng.randint(5, 20)
    facts.update(_people(rng, ("minister", "president")))
    facts.update(
        program=rng.choice(words["programs"]),
        univ=rng.choice(_UNIVERSITIES),
        selected=f"{selected}개",
        applicants=f"{selected * rng.randint(3, 8) + rng.randint(0, 4)}개",
        years=f"{rng.choice((3, 4, 5))}년",
        funding=won_in_eok(rng.choice((50, 100, 150, 200, 300, 500, 1000))),
        launch_year=f"{int(facts['year'][:-1]) - rng.randint(1, 3)}년",
    )
    return facts


# ---------------------------------------------------------------------------
# 보건·의료
# ---------------------------------------------------------------------------


_FLU_WEEKS_BY_MONTH = {11: 44, 12: 48, 1: 1, 2: 5}  # first ISO week of the month, roughly


def _sample_influenza(rng: random.Random, facts: Facts, words: Words) -> Facts:
    month = rng.choice((11, 12, 1, 2))
    facts.update(_calendar_facts(rng, month=month))
    previous = rng.uniform(8.0, 60.0)
    growth = rng.uniform(8.0, 70.0)
    rate = previous * (1 + growth / 100)
    threshold = rng.choice((8.6, 8.8, 9.1))
    age_rate = rate * rng.uniform(1.6, 3.0)
    facts.update(_people(rng, ("expert", "doctor")))
    facts.update(
        week=f"{_FLU_WEEKS_BY_MONTH[month] + rng.randint(0, 3)}주차",
        rate=f"{rate:.1f}명",
        previous_rate=f"{previous:.1f}명",
        rate_pct=percent(growth),
        age_group=rng.choice(words["age_groups"]),
        age_rate=f"{age_rate:.1f}명",
        threshold=f"{threshold}명",
        times=f"{age_rate / threshold:.1f}배",
        vaccination=percent(rng.uniform(70, 85)),
        univ=rng.choice(_UNIVERSITIES),
    )
    return facts


def _sample_insurance(rng: random.Random, facts: Facts, words: Words) -> Facts:
    before = _rounded_step(rng, 300, 9000, 10)  # 만 원
    after = int(before * rng.uniform(0.05, 0.3))
    facts.update(_people(rng, ("expert",)))
    facts.update(
        treatment=rng.choice(words["treatments"]),
        apply_date=_fill(rng.choice(words["apply_dates"]), facts),
        before=won(before * 10**4),
        after=won(max(after, 10) * 10**4),
        patients=count_of(_rounded_step(rng, 300, 60000, 100)),
        cost=won_in_eok(rng.randint(40, 1500)),
        previous_items=f"{rng.randint(5, 30)}개",
        univ=rng.choice(_UNIVERSITIES),
    )
    return facts


# ---------------------------------------------------------------------------
# IT·과학
# ---------------------------------------------------------------------------


def _sample_research(rng: random.Random, facts: Facts, words: Words) -> Facts:
    technology = rng.choice(words["technologies"])
    facts.update(_people(rng, ("professor", "researcher")))
    facts.update(
        univ=rng.choice(_UNIVERSITIES),
        department=technology["department"],
        technology=technology["technology"],
        metric=technology["metric"],
        improvement=percent(rng.randint(15, 180), 0) if rng.random() < 0.7 else f"{rng.randint(2, 9)}배",
        journal=rng.choice(words["journals"]),
        cycles=f"{korean_number(_rounded_step(rng, 500, 10000, 100))}",
        retention=percent(rng.uniform(85, 99)),
        partner=rng.choice(_MANUFACTURERS)[0],
        commercial_year=f"{int(facts['year'][:-1]) + rng.randint(2, 5)}년",
    )
    return facts


def _sample_service_launch(rng: random.Random, facts: Facts, words: Words) -> Facts:
    facts.update(_people(rng, ("ceo", "expert")))
    facts.update(
        it_company=rng.choice(_IT_COMPANIES),
        service=rng.choice(words["service_names"]),
        service_kind=rng.choice(words["service_kinds"]),
        price=won(rng.choice((4900, 6900, 9900, 12900, 14900, 19900))),
        beta_users=count_of(_rounded_step(rng, 3000, 300000, 100)),
        target_users=count_of(rng.choice((50, 100, 200, 300)) * 10**4),
        market_size=won_in_eok(_rounded_step(rng, 5000, 50000, 1000)),
        partners=f"{rng.randint(5, 40)}개",
        univ=rng.choice(_UNIVERSITIES),
    )
    return facts


# ---------------------------------------------------------------------------
# 스포츠
# ---------------------------------------------------------------------------


def _three_clubs(rng: random.Random, clubs: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(rng.sample(list(clubs), 3))


def _sample_football(rng: random.Random, facts: Facts, words: Words) -> Facts:
    (home, stadium), (away, _), (next_opponent, _) = _three_clubs(rng, _FOOTBALL_CLUBS)
    winner_goals = rng.randint(1, 4)
    loser_goals = rng.randint(0, winner_goals - 1)
    facts.update(_people(rng, ("scorer", "coach", "away_coach"), _MALE_GIVEN_NAMES))
    facts.update(
        home=home,
        away=away,
        stadium=stadium,
        next_opponent=next_opponent,
        score=f"{winner_goals}-{loser_goals}",
        round=f"{rng.randint(3, 36)}라운드",
        minute=f"{rng.randint(46, 90)}분",
        points=str(rng.randint(10, 70)),
        rank=f"{rng.randint(1, 8)}위",
        attendance=count_of(_rounded_step(rng, 4000, 40000, 10)),
        winless=f"{rng.randint(3, 7)}경기",
    )
    return facts


def _sample_baseball(rng: random.Random, facts: Facts, words: Words) -> Facts:
    (home, stadium), (away, _), (next_opponent, _) = _three_clubs(rng, _BASEBALL_CLUBS)
    winner_runs = rng.randint(2, 12)
    loser_runs = rng.randint(0, winner_runs - 1)
    facts.update(_people(rng, ("pitcher", "hitter", "manager"), _MALE_GIVEN_NAMES))
    facts.update(
        home=home,
        away=away,
        stadium=stadium,
        next_opponent=next_opponent,
        score=f"{winner_runs}-{loser_runs}",
        win_streak=f"{rng.randint(2, 8)}연승",
        innings=f"{rng.randint(5, 8)}이닝",
        strikeouts=f"{rng.randint(3, 11)}개",
        runs_allowed=f"{rng.randint(0, min(3, loser_runs))}실점",
        wins=f"{rng.randint(2, 15)}승째",
        inning=f"{rng.randint(1, 9)}회",
        homer=rng.choice(words["homers"]),
        attendance=count_of(_rounded_step(rng, 8000, 24000, 10)),
        losses=f"{rng.randint(2, 6)}연패",
    )
    return facts


# ---------------------------------------------------------------------------
# 문화
# ---------------------------------------------------------------------------


def _sample_festival(rng: random.Random, facts: Facts, words: Words) -> Facts:
    facts.update(_local_government(rng))
    place = facts["gov_short"][:-1]
    edition = rng.randint(2, 30)
    last_visitors = _rounded_step(rng, 20000, 900000, 1000)
    facts.update(_people(rng, ("head",)))
    facts.update(
        festival=f"‘제{edition}회 {place} {rng.choice(words['themes'])}축제’",
        venue=f"{place} {rng.choice(words['venues'])}",
        days=f"{rng.randint(2, 10)}일",
        programs=f"{rng.randint(12, 80)}개",
        last_visitors=count_of(last_visitors),
        expected=count_of(int(last_visitors * rng.uniform(1.05, 1.4)) // 1000 * 1000),
        opening_hour=f"오후 {rng.randint(5, 7)}시",
        parking=f"{rng.randint(3, 15)}곳",
        first_year=f"{int(facts['year'][:-1]) - edition + 1}년",
    )
    return facts


def _sample_exhibition(rng: random.Random, facts: Facts, words: Words) -> Facts:
    city = rng.choice(_METRO_CITIES + _OTHER_CITIES)
    facts.update(_people(rng, ("curator", "director")))
    facts.update(
        museum=city + rng.choice(words["museum_kinds"]),
        title=rng.choice(words["titles"]),
        artists=rng.choice(words["artist_groups"]),
        works=f"{rng.randint(40, 300)}점",
        sections=f"{rng.randint(3, 6)}부",
        ticket=rng.choice(words["tickets"]),
        end_date=f"{facts['next_year']} {rng.randint(1, 12)}월 {rng.randint(1, 28)}일",
        unseen=f"{rng.randint(5, 30)}점",
        previous_visitors=count_of(_rounded_step(rng, 30000, 400000, 1000)),
    )
    return facts


# ---------------------------------------------------------------------------
# 날씨·환경
# ---------------------------------------------------------------------------


def _sample_cold_wave(rng: random.Random, facts: Facts, words: Words) -> Facts:
    facts.update(_calendar_facts(rng, month=rng.choice((12, 1, 2))))
    seoul_low = rng.randint(8, 17)
    facts.update(_people(rng, ("expert",)))
    facts.update(
        forecast_day=facts["next_day"],
        seoul_low=f"영하 {seoul_low}도",
        feels=f"영하 {seoul_low + rng.randint(4, 8)}도",
        cold_region=rng.choice(words["cold_regions"]),
        lowest=f"영하 {seoul_low + rng.randint(2, 7)}도",
        high_range=f"영하 {rng.randint(4, 8)}도에서 영상 {rng.randint(0, 3)}도",
        warning=rng.choice(words["warnings"]),
        snow=f"{rng.randint(1, 3)}~{rng.randint(4, 8)}㎝",
    )
    thaw_date = f"{min(28, int(facts['day'][:-1]) + rng.randint(3, 4))}일"  # drawn before the choice below
    facts["thaw_day"] = _fill(rng.choice(words["thaw_days"]), {"thaw_date": thaw_date})
    facts["univ"] = rng.choice(_UNIVERSITIES)
    return facts


def _sample_fine_dust(rng: random.Random, facts: Facts, words: Words) -> Facts:
    previous = rng.uniform(17.0, 24.0)
    drop = rng.uniform(3.0, 18.0)
    concentration = previous * (1 - drop / 100)
    good_days = rng.randint(120, 200)
    bad_days = rng.randint(20, 60)
    facts.update(_people(rng, ("expert",)))
    clean, dirty = rng.sample(words["regions"], 2)
    facts.update(
        concentration=f"{concentration:.1f}㎍/㎥",
        dust_pct=percent(drop),
        good_days=f"{good_days}일",
        good_increase=f"{rng.randint(5, 30)}일",
        bad_days=f"{bad_days}일",
        bad_decrease=f"{rng.randint(3, 20)}일",
        target_year=f"{int(facts['year'][:-1]) + rng.randint(3, 6)}년",
        target=f"{rng.choice((12, 13, 14, 15))}㎍/㎥",
        clean_region=clean,
        dirty_region=dirty,
        institute=rng.choice(_INSTITUTES),
    )
    return facts


# ---------------------------------------------------------------------------
# 국제
# ---------------------------------------------------------------------------


def _sample_bilateral(rng: random.Random, facts: Facts, words: Words) -> Facts:
    country, capital = rng.choice(_COUNTRIES)
    field_a, field_b = rng.sample(_COOPERATION_FIELDS, 2)
    day = int(facts["day"][:-1])
    facts.update(_people(rng, ("minister",)))
    facts.update(
        ministry=rng.choice(words["ministries"]),
        country=country,
        capital=capital,
        counterpart=rng.choice(words["counterparts"]),
        fields=f"{attach_particle(field_a, '과')} {field_b}",
        mou_count=f"{rng.randint(2, 12)}건",
        trade=_dollars(rng.randint(300, 9000)),
        trade_pct=percent(rng.uniform(2.0, 35.0)),
        trip_end=f"{day + rng.randint(1, 3)}일",
    )
    return facts


# ---------------------------------------------------------------------------
# Frames: news_templates/<key>.yaml + the sampler above
# ---------------------------------------------------------------------------

# Order matters: topics and frames are drawn by position, so a new frame goes at the end
# (and changes the corpus: regenerate the bundled files).
_FRAME_SAMPLERS: tuple[tuple[str, Callable[[random.Random, Facts, Words], Facts]], ...] = (
    ("investment", _sample_investment),
    ("exports", _sample_exports),
    ("stock_market", _sample_stock_market),
    ("base_rate", _sample_base_rate),
    ("housing_prices", _sample_housing_prices),
    ("subscription", _sample_subscription),
    ("bill", _sample_bill),
    ("local_program", _sample_local_program),
    ("fire", _sample_fire),
    ("phishing", _sample_phishing),
    ("school_entrants", _sample_school_entrants),
    ("university_selection", _sample_university_selection),
    ("influenza", _sample_influenza),
    ("insurance", _sample_insurance),
    ("research", _sample_research),
    ("service_launch", _sample_service_launch),
    ("football", _sample_football),
    ("baseball", _sample_baseball),
    ("festival", _sample_festival),
    ("exhibition", _sample_exhibition),
    ("cold_wave", _sample_cold_wave),
    ("fine_dust", _sample_fine_dust),
    ("bilateral", _sample_bilateral),
)
FRAMES: tuple[Frame, ...] = tuple(load_frame(key, sampler) for key, sampler in _FRAME_SAMPLERS)
TOPICS: tuple[str, ...] = tuple(dict.fromkeys(frame.topic for frame in FRAMES))
_FRAMES_BY_TOPIC = {topic: tuple(frame for frame in FRAMES if frame.topic == topic) for topic in TOPICS}

# ---------------------------------------------------------------------------
# Article assembly
# ---------------------------------------------------------------------------

# Orders of the body sentences after the lead; kinds missing from an article are skipped.
_BODY_ORDERS = (
    ("figure", "quote", "background", "schedule", "quote", "background"),
    ("figure", "background", "quote", "background", "quote", "schedule"),
    ("background", "figure", "quote", "schedule", "quote", "background"),
    ("figure", "schedule", "background", "quote", "background", "quote"),
    ("figure", "quote", "schedule", "background", "quote", "background"),
)


@dataclass(frozen=True)
class Article:
    """One generated example, with the facts its summary states (for faithfulness checks)."""

    topic: str
    frame: str
    sentences: tuple[str, ...]
    summary: str
    summary_facts: tuple[str, ...]

    @property
    def document(self) -> str:
        return " ".join(self.sentences)


MIN_DOCUMENT_CHARS = 250
MAX_BODY_SENTENCES = 6


def _body_sentences(rng: random.Random, frame: Frame, facts: Facts, lead: str) -> list[str]:
    """4-6 sentences after the lead: figures and schedule always, 1-2 quotes, 1-2 backgrounds.

    A draw that stays under MIN_DOCUMENT_CHARS gets one more background or quote.
    """
    figure, schedule = rng.choice(frame.figures), rng.choice(frame.schedules)
    quotes = rng.sample(frame.quotes, 2)
    backgrounds = rng.sample(frame.backgrounds, 2)
    n_quotes, n_backgrounds = rng.choice(((1, 1), (1, 2), (2, 1), (2, 2)))
    order = rng.choice(_BODY_ORDERS)
    while True:
        chosen = {
            "figure": [figure],
            "schedule": [schedule],
            "quote": quotes[:n_quotes],
            "background": backgrounds[:n_backgrounds],
        }
        body = [chosen[kind].pop(0).render(facts) for kind in order if chosen[kind]]
        length = len(lead) + sum(len(sentence) + 1 for sentence in body)
        if length >= MIN_DOCUMENT_CHARS or len(body) >= MAX_BODY_SENTENCES:
            return body
        if n_backgrounds < 2:
            n_backgrounds += 1
        else:
            n_quotes += 1


def _faithful_summary(frame: Frame, lead_index: int, facts: Facts, document: str) -> tuple[str, tuple[str, ...]]:
    """The summary paired with the lead template, or the next one whose facts all occur in the document."""
    count = len(frame.summaries)
    for offset in range(count):
        template = frame.summaries[(lead_index + offset) % count]
        stated = template.fact_values(facts)
        if all(value in document for value in stated):
            return template.render(facts), stated
    raise RuntimeError(f"no faithful summary template for frame {frame.name!r}: {document}")


def generate_article(rng: random.Random, frame: Frame | None = None) -> Article:
    """Draw one article (topic uniform, then frame uniform within the topic unless given)."""
    frame = frame or rng.choice(_FRAMES_BY_TOPIC[rng.choice(TOPICS)])
    facts = frame.sample_facts(rng, _calendar_facts(rng))
    lead_index = rng.randrange(len(frame.leads))
    lead = frame.leads[lead_index].render(facts)
    sentences = [lead, *_body_sentences(rng, frame, facts, lead)]
    sentences = [nfc(sentence) for sentence in sentences]
    document = " ".join(sentences)
    summary, stated = _faithful_summary(frame, lead_index, facts, document)
    return Article(frame.topic, frame.name, tuple(sentences), nfc(summary), stated)


def generate_articles(count: int, seed: int = DEFAULT_SEED, *, exclude: set[str] | None = None) -> list[Article]:
    """``count`` articles whose documents are pairwise distinct (and not in ``exclude``)."""
    rng = random.Random(seed)
    seen = exclude if exclude is not None else set()
    articles: list[Article] = []
    while len(articles) < count:
        article = generate_article(rng)
        if article.document in seen:
            continue
        seen.add(article.document)
        articles.append(article)
    return articles


def _record(split: str, index: int, width: int, article: Article) -> dict[str, str]:
    return {
        "id": f"{ID_PREFIX}-{split}-{index:0{width}d}",
        "document": article.document,
        "summary": article.summary,
        "topic": article.topic,
    }


def generate_corpus(n_train: int = 5000, n_validation: int = 250, n_test: int = 250, seed: int = DEFAULT_SEED) -> dict[str, list[dict[str, str]]]:
    """Train/validation/test records from one article stream: same distribution, no shared document.

    Articles are drawn in one sequence and cut into splits in order, so validation and
    test follow the training distribution while a document never appears twice.
    """
    sizes = {"train": n_train, "validation": n_validation, "test": n_test}
    if any(size < 0 for size in sizes.values()):
        raise ValueError(f"split sizes must be >= 0, got {sizes}")
    articles = generate_articles(sum(sizes.values()), seed)
    corpus: dict[str, list[dict[str, str]]] = {}
    start = 0
    for split in SPLITS:
        size = sizes[split]
        width = max(5, len(str(size)))
        corpus[split] = [_record(split, i + 1, width, a) for i, a in enumerate(articles[start : start + size])]
        start += size
    return corpus


# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------


def jsonl_bytes(records: Iterable[dict[str, str]]) -> bytes:
    """UTF-8 JSON lines with Hangul kept readable (ensure_ascii=False)."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records).encode("utf-8")


def gzip_bytes(payload: bytes, inner_name: str) -> bytes:
    """Gzip with a fixed header (mtime 0, fixed file name) so regeneration is byte-identical."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename=inner_name, mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as stream:
        stream.write(payload)
    return buffer.getvalue()


def split_file_name(split: str) -> str:
    return f"{split}.jsonl.gz"


def write_corpus(corpus: dict[str, list[dict[str, str]]], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for split, records in corpus.items():
        path = out_dir / split_file_name(split)
        path.write_bytes(gzip_bytes(jsonl_bytes(records), inner_name=f"{split}.jsonl"))
        paths.append(path)
    return paths


def read_split(path: Path) -> list[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return [json.loads(line) for line in stream]


def bundled_dir() -> Path:
    return Path(__file__).resolve().parents[1] / "summarizer" / "data" / "bundled"


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=bundled_dir(), help="output folder (default: the bundled folder)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    for split in SPLITS:
        parser.add_argument(f"--{split}", type=int, default=DEFAULT_SPLIT_SIZES[split], help=f"number of {split} examples")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    started = time.perf_counter()
    corpus = generate_corpus(args.train, args.validation, args.test, seed=args.seed)
    paths = write_corpus(corpus, args.out)
    elapsed = time.perf_counter() - started
    for path in paths:
        print(f"{path}  {path.stat().st_size:,} bytes")
    print(f"{sum(len(r) for r in corpus.values())} examples in {elapsed:.2f}s (seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
