"""What each audit verb means, in the UI language, as the apps register their verb groups in
:data:`audit.registry.trail` (each from its own ``audit.py``): the one place the auditor reads them.

Every verb the code records has a label (``tests/audit/test_verbs.py`` checks it); a verb
found in old rows but no longer recorded shows as its code. The kind of an event's object
(推荐, not selection.nomination) is its model's verbose name, read back by the 对象 filter."""

from __future__ import annotations

import functools

from django.conf import settings
from django.utils.translation import get_language, override
from django.utils.translation import gettext_lazy as _

from .registry import trail

#: Verb groups (the part before the dot), for the filter's headings, as the apps register them
#: (``trail.group``).
GROUPS = trail.groups

#: What happened, named as an event ("Signed in", "Profile published"): in their own context,
#: apart from the button or the state of the same Chinese. Each app registers its group's
#: (``trail.group``, in the app's ``audit.py``).
LABELS = trail.verbs


def label(verb: str) -> str:
    """The verb's label in the active language, or the verb itself when it has none."""
    return str(LABELS.get(verb, verb))


def choices():
    """The filter's options: one group per verb group, each with an "all of the group" entry
    (its prefix, ending in a dot) then its verbs, in label order. Made once per language: the
    labels are the code's own, and sorting them by their translation is most of a filter
    form's making."""
    return _choices(get_language())


@functools.cache
def _choices(language: str) -> list:
    grouped: dict[str, list[tuple[str, str]]] = {}
    for verb, text in LABELS.items():
        grouped.setdefault(verb.split(".", 1)[0], []).append((verb, str(text)))
    options: list = [("", str(_("全部动作")))]
    for prefix in sorted(grouped, key=lambda p: str(GROUPS.get(p, p))):
        name = str(GROUPS.get(prefix, prefix))
        entries = [(f"{prefix}.", _("全部（%(group)s）") % {"group": name})]
        entries += sorted(grouped[prefix], key=lambda entry: entry[1])
        options.append((name, entries))
    return options


def kind_label(target_type: str) -> str:
    """The verbose name of the model ``target_type`` ("selection.nomination") names, in the
    current language; the code itself when no installed model has it (an old row), "" for
    none."""
    if not target_type:
        return ""
    from django.apps import apps

    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type


#: Objects whose name the log stores as "<label of a code> #<id>" (a report job: "汇总表 #1",
#: ``ReportJob.__str__``), in the language of whoever acted: shown with the label in the
#: reader's language (``trail.named_by``).
NAMED_BY_CODE = trail.named_by_code


def target_name(target_type: str, target_repr: str) -> str:
    """The object's name as the log stores it, its code's label (``NAMED_BY_CODE``) in the
    current language; as stored when it is not such a name."""
    label, mark, number = target_repr.rpartition(" #")
    code = _codes_by_label(target_type).get(label) if mark else None
    if code is None:
        return target_repr
    return f"{dict(NAMED_BY_CODE[target_type])[code]} #{number}"


@functools.cache
def _codes_by_label(target_type: str) -> dict[str, str]:
    # Every language's labels: the name was stored in the language of whoever acted.
    codes: dict[str, str] = {}
    for language, _name in settings.LANGUAGES:
        with override(language):
            codes |= {str(text): code for code, text in NAMED_BY_CODE.get(target_type, ())}
    return codes


def kind_codes(text: str) -> tuple[str, ...]:
    """The codes of the installed models ``text`` names, as the 对象 column shows a kind (推荐)
    or as it is stored (selection.nomination): a verbose name in the current language or in
    another of the portal's, or a code, in any case. Every model bearing the name (two may
    share one); () when none does."""
    key = " ".join(text.split()).casefold()
    languages = dict.fromkeys([get_language(), *(code for code, _name in settings.LANGUAGES)])
    codes = (code for language in languages for code in _kinds(language).get(key, ()))
    return tuple(dict.fromkeys(codes))


def stored_kind(text: str) -> bool:
    """``text`` is a type as the log stores it, ``app_label.model`` of an installed app, whether
    or not the model is still there (an old row's, which the 对象 column shows as stored); a
    file name (名册.xlsx) is not."""
    from django.apps import apps

    label, dot, model = text.partition(".")
    labels = {config.label for config in apps.get_app_configs()}
    return bool(dot) and label in labels and model.isidentifier() and model == model.lower()


@functools.cache
def _kinds(language: str | None) -> dict[str, tuple[str, ...]]:
    # Once per language per process: the set of installed models (and so their names) does
    # not change while a process runs.
    from django.apps import apps

    kinds: dict[str, list[str]] = {}
    with override(language):
        for model in apps.get_models():
            code = model._meta.label_lower
            for key in {code, " ".join(str(model._meta.verbose_name).split()).casefold()}:
                kinds.setdefault(key, []).append(code)
    return {key: tuple(codes) for key, codes in kinds.items()}
