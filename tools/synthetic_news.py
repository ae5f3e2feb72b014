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

Everything is deterministic given the seed, and the gzip files carry no timestamp, so
``python -m tools.synthetic_news --out summarizer/data/bundled`` reproduces the
committed files byte for byte (a test checks that code and data never drift).

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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from summarizer.metrics.text import nfc
from tools.korean_particles import attach_particle

DEFAULT_SEED = 20240613
SPLITS = ("train", "validation", "test")
DEFAULT_SPLIT_SIZES = {"train": 5000, "validation": 250, "test": 250}
ID_PREFIX = "ko-news"
WORDING_SLOT_PREFIX = "w_"  # slots that carry wording (오른/내린), not facts; exempt from faithfulness

Facts = dict[str, str]

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
    """One event type of a topic: how to draw its facts and how to phrase it."""

    topic: str
    name: str
    sample_facts: Callable[[random.Random, Facts], Facts]
    leads: tuple[Template, ...]
    figures: tuple[Template, ...]
    quotes: tuple[Template, ...]
    backgrounds: tuple[Template, ...]
    schedules: tuple[Template, ...]
    summaries: tuple[Template, ...]

    @property
    def templates(self) -> tuple[Template, ...]:
        return self.leads + self.figures + self.quotes + self.backgrounds + self.schedules + self.summaries


def _frame(topic: str, name: str, sampler: Callable[[random.Random, Facts], Facts], **slots: Sequence[str]) -> Frame:
    parsed = {slot: tuple(Template.parse(text) for text in texts) for slot, texts in slots.items()}
    return Frame(topic=topic, name=name, sample_facts=sampler, **parsed)


# ---------------------------------------------------------------------------
# Entity pools (names of people, companies, universities and teams are fictional)
# ---------------------------------------------------------------------------

_SURNAMES_WITH_WEIGHTS = (
    ("김", 215), ("이", 147), ("박", 84), ("최", 47), ("정", 43), ("강", 24), ("조", 21), ("윤", 21),
    ("장", 20), ("임", 17), ("한", 15), ("오", 15), ("서", 15), ("신", 15), ("권", 14), ("황", 14),
    ("안", 14), ("송", 13), ("전", 11), ("홍", 11), ("유", 11), ("고", 9), ("문", 9), ("양", 9),
    ("손", 9), ("배", 8), ("백", 7), ("허", 6), ("남", 6), ("심", 5), ("노", 4), ("하", 4), ("곽", 4),
    ("성", 4), ("차", 4), ("주", 4), ("우", 4), ("구", 4), ("민", 3), ("진", 3), ("나", 3), ("지", 3),
    ("엄", 3), ("채", 3), ("원", 3), ("천", 2), ("방", 2), ("공", 2), ("현", 2), ("함", 2), ("변", 2),
    ("염", 2), ("여", 2), ("추", 1), ("도", 1), ("석", 1), ("선", 1), ("설", 1), ("마", 1), ("길", 1),
    ("연", 1), ("위", 1), ("표", 1), ("명", 1), ("기", 1), ("반", 1), ("남궁", 1), ("황보", 1),
)
_SURNAMES = tuple(name for name, _ in _SURNAMES_WITH_WEIGHTS)
_SURNAME_CUMULATIVE_WEIGHTS: tuple[int, ...] = tuple(
    sum(weight for _, weight in _SURNAMES_WITH_WEIGHTS[: index + 1]) for index in range(len(_SURNAMES_WITH_WEIGHTS))
)
_MALE_GIVEN_NAMES = (
    "민준", "서준", "도윤", "예준", "시우", "하준", "주원", "지호", "지후", "준우", "준서", "건우", "현우", "우진", "선우", "서진", "민재",
    "현준", "연우", "유준", "정우", "승우", "승현", "시윤", "준혁", "은우", "지환", "승민", "윤우", "민성", "준영", "진우", "수호", "재윤",
    "영수", "영호", "영철", "정호", "정훈", "성호", "성민", "성진", "상훈", "상철", "상우", "동현", "동욱", "동훈", "재훈", "재현", "재석",
    "재형", "종현", "종민", "태호", "태윤", "기현", "광수", "병철", "명수", "경수", "진호", "준호", "창민", "형준", "석진", "용준", "인호",
    "대현", "승철", "규현", "현석",
)
_FEMALE_GIVEN_NAMES = (
    "서연", "서윤", "지우", "서현", "민서", "하은", "하윤", "윤서", "지유", "지민", "채원", "지윤", "은서", "수아", "다은", "예은", "지아",
    "수빈", "소윤", "예린", "민지", "영숙", "정희", "미경", "은정", "혜진", "현주", "수진", "지영", "은영", "미영", "정민", "선영", "경희",
    "미숙", "명희", "혜원", "소영", "지현", "유진", "보람", "나래", "수연", "은주", "희정", "정아", "혜숙", "윤희",
)
_GIVEN_NAMES = _MALE_GIVEN_NAMES + _FEMALE_GIVEN_NAMES
_DISTRICTS_BY_CITY = {
    "서울": ("강남구", "마포구", "송파구", "노원구", "관악구", "성동구", "은평구", "영등포구", "서초구", "강서구", "동작구", "광진구"),
    "부산": ("해운대구", "수영구", "사하구", "동래구", "부산진구", "연제구"),
    "대구": ("수성구", "달서구", "북구", "동구"),
    "인천": ("연수구", "부평구", "남동구", "서구", "미추홀구"),
    "광주": ("북구", "광산구", "서구", "남구"),
    "대전": ("유성구", "서구", "대덕구", "중구"),
    "울산": ("남구", "중구", "북구", "울주군"),
    "수원": ("영통구", "팔달구", "장안구", "권선구"),
    "성남": ("분당구", "수정구", "중원구"),
    "고양": ("일산동구", "일산서구", "덕양구"),
    "용인": ("수지구", "기흥구", "처인구"),
    "청주": ("흥덕구", "상당구", "청원구", "서원구"),
    "전주": ("완산구", "덕진구"),
    "창원": ("의창구", "성산구", "마산합포구"),
}
_METRO_CITIES = ("서울", "부산", "대구", "인천", "광주", "대전", "울산")
_OTHER_CITIES = ("강릉", "춘천", "원주", "여수", "순천", "목포", "경주", "안동", "김해", "군산", "제주", "구미",
                 "평택", "아산", "익산", "충주", "진주", "거제", "속초", "통영")
_COUNTIES = ("양평군", "가평군", "횡성군", "보성군", "고창군", "하동군", "단양군", "영월군", "남해군", "홍천군")
_INDUSTRIAL_CITIES = ("울산", "구미", "평택", "청주", "천안", "포항", "창원", "광양", "여수", "당진", "군산", "아산", "김해", "익산", "충주")
_INDUSTRIAL_ZONES = ("국가산업단지", "일반산업단지", "첨단산업단지", "테크노밸리")
_PROVINCES = ("전남", "경북", "강원", "전북", "경남", "충남", "충북")
_UNIVERSITIES = ("한빛대", "가온대", "서해대", "동성대", "누리대", "청람대", "해든대", "다솜대", "미르대", "한마루대", "온빛대", "새봄대")
_INSTITUTES = ("미래경제연구원", "한빛경제연구소", "국토정책연구원", "산업전략연구소", "금융미래연구원", "기후환경연구원", "디지털미래연구소")
_SECURITIES_FIRMS = ("가온투자증권", "동방증권", "새빛증권", "한누리증권", "미르증권", "청람투자증권")
_MANUFACTURERS = (
    ("한빛전자", ("전력 반도체", "차량용 디스플레이", "인공지능 반도체")),
    ("대성케미칼", ("배터리 양극재", "친환경 플라스틱", "수소 저장 소재")),
    ("누리배터리", ("전기차 배터리", "에너지저장장치(ESS)")),
    ("동해중공업", ("해상풍력 하부구조물", "LNG 운반선 부품")),
    ("세진바이오", ("바이오 의약품", "항체 치료제")),
    ("한결모빌리티", ("전기차 구동 모터", "자율주행 센서")),
    ("서진로보틱스", ("산업용 로봇", "협동 로봇")),
    ("금강소재", ("2차전지 분리막", "탄소섬유")),
    ("우림디스플레이", ("OLED 패널", "마이크로 LED")),
    ("태평양정밀", ("반도체 장비 부품", "정밀 감속기")),
    ("해솔에너지", ("태양광 모듈", "수소 연료전지")),
    ("가람푸드", ("가정간편식", "식물성 단백질 식품")),
)
_MARKET_DRIVERS = ("전기차 보급 확대", "인공지능 산업 성장", "친환경 규제 강화", "글로벌 공급망 재편", "데이터센터 증설")
_IT_COMPANIES = ("누리소프트", "한결테크", "가온클라우드", "미르네트웍스", "온빛소프트", "새솔AI", "다온랩스")
_BUILDERS = ("청운건설", "한울건설", "대림산업개발", "동양종합건설", "새한이앤씨", "가온건설")
_APARTMENT_BRANDS = ("센트럴파크", "리버뷰", "더퍼스트", "포레스트", "스카이시티", "하이츠", "에코시티")
_FOOTBALL_CLUBS = (
    ("서울 청룡", "서울월드컵경기장"), ("부산 갈매기", "부산아시아드주경기장"), ("대구 불꽃", "대구iM뱅크파크"),
    ("인천 해오름", "인천축구전용경기장"), ("광주 빛고을", "광주축구전용구장"), ("대전 한울", "대전월드컵경기장"),
    ("울산 고래", "울산문수축구경기장"), ("수원 불사조", "수원종합운동장"), ("전주 녹색전사", "전주월드컵경기장"),
    ("포항 철마", "포항스틸야드"), ("제주 감귤", "제주월드컵경기장"), ("강원 산악", "춘천송암스포츠타운"),
)
_BASEBALL_CLUBS = (
    ("서울 유니콘스", "서울 고척스카이돔"), ("인천 바다새", "인천 문학야구장"), ("수원 별빛", "수원 야구장"),
    ("대전 한밭", "대전 한밭야구장"), ("광주 호랑이", "광주 챔피언스필드"), ("대구 독수리", "대구 라이온즈파크"),
    ("부산 등대", "부산 사직야구장"), ("창원 공룡", "창원 NC파크"), ("서울 곰돌이", "서울 잠실야구장"), ("고양 코끼리", "고양 야구장"),
)
_COUNTRIES = (
    ("베트남", "하노이"), ("인도네시아", "자카르타"), ("폴란드", "바르샤바"), ("사우디아라비아", "리야드"),
    ("호주", "캔버라"), ("캐나다", "오타와"), ("인도", "뉴델리"), ("멕시코", "멕시코시티"),
    ("우즈베키스탄", "타슈켄트"), ("칠레", "산티아고"), ("아랍에미리트(UAE)", "아부다비"), ("카자흐스탄", "아스타나"),
)
_COOPERATION_FIELDS = ("에너지", "핵심광물 공급망", "인프라", "디지털", "방위산업", "보건의료", "농업", "원전")
_ORDINAL_WEEKS = ("첫째", "둘째", "셋째", "넷째")


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


