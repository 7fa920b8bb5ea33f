"""Words for the synthetic casework: children's views, workers' analysis, managers' comments, the reasons
recorded at strategy discussions and conferences, what visits saw, and case notes. Data only:
kindred.synthetic.casework chooses and fills them.

Everything here is invented and generic: no real case, person or service is described. Placeholders in
braces are filled per child: {name} (first name), {he}/{him}/{his} (pronouns; "they" for an unborn or
unknown sex), {worker} (the allocated worker's name), {school} (a generic "school" or "nursery").
"""

from __future__ import annotations

# --- The child's views, in their own words, by age ----------------------------------------------------------

CHILD_VIEWS: dict[str, tuple[str, ...]] = {
    "baby": (
        "{name} is too young to share {his} views. {name} was observed at home with {his} mother: settled, "
        "alert and responsive to her voice, reaching for her when unsettled.",
        "{name} is a baby and cannot say what {he} thinks. Observed during two visits: {he} was clean, fed "
        "and calm, and turned towards {his} carer for comfort.",
        "Not possible to seek {name}'s views because of {his} age. {name} was seen feeding well and was "
        "comforted quickly when {he} cried.",
    ),
    "young": (
        "{name} drew a picture of {his} family and put everyone in the house. {He} said: 'Mummy shouts "
        "sometimes but she gives me cuddles.'",
        "{name} said {he} likes {his} {school} and {his} teacher. When asked about home {he} said: 'It's "
        "noisy when they argue. I go under my blanket.'",
        "Using the three houses tool, {name} put 'my toys' and 'Nanna' in the house of good things and "
        "'when daddy is cross' in the house of worries.",
        "{name} said: 'I want to stay with my mum. I don't like it when there's no food for breakfast.'",
    ),
    "middle": (
        "{name} said: 'Things are better than they were. I still worry about mum when I'm at {school}.'",
        "{name} told me {he} wants the arguing to stop and wants to see {his} dad at weekends. {He} said "
        "{he} feels safe at {his} nan's house.",
        "{name} said: 'I don't want a social worker, I want everyone to stop asking me questions.' {He} "
        "agreed to talk again with {his} teacher there.",
        "{name} said {he} gets lonely because {he} looks after {his} little brother a lot. 'He won't "
        "eat unless I make it.'",
    ),
    "teen": (
        "{name} said: 'I know people are worried but I can look after myself.' {He} agreed to keep "
        "meeting me at {school} rather than at home.",
        "{name} said {he} stays out because home is stressful: 'I'd rather be with my mates than listen to "
        "them fight.' {He} wants help with {his} exams.",
        "{name} said: 'I just want things to be normal. I don't want to move.' {He} would like a worker "
        "{he} can text rather than phone.",
        "{name} did not want to talk about home at first. At the second visit {he} said {he} feels "
        "anxious most days and would like to see someone about it.",
    ),
}

# --- The worker's analysis, by what the assessment recommends -----------------------------------------------

ANALYSIS: dict[str, tuple[str, ...]] = {
    "nfa": (
        "The concern raised was a one-off incident. Parents have acted protectively and {name}'s needs are "
        "being met. No further action from children's social care; the family know how to get help.",
        "Checks and visits found no evidence that {name} is at risk of harm or that {his} development is "
        "impaired. Universal services (school and health) will continue to support the family.",
        "The assessment found a caring home with good routines. The worry that led to the referral has "
        "been resolved. Close with no further action.",
    ),
    "family_help": (
        "{name}'s needs are met but the family would benefit from early help: parenting support and help "
        "with housing and debt. The family have agreed to a family help worker.",
        "No safeguarding concerns requiring statutory involvement. Parents accept that routines have "
        "slipped; a family help plan with {school} as lead professional is recommended.",
    ),
    "cin_plan": (
        "{name} is a child in need: the impact of parental difficulties on {his} emotional wellbeing means "
        "{his} development is likely to be impaired without services. A child in need plan is recommended.",
        "Strengths: parents engage and want help. Worries: inconsistent routines, low school attendance and "
        "the adults' own difficulties. A child in need plan will coordinate support from school and health.",
        "Without support {name}'s needs will not be met. The family agree to a plan focused on stability "
        "at home, school attendance and support for the parent's wellbeing.",
    ),
    "strategy": (
        "Information gathered during the assessment suggests {name} may be suffering significant harm. "
        "A strategy discussion is needed with police and health.",
        "New information (an injury explained inconsistently) raises reasonable cause to suspect "
        "significant harm. Recommend a strategy discussion today.",
    ),
    "continue": (
        "The assessment was completed alongside the section 47 enquiry. The risks identified are being "
        "addressed through the child protection process; continue with the current plan.",
        "Analysis completed with the enquiry: {name} has suffered harm and remains at risk. Continue the "
        "work agreed at conference.",
    ),
}

