"""The study's tables (SQLAlchemy 1.4 ORM, 2.0-style API), created on first use. Their constraints carry the
guarantees the rating app relies on, so these hold for any number of app processes on any database:
- one rating per (annotator, example): a double submission cannot create a second row, and an annotator
  only ever writes rows keyed by their own id, so two annotators cannot overwrite each other;
- one left/right assignment per (annotator, example): the order a rater saw is stored, not recomputed;
- study names are unique; example ids are unique within a study.
"""

from __future__ import annotations

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()

SYSTEMS = ("A", "B")
# Flag keys as stored, with the labels the rating page shows (per summary).
FLAGS = {
    "factual_error": "사실 오류",
    "missing_key_info": "핵심 누락",
    "repetition": "반복",
    "ungrammatical": "비문",
}
NAME_LENGTH = 100


class Study(Base):
    __tablename__ = "he_studies"
    id = Column(Integer, primary_key=True)
    name = Column(String(200), nullable=False, unique=True)
    created_at = Column(DateTime, nullable=False)
    seed = Column(Integer, nullable=False)
    sampling = Column(String(40), nullable=False)  # how the examples were chosen: "random" | "stratified:<column>"
    system_a = Column(String(500), nullable=False)  # run labels
    system_b = Column(String(500), nullable=False)
    path_a = Column(Text, nullable=False)  # run directories
    path_b = Column(Text, nullable=False)
    examples = relationship("Example", back_populates="study", order_by="Example.position")


class Example(Base):
    __tablename__ = "he_examples"
    __table_args__ = (UniqueConstraint("study_id", "example_id"), UniqueConstraint("study_id", "position"))
    id = Column(Integer, primary_key=True)
    study_id = Column(Integer, ForeignKey("he_studies.id"), nullable=False)
    position = Column(Integer, nullable=False)  # the order every annotator is shown the examples in
    example_id = Column(String(200), nullable=False)  # the id in both runs' predictions.jsonl
    document = Column(Text, nullable=False)
    reference = Column(Text, nullable=False)
    summary_a = Column(Text, nullable=False)
    summary_b = Column(Text, nullable=False)
    scores_a = Column(Text, nullable=False)  # JSON: the run's per-example automatic scores
    scores_b = Column(Text, nullable=False)
    study = relationship("Study", back_populates="examples")


class Annotator(Base):
    __tablename__ = "he_annotators"
    __table_args__ = (UniqueConstraint("study_id", "name"),)
    id = Column(Integer, primary_key=True)
    study_id = Column(Integer, ForeignKey("he_studies.id"), nullable=False)
    name = Column(String(NAME_LENGTH), nullable=False)
    created_at = Column(DateTime, nullable=False)


class Assignment(Base):
    """Which system an annotator sees on the left for an example (drawn when the annotator joins)."""

    __tablename__ = "he_assignments"
    __table_args__ = (UniqueConstraint("annotator_id", "example_pk"),)
    id = Column(Integer, primary_key=True)
    annotator_id = Column(Integer, ForeignKey("he_annotators.id"), nullable=False)
    example_pk = Column(Integer, ForeignKey("he_examples.id"), nullable=False)
    left_system = Column(String(1), nullable=False)


class Rating(Base):
    __tablename__ = "he_ratings"
    __table_args__ = (UniqueConstraint("annotator_id", "example_pk"),)
    id = Column(Integer, primary_key=True)
    annotator_id = Column(Integer, ForeignKey("he_annotators.id"), nullable=False)
    example_pk = Column(Integer, ForeignKey("he_examples.id"), nullable=False)
    left_system = Column(String(1), nullable=False)  # as shown when rated
    preference = Column(String(3), nullable=False)  # "A" | "B" | "tie", in system terms
    flags_a = Column(Text, nullable=False)  # JSON list of FLAGS keys, sorted
    flags_b = Column(Text, nullable=False)
    comment = Column(Text, nullable=False, default="")
    created_at = Column(DateTime, nullable=False)
