"""Official code lists used on a person's record (../shared/specs/statutory-returns.md § 1.4)."""

from __future__ import annotations

# Sex as the CIN census and SSDA903 record it since 2024-25 (rule 8750: unborn children are U).
SEX = [("M", "Male"), ("F", "Female"), ("U", "Unknown")]

# DfE ethnicity codes: the same 20 codes in the CIN census, SSDA903 and Annex A.
ETHNICITY = [
    ("WBRI", "White British"),
    ("WIRI", "White Irish"),
    ("WIRT", "Traveller of Irish heritage"),
    ("WOTH", "Any other White background"),
    ("WROM", "Gypsy or Roma"),
    ("MWBC", "White and Black Caribbean"),
    ("MWBA", "White and Black African"),
    ("MWAS", "White and Asian"),
    ("MOTH", "Any other mixed background"),
    ("AIND", "Indian"),
    ("APKN", "Pakistani"),
    ("ABAN", "Bangladeshi"),
    ("AOTH", "Any other Asian background"),
    ("BCRB", "Caribbean"),
    ("BAFR", "African"),
    ("BOTH", "Any other Black background"),
    ("CHNE", "Chinese"),
    ("OOTH", "Any other ethnic group"),
    ("REFU", "Refused"),
    ("NOBT", "Information not yet obtained"),
]

# DfE disability codes (CIN census). NONE cannot be combined with another code (rule 8790).
DISABILITY = [
    ("NONE", "No disability"),
    ("MOB", "Mobility"),
    ("HAND", "Hand function"),
    ("PC", "Personal care"),
    ("INC", "Incontinence"),
    ("COMM", "Communication"),
    ("LD", "Learning"),
    ("HEAR", "Hearing"),
    ("VIS", "Vision"),
    ("BEH", "Behaviour"),
    ("CON", "Consciousness"),
    ("AUT", "Autism or Asperger's syndrome"),
    ("DDA", "Other disability under the Equality Act"),
]

# Reasons a UPN is not known (CIN census UPNunknown).
UPN_UNKNOWN = [
    ("UN1", "Child not yet of school age or no UPN yet assigned"),
    ("UN2", "Never attended a state-funded school in England"),
    ("UN3", "Educated outside England"),
    ("UN4", "New to the authority and UPN not yet known"),
    ("UN5", "UPN sources conflict"),
    ("UN7", "Referral with no further action"),
]

RELIGION = [
    ("", "Not recorded"),
    ("none", "No religion"),
    ("buddhist", "Buddhist"),
    ("christian", "Christian"),
    ("hindu", "Hindu"),
    ("jewish", "Jewish"),
    ("muslim", "Muslim"),
    ("sikh", "Sikh"),
    ("other", "Other religion"),
    ("refused", "Prefers not to say"),
]