def _sample_investment(rng: random.Random, facts: Facts) -> Facts:
    company, products = rng.choice(_MANUFACTURERS)
    city = rng.choice(_INDUSTRIAL_CITIES)
    year = int(facts["year"][:-1])
    facts.update(_people(rng, ("ceo", "expert", "mayor")))
    facts.update(
        company=company,
        product=rng.choice(products),
        ceo_title=rng.choice(("대표", "사장", "대표이사")),
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


INVESTMENT = _frame(
    "경제", "설비 투자", _sample_investment,
    leads=(
        "{company|은} {day} {complex}에 {amount|을} 들여 {product} 생산 공장을 짓는다고 밝혔다.",
        "{company|이} {complex}에 {amount|을} 투자해 {product} 생산 거점을 새로 구축한다.",
        "{company|은} {day} 이사회를 열고 {complex} 내 {product} 공장 신설에 {amount|을} 투입하는 안건을 의결했다고 공시했다.",
        "{complex}에 {company|이} {amount|을} 투입하는 {product} 공장이 들어선다.",
    ),
    summaries=(
        "{company|은} {amount|을} 투입해 {complex}에 {product} 공장을 새로 짓기로 했다.",
        "{company|이} {complex}에 {product} 생산 거점을 세우며, 가동 후 생산 능력이 {capacity_pct} 늘어난다.",
        "{company}의 {product} 공장 신설에 {amount|이} 투입되며, 약 {jobs}의 일자리가 새로 생길 전망이다.",
        "{company|은} {complex}에 {product} 공장을 짓기 위해 {amount|을} 투자한다. 신규 고용은 {jobs}에 이를 전망이다.",
    ),
    figures=(
        "새 공장이 {completion}에 완공되면 연간 생산 능력은 지금보다 {capacity_pct} 늘어나고, 약 {jobs}의 신규 고용이 이뤄질 것으로 회사 측은 내다봤다.",
        "회사 측은 이번 투자로 생산 능력이 {capacity_pct} 확대되고 {jobs}의 일자리가 새로 만들어질 것으로 예상했다.",
        "{company|은} 공장이 본격 가동되는 {production_start}부터 생산량이 {capacity_pct} 증가하고, 직간접 고용 인원도 {jobs}에 이를 것으로 추산했다.",
    ),
    quotes=(
        "{ceo} {company} {ceo_title|은} “{product} 수요가 빠르게 늘고 있어 선제적인 투자가 필요하다고 판단했다”며 “지역 경제에도 보탬이 되도록 하겠다”고 말했다.",
        "{company} 관계자는 “{city} 지역의 우수한 인력과 물류 여건을 고려해 부지를 결정했다”라고 설명했다.",
        "{expert} {univ} 경제학과 교수는 “대규모 설비 투자는 협력업체 매출 증가로 이어져 지역 경제에 긍정적인 영향을 줄 것”이라고 말했다.",
        "{mayor} {city_gov}장은 “기업이 안정적으로 투자할 수 있도록 인허가 절차를 최대한 빠르게 지원하겠다”고 밝혔다.",
    ),
    backgrounds=(
        "{product} 시장은 최근 {driver} 등의 영향으로 수요가 꾸준히 늘고 있다.",
        "{company|은} 지난해에도 {prev_amount} 규모의 설비 투자를 단행한 바 있다.",
        "업계에서는 이번 투자가 국내 생산 기반을 강화하려는 전략의 일환으로 보고 있다.",
    ),
    schedules=(
        "{company|은} {start_when}부터 공사에 들어가 {completion}까지 공장을 완공할 계획이다.",
        "착공은 {start_when|으로} 예정돼 있으며, 본격적인 양산은 {production_start}부터 시작된다.",
        "회사는 {start_when} 중 {city_gov|과} 투자 협약을 맺고 인허가 절차를 밟을 예정이다.",
    ),
)

_EXPORT_DESTINATIONS = ("미국", "중국", "아세안", "유럽연합(EU)", "일본", "중동", "인도", "중남미")


def _sample_exports(rng: random.Random, facts: Facts) -> Facts:
    exports = rng.randint(450, 700) * 10 + rng.randint(0, 9)  # in 천만 달러 → 612억3천만
    growth = rng.uniform(1.5, 25.0)
    imports = int(exports * rng.uniform(0.82, 0.97))
    balance = exports - imports
    chip_exports = int(exports * rng.uniform(0.16, 0.24))
    destination_a, destination_b = rng.sample(_EXPORT_DESTINATIONS, 2)
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


EXPORTS = _frame(
    "경제", "월간 수출", _sample_exports,
    leads=(
        "{data_month} 수출이 {exports|으로} 지난해 같은 달보다 {export_pct} 늘어 {streak} 연속 증가세를 이어갔다.",
        "산업통상자원부는 {day} {data_month} 수출액이 {exports|으로} 전년 동월 대비 {export_pct} 증가했다고 밝혔다.",
        "{data_month} 수출이 {export_pct} 늘어난 {exports|을} 기록하며 {streak} 연속 플러스 흐름을 보였다.",
    ),
    summaries=(
        "{data_month} 수출은 전년 대비 {export_pct} 증가한 {exports|으로} 집계돼 {streak}째 늘었다.",
        "{data_month} 수출액이 {export_pct} 늘어난 {exports|을} 기록했다. 무역수지는 {balance} 흑자를 냈다.",
        "{data_month} 수출은 {exports|으로} {streak} 연속 증가했으며, 무역수지는 {balance} 흑자로 집계됐다.",
    ),
    figures=(
        "같은 기간 수입은 {imports|으로} {import_pct} 늘었고, 무역수지는 {balance} 흑자를 기록했다.",
        "수입은 {imports|을} 기록해 무역수지는 {balance} 흑자로 집계됐다.",
        "품목별로는 반도체 수출이 {chip_exports|으로} {chip_pct} 늘며 전체 증가세를 이끌었고, 무역수지는 {balance} 흑자를 냈다.",
    ),
    quotes=(
        "산업부 관계자는 “주력 품목의 수출 단가가 회복되면서 증가 폭이 커졌다”고 설명했다.",
        "{expert} {institute} 연구위원은 “주요국 경기 둔화 가능성이 남아 있어 하반기 수출 여건을 낙관하기는 이르다”고 말했다.",
        "{minister} 산업통상자원부 장관은 “수출 기업의 애로를 해소하기 위해 무역보험 지원을 확대하겠다”고 밝혔다.",
    ),
    backgrounds=(
        "지역별로는 {destination_a|과} {destination_b|으로}의 수출이 모두 늘었다.",
        "정부는 올해 수출 목표를 {export_target|으로} 제시한 바 있다.",
        "수출은 지난해 하반기부터 반도체 업황 회복에 힘입어 증가세를 보이고 있다.",
    ),
    schedules=(
        "정부는 {start_when} 중 수출 경쟁력 강화 방안을 발표할 예정이다.",
        "산업부는 {sched_date} 관계 부처 합동 수출 전략 회의를 열어 추가 지원책을 논의할 계획이다.",
    ),
)

# ---------------------------------------------------------------------------
# 금융·증시
# ---------------------------------------------------------------------------


def _sample_stock_market(rng: random.Random, facts: Facts) -> Facts:
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
        investor=rng.choice(("외국인", "기관")),
        securities=rng.choice(_SECURITIES_FIRMS),
        company=rng.choice(_MANUFACTURERS)[0],
        stock_pct=percent(rng.uniform(1.0, 12.0), 2),
        w_past_adj="오른" if rising else "내린",
        w_noun="상승" if rising else "하락",
        w_verb="올랐다" if rising else "내렸다",
        w_cause=rng.choice(("외국인과 기관의 동반 매수에 힘입어", "반도체주 강세에 힘입어")) if rising
        else rng.choice(("외국인 매도세가 이어지면서", "미국 증시 약세 여파로")),
        w_net_action="순매수" if rising else "순매도",
        w_fx_adj="내린" if rising else "오른",
        w_kosdaq_adj=rng.choice(("오른", "내린")),
        w_stock_verb="올랐다" if rising else "떨어졌다",
        w_outlook="당분간 실적 개선 기대감이 지수를 떠받칠 것" if rising else "당분간 변동성이 큰 장세가 이어질 것",
    )
    return facts


STOCK_MARKET = _frame(
    "금융·증시", "증시 마감", _sample_stock_market,
    leads=(
        "{day} 코스피는 {w_cause} 전 거래일보다 {change_points}({change_pct}) {w_past_adj} {close|으로} 거래를 마쳤다.",
        "코스피가 {day} {w_cause} {change_pct} {w_noun}한 {close|으로} 마감했다.",
        "{day} 유가증권시장에서 코스피 지수는 전날보다 {change_points} {w_past_adj} {close|으로} 장을 마감했다.",
    ),
    summaries=(
        "코스피는 {change_points} {w_past_adj} {close|으로} 마감했고, {investor|이} {net_amount|을} {w_net_action}했다.",
        "코스피가 {change_pct} {w_noun}해 {close|으로} 장을 마쳤으며, 원/달러 환율은 {fx|으로} 집계됐다.",
        "{day} 코스피는 {close|으로} 장을 마쳐 전 거래일보다 {change_points} {w_verb}.",
    ),
    figures=(
        "유가증권시장에서 {investor|은} {net_amount|을} {w_net_action}했고, 원/달러 환율은 전날보다 {fx_change} {w_fx_adj} {fx|으로} 마감했다.",
        "이날 {investor|이} 홀로 {net_amount|을} {w_net_action}한 가운데, 서울 외환시장에서 원/달러 환율은 {fx|으로} 거래를 마쳤다.",
        "수급 측면에서는 {investor|이} {net_amount} 규모의 {w_net_action|을} 기록했으며, 원/달러 환율은 {fx|으로} 집계됐다.",
    ),
    quotes=(
        "{analyst} {securities} 연구원은 “{w_outlook}”이라고 분석했다.",
        "{securities} 관계자는 “미국 금리 향방에 대한 경계감이 여전해 투자자들이 신중한 모습을 보이고 있다”고 말했다.",
        "증권가에서는 “업종별 실적 차별화가 뚜렷해지고 있다”는 평가가 나온다.",
    ),
    backgrounds=(
        "코스닥 지수는 {kosdaq_points} {w_kosdaq_adj} {kosdaq_close|으로} 마감했다.",
        "시가총액 상위 종목 가운데 {company} 주가는 {stock_pct} {w_stock_verb}.",
        "이날 유가증권시장의 거래대금은 평소 수준에 머문 것으로 나타났다.",
    ),
    schedules=(
        "시장에서는 {sched_date} 발표되는 미국 소비자물가지수에 주목하고 있다.",
        "투자자들은 {start_when} 열리는 한국은행 금융통화위원회 결과를 지켜보고 있다.",
    ),
)


def _sample_base_rate(rng: random.Random, facts: Facts) -> Facts:
    previous = rng.choice((2.50, 2.75, 3.00, 3.25, 3.50))
    cut = rng.random() < 0.45
    rate = previous - 0.25 if cut else previous
    facts.update(_people(rng, ("governor", "analyst")))
    rate_text, previous_text = percent(rate, 2), percent(previous, 2)
    facts.update(
        rate=rate_text,
        previous_rate=previous_text,
        gap=points(rng.choice((1.25, 1.50, 1.75, 2.00))),
        growth=percent(rng.choice((1.5, 1.6, 1.8, 1.9, 2.0, 2.1, 2.2))),
        cpi=percent(rng.uniform(1.8, 3.1)),
        streak=f"{rng.randint(2, 6)}차례",
        securities=rng.choice(_SECURITIES_FIRMS),
        w_decision="인하" if cut else "동결",
        w_clause=f"연 {previous_text}에서 {attach_particle(rate_text, '으로')} 0.25%포인트 인하했다" if cut
        else f"현재의 연 {attach_particle(rate_text, '으로')} 동결했다",
        w_result="0.25%포인트 내려갔다" if cut else "유지됐다",
        w_governor_quote="물가 상승률이 목표 수준에 근접해 긴축의 강도를 조절할 여건이 마련됐다" if cut
        else "물가와 가계부채 흐름을 좀 더 지켜볼 필요가 있다",
        w_analyst_quote="연내 한 차례 추가 인하가 이뤄질 것" if cut else "당분간 금리 동결 기조가 이어질 것",
    )
    return facts


