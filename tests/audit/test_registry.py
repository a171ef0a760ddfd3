"""Each app tells the audit pages what its events mean, once: a second app (or a copy) naming
the same verb, group or key the other way is refused at start-up, so no label has two places."""

import pytest

from audit.registry import AlreadyRegistered, Trail


def test_an_app_registers_its_group_and_the_pages_read_its_labels():
    trail = Trail()
    trail.group("report", "报表", {"report.downloaded": "下载报表"})
    trail.codes("kind", [("summary", "汇总表")], group="report")

    assert trail.groups == {"report": "报表"}
    assert trail.verbs == {"report.downloaded": "下载报表"}
    assert trail.values == {"kind": {"report": [("summary", "汇总表")]}}


def test_a_second_registration_of_the_same_verb_or_codes_is_refused():
    trail = Trail()
    trail.group("report", "报表", {"report.downloaded": "下载报表"})
    trail.codes("kind", [("summary", "汇总表")], group="report")

    with pytest.raises(AlreadyRegistered):
        trail.group("report", "报告", {})
    with pytest.raises(AlreadyRegistered):
        trail.codes("kind", [("summary", "总表")], group="report")
    with pytest.raises(ValueError):
        trail.group("archive", "归档", {"report.retried": "重新生成报表"})


def test_until_an_app_says_how_a_contact_is_masked_none_of_it_shows():
    trail = Trail()

    assert trail.mask_contact("13812345678") == "***********"
    trail.contacts(str.upper)
    assert trail.mask_contact("w@example.org") == "W@EXAMPLE.ORG"
    with pytest.raises(AlreadyRegistered):
        trail.contacts(str.lower)
