"""Reading a census file back in tests: a child's elements as nested (tag, text or children) pairs, so a test
states exactly what the file must say, in order."""

from __future__ import annotations

from typing import Any

from lxml import etree

from kindred.people.models import Person
from kindred.returns.cin_census import la_child_id


def parse(xml: bytes) -> etree._Element:
    return etree.fromstring(xml, parser=etree.XMLParser(remove_blank_text=True))


def shape(element: etree._Element) -> Any:
    """(tag, text) for a field, (tag, [children...]) for a group."""
    if len(element):
        return (element.tag, [shape(child) for child in element])
    return (element.tag, element.text)


def child_element(document: etree._Element, la_child_id: str) -> etree._Element:
    found = [
        child
        for child in document.findall("Children/Child")
        if child.findtext("ChildIdentifiers/LAchildID") == la_child_id
    ]
    assert len(found) == 1, f"{len(found)} children with LAchildID {la_child_id}"
    return found[0]


def derived_id(person: Person) -> str:
    return la_child_id(person, [])


def episodes(document: etree._Element, person_or_id: Person | str) -> list[Any]:
    """The child's CINdetails, each as a list of (tag, value) pairs."""
    wanted = person_or_id if isinstance(person_or_id, str) else derived_id(person_or_id)
    child = child_element(document, wanted)
    return [shape(details)[1] for details in child.findall("CINdetails")]


def identifiers(document: etree._Element, la_child_id: str) -> list[Any]:
    return shape(child_element(document, la_child_id).find("ChildIdentifiers"))[1]
