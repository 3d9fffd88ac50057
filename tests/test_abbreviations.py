"""Abbreviations a statute defines for itself (ingest/abbreviations.py): invented texts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.abbreviations import Abbreviations, find_abbreviations
from ingest.records import Passage


def passage(path: str, text: str, *, language: str = "en", doc: str = "widget-act",
            kind: str = "act") -> Passage:
    return Passage(
        passage_id=f"{doc}:{language}:{path}", doc_id=doc, language=language, path=path, text=text,
        label=path, ref=path, title="Act on Widget Safety", short_title="Widget Act", caption="",
        chapter="", kind=kind, jurisdiction="JP", version="test", url=None, legal_effect=False,
        authority="translation")


@pytest.mark.parametrize(("text", "short", "full"), [
    ('A widget safety council (referred to below as the "council") is established in the Cabinet.',
     "council", "widget safety council"),
    ('The person in charge of the council is the chairperson of the widget safety council '
     '(referred to below as the "chairperson").',
     "chairperson", "chairperson of the widget safety council"),
    ('The Minister is to formulate a master plan for widget safety (hereinafter referred to as the '
     '"master plan") every three years.', "master plan", "master plan for widget safety"),
    ("Online widget service providers (hereinafter referred to as providers) must register.",
     "providers", "Online widget service providers"),
    ('The Presidential Council on National Widget Strategy (hereinafter referred to as the '
     '"Council") deliberates.', "Council", "Presidential Council on National Widget Strategy"),
])
def test_head_sharing_english_abbreviations_are_found(text, short, full):
    found = find_abbreviations(text, "en")
    assert [(a.short, a.full) for a in found] == [(short, full)]


@pytest.mark.parametrize("text", [
    # a short form for a description, not a name: there is no full name to recover
    'persons who intend to sell widgets in their business (referred to below as a "widget trader")',
    # the words before the parenthesis hold a verb: a clause, not a name
    'members of a council are assigned to the council (referred to as the "council members" below)',
    # the "full name" is no longer than the short form
    'the purpose of use (hereinafter referred to as the "purpose of use")',
    "A widget is a small device.",
])
def test_descriptions_clauses_and_plain_text_give_no_abbreviation(text):
    assert find_abbreviations(text, "en") == []


def test_japanese_abbreviations_need_the_full_name_to_end_with_the_short_form():
    text = ("内閣に、部品安全本部（以下「本部」という。）を置く。"
            "本部の長は、部品安全本部長（以下「本部長」という。）とする。"
            "部品を販売しようとする者（以下「販売者」という。）は届け出なければならない。")
    found = find_abbreviations(text, "ja")
    assert [(a.short, a.full) for a in found] == [("本部", "部品安全本部"), ("本部長", "部品安全本部長")]


def test_a_scoped_japanese_definition_is_found_too():
    text = "部品安全委員会（以下この章において「委員会」という。）は、部品の安全を所掌する。"
    assert [(a.short, a.full) for a in find_abbreviations(text, "ja")] == [("委員会", "部品安全委員会")]


def test_short_forms_in_later_provisions_stand_for_their_full_names():
    passages = [
        passage("art-9/para-1", 'A widget safety council (referred to below as the "council") is '
                                "established."),
        passage("art-10/para-1", "Affairs concerning the council are handled by the Cabinet Office."),
        passage("art-11/para-1", "The Minister keeps a register of widgets."),
    ]
    abbreviations = Abbreviations.from_passages(passages)
    assert len(abbreviations) == 1
    assert abbreviations.full_names("widget-act", "en", passages[1].text) == ["widget safety council"]
    assert abbreviations.full_names("widget-act", "en", passages[2].text) == []
    # the short form is the document's own: another document, or language, does not share it
    assert abbreviations.full_names("other-act", "en", passages[1].text) == []
    assert abbreviations.full_names("widget-act", "ja", passages[1].text) == []
    # a word that merely contains the short form is not it
    assert abbreviations.full_names("widget-act", "en", "The councillors met.") == []


def test_an_explainers_parentheses_are_not_definitions():
    text = 'The widget safety council (referred to below as the "council") meets monthly.'
    explainer = passage("sec-1", text, doc="widget-explainer", kind="faq")
    assert len(Abbreviations.from_passages([explainer])) == 0


@given(st.text(alphabet=st.sampled_from(list('ab "()referdtoblwsunc本部（）以下「」という。')), max_size=200))
@settings(max_examples=300, deadline=None)
def test_any_text_gives_abbreviations_whose_full_name_holds_the_short_form(text):
    for language in ("en", "ja"):
        for a in find_abbreviations(text, language):
            assert a.short.lower() in a.full.lower() and len(a.full) > len(a.short)