BASE_RATE = _frame(
    "금융·증시", "기준금리", _sample_base_rate,
    leads=(
        "한국은행 금융통화위원회는 {day} 통화정책방향 회의를 열고 기준금리를 {w_clause}.",
        "한국은행이 {day} 기준금리를 {w_clause}.",
        "{day} 기준금리가 연 {rate|으로} {w_result}.",
    ),
    summaries=(
        "한은 금통위가 {day} 기준금리를 연 {rate|으로} {w_decision}했으며, 올해 성장률 전망치는 {growth|으로} 제시했다.",
        "한국은행이 {day} 기준금리를 연 {rate|으로} {w_decision}하면서 미국과의 금리 차는 {gap|이} 됐다.",
        "{day} 기준금리가 연 {rate|으로} {w_decision}됐고, 한은은 올해 성장률을 {growth|으로} 내다봤다.",
    ),
    figures=(
        "이에 따라 미국과의 기준금리 차이는 상단 기준 {gap|이} 됐으며, 한은은 올해 성장률 전망치를 {growth|으로} 내놨다.",
        "한은은 이날 올해 경제성장률 전망치를 {growth|으로} 제시했고, 미국과의 기준금리 차이는 {gap|으로} 집계됐다.",
    ),
    quotes=(
        "{governor} 한국은행 총재는 기자간담회에서 “{w_governor_quote}”고 말했다.",
        "{analyst} {securities} 연구원은 “{w_analyst_quote}”이라고 전망했다.",
        "한은 관계자는 “대내외 불확실성이 큰 만큼 데이터를 보며 신중하게 판단하겠다”고 밝혔다.",
    ),
    backgrounds=(
        "소비자물가 상승률은 지난달 {cpi|으로} 한은의 물가 안정 목표인 2%에 근접했다.",
        "최근 수도권 집값 상승과 가계대출 증가세는 통화정책의 부담 요인으로 꼽힌다.",
        "금통위원 가운데 일부는 이날 회의에서 소수의견을 낸 것으로 알려졌다.",
    ),
    schedules=(
        "다음 통화정책방향 회의는 {sched_date} 열린다.",
        "시장은 {start_when} 회의에서 추가 조정 여부가 결정될 것으로 보고 있다.",
    ),
)

# ---------------------------------------------------------------------------
# 부동산
# ---------------------------------------------------------------------------


def _sample_housing_prices(rng: random.Random, facts: Facts) -> Facts:
    city = rng.choice(("서울", "부산", "대구", "인천", "대전", "광주"))
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
        w_noun="상승" if rising else "하락",
        w_verb="올랐다" if rising else "내렸다",
        w_connective="올라" if rising else "내려",
        w_rent_verb=rng.choice(("올랐다", "상승했다")),
        w_agent_quote="정주 여건이 좋은 단지를 중심으로 매수 문의가 늘면서 상승 거래가 이어지고 있다" if rising
        else "대출 규제 강화로 매수 심리가 위축되면서 급매물 위주로 거래가 이뤄지고 있다",
    )
    return facts


HOUSING_PRICES = _frame(
    "부동산", "주간 아파트값", _sample_housing_prices,
    leads=(
        "{week} {city} 아파트 매매가격이 전주보다 {price_pct} {w_verb}.",
        "{city} 아파트값이 전주 대비 {price_pct} {w_connective} {weeks} 연속 {w_noun}세를 이어갔다.",
        "한국부동산원이 {day} 발표한 {week} 주간 아파트 가격 동향에 따르면 {city} 아파트 매매가격은 전주보다 {price_pct} {w_verb}.",
    ),
    summaries=(
        "{city} 아파트값은 {week} {price_pct} {w_noun}했고, 자치구 중에서는 {district|이} {district_change|으로} 변동 폭이 가장 컸다.",
        "{city} 아파트 매매가격이 {weeks} 연속 {w_noun}한 가운데 전세가격은 {rent_pct} {w_rent_verb}.",
        "한국부동산원 조사에서 {city} 아파트 매매가는 {price_pct} {w_noun}했으며, {district}의 변동률이 {district_change|으로} 가장 컸다.",
    ),
    figures=(
        "자치구별로는 {district|이} {district_change|으로} 변동 폭이 가장 컸고, 전세가격은 {rent_pct} {w_rent_verb}.",
        "지역별로 보면 {district}의 변동률이 {district_change|으로} 가장 높았으며, 같은 기간 전세가격은 {rent_pct} {w_rent_verb}.",
        "전세가격 변동률은 {rent_pct|이었고}, 개별 자치구 가운데서는 {district|이} {district_change|을} 기록해 변동 폭이 가장 컸다.",
    ),
    quotes=(
        "한국부동산원 관계자는 “{w_agent_quote}”고 설명했다.",
        "{expert} {univ} 부동산학과 교수는 “금리 향방에 따라 당분간 지역별로 차별화된 흐름이 나타날 것”이라고 전망했다.",
        "현지 공인중개사는 “호가와 실거래가의 차이가 커 매수자와 매도자 간 눈치싸움이 이어지고 있다”고 전했다.",
    ),
    backgrounds=(
        "정부는 지난해 가계부채 관리 방안을 내놓고 주택담보대출 규제를 강화한 바 있다.",
        "{city}에서는 올해 {supply}의 아파트가 입주할 예정이다.",
        "업계에서는 신규 입주 물량 감소가 가격에 영향을 준 것으로 보고 있다.",
    ),
    schedules=(
        "국토교통부는 {start_when} 중 수도권 주택 공급 확대 방안을 추가로 발표할 계획이다.",
        "정부는 {sched_date} 부동산 관계 장관회의를 열어 시장 동향을 점검할 예정이다.",
    ),
)


def _sample_subscription(rng: random.Random, facts: Facts) -> Facts:
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


SUBSCRIPTION = _frame(
    "부동산", "청약 경쟁률", _sample_subscription,
    leads=(
        "{city} {district}에 공급되는 {complex_name} 1순위 청약에 {applicants|이} 몰리며 평균 {ratio} 대 1의 경쟁률을 기록했다.",
        "{day} 진행된 {complex_name} 1순위 청약 결과 {units} 모집에 {applicants|이} 신청해 평균 경쟁률 {ratio} 대 1로 마감됐다.",
        "{builder|이} {city} {district}에서 분양한 {complex_name}의 1순위 평균 경쟁률이 {ratio} 대 1로 집계됐다.",
    ),
    summaries=(
        "{district} {complex_name}에 {applicants|이} 청약해 평균 {ratio} 대 1의 경쟁률로 1순위를 마쳤다.",
        "{complex_name} 1순위 청약에 {applicants|이} 몰렸다. {units|을} 모집한 이번 청약의 평균 경쟁률은 {ratio} 대 1, 최고 경쟁률은 {top_ratio} 대 1이었다.",
        "{builder|이} {district}에 공급한 {complex_name|은} 평균 {ratio} 대 1의 경쟁률을 기록했고, 최고 경쟁률은 전용 {top_type}에서 나왔다.",
    ),
    figures=(
        "이번 청약에는 {units} 모집에 모두 {applicants|이} 접수했으며, 전용 {top_type} 타입이 {top_ratio} 대 1로 가장 높은 경쟁률을 보였다.",
        "총 {units|을} 모집한 이번 청약에는 {applicants|이} 신청했고, 최고 경쟁률은 전용 {top_type}에서 나온 {top_ratio} 대 1이었다.",
    ),
    quotes=(
        "분양 관계자는 “역세권 입지와 합리적인 분양가가 수요자들의 관심을 끈 것으로 보인다”고 말했다.",
        "{expert} {univ} 부동산학과 교수는 “입지가 좋은 단지 위주로 청약 쏠림 현상이 심해지고 있다”고 진단했다.",
        "{builder} 관계자는 “계약까지 순조롭게 진행될 수 있도록 최선을 다하겠다”고 밝혔다.",
    ),
    backgrounds=(
        "이 단지는 {floors}, {buildings}, 총 {total_units} 규모로 조성된다.",
        "분양가는 3.3㎡당 평균 {price} 수준으로 책정됐다.",
        "단지 반경 1㎞ 안에 초등학교와 대형 공원이 있어 실수요자의 관심이 컸다.",
    ),
    schedules=(
        "당첨자 발표는 {sched_date|이며}, 정당 계약은 {contract} 진행된다.",
        "당첨자는 {sched_date} 발표되며, 입주는 {move_in} 예정이다.",
    ),
)

# ---------------------------------------------------------------------------
# 정치
# ---------------------------------------------------------------------------

_BILLS = (
    ("주택임대차보호법 개정안", "전세 계약 때 임대인의 세금 체납 정보 공개를 의무화하는", "국토교통위원회"),
    ("응급의료법 개정안", "응급실 환자 수용 곤란 고지 기준을 구체화하는", "보건복지위원회"),
    ("소상공인 보호법 개정안", "폐업 소상공인의 재기 지원 근거를 마련하는", "산업통상자원중소벤처기업위원회"),
    ("학교폭력예방법 개정안", "학교폭력 사안 조사를 전담 조사관이 맡도록 하는", "교육위원회"),
    ("산업안전보건법 개정안", "폭염 때 옥외 작업자 휴식 시간을 보장하는", "환경노동위원회"),
    ("개인정보 보호법 개정안", "개인정보 유출 기업에 대한 과징금 상한을 높이는", "정무위원회"),
    ("전기통신사업법 개정안", "보이스피싱 의심 번호의 이용을 신속히 차단하는", "과학기술정보방송통신위원회"),
    ("아동수당법 개정안", "아동수당 지급 대상을 만 9세 미만으로 넓히는", "보건복지위원회"),
)


def _sample_bill(rng: random.Random, facts: Facts) -> Facts:
    bill, content, committee = rng.choice(_BILLS)
    present = rng.randint(240, 295)
    no_votes = rng.randint(0, 40)
    abstentions = rng.randint(0, 20)
    facts.update(_people(rng, ("sponsor",)))
    facts.update(
        bill=bill,
        content=content,
        committee=committee,
        present=f"{present}명",
        yes=f"{present - no_votes - abstentions}명",
        no=f"{no_votes}명",
        abstain=f"{abstentions}명",
        effective=rng.choice(("공포 6개월 뒤", "공포 1년 뒤", "공포 3개월 뒤", f"{facts['next_year']} 1월")),
        w_sponsor_side=rng.choice(("여당", "야당")),
    )
    return facts


BILL = _frame(
    "정치", "법안 통과", _sample_bill,
    leads=(
        "{content} 내용의 {bill|이} {day} 국회 본회의를 통과했다.",
        "국회는 {day} 본회의를 열고 {content} {bill|을} 가결했다.",
        "{content} {bill|이} {day} 국회 문턱을 넘었다.",
    ),
    summaries=(
        "국회가 {day} {content} {bill|을} 의결해 {effective}부터 시행된다.",
        "{bill|이} 찬성 {yes}, 반대 {no|으로} 국회 본회의에서 가결됐으며, {effective}부터 시행된다.",
        "{content} {bill|이} 찬성 {yes|으로} 가결돼 {effective}부터 효력을 갖는다.",
    ),
    figures=(
        "이날 표결에는 재석 의원 {present|이} 참여해 찬성 {yes}, 반대 {no}, 기권 {abstain|으로} 집계됐다.",
        "법안은 재석 의원 {present} 가운데 찬성 {yes}, 반대 {no}, 기권 {abstain|으로} 가결됐다.",
    ),
    quotes=(
        "법안을 대표 발의한 {w_sponsor_side} {sponsor} 의원은 “이번 개정으로 제도의 사각지대가 상당 부분 해소될 것으로 기대한다”고 말했다.",
        "{sponsor} 의원은 “현장의 목소리를 반영해 여야가 합의한 결과”라며 “후속 입법에도 힘쓰겠다”고 밝혔다.",
        "반대표를 던진 의원들은 “충분한 사회적 논의 없이 처리됐다”며 보완 입법이 필요하다고 주장했다.",
    ),
    backgrounds=(
        "이 법안은 {committee|과} 법제사법위원회를 거쳐 본회의에 상정됐다.",
        "앞서 지난 국회에서도 비슷한 내용의 법안이 발의됐으나 임기 만료로 폐기된 바 있다.",
        "관련 단체들은 그동안 제도 개선을 꾸준히 요구해 왔다.",
    ),
    schedules=(
        "개정안은 정부 이송과 국무회의 의결을 거쳐 공포되며, {effective}부터 시행된다.",
        "정부는 {effective} 시행에 앞서 {start_when} 중 시행령 개정 작업에 착수할 예정이며, 개정 법률은 {effective}부터 적용된다.",
    ),
)

