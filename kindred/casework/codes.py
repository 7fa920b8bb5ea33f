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
REASON_FOR_CLOSURE_LABELS = dict(REASON_FOR_CLOSURE)
PRIMARY_NEED_LABELS = dict(PRIMARY_NEED)

# CategoryOfAbuse (N00113 initial, N00114 latest).
CATEGORY_OF_ABUSE = [
    ("NEG", "Neglect"),
    ("PHY", "Physical abuse"),
    ("SAB", "Sexual abuse"),
    ("EMO", "Emotional abuse"),
    ("MUL", "Multiple (not recommended)"),
]
CATEGORY_OF_ABUSE_LABELS = dict(CATEGORY_OF_ABUSE)

# AssessmentFactors (N00181): factors identified at the end of a child and family assessment. 18A and 19A were
# withdrawn in 2020-21 (validator queries 8945Q/8950Q), so they are not offered. "21" (no factors identified)
# stands alone (rule 8869).
NO_FACTORS = "21"
ASSESSMENT_FACTORS = [
    ("1A", "Alcohol misuse: the child"),
    ("1B", "Alcohol misuse: a parent or carer"),
    ("1C", "Alcohol misuse: another person in the household"),
    ("2A", "Drug misuse: the child"),
    ("2B", "Drug misuse: a parent or carer"),
    ("2C", "Drug misuse: another person in the household"),
    ("3A", "Domestic abuse: the child is the subject"),
    ("3B", "Domestic abuse: a parent or carer is the subject"),
    ("3C", "Domestic abuse: another person in the household is the subject"),
    ("4A", "Mental health: the child"),
    ("4B", "Mental health: a parent or carer"),
    ("4C", "Mental health: another person in the household"),
    ("5A", "Learning disability: the child"),
    ("5B", "Learning disability: a parent or carer"),
    ("5C", "Learning disability: another person in the household"),
    ("6A", "Physical disability or illness: the child"),
    ("6B", "Physical disability or illness: a parent or carer"),
    ("6C", "Physical disability or illness: another person in the household"),
    ("7A", "Young carer"),
    ("8B", "Privately fostered: from overseas, intending to return"),
    ("8C", "Privately fostered: from overseas, intending to stay"),
    ("8D", "Privately fostered: UK family, educational placement"),
    ("8E", "Privately fostered: UK family, alternative family arrangement"),
    ("8F", "Privately fostered: other"),
    ("9A", "Unaccompanied asylum-seeking child"),
    ("10A", "Going or being missing"),
    ("11A", "Child sexual exploitation"),
    ("12A", "Trafficking"),
    ("13A", "Gangs"),
    ("14A", "Socially unacceptable behaviour"),
    ("15A", "Self-harm"),
    ("16A", "Neglect"),
    ("17A", "Emotional abuse"),
    ("18B", "Physical abuse: child on child"),
    ("18C", "Physical abuse: adult on child"),
    ("19B", "Sexual abuse: child on child"),
    ("19C", "Sexual abuse: adult on child"),
    ("20", "Other"),
    ("21", "No factors identified"),
    ("22A", "Female genital mutilation"),
    ("23A", "Abuse linked to faith or belief"),
    ("24A", "Child criminal exploitation"),
]
ASSESSMENT_FACTOR_LABELS = dict(ASSESSMENT_FACTORS)

# The agencies at a strategy discussion (Working Together 2023, 2.1: at least police, health and social care,
# with education where the child attends).
AGENCIES = [
    ("social_care", "Children's social care"),
    ("police", "Police"),
    ("health", "Health"),
    ("education", "Education"),
    ("probation", "Probation"),
    ("housing", "Housing"),
    ("other", "Other"),
]
AGENCY_LABELS = dict(AGENCIES)