ASSESSMENT_LATE_REASONS = (
    "The family cancelled three planned visits and the assessment could not be completed without seeing "
    "{name} at home.",
    "Waiting for information from the GP and the school nurse, requested at the start of the assessment.",
    "Change of allocated worker part-way through the assessment (staff sickness).",
    "The family moved address during the assessment and were hard to contact for several weeks.",
    "Interpreter availability delayed the joint visit with the parents.",
    "Further work needed to understand the father's views; he was only available after several weeks.",
)

MANAGER_COMMENTS = (
    "Agreed. A clear analysis with the child's voice at the centre.",
    "Authorised. The recommendation follows from the evidence.",
    "Agreed: well-evidenced. Make sure the family have the outcome in writing.",
    "Authorised. Good use of partner information.",
    "",
)

# --- Strategy discussions, section 47 enquiries, conferences ------------------------------------------------

STRATEGY_ATTENDEES = (
    "Social worker, team manager, police (public protection unit), health (safeguarding nurse)",
    "Social worker, team manager, police child abuse investigation team, named nurse, designated "
    "safeguarding lead from {school}",
    "Social worker, police, paediatrician, health visitor",
)

STRATEGY_REASONS: dict[str, tuple[str, ...]] = {
    "section_47": (
        "Reasonable cause to suspect that {name} is suffering, or is likely to suffer, significant harm. "
        "Single-agency section 47 enquiry by children's social care, police to check records and consider "
        "a joint visit.",
        "Agreed threshold met for section 47. Joint visit with police today; child protection medical "
        "to be arranged.",
        "Concerns about {name}'s safety at home meet the threshold for a section 47 enquiry. Safety plan "
        "agreed with the non-abusing parent pending the enquiry.",
    ),
    "child_in_need": (
        "Threshold for section 47 not met. Continue the child and family assessment; the family accept "
        "support.",
    ),
    "nfa": (
        "Information shared by police and health explains the concern. No further action under section 47 "
        "and no further role for children's social care.",
    ),
}

SECTION47_REASONS: dict[str, tuple[str, ...]] = {
    "icpc": (
        "Concerns substantiated: {name} has suffered significant harm and is likely to continue to do so. "
        "An initial child protection conference is needed.",
        "The enquiry found a pattern of harm and the parents have not been able to keep {name} safe. "
        "Initial conference to be convened.",
    ),
    "child_in_need": (
        "Concerns not substantiated, but {name} has needs that call for a child in need plan.",
        "No evidence of significant harm; the family need support to keep things safe. Child in need plan "
        "agreed with the parents.",
    ),
    "nfa": (
        "Concerns not substantiated. The explanation given was consistent with the medical findings. No "
        "further action.",
        "The enquiry found no evidence of harm. The family have support from universal services.",
    ),
}