# ---------------------------------------------------------------------------
# 지방행정
# ---------------------------------------------------------------------------

_LOCAL_PROGRAMS = (
    ("청년 월세 지원 사업", "무주택 청년", "월 최대 20만 원의 월세를 최대 12개월간 지원"),
    ("어르신 교통비 지원 사업", "만 70세 이상 주민", "연간 최대 12만 원의 교통비를 지원"),
    ("출산 축하금 지원 사업", "출산 가정", "첫째 아이 기준 100만 원의 축하금을 지급"),
    ("소상공인 경영 안정 자금 지원 사업", "소상공인", "업체당 최대 300만 원의 경영 안정 자금을 지원"),
    ("1인 가구 안심 서비스", "혼자 사는 중장년", "안부 확인과 생활 안전 장비 설치를 지원"),
    ("아이 돌봄 지원 사업", "맞벌이 가정", "시간당 돌봄 비용의 최대 85%를 지원"),
    ("노후 주택 집수리 지원 사업", "저소득 가구", "가구당 최대 1천만 원의 집수리 비용을 지원"),
)


def _sample_local_program(rng: random.Random, facts: Facts) -> Facts:
    program, target, benefit = rng.choice(_LOCAL_PROGRAMS)
    count = _rounded_step(rng, 200, 12000, 50)
    budget = _rounded_step(rng, 5, 300, 1)
    facts.update(_local_government(rng))
    facts.update(_people(rng, ("head",)))
    facts.update(
        program=program,
        target=target,
        benefit=benefit,
        count=count_of(count),
        budget=won_in_eok(budget),
        budget_pct=percent(rng.uniform(5, 60)),
        pilot=count_of(_rounded_step(rng, 50, 1500, 10)),
        satisfaction=percent(rng.uniform(82, 97)),
        apply_start=facts["sched_date"],
        apply_end=f"{rng.randint(1, 28)}일",
    )
    return facts


LOCAL_PROGRAM = _frame(
    "지방행정", "지원 사업", _sample_local_program,
    leads=(
        "{gov|은} {day} 관내 {target} {count|을} 대상으로 {benefit}하는 {program|을} {start_when}부터 시행한다고 밝혔다.",
        "{gov|이} {start_when}부터 {target|을} 위한 {program|을} 본격 추진한다.",
        "{gov|은} 올해 {budget|을} 들여 {target} {count}에게 {benefit}한다고 {day} 밝혔다.",
    ),
    summaries=(
        "{gov_short|은} {start_when}부터 {program|을} 시행해 {target} {count}에게 {benefit}하기로 했다.",
        "{gov_short}의 {program|이} {start_when} 시작되며, 올해 예산은 {budget|으로} 지난해보다 {budget_pct} 늘었다.",
        "{gov_short|이} {budget|을} 투입해 {target} {count}에게 {benefit}하며, 신청은 {apply_start}부터 받는다.",
    ),
    figures=(
        "올해 사업 예산은 {budget|으로} 지난해보다 {budget_pct} 늘었고, 지원 대상도 {count|으로} 확대됐다.",
        "{gov_short|은} 이를 위해 {budget|을} 편성했으며, 이는 지난해보다 {budget_pct} 증가한 규모다.",
    ),
    quotes=(
        "{head} {gov_head|은} “주민들이 일상에서 체감할 수 있는 지원을 늘려 나가겠다”고 말했다.",
        "{gov_unit} 관계자는 “신청 절차를 간소화해 더 많은 주민이 혜택을 받을 수 있도록 하겠다”고 밝혔다.",
        "지난해 지원을 받은 한 주민은 “생활비 부담이 줄어 큰 도움이 됐다”고 말했다.",
    ),
    backgrounds=(
        "이 사업은 지난해 시범 운영 당시 {pilot|이} 참여해 만족도 {satisfaction|을} 기록했다.",
        "{gov_short|은} 지난해 주민 설문조사에서 관련 수요가 높게 나타나자 사업 확대를 결정했다.",
        "지원 대상은 소득 기준과 거주 기간 등을 고려해 선정된다.",
    ),
    schedules=(
        "신청은 {apply_start}부터 {apply_end}까지 {gov_short} 누리집이나 가까운 행정복지센터에서 할 수 있다.",
        "{gov_short|은} {apply_start}부터 신청을 받아 심사를 거쳐 지원 대상을 확정할 계획이다.",
    ),
)

# ---------------------------------------------------------------------------
# 사회
# ---------------------------------------------------------------------------

_BUILDINGS_WITH_TOP_FLOOR = (
    ("아파트", 25), ("상가 건물", 8), ("공장", 3), ("다세대주택", 5), ("물류창고", 4), ("음식점", 2),
    ("단독주택", 2), ("오피스텔", 20),
)
_FIRE_CAUSES = ("전기적 요인", "배터리 과열", "주방 화기 부주의", "담뱃불 부주의", "난방기 과열")


def _sample_fire(rng: random.Random, facts: Facts) -> Facts:
    city, district = _city_and_district(rng)
    building, top_floor = rng.choice(_BUILDINGS_WITH_TOP_FLOOR)
    hour = rng.randint(1, 11)
    facts.update(
        city=city,
        district=district,
        time=f"{rng.choice(('오전', '오후'))} {hour}시 {rng.randrange(0, 60, 5)}분께" if rng.random() < 0.8
        else f"{rng.choice(('오전', '오후'))} {hour}시께",
        building=building,
        floor=f"{rng.randint(1, top_floor)}층",
        injured=f"{rng.randint(1, 9)}명",
        evacuated=f"{rng.randint(10, 80)}명",
        damage=won(_rounded_step(rng, 300, 30000, 50) * 10**4),
        duration=rng.choice((f"{rng.randint(1, 3)}시간 {rng.randint(1, 59)}분", f"{rng.randint(20, 59)}분")),
        firefighters=f"{rng.randint(40, 180)}명",
        engines=f"{rng.randint(12, 60)}대",
        cause=rng.choice(_FIRE_CAUSES),
        built=f"{rng.randint(1985, 2015)}년",
    )
    return facts


FIRE = _frame(
    "사회", "화재", _sample_fire,
    leads=(
        "{day} {time} {city} {district}의 한 {building}에서 불이 나 {injured|이} 연기를 마시는 등 다쳤다.",
        "{city} {district} {building}에서 {day} 화재가 발생해 {injured|이} 병원으로 옮겨졌다.",
        "{day} {time} {city} {district} {building} {floor}에서 불이 나 {duration} 만에 꺼졌다.",
    ),
    summaries=(
        "{district} {building}에서 불이 나 {injured|이} 다쳤고, 재산 피해는 {damage|으로} 추산됐다.",
        "{city} {district}의 {building} 화재로 {injured|이} 병원에 이송됐으며, 불은 {damage} 상당의 피해를 냈다.",
        "{district} {building} {floor}에서 난 불이 {duration} 만에 진화됐으며, 재산 피해는 {damage}에 이른다.",
    ),
    figures=(
        "불은 {building} 내부 등을 태워 소방서 추산 {damage}의 재산 피해를 낸 뒤 {duration} 만에 완전히 꺼졌다.",
        "소방당국은 인력 {firefighters|과} 장비 {engines|을} 투입해 {duration} 만에 불을 껐으며, 재산 피해는 {damage|으로} 추산됐다.",
        "화재 당시 건물 안에 있던 {evacuated|이} 스스로 대피했으며, 불은 {duration} 만에 꺼졌지만 {damage} 상당의 재산 피해를 냈다.",
    ),
    quotes=(
        "소방 관계자는 “{floor}에서 연기가 많이 난다는 신고를 받고 출동했다”고 말했다.",
        "한 주민은 “갑자기 타는 냄새가 나 밖으로 나와 보니 검은 연기가 치솟고 있었다”고 당시 상황을 전했다.",
        "관할 소방서 관계자는 “초기에 스프링클러가 작동해 불이 크게 번지지 않았다”고 설명했다.",
    ),
    backgrounds=(
        "부상자들은 모두 생명에는 지장이 없는 것으로 전해졌다.",
        "불이 난 건물은 {built}에 지어져 스프링클러가 설치돼 있지 않았던 것으로 파악됐다.",
        "불이 나자 주민 {evacuated|이} 긴급 대피하는 소동이 벌어졌다.",
    ),
    schedules=(
        "경찰과 소방당국은 {cause}에 무게를 두고 정확한 화재 원인을 조사할 방침이다.",
        "소방당국은 {next_day} 합동 감식을 벌여 정확한 발화 지점과 원인을 확인할 예정이다.",
        "경찰은 건물 관계자를 상대로 안전 관리 규정을 지켰는지도 조사할 계획이다.",
    ),
)

_PHISHING_METHODS = (
    "저금리 대출을 해 주겠다며", "검찰 수사관을 사칭해", "자녀를 사칭한 문자메시지를 보내", "금융감독원 직원을 사칭해",
)


def _sample_phishing(rng: random.Random, facts: Facts) -> Facts:
    city = rng.choice(_METRO_CITIES)
    arrested = rng.randint(5, 60)
    victims = rng.randint(20, 400)
    facts.update(
        police=f"{city}경찰청",
        arrested=f"{arrested}명",
        detained=f"{rng.randint(1, max(1, arrested // 3))}명",
        victims=f"{victims}명",
        loss=won_in_eok(rng.randint(3, 120)) if rng.random() < 0.7 else won(_rounded_step(rng, 5000, 95000, 100) * 10**4),
        method=rng.choice(_PHISHING_METHODS),
        period=f"지난해 {rng.randint(1, 6)}월부터 올해 {rng.randint(1, 6)}월까지",
        elderly=percent(rng.randint(35, 80), 0),
        frozen=won(_rounded_step(rng, 3000, 90000, 100) * 10**4),
        fugitives=f"{rng.randint(1, 9)}명",
    )
    return facts


