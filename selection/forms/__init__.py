"""Forms of the selection app: they validate input; services decide."""

from .campaigns import CampaignForm, PhaseForm, QuotaOverrideForm, organization_tree_choices
from .common import (
    LARGEST_ID,
    REASON_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    IdListField,
    choice_errors,
    text_errors,
)
from .filters import CampaignPickerForm, GalleryFilterForm, NoticeSearchForm
from .nominations import (
    AttachmentForm,
    BulkEligibleForm,
    EligibleForm,
    IntegrityOpinionForm,
    NominationForm,
    ReasonForm,
    not_kept,
)
from .publicity import (
    CalendarDayForm,
    ConsentForm,
    NoticeForm,
    ObjectionForm,
    ProfileForm,
    ResolveForm,
    RevokeForm,
)

__all__ = [
    "LARGEST_ID",
    "REASON_MAX_LENGTH",
    "TEXT_MAX_LENGTH",
    "AttachmentForm",
    "BulkEligibleForm",
    "CalendarDayForm",
    "CampaignForm",
    "CampaignPickerForm",
    "ConsentForm",
    "EligibleForm",
    "GalleryFilterForm",
    "IdListField",
    "IntegrityOpinionForm",
    "NominationForm",
    "NoticeForm",
    "NoticeSearchForm",
    "ObjectionForm",
    "PhaseForm",
    "ProfileForm",
    "QuotaOverrideForm",
    "ReasonForm",
    "ResolveForm",
    "RevokeForm",
    "choice_errors",
    "not_kept",
    "organization_tree_choices",
    "text_errors",
]
