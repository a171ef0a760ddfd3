"""What the API answers: the OpenAPI schema is generated from these."""

from __future__ import annotations

import datetime

from ninja import Field, Schema

# --- Public ---------------------------------------------------------------------------------


class ProfileCardOut(Schema):
    slug: str
    title: str
    summary: str
    year: int
    organization: str
    url: str
    thumbnail_url: str | None


class ProfilePageOut(Schema):
    items: list[ProfileCardOut]
    page: int
    page_size: int
    has_previous: bool
    has_next: bool


class ProfileOut(Schema):
    slug: str
    title: str
    summary: str
    story_html: str
    year: int
    organization: str
    tags: list[str]
    url: str
    photo_url: str | None
    thumbnail_url: str | None


class NoticeSummaryOut(Schema):
    campaign_id: int
    title: str
    starts_on: datetime.date
    ends_on: datetime.date


class NoticeEntryOut(Schema):
    name: str
    gender: str
    ethnicity: str
    birth_year: int | None
    joined_year: int | None
    organization: str
    post: str
    deeds_summary: str
    #: The honour was revoked since the notice (撤销荣誉): listed still, marked as on its page.
    revoked: bool
    #: What the notice's page says beside the name ("" for most): 撤销 for one withdrawn during
    #: the notice (an objection upheld), 已撤销荣誉 for a revoked honour; never the reason.
    mark: str


class NoticeOut(NoticeSummaryOut):
    working_days: int
    contact: str
    accepting_objections: bool
    entries: list[NoticeEntryOut]


class RevocationOut(Schema):
    name: str
    organization: str
    campaign: str
    document: str
    revoked_on: datetime.date


class CalendarDayOut(Schema):
    date: datetime.date
    kind: str
    kind_label: str
    note: str


class CalendarOut(Schema):
    year: int
    days: list[CalendarDayOut]


# --- With a token -----------------------------------------------------------------------------


class OrgOut(Schema):
    id: int
    code: str
    name: str


class RoleOut(Schema):
    role: str
    role_label: str
    organization: OrgOut


class TokenInfoOut(Schema):
    label: str
    prefix: str
    expires_at: datetime.datetime
    can_write: bool


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[RoleOut]
    token: TokenInfoOut


class CampaignOut(Schema):
    id: int
    title: str
    year: int
    phase: str
    phase_label: str
    owner: OrgOut
    opens_at: datetime.datetime | None
    nominating_deadline: datetime.datetime | None
    screening_deadline: datetime.datetime | None
    reviewing_deadline: datetime.datetime | None


class CampaignPageOut(Schema):
    items: list[CampaignOut]
    page: int
    page_size: int
    has_previous: bool
    has_next: bool


class MemberOut(Schema):
    """Personal data masked, as in the portal's lists."""

    id: int
    member_no: str
    name: str
    gender: str
    ethnicity: str
    birth_date: str
    phone: str
    id_number: str
    post: str
    work_unit: str


class NominationOut(Schema):
    id: int
    campaign_id: int
    state: str
    state_label: str
    branch: OrgOut
    member: MemberOut
    deeds_summary: str
    submitted_at: datetime.datetime | None
    updated_at: datetime.datetime


class NominationPageOut(Schema):
    items: list[NominationOut]
    page: int
    page_size: int
    has_previous: bool
    has_next: bool


class EvidenceOut(Schema):
    political: str
    performance: str
    public: str
    integrity: str


class NominationDetailOut(NominationOut):
    deeds: str
    evidence: EvidenceOut
    branch_opinion: str
    branch_meeting_date: datetime.date | None


class ResultRowOut(Schema):
    """Points are decimal numbers written as text ("87.50"): exact, never binary floats."""

    nomination_id: int
    name: str
    branch: str
    state: str
    rank: int | None
    total: str
    criteria: dict[str, str | None]
    cards: int
    mean_total: str | None
    trimmed_total: str | None
    spread: str | None
    responses: int
    satisfaction: str | None
    vetoed: bool
    flags: list[str]


class ResultsOut(Schema):
    campaign_id: int
    items: list[ResultRowOut]
    page: int
    page_size: int
    has_previous: bool
    has_next: bool


class SurveyOut(Schema):
    """Counts and rates only, and only from 5 responses on (anonymity)."""

    nomination_id: int
    issued: int
    responses: int
    shown: bool
    counts: dict[str, dict[str, int]]
    satisfaction: str | None
    quorum_met: bool


class ReportRequestIn(Schema):
    kind: str
    campaign: int
    organization: int | None = None
    nomination: int | None = None
    #: 逐级推荐: the position of the stage whose pools the report covers (summary, detail).
    stage: int | None = Field(None, ge=1, le=32767)


class ReportJobOut(Schema):
    id: int
    kind: str
    kind_label: str
    state: str
    state_label: str
    progress: int
    error: str
    campaign_id: int
    organization_id: int
    nomination_id: int | None
    stage_id: int | None
    filename: str
    size: int
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
    download_url: str | None


class ReportJobPageOut(Schema):
    items: list[ReportJobOut]
    page: int
    page_size: int
    has_previous: bool
    has_next: bool


class RosterImportOut(Schema):
    id: int
    kind: str
    state: str
    state_label: str
    original_name: str
    total_rows: int
    creates: int
    updates: int
    unchanged: int
    problem_count: int
    problems: list[dict]
    error: str
    error_code: str
    error_params: dict
    progress: int
    created_at: datetime.datetime
    finished_at: datetime.datetime | None