CONFERENCE_ATTENDEES = (
    "Mother, father, social worker, team manager, health visitor, police, designated safeguarding lead",
    "Mother, social worker, school nurse, police, GP report received",
    "Parents, social worker, {school}, health, domestic abuse service, police",
)
CONFERENCE_REASONS: dict[str, tuple[str, ...]] = {
    "plan": (
        "{name} is likely to suffer significant harm. A child protection plan is needed to coordinate the "
        "work to reduce the risks.",
        "The conference agreed that the threshold for a plan is met: the risks are ongoing and the parents "
        "have not yet shown they can keep {name} safe.",
    ),
    "no_plan": (
        "The risks are reduced and the parents are working with services. No plan; a child in need plan "
        "will continue the support.",
    ),
    "no_plan_nfa": ("The conference found no continuing risk of significant harm and no need for a plan.",),
    "continue": (
        "Progress is being made but the risks have not reduced enough. The plan continues.",
        "Some progress: the parents attend appointments. The core group should focus on home conditions. "
        "The plan continues.",
    ),
    "end": (
        "The risks have reduced and have been sustained for several months. {name} is no longer likely to "
        "suffer significant harm: the plan ends.",
        "The plan's outcomes have been achieved. End the child protection plan; step down to child in "
        "need support.",
    ),
}
CONFERENCE_LATE_REASONS = (
    "No conference chair available within timescale; held on the first available date.",
    "Rearranged so that the parents could attend with their advocate.",
    "Police report not ready; the chair agreed a short delay.",
    "Rearranged at the family's request (hospital appointment).",
)

# Why a first core group, a child in need review or a visit came after it was due (the actions ask).
MEETING_LATE_REASONS = (
    "The health visitor and the school could not attend until the following week.",
    "Rearranged at the family's request: mother had a hospital appointment.",
    "The social worker was off sick; the team manager rearranged the meeting for the first date all could "
    "attend.",
    "Moved to fit the school holidays, so that the school's safeguarding lead could attend.",
)
VISIT_LATE_REASONS = (
    "No one was home at the planned visit; seen at the next visit.",
    "The family were away visiting relatives; seen on their return.",
    "The visit was cancelled by the family at short notice; rearranged for the first available day.",
    "The social worker was off sick and no one in the team could cover the visit in time.",
    "The child was in hospital; seen at home once discharged.",
)

CORE_GROUP_ATTENDEES = (
    "Mother, social worker, health visitor, nursery key worker",
    "Parents, social worker, school designated safeguarding lead, school nurse",
    "Mother, social worker, domestic abuse worker, GP practice (by email)",
)
CORE_GROUP_SUMMARIES = (
    "Plan reviewed: attendance improved, home conditions acceptable at the last two visits. Actions: "
    "parenting course referral, GP appointment for mother.",
    "Mixed progress. Agreed unannounced visits, a referral to the domestic abuse service and weekly "
    "contact between school and the social worker.",
    "Good engagement. Safety plan updated; the next core group to check the bedtime routine and the "
    "nursery place.",
)

CIN_REVIEW_SUMMARIES = (
    "The plan was reviewed with the family and school. Progress on routines and attendance; the plan "
    "continues with the same actions.",
    "Some progress. The parent has started counselling; school report {name} is more settled. Continue.",
    "Review with the family: the goals of the plan are largely met.",
)
CIN_FINAL_REVIEW = (
    "Outcomes achieved and sustained: {name}'s needs are now met by universal services. Close the plan and "
    "the case.",
    "The family no longer need a plan; agreed to close with a family help offer if things change.",
)

# --- Visits -------------------------------------------------------------------------------------------------

VISIT_SEEN = (
    "Home visit. {name} was at home with {his} mother. The house was warm and tidy, food in the fridge. "
    "{name} showed me {his} room.",
    "Visit after {school}. {name} was chatty and showed me {his} reading book. Mother said the week had "
    "gone well.",
    "Unannounced visit. {name} was playing; the home was untidy but safe. Spoke with mother about the "
    "plan's actions.",
    "Visit at home. {name} was quiet at first, then talked about {his} friends. Bedroom clean, bed made "
    "up, clothes put away.",
)
VISIT_NOT_SEEN = (
    "No answer at the door. Card left; mother called back to rearrange.",
    "Mother said {name} was at a friend's house; not seen. Visit rearranged for later this week.",
)
VISIT_ANALYSIS = (
    "{name} appeared well cared for; no new worries.",
    "Progress on the plan is holding; keep visiting at the agreed frequency.",
    "Some worry about tiredness at school; to discuss at the core group.",
    "",
)

