"""The study store: any SQLAlchemy URL (SQLite file by default). Every write is one transaction committed before
the caller hears back, so a rating acknowledged to the page survives the server being killed right after. A
database that cannot be reached or is locked raises `StoreUnavailable` naming the URL (password masked); the page
keeps the rating and retries."""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from summarizer.human_eval.errors import (
    AnnotatorNotJoined,
    ExampleNotInStudy,
    InvalidRating,
    RatingConflict,
    StoreUnavailable,
    StudyExists,
    StudyNotFound,
)
from summarizer.human_eval.schema import (
    FLAGS,
    NAME_LENGTH,
    SYSTEMS,
    Annotator,
    Assignment,
    Base,
    Example,
    Rating,
    Study,
)

DEFAULT_URL = "sqlite:///outputs/human_eval.db"
SIDES = ("left", "right", "tie")


def masked(url: str) -> str:
    """The URL with its password replaced by ***, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<not a database URL>"


@dataclass(frozen=True)
class Item:
    """What the rating page shows: no system names, only left and right."""

    example_id: str
    position: int
    document: str
    left: str
    right: str


@dataclass(frozen=True)
class Progress:
    done: int
    total: int


class Store:
    def __init__(self, url: str = DEFAULT_URL, timeout: float = 5.0):
        """`timeout`: seconds a write waits for a lock (SQLite) or a connection before giving up."""
        self.url = url
        try:
            parsed = make_url(url)
        except ArgumentError as error:
            raise StoreUnavailable(f"{url!r} is not a database URL ({error}); e.g. sqlite:///outputs/human_eval.db "
                                   "or postgresql://user:password@host/db") from None
        connect_args: dict[str, Any] = {}
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            # The app serves requests from a thread pool; sqlite3 waits `timeout` s for another writer's lock.
            connect_args = {"timeout": timeout, "check_same_thread": False}
        elif parsed.get_backend_name() == "postgresql":
            connect_args = {"connect_timeout": max(1, int(timeout))}
        try:
            self.engine = create_engine(url, future=True, connect_args=connect_args, pool_pre_ping=True)
        except (NoSuchModuleError, ModuleNotFoundError) as error:
            raise StoreUnavailable(f"no driver for {masked(url)}: {error}") from None
        self._sessions = sessionmaker(self.engine, future=True, expire_on_commit=False)
        with self._guard():
            Base.metadata.create_all(self.engine)

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------------------------------- plumbing
    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except OperationalError as error:
            reason = str(error.orig).strip().splitlines()[0] if error.orig else str(error)
            raise StoreUnavailable(
                f"the human-evaluation database {masked(self.url)} is unreachable or locked ({reason}); nothing was "
                "written. Check that the server runs and the URL is right (--db), or retry when the other writer is done."
            ) from None

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """One transaction: committed on success, rolled back on any error."""
        with self._guard(), self._sessions.begin() as session:
            yield session

    # --------------------------------------------------------------------------------------------- studies
    def create_study(self, name: str, systems: list[tuple[str, str]], examples: list[dict[str, Any]], *,
                     seed: int, sampling: str) -> None:
        """Store a study: systems [(label, run dir)] for A and B, examples with id, document, reference,
        summary_a/b and scores_a/b. Refuses a name already taken (a study is never silently replaced)."""
        (label_a, path_a), (label_b, path_b) = systems
        study = Study(name=name, created_at=_now(), seed=seed, sampling=sampling, system_a=label_a, system_b=label_b,
                      path_a=path_a, path_b=path_b)
        for position, example in enumerate(examples):
            study.examples.append(Example(
                position=position, example_id=str(example["id"]), document=example["document"],
                reference=example["reference"], summary_a=example["summary_a"], summary_b=example["summary_b"],
                scores_a=json.dumps(example["scores_a"], ensure_ascii=False),
                scores_b=json.dumps(example["scores_b"], ensure_ascii=False)))
        try:
            with self._session() as session:
                session.add(study)
        except IntegrityError:
            raise StudyExists(f"a study named {name!r} already exists in {masked(self.url)}: choose another --name") from None

    def study_names(self) -> list[str]:
        with self._session() as session:
            return list(session.scalars(select(Study.name).order_by(Study.id)))

    def study(self, name: str) -> dict[str, Any]:
        with self._session() as session:
            study = self._study(session, name)
            return {"name": study.name, "created_at": study.created_at.isoformat(), "seed": study.seed,
                    "sampling": study.sampling, "system_a": study.system_a, "system_b": study.system_b,
                    "path_a": study.path_a, "path_b": study.path_b, "examples": len(study.examples)}

    def _study(self, session: Session, name: str) -> Study:
        study = session.scalars(select(Study).where(Study.name == name)).one_or_none()
        if study is None:
            names = list(session.scalars(select(Study.name)))
            raise StudyNotFound(f"no study named {name!r} in {masked(self.url)}; studies there: {names or 'none'} "
                                "(create one with `python -m summarizer.human_eval create`)")
        return study

    def examples(self, name: str) -> list[dict[str, Any]]:
        with self._session() as session:
            return [{"id": e.example_id, "position": e.position, "document": e.document, "reference": e.reference,
                     "summary_a": e.summary_a, "summary_b": e.summary_b, "scores_a": json.loads(e.scores_a),
                     "scores_b": json.loads(e.scores_b)} for e in self._study(session, name).examples]

    # ------------------------------------------------------------------------------------------ annotators
    def join(self, name: str, annotator: str) -> Progress:
        """Register an annotator (again: a no-op) and draw their left/right order for every example."""
        annotator = valid_annotator(annotator)
        try:
            with self._session() as session:
                study = self._study(session, name)
                if self._annotator(session, study, annotator) is None:
                    row = Annotator(study_id=study.id, name=annotator, created_at=_now())
                    session.add(row)
                    session.flush()
                    rng = random.Random(_seed(study.seed, annotator))
                    session.add_all(Assignment(annotator_id=row.id, example_pk=example.id, left_system=rng.choice(SYSTEMS))
                                    for example in study.examples)
        except IntegrityError:  # a second browser joined the same name at the same moment: its rows stand
            pass
        return self.progress(name, annotator)

    @staticmethod
    def _annotator(session: Session, study: Study, name: str) -> Annotator | None:
        return session.scalars(select(Annotator).where(Annotator.study_id == study.id, Annotator.name == name)).one_or_none()

    def _joined(self, session: Session, study: Study, name: str) -> Annotator:
        annotator = self._annotator(session, study, valid_annotator(name))
        if annotator is None:
            raise AnnotatorNotJoined(f"annotator {name!r} has not joined study {study.name!r}: enter the name on the page first")
        return annotator

    def progress(self, name: str, annotator: str) -> Progress:
        with self._session() as session:
            study = self._study(session, name)
            row = self._joined(session, study, annotator)
            done = session.scalar(select(func.count()).select_from(Rating).where(Rating.annotator_id == row.id))
            total = session.scalar(select(func.count()).select_from(Example).where(Example.study_id == study.id))
            return Progress(done=done, total=total)  # counted, not loaded: asked on every page request

    def items(self, name: str, annotator: str, unrated_only: bool = False) -> list[Item]:
        """The examples as the annotator is shown them (their own left/right draw), in study order."""
        with self._session() as session:
            study = self._study(session, name)
            row = self._joined(session, study, annotator)
            query = (select(Example, Assignment.left_system).join(Assignment, Assignment.example_pk == Example.id)
                     .where(Example.study_id == study.id, Assignment.annotator_id == row.id).order_by(Example.position))
            if unrated_only:
                query = query.where(Example.id.not_in(select(Rating.example_pk).where(Rating.annotator_id == row.id)))
            items = []
            for example, left in session.execute(query):
                texts = {"A": example.summary_a, "B": example.summary_b}
                items.append(Item(example.example_id, example.position, example.document, texts[left], texts[_other(left)]))
            return items

    def assignments(self, name: str) -> dict[tuple[str, str], str]:
        """{(annotator, example id): the system shown on the left}: for auditing a study, never sent to the page."""
        with self._session() as session:
            study = self._study(session, name)
            rows = session.execute(select(Annotator.name, Example.example_id, Assignment.left_system)
                                   .join(Assignment, Assignment.annotator_id == Annotator.id)
                                   .join(Example, Example.id == Assignment.example_pk).where(Example.study_id == study.id))
            return {(annotator, example_id): left for annotator, example_id, left in rows}

    def next_item(self, name: str, annotator: str) -> Item | None:
        """The first example (in study order) the annotator has not rated, None when all are done: a reload
        or a second browser resumes exactly there."""
        unrated = self.items(name, annotator, unrated_only=True)
        return unrated[0] if unrated else None

    # --------------------------------------------------------------------------------------------- ratings
    def submit(self, name: str, annotator: str, example_id: str, preference: str, flags_left: list[str] = (),
               flags_right: list[str] = (), comment: str = "") -> str:
        """Store one rating given as the page saw it (left/right); returns "recorded", or "duplicate" when the
        same rating was already stored. A different rating of an example already rated raises RatingConflict:
        the first stands, and no annotator can reach another's rows."""
        if preference not in SIDES:
            raise InvalidRating(f"preference must be one of {list(SIDES)}, got {preference!r}")
        for flag in (*flags_left, *flags_right):
            if flag not in FLAGS:
                raise InvalidRating(f"unknown flag {flag!r}; flags are {list(FLAGS)}")
        with self._session() as session:
            study = self._study(session, name)
            row = self._joined(session, study, annotator)
            example = session.scalars(select(Example).where(Example.study_id == study.id,
                                                            Example.example_id == str(example_id))).one_or_none()
            if example is None:
                raise ExampleNotInStudy(f"example {example_id!r} is not in study {name!r} ({len(study.examples)} examples)")
            left = session.scalars(select(Assignment.left_system).where(Assignment.annotator_id == row.id,
                                                                        Assignment.example_pk == example.id)).one()
            flags = {left: sorted(set(flags_left)), _other(left): sorted(set(flags_right))}
            wanted = {"preference": {"left": left, "right": _other(left), "tie": "tie"}[preference],
                      "flags_a": json.dumps(flags["A"]), "flags_b": json.dumps(flags["B"]), "comment": comment.strip()}
            ids = (row.id, example.id)
        try:
            with self._session() as session:
                session.add(Rating(annotator_id=ids[0], example_pk=ids[1], left_system=left, created_at=_now(), **wanted))
            return "recorded"
        except IntegrityError:  # already rated (a double click, a retry after a lost answer, a second browser)
            pass
        with self._session() as session:
            stored = session.scalars(select(Rating).where(Rating.annotator_id == ids[0], Rating.example_pk == ids[1])).one()
            if all(getattr(stored, key) == value for key, value in wanted.items()):
                return "duplicate"
            raise RatingConflict(f"{annotator!r} already rated example {example_id!r} of study {name!r} at "
                                 f"{stored.created_at:%Y-%m-%d %H:%M:%S} UTC with a different answer; the first rating stands")

    def ratings(self, name: str) -> list[dict[str, Any]]:
        """Every rating of a study, one flat row each (system terms; flags as booleans), in example order."""
        with self._session() as session:
            study = self._study(session, name)
            rows = session.execute(
                select(Rating, Annotator.name, Example.example_id, Example.position)
                .join(Annotator, Annotator.id == Rating.annotator_id).join(Example, Example.id == Rating.example_pk)
                .where(Example.study_id == study.id).order_by(Example.position, Annotator.name)).all()
            table = []
            for rating, annotator, example_id, position in rows:
                flagged = {"A": set(json.loads(rating.flags_a)), "B": set(json.loads(rating.flags_b))}
                record = {"study": name, "example_id": example_id, "position": position, "annotator": annotator,
                          "left_system": rating.left_system, "preference": rating.preference}
                record.update({f"{flag}_{system}": flag in flagged[system] for system in SYSTEMS for flag in FLAGS})
                record.update({"comment": rating.comment, "created_at": rating.created_at.isoformat()})
                table.append(record)
            return table


def valid_annotator(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise InvalidRating("the annotator name is empty: enter a name (평가자 이름을 입력하세요)")
    if len(name) > NAME_LENGTH:
        raise InvalidRating(f"the annotator name is longer than {NAME_LENGTH} characters")
    return name


def _other(system: str) -> str:
    return "B" if system == "A" else "A"


def _seed(study_seed: int, annotator: str) -> int:
    """A stable seed per (study, annotator): the same person gets the same order on any machine."""
    return int.from_bytes(hashlib.sha256(f"{study_seed}\x00{annotator}".encode()).digest()[:8], "big")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