PHISHING = _frame(
    "사회", "보이스피싱 검거", _sample_phishing,
    leads=(
        "{police|은} 보이스피싱 조직원 {arrested|을} 사기 등 혐의로 검거해 이 중 {detained|을} 구속했다고 {day} 밝혔다.",
        "{method} {victims}에게서 {loss|을} 가로챈 보이스피싱 조직원 {arrested|이} 경찰에 붙잡혔다.",
        "{police|이} {method} 돈을 가로챈 보이스피싱 조직 총책 등 {arrested|을} 검거했다.",
    ),
    summaries=(
        "보이스피싱 조직원 {arrested|이} {police}에 검거돼 {detained|이} 구속됐으며, 피해액은 {loss}에 이른다.",
        "{victims}에게서 {loss|을} 뜯어낸 보이스피싱 조직원 {arrested|이} 검거됐다.",
        "{police|은} {method} 피해자 {victims}에게서 {loss|을} 가로챈 {arrested|을} 붙잡았다.",
    ),
    figures=(
        "이들은 {period} {method} 피해자 {victims}에게서 모두 {loss|을} 가로챈 혐의를 받고 있다.",
        "경찰 조사 결과 이들이 {period} 챙긴 돈은 {loss}에 달했으며, 피해자는 {victims|으로} 파악됐다.",
    ),
    quotes=(
        "경찰 관계자는 “수사기관이나 금융기관은 전화로 돈을 보내라고 요구하지 않는다”며 “의심스러운 전화는 즉시 끊어야 한다”고 당부했다.",
        "{police} 관계자는 “해외 총책을 추적하기 위해 국제 공조 수사를 요청했다”고 밝혔다.",
        "한 피해자는 “실제 기관에서 걸려 온 전화인 줄 알았다”고 말했다.",
    ),
    backgrounds=(
        "조사 결과 이들은 해외 콜센터와 국내 현금 수거책으로 역할을 나눠 조직적으로 움직인 것으로 드러났다.",
        "피해자 가운데 60대 이상 고령층이 {elderly|을} 차지했다.",
        "경찰은 이들의 계좌에서 범죄수익 {frozen|을} 동결했다.",
    ),
    schedules=(
        "경찰은 달아난 조직원 {fugitives|을} 추적하는 한편 추가 피해가 있는지 수사를 확대할 방침이다.",
        "경찰은 {sched_date} 이들을 검찰에 송치할 예정이다.",
    ),
)

# ---------------------------------------------------------------------------
# 교육
# ---------------------------------------------------------------------------


def _sample_school_entrants(rng: random.Random, facts: Facts) -> Facts:
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


SCHOOL_ENTRANTS = _frame(
    "교육", "학생 수 감소", _sample_school_entrants,
    leads=(
        "올해 전국 초등학교 신입생 수가 {entrants|으로} 집계돼 처음으로 {threshold} 아래로 떨어졌다.",
        "교육부는 {day} 발표한 교육기본통계에서 올해 초등학교 1학년 학생 수가 {entrants|으로} 지난해보다 {entrant_pct} 줄었다고 밝혔다.",
        "저출생 여파로 올해 초등학교 입학생이 {entrants|으로} 지난해 {previous_entrants}보다 {entrant_drop} 감소했다.",
    ),
    summaries=(
        "초등학교 신입생이 {entrants|으로} 줄어 처음 {threshold} 선이 무너졌고, 신입생 없는 학교는 {zero_schools}에 이르렀다.",
        "올해 초등학교 1학년 학생은 {entrants|으로} 전년 대비 {entrant_pct} 감소했으며, 입학생이 없는 학교도 {zero_schools|으로} 늘었다.",
        "저출생 영향으로 초등학교 입학생이 {entrant_drop} 줄어든 {entrants|으로} 집계됐고, 신입생 없는 학교는 {zero_schools|이} 됐다.",
    ),
    figures=(
        "신입생이 한 명도 없는 초등학교는 {zero_schools|으로} 지난해보다 {zero_increase} 늘었다.",
        "전체 초·중·고 학생 수는 {total_students|으로} 줄었고, 신입생이 없는 초등학교도 {zero_schools}에 달했다.",
    ),
    quotes=(
        "교육부 관계자는 “학령인구 감소 속도가 예상보다 빨라 학교 통폐합과 교원 수급 계획을 다시 점검하고 있다”고 말했다.",
        "{expert} {univ} 교육학과 교수는 “작은 학교를 살리기 위한 지역 맞춤형 정책이 필요한 시점”이라고 강조했다.",
        "한 초등학교 교장은 “입학식을 치르지 못하는 학교가 해마다 늘고 있다”고 안타까워했다.",
    ),
    backgrounds=(
        "지역별로는 {province}의 감소 폭이 가장 컸다.",
        "통계청은 지난해 합계출산율을 {fertility|으로} 집계한 바 있다.",
        "학생 수 감소는 교원 신규 채용 축소와 학교 통폐합 논의로 이어지고 있다.",
    ),
    schedules=(
        "교육부는 {start_when} 중 학령인구 감소에 대응한 학교 재구조화 방안을 발표할 예정이다.",
        "정부는 {sched_date} 중장기 교원 수급 계획을 내놓을 계획이다.",
    ),
)

_UNIVERSITY_PROGRAMS = ("‘미래혁신대학’", "‘디지털 인재 양성 대학’", "‘첨단분야 혁신융합대학’", "‘지역 동반성장 대학’")


def _sample_university_selection(rng: random.Random, facts: Facts) -> Facts:
    selected = rng.randint(5, 20)
    facts.update(_people(rng, ("minister", "president")))
    facts.update(
        program=rng.choice(_UNIVERSITY_PROGRAMS),
        univ=rng.choice(_UNIVERSITIES),
        selected=f"{selected}개",
        applicants=f"{selected * rng.randint(3, 8) + rng.randint(0, 4)}개",
        years=f"{rng.choice((3, 4, 5))}년",
        funding=won_in_eok(rng.choice((50, 100, 150, 200, 300, 500, 1000))),
        launch_year=f"{int(facts['year'][:-1]) - rng.randint(1, 3)}년",
    )
    return facts


UNIVERSITY_SELECTION = _frame(
    "교육", "대학 지원 사업", _sample_university_selection,
    leads=(
        "교육부는 {day} {program} 사업 대상으로 {univ} 등 {selected} 대학을 최종 선정했다고 밝혔다.",
        "{univ} 등 {selected} 대학이 {program} 사업에 선정돼 향후 {years}간 최대 {funding|을} 지원받는다.",
        "{program} 사업에 지원한 {applicants} 대학 가운데 {univ} 등 {selected} 대학이 선정됐다.",
    ),
    summaries=(
        "{univ} 등 {selected} 대학이 {program} 사업에 뽑혀 {years}간 학교당 최대 {funding|을} 받는다.",
        "교육부가 {program} 사업 대상으로 {univ} 등 {selected} 대학을 선정했으며, 공모에는 {applicants} 대학이 지원했다.",
        "{applicants} 대학이 경쟁한 {program} 사업에서 {univ} 등 {selected} 대학이 최종 선정돼 최대 {funding|을} 지원받게 됐다.",
    ),
    figures=(
        "선정된 대학은 앞으로 {years}간 학교당 최대 {funding|을} 지원받으며, 이번 공모에는 {applicants} 대학이 신청했다.",
        "이번 공모에는 모두 {applicants} 대학이 지원했고, 선정 대학에는 {years}간 최대 {funding|이} 투입된다.",
    ),
    quotes=(
        "{minister} 교육부 장관은 “선정된 대학이 지역 발전을 이끄는 거점이 될 수 있도록 적극 지원하겠다”고 밝혔다.",
        "{president} {univ} 총장은 “지역 산업과 연계한 교육 과정을 마련해 인재 양성에 힘쓰겠다”고 말했다.",
        "탈락한 한 대학 관계자는 “평가 기준이 규모가 큰 대학에 유리하게 설계됐다”며 아쉬움을 나타냈다.",
    ),
    backgrounds=(
        "이 사업은 대학의 교육 혁신과 지역 인재 양성을 목표로 {launch_year}에 처음 도입됐다.",
        "교육부는 서면 평가와 현장 실사, 대면 평가를 거쳐 최종 대상을 결정했다.",
        "선정 대학들은 학과 간 벽을 허물고 산업계와 공동 교육 과정을 운영하겠다는 계획을 제시했다.",
    ),
    schedules=(
        "교육부는 {start_when}까지 대학별 세부 사업 계획을 받아 예산을 배분할 계획이다.",
        "협약 체결은 {sched_date|으로} 예정돼 있다.",
    ),
)

# ---------------------------------------------------------------------------
# 보건·의료
# ---------------------------------------------------------------------------


_FLU_WEEKS_BY_MONTH = {11: 44, 12: 48, 1: 1, 2: 5}  # first ISO week of the month, roughly


def _sample_influenza(rng: random.Random, facts: Facts) -> Facts:
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
        age_group=rng.choice(("7~12세", "13~18세", "19~49세", "1~6세")),
        age_rate=f"{age_rate:.1f}명",
        threshold=f"{threshold}명",
        times=f"{age_rate / threshold:.1f}배",
        vaccination=percent(rng.uniform(70, 85)),
        univ=rng.choice(_UNIVERSITIES),
    )
    return facts


INFLUENZA = _frame(
    "보건·의료", "독감 유행", _sample_influenza,
    leads=(
        "질병관리청은 {day} 올해 {week} 인플루엔자 의사환자 분율이 외래환자 1천 명당 {rate|으로} 전주보다 {rate_pct} 늘었다고 밝혔다.",
        "독감 환자가 빠르게 늘면서 {week} 인플루엔자 의사환자 분율이 외래환자 1천 명당 {rate|으로} 치솟았다.",
        "인플루엔자 의사환자 분율이 {week} 외래환자 1천 명당 {rate|을} 기록해 전주 {previous_rate}보다 {rate_pct} 증가했다.",
    ),
    summaries=(
        "{week} 독감 의심환자가 외래환자 1천 명당 {rate|으로} 전주보다 {rate_pct} 늘었다. 연령별로는 {age_group}에서 가장 많았다.",
        "독감 의사환자 분율이 1천 명당 {rate|으로} 치솟은 가운데 {age_group}의 발생률이 {age_rate|으로} 가장 높았다.",
        "독감 의심환자 분율이 1천 명당 {rate|으로} 전주 {previous_rate}보다 {rate_pct} 증가했으며, {age_group}의 분율은 {age_rate|이었다}.",
    ),
    figures=(
        "연령별로는 {age_group|이} 1천 명당 {age_rate|으로} 가장 높았으며, 이는 올해 유행 기준인 {threshold}의 {times} 수준이다.",
        "특히 {age_group} 연령층의 의사환자 분율이 1천 명당 {age_rate|으로} 가장 높은 발생률을 보였다.",
    ),
    quotes=(
        "질병청 관계자는 “아직 예방접종을 받지 않은 고위험군은 서둘러 접종해 달라”고 당부했다.",
        "{expert} {univ} 의대 감염내과 교수는 “{start_when} 중순까지 유행이 이어질 가능성이 크다”고 내다봤다.",
        "{doctor} 소아청소년과 원장은 “발열 환자가 몰리면서 대기 시간이 평소의 두 배 이상으로 늘었다”고 전했다.",
    ),
    backgrounds=(
        "인플루엔자는 38도 이상의 갑작스러운 발열과 기침, 인후통 등의 증상을 보인다.",
        "현재 65세 이상 고령층의 예방접종률은 {vaccination} 수준이다.",
        "질병청은 앞서 전국에 인플루엔자 유행주의보를 발령했다.",
    ),
    schedules=(
        "질병청은 유행 상황을 지켜보며 {start_when} 중 학교 방역 지침을 보완할 예정이다.",
        "보건당국은 {sched_date}까지 무료 예방접종 기간을 연장하기로 했다.",
    ),
)

_TREATMENTS = (
    "척수성 근위축증 치료제", "표적 항암제 2종", "중증 아토피 피부염 치료제", "난임 시술", "척추 MRI 검사",
    "로봇 보조 수술", "희귀 혈액암 치료제", "소아 성장호르몬 결핍증 치료",
)


