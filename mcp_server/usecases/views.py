"""Small answer pieces shared by several use cases."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel

from ..domain.graph import Graph
from ..domain.learner import Lesson


class Ref(BaseModel):
    id: str
    title: str
    depth: int


class HistoryItem(Ref):
    date: dt.date
    post: str


def history_item(g: Graph, lang: str, x: Lesson) -> HistoryItem:
    con = g.concepts.get(x.concept)
    return HistoryItem(id=x.concept, title=con.title.get(lang) if con else x.title, depth=x.depth, date=x.date, post=x.post)


def ref(g: Graph, lang: str, cid: str, depth: int) -> Ref:
    return Ref(id=cid, title=g.concepts[cid].title.get(lang), depth=depth)
