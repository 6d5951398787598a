"""``status.yaml``: the red/amber/green rating of each bucket, with its evidence."""

from __future__ import annotations

from pydantic import Field

from partnerkit.model.common import RAG, Handle, IsoDate, Record


class BucketStatus(Record):
    rag: RAG = Field(description="green, amber or red.")
    evidence: str | None = Field(None, description="The facts behind the rating.")
    owner: Handle | None = Field(None, description="Who gave the rating (a handle).")
    updated: IsoDate | None = Field(None, description="When the rating was last reviewed.")
    evidence_overrides_kpis: bool = Field(
        False,
        description="true when the evidence explains why this rating stands although the bucket's KPIs say "
        "otherwise (say why in evidence).",
    )


class Status(Record):
    buckets: dict[str, BucketStatus] = Field(
        default_factory=dict, description="One rating per bucket of partnerkit.yaml."
    )