def _sample_insurance(rng: random.Random, facts: Facts) -> Facts:
    before = _rounded_step(rng, 300, 9000, 10)  # 만 원
    after = int(before * rng.uniform(0.05, 0.3))
    facts.update(_people(rng, ("expert",)))
    facts.update(
        treatment=rng.choice(_TREATMENTS),
        apply_date=rng.choice(("다음 달 1일", f"오는 {facts['next_month']} 1일")),
        before=won(before * 10**4),
        after=won(max(after, 10) * 10**4),
        patients=count_of(_rounded_step(rng, 300, 60000, 100)),
        cost=won_in_eok(rng.randint(40, 1500)),
        previous_items=f"{rng.randint(5, 30)}개",
        univ=rng.choice(_UNIVERSITIES),
    )
    return facts


INSURANCE = _frame(
    "보건·의료", "건강보험 적용", _sample_insurance,
    leads=(
        "보건복지부는 {day} 건강보험정책심의위원회를 열고 {apply_date}부터 {treatment}에 건강보험을 적용하기로 의결했다고 밝혔다.",
        "{apply_date}부터 {treatment}에 건강보험이 적용돼 환자 부담이 크게 줄어든다.",
        "{treatment|을} 받는 환자의 본인 부담금이 {apply_date}부터 연간 {before}에서 {after|으로} 낮아진다.",
    ),
    summaries=(
        "복지부가 {treatment}의 건강보험 적용을 의결해 {apply_date}부터 약 {patients|이} 혜택을 받는다.",
        "{treatment}에 대한 건강보험 적용이 {apply_date}부터 시작돼 환자 부담이 {before}에서 {after|으로} 준다.",
        "건강보험 적용 확대로 {treatment} 환자의 연간 부담금이 {after|으로} 줄며, 약 {patients|이} 혜택을 본다.",
    ),
    figures=(
        "이에 따라 환자 1인당 연간 본인 부담금은 약 {before}에서 {after} 수준으로 줄어들고, 약 {patients|이} 혜택을 볼 것으로 예상된다.",
        "복지부는 이번 조치로 환자 {patients}의 연간 부담이 {before}에서 {after|으로} 줄고, 건강보험 재정은 연간 {cost|이} 추가로 들 것으로 추산했다.",
    ),
    quotes=(
        "복지부 관계자는 “중증 질환자의 치료비 부담을 덜기 위해 보장성 강화를 지속하겠다”고 말했다.",
        "환자단체 관계자는 “치료비 때문에 치료를 포기하는 환자가 줄어들 것으로 기대한다”고 밝혔다.",
        "{expert} {univ} 보건행정학과 교수는 “재정 건전성을 고려한 우선순위 설정이 필요하다”고 지적했다.",
    ),
    backgrounds=(
        "그동안 이 치료는 비급여 항목으로 분류돼 환자가 비용을 전액 부담해 왔다.",
        "복지부는 지난해에도 {previous_items} 항목의 건강보험 적용을 확대한 바 있다.",
        "환자단체들은 수년 전부터 급여 적용을 요구해 왔다.",
    ),
    schedules=(
        "복지부는 시행 전까지 관련 고시를 개정하고 의료기관에 세부 지침을 안내할 예정이다.",
        "적용 대상과 기준은 {apply_date} 이전에 건강보험심사평가원 누리집에 공개된다.",
    ),
)

# ---------------------------------------------------------------------------
# IT·과학
# ---------------------------------------------------------------------------

_TECHNOLOGIES = (
    ("리튬금속 배터리 음극 소재", "에너지 밀도", "신소재공학과"),
    ("페로브스카이트 태양전지", "발전 효율", "에너지공학과"),
    ("초저전력 인공지능 반도체 칩", "전력 효율", "전기전자공학과"),
    ("암 조기 진단 바이오센서", "진단 정확도", "바이오의공학과"),
    ("고효율 수전해 촉매", "수소 생산 효율", "화학공학과"),
    ("차세대 메모리 소자", "데이터 처리 속도", "반도체공학과"),
    ("이산화탄소 포집 소재", "포집 효율", "환경공학과"),
)
_JOURNALS = ("‘에너지 사이언스 리뷰’", "‘나노 머티리얼 레터스’", "‘바이오센서 저널’", "‘어드밴스드 디바이스 리서치’", "‘케미컬 엔지니어링 리포트’")


def _sample_research(rng: random.Random, facts: Facts) -> Facts:
    technology, metric, department = rng.choice(_TECHNOLOGIES)
    facts.update(_people(rng, ("professor", "researcher")))
    facts.update(
        univ=rng.choice(_UNIVERSITIES),
        department=department,
        technology=technology,
        metric=metric,
        improvement=percent(rng.randint(15, 180), 0) if rng.random() < 0.7 else f"{rng.randint(2, 9)}배",
        journal=rng.choice(_JOURNALS),
        cycles=f"{korean_number(_rounded_step(rng, 500, 10000, 100))}",
        retention=percent(rng.uniform(85, 99)),
        partner=rng.choice(_MANUFACTURERS)[0],
        commercial_year=f"{int(facts['year'][:-1]) + rng.randint(2, 5)}년",
    )
    return facts


RESEARCH = _frame(
    "IT·과학", "연구 성과", _sample_research,
    leads=(
        "{univ} {department} {professor} 교수 연구팀이 기존보다 {metric|을} {improvement} 높인 {technology|을} 개발했다고 {day} 밝혔다.",
        "{metric|을} 기존보다 {improvement} 끌어올린 {technology|을} {univ} 연구진이 개발했다.",
        "{univ} {professor} 교수팀이 {metric|이} {improvement} 향상된 {technology|을} 선보였다.",
    ),
    summaries=(
        "{univ} {professor} 교수팀이 {metric|을} {improvement} 개선한 {technology|을} 개발해 국제학술지 {journal}에 발표했다.",
        "{univ} 연구진이 개발한 {technology|은} {metric|이} 기존보다 {improvement} 높고 {cycles}회 사용 후에도 성능의 {retention|을} 유지한다.",
        "{professor} 교수팀의 {technology|은} {metric|이} {improvement} 향상됐으며, 연구 성과는 {journal}에 실렸다.",
    ),
    figures=(
        "연구팀이 개발한 {technology|은} 실험에서 {cycles}회 구동 뒤에도 초기 성능의 {retention|을} 유지했으며, 연구 결과는 국제학술지 {journal}에 실렸다.",
        "연구 결과는 국제학술지 {journal} 최신호에 게재됐으며, 성능 시험에서는 {cycles}회 반복 사용 뒤에도 성능의 {retention|이} 유지됐다.",
    ),
    quotes=(
        "{professor} 교수는 “상용화를 앞당길 수 있는 핵심 원천 기술을 확보했다는 데 의미가 있다”고 말했다.",
        "연구팀은 “후속 연구를 통해 {commercial_year}까지 실증을 마치는 것이 목표”라고 밝혔다.",
        "공동 연구에 참여한 {researcher} 박사는 “공정이 단순해 대량 생산에도 유리하다”고 설명했다.",
    ),
    backgrounds=(
        "이번 연구는 과학기술정보통신부 기초연구사업의 지원을 받아 수행됐다.",
        "기존 기술은 성능이 빠르게 떨어지는 한계가 있어 상용화에 어려움을 겪어 왔다.",
        "이 분야는 세계적으로 기술 경쟁이 치열한 분야로 꼽힌다.",
    ),
    schedules=(
        "연구팀은 {partner|과} 함께 {commercial_year}까지 시제품을 만들어 성능을 검증할 계획이다.",
        "연구팀은 관련 기술의 국내외 특허 출원을 {start_when} 중 마칠 예정이다.",
    ),
)

_SERVICE_NAMES = ("‘하루비서’", "‘말벗’", "‘누리챗’", "‘글길잡이’", "‘온새미로’", "‘바로통역’", "‘한줄요약’")
_SERVICE_KINDS = ("업무 비서 서비스", "통번역 앱", "문서 요약 서비스", "고객 상담 챗봇", "학습 도우미 앱")


def _sample_service_launch(rng: random.Random, facts: Facts) -> Facts:
    facts.update(_people(rng, ("ceo", "expert")))
    facts.update(
        it_company=rng.choice(_IT_COMPANIES),
        service=rng.choice(_SERVICE_NAMES),
        service_kind=rng.choice(_SERVICE_KINDS),
        price=won(rng.choice((4900, 6900, 9900, 12900, 14900, 19900))),
        beta_users=count_of(_rounded_step(rng, 3000, 300000, 100)),
        target_users=count_of(rng.choice((50, 100, 200, 300)) * 10**4),
        market_size=won_in_eok(_rounded_step(rng, 5000, 50000, 1000)),
        partners=f"{rng.randint(5, 40)}개",
        univ=rng.choice(_UNIVERSITIES),
    )
    return facts


SERVICE_LAUNCH = _frame(
    "IT·과학", "AI 서비스 출시", _sample_service_launch,
    leads=(
        "{it_company|이} 생성형 인공지능(AI) 기반의 {service_kind} {service|을} {day} 출시했다.",
        "{it_company|은} {day} 간담회를 열고 자체 개발한 {service_kind} {service|을} 공개했다.",
        "{it_company}의 {service_kind} {service|이} {day} 정식 출시됐다.",
    ),
    summaries=(
        "{it_company|이} AI 기반 {service_kind} {service|을} 내놨으며, 요금은 월 {price} 수준이다.",
        "{it_company}의 {service_kind} {service|이} 공개됐으며, 시범 서비스에는 {beta_users|이} 참여했다.",
        "{service|이} {day} 정식 출시돼 월 {price|으로} 이용할 수 있게 됐다.",
    ),
    figures=(
        "{service|은} 월 {price|을} 내면 모든 기능을 쓸 수 있으며, 앞서 진행한 시범 서비스에는 {beta_users|이} 참여했다.",
        "시범 운영 기간 {beta_users|이} 서비스를 이용했으며, 유료 요금제는 월 {price|으로} 책정됐다.",
    ),
    quotes=(
        "{ceo} {it_company} 대표는 “한국어 이해 능력을 높여 일상과 업무에서 바로 쓸 수 있는 서비스를 만들었다”고 말했다.",
        "회사 관계자는 “내년 상반기까지 가입자 {target_users|을} 확보하는 것이 목표”라고 밝혔다.",
        "{expert} {univ} 컴퓨터공학과 교수는 “국내 기업들이 특화 서비스로 차별화를 꾀하는 흐름”이라고 분석했다.",
    ),
    backgrounds=(
        "국내 생성형 AI 시장은 3년 안에 {market_size} 규모로 커질 것으로 전망된다.",
        "이 서비스는 {it_company|이} 자체 개발한 거대언어모델을 바탕으로 한다.",
        "최근 국내외 기업들이 앞다퉈 AI 서비스를 내놓으면서 시장 경쟁이 치열해지고 있다.",
    ),
    schedules=(
        "회사는 {start_when} 중 기업용 요금제를 추가로 선보일 예정이다.",
        "{it_company|은} {sched_date}부터 {partners} 기업을 대상으로 시범 적용에 나선다.",
    ),
)

# ---------------------------------------------------------------------------
# 스포츠
# ---------------------------------------------------------------------------


