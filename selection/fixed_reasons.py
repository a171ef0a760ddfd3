"""The reasons the portal itself writes into a nomination's history (``Transition.reason``),
gathered in one place for the services that write them and for the pages and e-mails that
show them.

Each is stored as written here, in Chinese (the gettext message id), like a reason a person
types, so the history keeps what was recorded whatever the reader's language. It is shown in
the reader's language by ``Transition.shown_reason``; a reason a person wrote is never
translated. ``selection/migrations/0021`` copies the first two as literals (a migration does
not import app code): a change of wording here leaves the rows written before it as they
were, shown as written."""

from __future__ import annotations

from django.utils.translation import gettext_noop

#: A node's choice at a stage (逐级推荐) leaves the nomination out with no card submitted for
#: it at that stage (``evaluations.services.choosing.history_reason``).
UNSCORED = gettext_noop("本级无已提交的评分表，本级确定名单时未经评分记为未入选")

#: A node withdraws the choice that left the nomination out, which goes back into review.
WITHDRAWN = gettext_noop("本级已撤回确定的推荐名单，恢复评审")

#: Why a nomination still in review when the 公示 opens ends as 未入选, by what kept it out of
#: the ranking (``evaluations.services.shortlist.end_unranked``).
UNRANKED = {
    "no_card": gettext_noop("未参与排名（无已提交的评分），公示时记为未入选"),
    "vetoed": gettext_noop("评审委员一票否决，未参与排名，公示时记为未入选"),
    "late": gettext_noop("确定拟推荐名单后才有提交的评分，未参与名单确定，公示时记为未入选"),
}

#: Every fixed text: a stored reason equal to one of them is shown translated.
ALL = frozenset({UNSCORED, WITHDRAWN, *UNRANKED.values()})
