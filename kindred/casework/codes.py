"""CIN census code lists used through a child's episode (../shared/specs/statutory-returns.md § 1.4)."""

from __future__ import annotations

# ReferralSource (N00152), also the contact source in Ofsted's Annex A list 1.
REFERRAL_SOURCE = [
    ("1A", "Individual: family member, relative or carer"),
    ("1B", "Individual: acquaintance (including neighbours and childminders)"),
    ("1C", "Individual: self"),
    ("1D", "Individual: other (including strangers and MPs)"),
    ("2A", "Schools"),
    ("2B", "Education services"),
    ("3A", "Health: GP"),
    ("3B", "Health visitor"),
    ("3C", "School nurse"),
    ("3D", "Other primary health services"),
    ("3E", "A&E"),
    ("3F", "Health: other (for example a hospice)"),
    ("4", "Housing (local authority or housing association)"),
    ("5A", "Local authority: social care (for example adult social care)"),
    ("5B", "Local authority: other internal services"),
    ("5C", "Local authority: external (another local authority)"),
    ("5D", "Local authority: early help"),
    ("6", "Police"),
    ("7", "Other legal agency (courts, probation, immigration, Cafcass, prison)"),
    ("8", "Other (children's centres, independent agencies, voluntary organisations)"),
    ("9", "Anonymous"),
    ("10", "Unknown"),
]
REFERRAL_SOURCE_LABELS = dict(REFERRAL_SOURCE)

# PrimaryNeedCode (N00101). If two apply, the one highest in the list.
PRIMARY_NEED = [
    ("N1", "Abuse, neglect and exploitation"),
    ("N2", "Child's disability"),
    ("N3", "Parental disability or illness"),
    ("N4", "Family in acute stress"),
    ("N5", "Family dysfunction"),
    ("N6", "Socially unacceptable behaviour"),
    ("N7", "Low income"),
    ("N8", "Absent parenting"),
    ("N9", "Cases other than children in need"),
    ("N0", "Not stated"),
]

# ReasonForClosure (N00103).
REASON_FOR_CLOSURE = [
    ("RC1", "Adopted"),
    ("RC2", "Died"),
    ("RC3", "Child arrangements order"),
    ("RC4", "Special guardianship order"),
    ("RC5", "Transferred to another local authority"),
    ("RC6", "Transferred to adult social care"),
    ("RC7", "Services ceased for any other reason, including no longer in need"),
    ("RC8", "Closed after assessment, no further action"),
    ("RC9", "Closed after assessment, referred to early help"),
]