def _three_clubs(rng: random.Random, clubs: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple(rng.sample(list(clubs), 3))


def _sample_football(rng: random.Random, facts: Facts) -> Facts:
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


FOOTBALL = _frame(
    "스포츠", "프로축구", _sample_football,
    leads=(
        "{home|이} {day} {stadium}에서 열린 K리그1 {round} 홈경기에서 {away|을} {score|으로} 꺾었다.",
        "{home|은} {day} {stadium}에서 열린 {away|과}의 K리그1 {round} 경기에서 {scorer}의 결승골에 힘입어 {score|으로} 이겼다.",
        "{scorer|이} 결승골을 터뜨린 {home|이} {away|을} {score|으로} 제압했다.",
    ),
    summaries=(
        "{home|이} {round} 홈경기에서 {away|을} {score|으로} 누르고 리그 {rank|으로} 올라섰다.",
        "{home|은} {scorer}의 결승골을 앞세워 {away}에 {score} 승리를 거두고 승점 {points|을} 기록했다.",
        "{scorer}의 결승골로 {home|이} {away|을} {score|으로} 이기며 리그 {rank|으로} 올라섰다.",
    ),
    figures=(
        "{scorer|은} 후반 {minute} 페널티 지역 오른쪽에서 오른발 슈팅으로 결승골을 터뜨렸고, {home|은} 승점 {points|을} 쌓아 리그 {rank|으로} 올라섰다.",
        "후반 {minute} 터진 {scorer}의 골이 결승골이 됐으며, 이날 승리로 {home|은} 승점 {points|으로} 리그 {rank|으로} 올라섰다.",
    ),
    quotes=(
        "{coach} {home} 감독은 경기 뒤 “선수들이 끝까지 집중력을 잃지 않은 덕분에 승점 3을 챙길 수 있었다”고 말했다.",
        "결승골의 주인공 {scorer|은} “홈 팬들 앞에서 골을 넣어 기쁘다”며 “다음 경기에서도 좋은 모습을 보이겠다”고 소감을 밝혔다.",
        "{away_coach} {away} 감독은 “실점 이후 경기 운영에서 아쉬움이 남는다”고 말했다.",
    ),
    backgrounds=(
        "이날 경기장에는 {attendance|이} 입장해 열기를 더했다.",
        "{away|은} 최근 {winless} 연속 승리를 거두지 못하며 부진을 이어갔다.",
        "두 팀은 지난 시즌 맞대결에서 한 차례씩 승리를 나눠 가진 바 있다.",
    ),
    schedules=(
        "{home|은} {sched_date} {next_opponent|과} 원정 경기를 치른다.",
        "{home}의 다음 경기는 {sched_date} 열리는 {next_opponent|과}의 홈경기다.",
    ),
)


def _sample_baseball(rng: random.Random, facts: Facts) -> Facts:
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
        homer=rng.choice(("솔로", "투런", "3점")),
        attendance=count_of(_rounded_step(rng, 8000, 24000, 10)),
        losses=f"{rng.randint(2, 6)}연패",
    )
    return facts


BASEBALL = _frame(
    "스포츠", "프로야구", _sample_baseball,
    leads=(
        "{home|이} {day} {stadium}에서 열린 프로야구 정규시즌 {away|과}의 경기에서 {score|으로} 승리했다.",
        "{home|은} {day} {stadium}에서 {away|을} {score|으로} 꺾고 {win_streak|을} 달렸다.",
        "{hitter}의 홈런을 앞세운 {home|이} {away|을} {score|으로} 제압했다.",
    ),
    summaries=(
        "{home|이} 선발 {pitcher}의 호투를 앞세워 {away|을} {score|으로} 이겼다.",
        "{home|은} {away|을} {score|으로} 누르고 {win_streak|을} 기록했으며, 선발 {pitcher|은} {innings|을} 책임졌다.",
        "{hitter|이} 홈런을 친 {home|이} {away}에 {score|으로} 승리했다. 선발 {pitcher|은} 시즌 {wins|을} 올렸다.",
    ),
    figures=(
        "선발 투수 {pitcher|은} {innings} 동안 삼진 {strikeouts|을} 잡아내며 {runs_allowed|으로} 막고 시즌 {wins|을} 올렸다.",
        "타선에서는 {hitter|이} {inning} {homer} 홈런을 쏘아 올렸고, 선발 {pitcher|은} {innings|을} {runs_allowed|으로} 막으며 시즌 {wins|을} 거뒀다.",
    ),
    quotes=(
        "{manager} {home} 감독은 “선발 투수가 긴 이닝을 책임져 준 덕분에 불펜 운영이 수월했다”고 말했다.",
        "{hitter|은} 경기 뒤 “직구를 노리고 있었는데 실투가 들어와 자신 있게 스윙했다”고 밝혔다.",
        "{pitcher|은} “포수의 리드를 믿고 던진 것이 좋은 결과로 이어졌다”고 말했다.",
    ),
    backgrounds=(
        "이날 {stadium}에는 {attendance|이} 입장했다.",
        "{away|은} 선발 투수가 초반 난조를 보이며 {losses}에 빠졌다.",
        "{hitter|은} 최근 10경기 타율이 4할에 가까울 만큼 타격감이 좋다.",
    ),
    schedules=(
        "{home|은} {sched_date}부터 홈에서 {next_opponent|과} 3연전을 치른다.",
        "두 팀은 다음 날 같은 장소에서 다시 맞붙는다.",
    ),
)

# ---------------------------------------------------------------------------
# 문화
# ---------------------------------------------------------------------------

_FESTIVAL_THEMES = ("빛", "벚꽃", "국화", "커피", "불꽃", "재즈", "먹거리", "겨울", "연등", "책")
_FESTIVAL_VENUES = ("시민공원", "강변 둔치", "해변", "문화예술회관 광장", "중앙공원", "옛 도심 거리")


