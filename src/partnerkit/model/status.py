"""``status.yaml``: the red/amber/green rating of each bucket, with its evidence."""

from __future__ import annotations

from typing import Optional

from pydantic import Field

from partnerkit.model.common import RAG, Handle, IsoDate, Record


class BucketStatus(Record):
    rag: RAG
    evidence: Optional[str] = Field(None, description="The facts behind the rating.")
    owner: Optional[Handle] = None
    updated: Optional[IsoDate] = None


class Status(Record):
    buckets: dict[str, BucketStatus] = Field(default_factory=dict)