# --- Case notes: (kind, title, text, significant) -----------------------------------------------------------

NOTES: tuple[tuple[str, str, str, bool], ...] = (
    (
        "phone_call",
        "Call with school",
        "Spoke with the designated safeguarding lead. {name}'s attendance this half term is 91%. No new "
        "concerns; school will tell us of any change.",
        False,
    ),
    (
        "phone_call",
        "Call from mother",
        "Mother rang to ask about the next meeting and to say things had been calmer at home this week.",
        False,
    ),
    (
        "meeting",
        "Professionals' meeting",
        "Met with health visitor and school nurse to share information ahead of the assessment.",
        False,
    ),
    (
        "direct_work",
        "Direct work with {name}",
        "Worked with {name} on a 'my safe people' hand. {He} named {his} nan, {his} teacher and {his} "
        "older cousin.",
        False,
    ),
    (
        "case_note",
        "Police notification",
        "Police notification received: a further domestic incident at the home last night. {name} was "
        "present. Safety plan reviewed with mother today.",
        True,
    ),
    (
        "case_note",
        "Missing episode",
        "{name} was reported missing overnight and returned the next morning. Return home interview "
        "requested.",
        True,
    ),
    (
        "case_note",
        "Hospital attendance",
        "A&E attendance for a minor injury; explanation consistent with the injury. Shared with the "
        "health visitor.",
        True,
    ),
)
MANAGEMENT_DIRECTION = (
    "Management direction: allocate for a child and family assessment. See {name} alone within five working "
    "days; obtain the school's view and GP information.",
    "Case discussed in supervision. Priorities: see {name} alone at each visit, chase the health "
    "information, review the safety plan at the next core group.",
    "Management oversight: the plan is progressing. Consider step-down at the next review if the progress "
    "is sustained.",
)


# --- Plans: what needs to change, who does what, by when ({name} only) --------------------------------------

CP_PLAN_OUTLINES: tuple[str, ...] = (
    "What needs to change: {name} needs to be safe from the arguing and violence at home, and to get to "
    "school every day.\n"
    "Mum to attend the domestic abuse recovery programme, starting within four weeks (social worker to "
    "refer).\n"
    "School to report {name}'s attendance to the social worker every Friday.\n"
    "Social worker to visit every two weeks and see {name} alone at least every other visit.",
    "What needs to change: {name} needs regular meals, clean clothes and a safe, warm home.\n"
    "Family support worker to help with a weekly meal plan and budgeting, from next week.\n"
    "Health visitor to check {name}'s weight monthly and share it with the core group.\n"
    "Parents to keep the home free of hazards; social worker to check the bedroom at each visit.",
    "What needs to change: {name} needs a parent who is sober and able to care for them.\n"
    "Dad to engage with the drug and alcohol service and agree to testing within two weeks.\n"
    "Grandmother to provide care on the days Dad is not able to, as agreed at the conference.\n"
    "Core group to review the testing results at every meeting.",
    "What needs to change: {name} needs to be kept safe from the adult who poses a risk.\n"
    "Mum to agree a written safety plan with the social worker this week, and keep to it.\n"
    "Police to share any further information with the social worker within one working day.\n"
    "School to give {name} a trusted adult to talk to every week.",
)

CIN_PLAN_OUTLINES: tuple[str, ...] = (
    "What we are working on: {name}'s school attendance and routines at home.\n"
    "Family support worker to visit weekly to help with mornings; school to phone on the first day of any "
    "absence.",
    "What we are working on: support for Mum's mental health so she can care for {name}.\n"
    "GP to review Mum's medication; social worker to make a referral to the perinatal team if needed.",
    "What we are working on: {name}'s behaviour at home and at school.\n"
    "Parents to attend a parenting course; school to share a weekly behaviour report with the social worker.",
    "What we are working on: a safe, settled home for {name} after the move.\n"
    "Housing officer to confirm the tenancy; social worker to help with a school place and a GP "
    "registration.",
)