def _sample_festival(rng: random.Random, facts: Facts) -> Facts:
    facts.update(_local_government(rng))
    place = facts["gov_short"][:-1]
    edition = rng.randint(2, 30)
    last_visitors = _rounded_step(rng, 20000, 900000, 1000)
    facts.update(_people(rng, ("head",)))
    facts.update(
        festival=f"‘제{edition}회 {place} {rng.choice(_FESTIVAL_THEMES)}축제’",
        venue=f"{place} {rng.choice(_FESTIVAL_VENUES)}",
        days=f"{rng.randint(2, 10)}일",
        programs=f"{rng.randint(12, 80)}개",
        last_visitors=count_of(last_visitors),
        expected=count_of(int(last_visitors * rng.uniform(1.05, 1.4)) // 1000 * 1000),
        opening_hour=f"오후 {rng.randint(5, 7)}시",
        parking=f"{rng.randint(3, 15)}곳",
        first_year=f"{int(facts['year'][:-1]) - edition + 1}년",
    )
    return facts


FESTIVAL = _frame(
    "문화", "지역 축제", _sample_festival,
    leads=(
        "{gov|은} {sched_date}부터 {days}간 {venue} 일대에서 {festival|을} 연다고 {day} 밝혔다.",
        "{festival|이} {sched_date}부터 {days}간 {venue} 일대에서 막을 올린다.",
        "{venue} 일대에서 {sched_date}부터 {festival|이} 펼쳐진다.",
    ),
    summaries=(
        "{gov_short|은} {sched_date}부터 {festival|을} 개최하며, 관람객 {expected|을} 예상하고 있다.",
        "{festival|은} {days}간 {programs} 프로그램으로 꾸며지며, 지난해에는 {last_visitors|이} 찾았다.",
        "{sched_date} 시작되는 {festival}에 {expected}의 방문객이 찾을 것으로 예상된다.",
    ),
    figures=(
        "이번 축제에서는 개막 공연과 체험 행사 등 {programs} 프로그램이 진행되며, 주최 측은 지난해 {last_visitors}보다 많은 {expected|이} 찾을 것으로 내다봤다.",
        "지난해 축제에는 {last_visitors|이} 다녀갔으며, 올해는 {programs} 프로그램을 마련해 {expected}의 방문객을 맞을 계획이다.",
    ),
    quotes=(
        "{head} {gov_head|은} “시민과 관광객 모두가 즐길 수 있는 축제로 준비했다”고 말했다.",
        "축제추진위원회 관계자는 “안전요원을 지난해보다 늘려 관람객 안전에 만전을 기하겠다”고 밝혔다.",
        "지역 상인회 관계자는 “축제 기간에는 매출이 평소보다 크게 늘어 기대가 크다”고 말했다.",
    ),
    backgrounds=(
        "이 축제는 {first_year}에 시작돼 지역을 대표하는 행사로 자리 잡았다.",
        "행사장 주변에는 임시 주차장 {parking|이} 운영되고 셔틀버스도 다닌다.",
        "축제 기간에는 행사장 주변 도로 일부가 통제된다.",
    ),
    schedules=(
        "개막식은 첫날 {opening_hour}에 열리며, 폐막일에는 불꽃놀이가 예정돼 있다.",
        "자세한 일정은 {gov_short} 누리집에서 확인할 수 있으며, {gov_short|은} 개막 전날까지 현장 안전 점검을 마칠 계획이다.",
    ),
)

_EXHIBITION_TITLES = ("‘빛의 정원’", "‘바다를 그린 사람들’", "‘한강의 밤’", "‘잊힌 궁중 화원’", "‘종이 위의 시간’", "‘색의 여정’", "‘도시의 기억’")
_ARTIST_GROUPS = ("한국 근대 여성 화가들의", "조선 시대 궁중 화원들의", "20세기 한국 추상미술 작가들의", "국내 청년 작가들의", "근현대 사진작가들의")


def _sample_exhibition(rng: random.Random, facts: Facts) -> Facts:
    city = rng.choice(_METRO_CITIES + _OTHER_CITIES)
    facts.update(_people(rng, ("curator", "director")))
    facts.update(
        museum=rng.choice((f"{city}시립미술관", f"{city}역사박물관", f"{city}현대미술관")),
        title=rng.choice(_EXHIBITION_TITLES),
        artists=rng.choice(_ARTIST_GROUPS),
        works=f"{rng.randint(40, 300)}점",
        sections=f"{rng.randint(3, 6)}부",
        ticket=rng.choice(("무료", "성인 5천 원", "성인 1만 원", "성인 1만5천 원", "성인 8천 원")),
        end_date=f"{facts['next_year']} {rng.randint(1, 12)}월 {rng.randint(1, 28)}일",
        unseen=f"{rng.randint(5, 30)}점",
        previous_visitors=count_of(_rounded_step(rng, 30000, 400000, 1000)),
    )
    return facts


EXHIBITION = _frame(
    "문화", "특별전", _sample_exhibition,
    leads=(
        "{museum|은} {sched_date}부터 {end_date}까지 특별전 {title|을} 연다고 {day} 밝혔다.",
        "{artists} 작품 {works|을} 한자리에 모은 특별전 {title|이} {sched_date} {museum}에서 개막한다.",
        "{museum}에서 {sched_date}부터 특별전 {title|이} 열린다.",
    ),
    summaries=(
        "{museum}의 특별전 {title|이} {end_date}까지 열리며, 작품 {works|이} 공개된다.",
        "{artists} 작품 {works|을} 모은 {title} 특별전이 {museum}에서 관람객을 맞는다.",
        "특별전 {title|이} {sched_date}부터 {museum}에서 열려 작품 {works|을} 선보이며, 관람료는 {ticket|이다}.",
    ),
    figures=(
        "전시에서는 회화와 드로잉, 영상 등 작품 {works|이} {sections|으로} 나뉘어 소개되며, 관람료는 {ticket|이다}.",
        "모두 {works|이} 출품되는 이번 전시는 {sections|으로} 구성됐으며, 관람료는 {ticket|이다}.",
    ),
    quotes=(
        "{curator} 학예연구사는 “관람객이 작품이 만들어진 시대의 분위기를 함께 느낄 수 있도록 전시를 구성했다”고 설명했다.",
        "{director} 관장은 “오랜 준비 끝에 국내에서 보기 드문 작품들을 모았다”고 말했다.",
        "미술관 측은 “가족 단위 관람객을 위한 체험 공간도 마련했다”고 밝혔다.",
    ),
    backgrounds=(
        "이번 전시에는 그동안 일반에 공개되지 않았던 작품 {unseen|이} 처음 나온다.",
        "{museum|은} 지난해 특별전에 {previous_visitors|이} 다녀가며 개관 이후 최다 관람 기록을 세웠다.",
        "전시는 {end_date}까지 이어진다.",
    ),
    schedules=(
        "전시 기간 매주 토요일에는 큐레이터와 함께하는 해설 프로그램이 운영된다.",
        "관람 예약은 개막 일주일 전부터 누리집에서 할 수 있다.",
    ),
)

# ---------------------------------------------------------------------------
# 날씨·환경
# ---------------------------------------------------------------------------

_COLD_REGIONS = ("경기 북부", "강원 내륙", "강원 산지", "충북 북부", "경북 북부 내륙")


def _sample_cold_wave(rng: random.Random, facts: Facts) -> Facts:
    facts.update(_calendar_facts(rng, month=rng.choice((12, 1, 2))))
    seoul_low = rng.randint(8, 17)
    facts.update(_people(rng, ("expert",)))
    facts.update(
        forecast_day=facts["next_day"],
        seoul_low=f"영하 {seoul_low}도",
        feels=f"영하 {seoul_low + rng.randint(4, 8)}도",
        cold_region=rng.choice(_COLD_REGIONS),
        lowest=f"영하 {seoul_low + rng.randint(2, 7)}도",
        high_range=f"영하 {rng.randint(4, 8)}도에서 영상 {rng.randint(0, 3)}도",
        warning=rng.choice(("한파경보", "한파주의보")),
        snow=f"{rng.randint(1, 3)}~{rng.randint(4, 8)}㎝",
        thaw_day=rng.choice(("주말", "다음 주 초", f"{min(28, int(facts['day'][:-1]) + rng.randint(3, 4))}일")),
        univ=rng.choice(_UNIVERSITIES),
    )
    return facts


COLD_WAVE = _frame(
    "날씨·환경", "한파", _sample_cold_wave,
    leads=(
        "{forecast_day|은} 전국 대부분 지역의 기온이 크게 떨어져 서울의 아침 최저기온이 {seoul_low|으로} 예상된다.",
        "기상청은 {forecast_day} 아침 서울 기온이 {seoul_low}까지 떨어지는 등 강추위가 찾아오겠다고 {day} 예보했다.",
        "{warning|이} 내려진 가운데 {forecast_day} 아침 서울의 체감온도가 {feels}까지 내려가겠다.",
    ),
    summaries=(
        "{forecast_day} 서울 아침 기온이 {seoul_low|으로} 떨어지고 {cold_region|은} {lowest}까지 내려가는 강추위가 예상된다.",
        "기상청 예보에 따르면 {forecast_day} 서울 기온은 {seoul_low}까지 내려가며, 낮에도 {high_range} 분포로 춥겠다.",
        "{warning|이} 발효된 가운데 {forecast_day} 서울 체감온도가 {feels}까지 떨어지고 {cold_region|은} {lowest}의 추위가 예상된다.",
    ),
    figures=(
        "{cold_region}의 아침 기온은 {lowest|으로} 떨어지겠고, 낮 최고기온도 {high_range} 분포에 머물겠다.",
        "특히 {cold_region|은} 아침 기온이 {lowest}까지 내려가겠으며, 낮에도 {high_range} 분포로 춥겠다.",
    ),
    quotes=(
        "기상청 관계자는 “북쪽에서 찬 공기가 내려오면서 당분간 추위가 이어지겠다”며 “수도관 동파 등 시설물 관리에 유의해야 한다”고 말했다.",
        "{expert} {univ} 대기과학과 교수는 “기온 변동 폭이 커 건강 관리에 각별히 신경 써야 한다”고 조언했다.",
        "기상청은 “빙판길 교통안전에도 주의해 달라”고 당부했다.",
    ),
    backgrounds=(
        "한파경보는 아침 최저기온이 영하 15도 이하로 이틀 이상 이어질 것으로 예상될 때 발효된다.",
        "서해안 지역에는 {snow} 안팎의 눈이 내리겠다.",
        "행정안전부는 한파 위기경보 단계를 ‘주의’로 올렸다.",
    ),
    schedules=(
        "이번 추위는 {thaw_day}부터 점차 풀려 평년 기온을 되찾겠다.",
        "기상청은 {thaw_day}까지 강한 바람이 이어질 수 있어 해상 안전에도 유의해 달라고 당부했다.",
    ),
)


def _sample_fine_dust(rng: random.Random, facts: Facts) -> Facts:
    previous = rng.uniform(17.0, 24.0)
    drop = rng.uniform(3.0, 18.0)
    concentration = previous * (1 - drop / 100)
    good_days = rng.randint(120, 200)
    bad_days = rng.randint(20, 60)
    facts.update(_people(rng, ("expert",)))
    clean, dirty = rng.sample(("제주", "강원", "전남", "경기", "충북", "전북", "서울", "경북"), 2)
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


FINE_DUST = _frame(
    "날씨·환경", "미세먼지", _sample_fine_dust,
    leads=(
        "지난해 전국 초미세먼지(PM2.5) 연평균 농도가 {concentration|으로} 관측 이래 가장 낮았던 것으로 나타났다.",
        "환경부는 {day} 지난해 초미세먼지 연평균 농도가 {concentration|으로} 전년보다 {dust_pct} 낮아졌다고 밝혔다.",
        "지난해 초미세먼지 ‘좋음’ 일수가 {good_days|으로} 전년보다 {good_increase} 늘었다.",
    ),
    summaries=(
        "지난해 초미세먼지 연평균 농도는 {concentration|으로} 역대 최저였고, ‘좋음’ 일수는 {good_days}에 달했다.",
        "지난해 초미세먼지 농도가 전년 대비 {dust_pct} 낮은 {concentration|으로} 집계됐으며, ‘나쁨’ 일수는 {bad_days}에 그쳤다.",
        "‘좋음’ 일수가 {good_days|으로} 늘고 ‘나쁨’ 일수는 {bad_days|으로} 줄어드는 등 지난해 대기질이 개선됐다.",
    ),
    figures=(
        "농도가 ‘좋음’ 수준이었던 날은 {good_days|으로} 집계됐고, ‘나쁨’ 이상인 날은 {bad_days}에 그쳤다.",
        "지난해 ‘나쁨’ 이상 일수는 {bad_days|으로} 전년보다 {bad_decrease} 줄었고, ‘좋음’ 일수는 {good_days|으로} 늘었다.",
    ),
    quotes=(
        "환경부 관계자는 “석탄발전 감축과 노후 경유차 저공해화 등 정책 효과와 함께 기상 여건도 유리하게 작용했다”고 분석했다.",
        "{expert} {institute} 연구위원은 “국외 유입 요인이 줄어든 영향도 있는 만큼 추세를 더 지켜봐야 한다”고 말했다.",
        "환경단체들은 “수송 부문 배출 저감 대책을 더 강화해야 한다”고 주장했다.",
    ),
    backgrounds=(
        "정부는 {target_year}까지 초미세먼지 연평균 농도를 {target|으로} 낮추는 것을 목표로 하고 있다.",
        "지역별로는 {clean_region|이} 가장 낮았고, {dirty_region}의 농도가 상대적으로 높았다.",
        "초미세먼지는 지름이 2.5㎛ 이하인 먼지로, 호흡기 깊숙이 침투해 건강에 해롭다.",
    ),
    schedules=(
        "환경부는 {start_when} 중 미세먼지 계절관리제 성과를 분석해 발표할 예정이다.",
        "정부는 {sched_date} 관계 부처 회의를 열고 올해 미세먼지 관리 대책을 확정할 계획이다.",
    ),
)

# ---------------------------------------------------------------------------
# 국제
# ---------------------------------------------------------------------------

_MINISTRIES = ("산업통상자원부", "국토교통부", "과학기술정보통신부", "외교부")


def _sample_bilateral(rng: random.Random, facts: Facts) -> Facts:
    country, capital = rng.choice(_COUNTRIES)
    field_a, field_b = rng.sample(_COOPERATION_FIELDS, 2)
    day = int(facts["day"][:-1])
    facts.update(_people(rng, ("minister",)))
    facts.update(
        ministry=rng.choice(_MINISTRIES),
        country=country,
        capital=capital,
        counterpart=rng.choice(("경제부 장관", "산업부 장관", "투자부 장관", "외무장관", "상무장관")),
        fields=f"{attach_particle(field_a, '과')} {field_b}",
        mou_count=f"{rng.randint(2, 12)}건",
        trade=_dollars(rng.randint(300, 9000)),
        trade_pct=percent(rng.uniform(2.0, 35.0)),
        trip_end=f"{day + rng.randint(1, 3)}일",
    )
    return facts


BILATERAL = _frame(
    "국제", "양자 협력", _sample_bilateral,
    leads=(
        "{minister} {ministry} 장관이 {day}(현지시간) {capital}에서 {country} {counterpart|과} 만나 {fields} 분야 협력 방안을 논의했다.",
        "한국과 {country|이} {fields} 분야에서 {mou_count}의 양해각서(MOU)를 체결했다.",
        "{ministry|은} {minister} 장관이 {day}(현지시간) {capital}에서 열린 한-{country} 경제협력위원회에 참석해 {mou_count}의 업무협약을 맺었다고 밝혔다.",
    ),
    summaries=(
        "{minister} 장관이 {country} {counterpart|과} 회담하고 {mou_count}의 양해각서를 맺어 {fields} 협력을 확대하기로 했다.",
        "한-{country} 양국이 {fields} 분야에서 {mou_count}의 협약을 맺었으며, 지난해 교역액은 {trade|이었다}.",
        "{ministry|은} {capital}에서 {country|과} {mou_count}의 업무협약을 체결했으며, 양국 교역액은 지난해 {trade}에 이르렀다.",
    ),
    figures=(
        "양측은 이날 회담을 계기로 {mou_count}의 양해각서를 체결했으며, 지난해 양국 교역액은 {trade|으로} 전년보다 {trade_pct} 늘었다.",
        "이번에 맺은 {mou_count}의 협약에는 공동 연구와 인력 교류 등이 담겼고, 양국 교역 규모는 지난해 {trade}에 달했다.",
    ),
    quotes=(
        "{minister} 장관은 “{country|은} 한국의 핵심 협력 파트너”라며 “양국 기업의 투자가 실질적인 성과로 이어지도록 지원하겠다”고 말했다.",
        "{ministry} 관계자는 “이번 협약이 우리 기업의 수주 기회 확대로 이어질 것으로 기대한다”고 말했다.",
        "{country} 측은 “한국 기업의 현지 진출 확대를 환영한다”는 입장을 밝혔다.",
    ),
    backgrounds=(
        "{country|은} 풍부한 자원과 빠른 경제 성장으로 한국 기업들의 관심이 높은 시장이다.",
        "양국 정부는 지난해에도 장관급 회담을 열어 공급망 협력 방안을 논의한 바 있다.",
        "현지에는 한국 기업 수백 곳이 진출해 있다.",
    ),
    schedules=(
        "양국은 {next_year} 상반기 서울에서 후속 회의를 열어 협약 이행 상황을 점검할 예정이다.",
        "{minister} 장관은 {trip_end}까지 현지에 머물며 진출 기업 간담회 등 일정을 소화한다.",
    ),
)

FRAMES: tuple[Frame, ...] = (
    INVESTMENT, EXPORTS, STOCK_MARKET, BASE_RATE, HOUSING_PRICES, SUBSCRIPTION, BILL, LOCAL_PROGRAM,
    FIRE, PHISHING, SCHOOL_ENTRANTS, UNIVERSITY_SELECTION, INFLUENZA, INSURANCE, RESEARCH, SERVICE_LAUNCH,
    FOOTBALL, BASEBALL, FESTIVAL, EXHIBITION, COLD_WAVE, FINE_DUST, BILATERAL,
)
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
