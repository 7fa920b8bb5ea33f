"""Words for the synthetic front door: what referrers say, what agencies answer, why practitioners decide
as they do, and what the referrer is told. Data only: kindred.synthetic.frontdoor chooses and fills them.

Everything here is invented and generic: no real case, person or service is described. The scenarios are
the everyday business of a children's front door (police domestic abuse notifications, school disclosures,
health visitors' worries, neighbours' calls...), written as practitioners record them. Placeholders in
braces are filled per contact (see `Words` in kindred.synthetic.frontdoor).
"""

from __future__ import annotations

from dataclasses import dataclass

NFA, FAMILY_HELP, REFERRAL, STRATEGY = "nfa", "family_help", "referral", "strategy"


@dataclass(frozen=True)
class Scenario:
    """One kind of concern: who raises it, the child's age it fits, and the words that carry it from 'not
    enough for us' (no further action) to 'significant harm' (a strategy discussion)."""

    key: str
    sources: tuple[str, ...]  # CIN ReferralSource codes that raise it
    summary: str  # a phrase for the rationale: "a domestic abuse incident with the children at home"
    opening: tuple[str, ...]  # what happened
    detail: dict[str, tuple[str, ...]]  # by outcome: the detail that makes it more or less serious
    needs: tuple[str, ...]  # primary need codes if it is referred (the first most often)
    advice: tuple[str, ...]  # advice and signposting when there is no further action
    min_age: int = 0
    max_age: int = 17
    agencies: tuple[str, ...] = ("police", "health", "education")  # who the MASH asks, likeliest first


SCENARIOS: tuple[Scenario, ...] = (
    # --- Police ------------------------------------------------------------------------------------------
    Scenario(
        key="domestic_abuse",
        sources=("6",),
        summary="a domestic abuse incident with the children in the home",
        opening=(
            "Police were called to {street} {when} after a neighbour heard shouting and banging. Officers "
            "found {mother} and {partner} arguing in the kitchen. {kids_were} in the house at the time.",
            "Domestic abuse notification. {mother} rang 999 {when} to say {partner} had come to the house "
            "drunk and would not leave. Officers attended {street}; {kids_were} at home.",
            "Officers attended {street} {when} following a report of a domestic incident between {mother} "
            "and her partner {partner}. {kids_were} present.",
        ),
        detail={
            NFA: (
                "Verbal argument only; no injuries and no damage. The children were asleep upstairs and "
                "officers saw them settled. Both adults were calm on police arrival. DASH risk assessment: "
                "standard. No previous incidents at the address.",
                "A verbal argument about money. {partner} left the address voluntarily. DASH: standard. "
                "Officers spoke with {name}, who said {he} was fine and was watching television.",
            ),
            FAMILY_HELP: (
                "No injuries. {mother} told officers that arguments have been getting worse since {partner} "
                "lost his job and that {name} has started wetting the bed. DASH: standard. {mother} said she "
                "would welcome some support for the family.",
                "Second incident this year. No injuries, but {mother} said the children are 'walking on "
                "eggshells'. DASH: medium. {mother} agreed to a referral for support.",
            ),
            REFERRAL: (
                "{mother} had a cut lip and said {partner} had pushed her against the door. {name} was "
                "heard crying and told officers {he} had tried to stop them. {partner} was arrested. DASH: "
                "high; referred to MARAC. This is the third call-out to the address in six months.",
                "{partner} damaged the front door and a window. {mother} has bruising to her arm. {name} "
                "called 999 {himself}. {partner} left before officers arrived and has not been found. DASH: "
                "high.",
            ),
            STRATEGY: (
                "{name} had a red mark on {his} cheek and told officers that {partner} hit {him} when {he} "
                "got between him and {mother}. {partner} was arrested for assault. DASH: high.",
                "{mother} was strangled during the incident and taken to hospital. {name} saw it happen and "
                "has a graze on {his} arm from being pushed out of the way. {partner} has been released on "
                "bail with no conditions and says he will go back to the house.",
            ),
        },
        needs=("N1", "N5", "N4"),
        advice=(
            "Domestic abuse support information sent to {mother}, with the details of the local domestic "
            "abuse helpline. School's designated safeguarding lead told of the incident through the "
            "notification scheme so that they can support {name}.",
            "Advice given to {mother} about safety planning; signposted to the domestic abuse support "
            "service and to the family hub's parenting course. Police to share any further incident.",
        ),
        min_age=4,
        agencies=("health", "education", "police", "probation"),
    ),
    Scenario(
        key="missing_child",
        sources=("6",),
        summary="{name} going missing from home",
        opening=(
            "{name} ({age}) was reported missing by {mother} late last night and was found by officers "
            "at 3am in the city centre.",
            "{name} ({age}) did not come home after school yesterday and was reported missing. {He} returned "
            "the next morning and would not say where {he} had been.",
        ),
        detail={
            NFA: (
                "{He} had stayed at a friend's house and forgotten to charge {his} phone. First missing "
                "episode. {mother} is clear about the rules and the friend's parents were at home.",
            ),
            FAMILY_HELP: (
                "Second missing episode in a month. {He} says {he} is arguing with {mother} all the time and "
                "stays out to avoid going home. No indicators of exploitation found at the return interview.",
            ),
            REFERRAL: (
                "Fourth missing episode since the summer. {He} came back with a new phone and trainers "
                "{mother} did not buy, and {he} has been seen with older young people in cars.",
            ),
            STRATEGY: (
                "{He} was found in a flat in another city with two adult men, with cash and several phones. "
                "{He} had a cut to {his} hand and would not give an account. Officers are concerned about "
                "criminal exploitation (county lines).",
            ),
        },
        needs=("N1", "N6", "N5"),
        advice=(
            "Return home interview offered through the missing children's service. {mother} given advice "
            "about safety planning and agreeing times to be home.",
        ),
        min_age=11,
        agencies=("education", "health", "police"),
    ),
    Scenario(
        key="welfare_check",
        sources=("6",),
        summary="what officers found at the home during a welfare check",
        opening=(
            "Officers visited {street} {when} on a welfare check requested by a relative who had not been "
            "able to reach {mother}. {kids_were} at home.",
            "Police attended {street} {when} after a report that young children had been left on their own.",
        ),
        detail={
            NFA: (
                "The home was clean and warm with food in the cupboards. {mother} had lost her phone. The "
                "children were well. No concerns for their care.",
            ),
            FAMILY_HELP: (
                "The house was cluttered and there was little food in. {mother} said she is struggling since "
                "her benefits were stopped and she has no family nearby. The children were clean and happy.",
            ),
            REFERRAL: (
                "The home was dirty, with dog mess on the floors, no working heating and no beds for the "
                "children. {name} was hungry and unwashed. {mother} appeared to be under the influence of "
                "alcohol.",
            ),
            STRATEGY: (
                "{kids_were} on their own and had been for several hours, with no adult to call. There was "
                "no food in the house and an adult's medication was within reach. "
                "{mother} returned at 1am and was heavily intoxicated.",
            ),
        },
        needs=("N1", "N4", "N7"),
        advice=(
            "{mother} given details of the local food bank and the family hub's welfare rights advice. "
            "Health visitor told so that they can check in at the next contact.",
        ),
        agencies=("health", "education", "housing"),
    ),
    # --- Schools and education ---------------------------------------------------------------------------
    Scenario(
        key="school_disclosure",
        sources=("2A", "2B", "3C"),
        summary="what {name} told staff at school",
        opening=(
            "{name} ({age}) came to school {when} and spoke to {his} class teacher at break time.",
            "At school {when}, {name} ({age}) asked to speak to the designated safeguarding lead.",
        ),
        detail={
            NFA: (
                "{He} was upset because {his} parents have separated and {he} misses {his} dad. {He} said "
                "home is fine. {mother} came in the same day, is aware and has booked an appointment with "
                "the GP.",
            ),
            FAMILY_HELP: (
                "{He} said there is a lot of shouting at home and {he} finds it hard to sleep. {His} "
                "attendance has dropped to 86%. {mother} agrees the family need some help and has consented "
                "to this referral.",
            ),
            REFERRAL: (
                "{He} said {his} mum's boyfriend shouts at {him} and locks {him} in {his} room as a "
                "punishment, sometimes without tea. There have been similar comments twice this term, "
                "logged on the school's system.",
            ),
            STRATEGY: (
                "{He} has a mark on {his} forearm and said {his} dad hit {him} with a belt last night "
                "because {he} lost {his} school shoes. {He} said {he} is scared to go home.",
                "{He} told {his} teacher that an adult who stays at the house touches {him} in a way {he} "
                "does not like. {He} did not want {mother} to be told.",
            ),
        },
        needs=("N1", "N5"),
        advice=(
            "School to continue to monitor and to offer {name} sessions with the learning mentor. {mother} "
            "signposted to the family hub's separated parents programme.",
        ),
        min_age=4,
        agencies=("police", "health", "education"),
    ),
    Scenario(
        key="school_neglect",
        sources=("2A", "2B"),
        summary="{name}'s presentation and attendance at school",
        opening=(
            "{name} ({age}) has been arriving at school hungry and in the same uniform for several days.",
            "Staff at {school} are worried about {name} ({age}): {his} attendance this term is 78% and {he} "
            "is often late.",
        ),
        detail={
            NFA: (
                "{mother} has explained that the washing machine broke; school have given spare uniform. "
                "Attendance has picked up this week. School are managing this and wanted advice.",
            ),
            FAMILY_HELP: (
                "{He} says there is often no breakfast and {he} gets {himself} ready for school. {mother} "
                "works early shifts and agrees she needs help with routines.",
            ),
            REFERRAL: (
                "{He} has head lice that have not been treated for months, has lost weight and has "
                "untreated tooth decay. School have offered support twice; {mother} has not taken it up and "
                "did not attend the last two meetings.",
            ),
            STRATEGY: (
                "Today {he} had a burn on {his} hand and said {he} was making food on the cooker by "
                "{himself} because nobody was home. {He} has been left alone overnight before, {he} said.",
            ),
        },
        needs=("N1", "N4", "N7"),
        advice=(
            "School advised to complete an early help assessment with {mother} and to refer to the school "
            "nurse. Free school meals and holiday activities information sent to the family.",
        ),
        min_age=4,
        agencies=("health", "police", "education"),
    ),
    Scenario(
        key="low_mood",
        sources=("2A", "3C", "3F"),
        summary="{name}'s low mood and self-harm",
        opening=(
            "{name} ({age}) showed a friend cuts on {his} arm {when}; the friend told a member of staff.",
            "{name} ({age}) has been withdrawn in lessons and told the school nurse {he} has been feeling "
            "low for weeks.",
        ),
        detail={
            NFA: (
                "The cuts are superficial and {he} has told {mother}, who took {him} to the GP; a referral "
                "to the children's mental health service has been made. Home is supportive.",
            ),
            FAMILY_HELP: (
                "{He} says things at home are tense since {his} grandmother died and {mother} is not coping. "
                "{mother} agrees with the referral and would like family support.",
            ),
            REFERRAL: (
                "{He} has taken an overdose of paracetamol twice this year. {mother} says she cannot keep "
                "{him} safe and does not know what to do; she works nights and {name} is often alone.",
            ),
            STRATEGY: (
                "{He} said {he} hurts {himself} because of what {his} stepfather does to {him} when {mother} "
                "is at work, and that {he} cannot tell anyone at home.",
            ),
        },
        needs=("N1", "N4", "N5"),
        advice=(
            "{name} to continue with the children's mental health service; school's pastoral lead to check "
            "in weekly. {mother} given the out-of-hours crisis line number.",
        ),
        min_age=11,
        agencies=("health", "education", "police"),
    ),
    # --- Health ------------------------------------------------------------------------------------------
    Scenario(
        key="health_visitor",
        sources=("3B", "3A", "3F"),
        summary="worries about the baby's care",
        opening=(
            "{name} ({age}) was seen at home on {street} {when}.",
            "{mother} brought {name} ({age}) to the clinic {when}.",
        ),
        detail={
            NFA: (
                "{mother} is tired and low but has good support from her own mother, and the GP is treating "
                "her low mood. {name} is thriving and gaining weight.",
            ),
            FAMILY_HELP: (
                "{mother} is isolated, has no family in the country and speaks little English. {name} has "
                "dropped a centile on weight. {mother} would like help to get to baby groups.",
            ),
            REFERRAL: (
                "{name} has dropped two weight centiles; the home was cold and there was no formula milk. "
                "{mother} said {partner} uses cannabis daily in the flat. Two health appointments missed.",
            ),
            STRATEGY: (
                "{name}, who is not yet crawling, has two small bruises on {his} cheek and a mark on {his} "
                "ear. {mother} could not explain them. Bruising in a non-mobile baby needs an urgent "
                "response under the local bruising protocol.",
            ),
        },
        needs=("N1", "N3", "N4"),
        advice=(
            "Health visitor to continue universal plus visits and to support {mother} with her low mood; "
            "{mother} signposted to the family hub's baby group and the perinatal mental health service.",
        ),
        max_age=1,
        agencies=("police", "health", "housing"),
    ),
    Scenario(
        key="emergency_department",
        sources=("3E",),
        summary="an injury to {name} and how it happened",
        opening=(
            "{name} ({age}) was brought to the emergency department {when}.",
            "{name} ({age}) attended the emergency department {when} with {mother}.",
        ),
        detail={
            NFA: (
                "A fall in the park; the account is consistent with the injury (a sprained wrist) and "
                "{mother} sought help straight away. Routine notification: no concerns.",
            ),
            FAMILY_HELP: (
                "The third attendance this year for minor accidents at home. Each account is consistent, but "
                "{mother} said she is overwhelmed caring for the children alone.",
            ),
            REFERRAL: (
                "{He} had swallowed some of {mother}'s prescribed tablets, left on a low table. {He} was "
                "brought in six hours later, when {he} became drowsy. {mother} seemed intoxicated.",
            ),
            STRATEGY: (
                "X-rays show a fracture of the upper arm with an account that does not explain it, and "
                "older healing fractures. The paediatric consultant is concerned about non-accidental "
                "injury.",
            ),
        },
        needs=("N1", "N4"),
        advice=(
            "GP and health visitor or school nurse told of the attendance. Home safety advice given to "
            "{mother}.",
        ),
        max_age=10,
        min_age=1,
        agencies=("police", "health", "education"),
    ),
    Scenario(
        key="emergency_department_teenager",
        sources=("3E",),
        summary="what brought {name} to hospital and the risks {he} is taking",
        opening=(
            "{name} ({age}) was brought to the emergency department by ambulance {when}.",
            "{name} ({age}) came to the emergency department {when} with a friend.",
        ),
        detail={
            NFA: (
                "A sports injury at school; {mother} came straight away. Routine notification: no concerns.",
            ),
            FAMILY_HELP: (
                "{He} was drunk after a party; it is the first time. {mother} collected {him} and is worried "
                "about the friends {he} is spending time with. She would like support.",
            ),
            REFERRAL: (
                "{He} was brought in intoxicated with alcohol at 2am by an adult who left before staff could "
                "speak to them. {mother} was not answering her phone until the morning. Second attendance "
                "like this in a month.",
            ),
            STRATEGY: (
                "{He} has a stab wound to the leg and will not say how it happened. {He} had two phones "
                "and a large amount of cash. Police are concerned about criminal exploitation.",
            ),
        },
        needs=("N1", "N6", "N4"),
        advice=(
            "GP and school nurse told of the attendance; {name} given information about the young people's "
            "drug and alcohol service.",
        ),
        min_age=11,
        agencies=("police", "education", "health"),
    ),
    Scenario(
        key="parent_health",
        sources=("3A", "3F", "5A"),
        summary="a parent's mental health and substance use and what it means for the children",
        opening=(
            "{mother} saw her GP {when}. She is the main carer for {kids}.",
            "The adult mental health team have been working with {mother}, mother of {kids}.",
        ),
        detail={
            NFA: (
                "{mother}'s depression is being treated and is improving; her partner and her sister share "
                "the care. The children are well. The referrer wanted to check there was no role for us.",
            ),
            FAMILY_HELP: (
                "{mother} has been finding it hard to get out of bed and the children are missing school. "
                "She is engaging with treatment and would accept help at home.",
            ),
            REFERRAL: (
                "{mother} has relapsed into heroin use and has stopped collecting her prescription. She is "
                "the only adult at home. The children have missed health appointments.",
            ),
            STRATEGY: (
                "{mother} has told her psychiatrist that she has thoughts of harming the children and "
                "herself. She has been admitted to hospital; {partner}, who has a history of violence, is "
                "now caring for the children.",
            ),
        },
        needs=("N3", "N1", "N4"),
        advice=(
            "{mother} to continue with her mental health treatment; her care coordinator to contact us if "
            "things change. Family signposted to the young carers service for {name}.",
        ),
        agencies=("police", "health", "education"),
    ),
    Scenario(
        key="dental_neglect",
        sources=("3D",),
        summary="{name}'s untreated dental decay and missed appointments",
        opening=("The community dental service saw {name} ({age}) {when}.",),
        detail={
            NFA: (
                "{He} has some decay; {mother} has now brought {him} to two appointments and treatment is "
                "under way. Referrer asked for advice only.",
            ),
            FAMILY_HELP: (
                "{He} needs six teeth removed under general anaesthetic. {mother} has missed appointments "
                "because she has no money for the bus; she would like help.",
            ),
            REFERRAL: (
                "{He} has been in pain for months and needs extractions; seven appointments have been "
                "missed despite reminders, and {mother} did not bring {him} to the operation.",
            ),
            STRATEGY: (
                "{He} has a dental abscess and facial swelling; {he} has not eaten properly for days. "
                "{mother} refused hospital treatment and took {him} home against medical advice.",
            ),
        },
        needs=("N1",),
        advice=(
            "Dental service to continue to offer appointments; health visitor or school nurse asked to "
            "support {mother} to attend.",
        ),
        min_age=2,
        agencies=("health", "education", "police"),
    ),
    # --- Local authority services and housing -------------------------------------------------------------
    Scenario(
        key="housing",
        sources=("4",),
        summary="the family's housing and what it means for the children",
        opening=(
            "{mother} and {her_kids} are in temporary accommodation on {street} after an eviction.",
            "The housing officer visited the family's flat on {street} {when}.",
        ),
        detail={
            NFA: (
                "The family have been offered a permanent tenancy next month. The children are in school. "
                "{mother} is managing well; the referrer asked if any support was available.",
            ),
            FAMILY_HELP: (
                "The family share one room, with damp and mould. {name} has asthma that is getting worse. "
                "{mother} is struggling with debts and agrees to help.",
            ),
            REFERRAL: (
                "The flat was in a very poor state: rubbish bags in the hallway, no beds for the children "
                "and evidence of drug use. {mother} told the officer she cannot cope.",
            ),
            STRATEGY: (
                "The officer saw {partner}, who is a registered sex offender and not allowed contact with "
                "children, living at the flat with {mother} and {her_kids}.",
            ),
        },
        needs=("N4", "N7", "N1"),
        advice=(
            "Housing to continue to support the family's move; {mother} given debt advice details and "
            "information about the family hub.",
        ),
        agencies=("police", "health", "education"),
    ),
    Scenario(
        key="adult_social_care",
        sources=("5A",),
        summary="a parent's care and support needs and their effect on the children",
        opening=(
            "Adult social care are assessing {mother}, who has a learning disability and is the main carer "
            "for {kids}.",
            "Adult social care support {mother} after a stroke; she cares for {kids}.",
        ),
        detail={
            NFA: (
                "{mother} has good support from her family; the children's needs are met. Referrer wanted to "
                "make us aware only.",
            ),
            FAMILY_HELP: (
                "{name} is doing much of the caring and is falling behind at school. {mother} would like "
                "support for {him} and for herself.",
            ),
            REFERRAL: (
                "{mother} is not able to manage the children's basic care without help: meals, bathing and "
                "getting to school are not happening. The support worker is worried they are neglected.",
            ),
            STRATEGY: (
                "{mother} told her support worker that a man she met online is staying at the flat and has "
                "been left to look after the children. She thinks he has hurt {name}.",
            ),
        },
        needs=("N3", "N1"),
        advice=(
            "Young carers' assessment offered for {name}; adult social care to complete {mother}'s care "
            "and support plan with the children's needs in mind.",
        ),
        min_age=6,
        agencies=("health", "education", "police"),
    ),
    Scenario(
        key="other_authority",
        sources=("5C",),
        summary="a family who have moved here from another local authority",
        opening=("Another local authority tells us that {mother} and {her_kids} have moved to {street}.",),
        detail={
            NFA: (
                "Their case was closed there six months ago after a child in need plan ended well. For "
                "information only.",
            ),
            FAMILY_HELP: (
                "The family had early help there, which was going well; they ask that support continues "
                "here.",
            ),
            REFERRAL: (
                "The children were on child in need plans there because of neglect. The family moved without "
                "telling their social worker; the case is to be transferred.",
            ),
            STRATEGY: (
                "The children are subject to child protection plans there (category: physical abuse). The "
                "family left suddenly and the other authority does not know if {partner} is still with them.",
            ),
        },
        needs=("N1", "N5"),
        advice=(
            "Records from the other authority saved to the children's files. Family signposted to their "
            "local family hub and GP registration.",
        ),
        agencies=("education", "health", "police"),
    ),
    Scenario(
        key="family_help_step_up",
        sources=("5D",),
        summary="concerns raised by the family's family help worker",
        opening=(
            "The family's family help worker has been working with {mother} and {her_kids} for three months.",
            "The family help team have been supporting the family since the autumn.",
        ),
        detail={
            NFA: (
                "The plan has gone well and is closing. The worker asked for advice about a recent "
                "argument between the parents; the family are already getting the right help.",
            ),
            FAMILY_HELP: (
                "{mother} has asked for more help with {name}'s behaviour and the plan is being reviewed. "
                "The worker asked whether a different family help service would fit better.",
            ),
            REFERRAL: (
                "Things are getting worse despite the plan: {mother} is not engaging, the home conditions "
                "have deteriorated and the children are missing school. The worker asks for a step up.",
            ),
            STRATEGY: (
                "At a home visit {when} {name} told the worker that {partner} slapped {him} and {he} showed "
                "a bruise on {his} back.",
            ),
        },
        needs=("N1", "N4", "N5"),
        advice=(
            "Family help worker to continue and review the plan at the next team around the family meeting.",
        ),
        min_age=4,
        agencies=("education", "health", "police"),
    ),
    Scenario(
        key="disabled_child",
        sources=("5B", "3F", "2A"),
        summary="{name}'s needs as a disabled child and the family's ability to meet them",
        opening=(
            "{name} ({age}) has autism and a learning disability; {mother} is {his} main carer.",
            "The special educational needs team are working with {mother} about {name} ({age}), who has "
            "complex needs.",
        ),
        detail={
            NFA: (
                "{mother} asked about short breaks; she has been given the local offer and the short breaks "
                "team's details. No concerns about care.",
            ),
            FAMILY_HELP: (
                "{mother} is exhausted and {name} is not sleeping. She would like a family help assessment "
                "and help with {his} behaviour at home.",
            ),
            REFERRAL: (
                "{mother} says she cannot keep {name} safe at home: {he} has become aggressive and {mother} "
                "has injuries from trying to keep {him} safe. She is asking for a disabled children's "
                "assessment.",
            ),
            STRATEGY: (
                "{name} arrived at school with bruising to both upper arms in the shape of fingermarks. "
                "{He} cannot give an account because of {his} communication needs.",
            ),
        },
        needs=("N2", "N1", "N4"),
        advice=(
            "{mother} given the local offer for short breaks and the carers' support service; SEND team "
            "to review {name}'s plan.",
        ),
        min_age=3,
        agencies=("health", "education", "police"),
    ),
    # --- Individuals -------------------------------------------------------------------------------------
    Scenario(
        key="relative",
        sources=("1A",),
        summary="a relative's worries about the children's care",
        opening=(
            "{referrer_name}, who is {name}'s {referrer_role}, rang {when} about {kids}.",
            "{referrer_name} ({name}'s {referrer_role}) called the front door about {kids}.",
        ),
        detail={
            NFA: (
                "She is worried because {mother} has a new partner she does not like. She has no concerns "
                "about the children's care and says they are happy.",
            ),
            FAMILY_HELP: (
                "She says {mother} has been low since she lost her job and the house is getting on top of "
                "her. She would like someone to help; {mother} knows she has called.",
            ),
            REFERRAL: (
                "She says {mother} is drinking most days and the children are often left with whoever is "
                "around. {name} told her there is not always food.",
            ),
            STRATEGY: (
                "She says {name} told her at the weekend that {partner} hurts {him} and that {he} is not "
                "allowed to tell. She saw bruises on {his} legs when {he} was changing.",
            ),
        },
        needs=("N1", "N5", "N4"),
        advice=(
            "Advice given to the caller about how to support {mother} and the children, and to call the "
            "police if she sees an emergency. Signposted to the family hub.",
        ),
        min_age=4,
        agencies=("police", "health", "education"),
    ),
    Scenario(
        key="neighbour",
        sources=("1B", "9", "10", "1D"),
        summary="a caller's worries about what they have seen and heard next door",
        opening=(
            "A caller who lives near the family on {street} rang {when} about {kids}.",
            "A caller rang about the family at {street}, where {kids_live}.",
        ),
        detail={
            NFA: (
                "They heard a child crying loudly for about an hour in the evening. They have no other "
                "worries; the children seem well cared for.",
            ),
            FAMILY_HELP: (
                "They often hear {mother} shouting at the children and the children seem to be out on the "
                "street late. They think {mother} is struggling on her own.",
            ),
            REFERRAL: (
                "They say the children are left on their own most evenings and come to them asking for "
                "food. The house smells and there are rubbish bags in the garden.",
            ),
            STRATEGY: (
                "They heard screaming and a man shouting, then saw {name} at the window with blood on "
                "{his} face. The police were also called.",
            ),
        },
        needs=("N1", "N4"),
        advice=(
            "Caller thanked and advised to call again, or the police in an emergency, if they see or hear "
            "anything else.",
        ),
        agencies=("police", "education", "health"),
    ),
    Scenario(
        key="young_person",
        sources=("1C",),
        summary="what {name} told us when {he} got in touch {himself}",
        opening=(
            "{name} ({age}) rang the front door {himself} {when}.",
            "{name} ({age}) used the online form to get in touch {himself}.",
        ),
        detail={
            NFA: (
                "{He} wanted to know what {his} rights are about seeing {his} dad. {He} is safe at home and "
                "was given advice and the number of the children's helpline.",
            ),
            FAMILY_HELP: (
                "{He} says {he} argues with {mother} all the time and wants help to get on better. {He} is "
                "safe and happy for us to contact {mother}.",
            ),
            REFERRAL: (
                "{He} says {mother}'s partner has told {him} to leave and {he} has been sofa-surfing for a "
                "week. {He} has nowhere to stay after tonight.",
            ),
            STRATEGY: (
                "{He} says {his} stepfather hit {him} with a phone charger last night and {he} is frightened "
                "to go home. {He} is at a friend's house.",
            ),
        },
        needs=("N1", "N5", "N8"),
        advice=(
            "{name} given the children's helpline number and the details of the young people's advice "
            "service; {he} knows to call again.",
        ),
        min_age=12,
        agencies=("education", "police", "health"),
    ),
    # --- Other agencies ----------------------------------------------------------------------------------
    Scenario(
        key="probation",
        sources=("7",),
        summary="a risk to children from an adult known to probation",
        opening=(
            "Probation tell us that {partner}, whom they supervise, has said he is living with {mother} "
            "and {her_kids} on {street}.",
            "Probation have learnt that {partner}, who is on licence, has started a relationship with "
            "{mother}, who cares for {kids}.",
        ),
        detail={
            NFA: (
                "The risk assessed is to adults only and {mother} knows his history; he is complying with "
                "his licence. For information.",
            ),
            FAMILY_HELP: (
                "He is assessed as low risk and is working well with probation. {mother} is struggling with "
                "the children since he moved in and has asked for parenting support.",
            ),
            REFERRAL: (
                "He has convictions for domestic abuse against two previous partners; {mother} does not "
                "know. The children may be at risk of harm.",
            ),
            STRATEGY: (
                "He has a conviction for sexual offences against a child and is not allowed unsupervised "
                "contact with children. He has been seen collecting {name} from school.",
            ),
        },
        needs=("N1", "N5"),
        advice=(
            "Probation to continue to manage the risk and to tell us of any change; {mother} told of the "
            "disclosure scheme for domestic abuse.",
        ),
        min_age=4,
        agencies=("police", "probation", "education"),
    ),
    Scenario(
        key="family_court",
        sources=("7",),
        summary="concerns from safeguarding checks in a private law case",
        opening=(
            "The family court adviser (Cafcass) shares concerns from safeguarding checks in a private law "
            "case about {kids}.",
        ),
        detail={
            NFA: (
                "The parents disagree about child arrangements; no safeguarding concerns were found. For "
                "information only.",
            ),
            FAMILY_HELP: (
                "The parents are in dispute about contact; the children are caught in the middle and "
                "{name} is anxious. Both parents agree to parenting support.",
            ),
            REFERRAL: (
                "Each parent alleges the other is abusive; {name} says {he} is frightened when the adults "
                "argue at handovers and there have been police call-outs to both homes.",
            ),
            STRATEGY: (
                "{name} told the family court adviser that {his} father's new partner hurts {him} when {he} "
                "stays there at weekends, and showed a bruise on {his} arm.",
            ),
        },
        needs=("N5", "N1"),
        advice=(
            "Cafcass to continue its work for the court; parents signposted to the separated parents "
            "programme and mediation.",
        ),
        min_age=5,
        agencies=("police", "education", "health"),
    ),
    Scenario(
        key="youth_project",
        sources=("8",),
        summary="the youth project's worries about {name}",
        opening=("The youth project's worker has got to know {name} ({age}) at sessions since the summer.",),
        detail={
            NFA: (
                "{name} is doing well; the worker asked where to find help with the cost of a school trip.",
            ),
            FAMILY_HELP: (
                "{name} has been excluded from school twice and says home is tense. {mother} has agreed to "
                "this referral for family help.",
            ),
            REFERRAL: (
                "{name} has stopped coming to sessions, has been seen with older young people known for "
                "drug dealing, and {mother} says she has no control over where {he} goes.",
            ),
            STRATEGY: (
                "{name} was dropped off by a man in his twenties in an expensive car and told the worker "
                "that he buys {him} things and has asked {him} to 'hold' packages.",
            ),
        },
        needs=("N1", "N6", "N4"),
        advice=("Youth project to keep working with {name}; {mother} given the details of the family hub.",),
        min_age=10,
        agencies=("police", "education", "health"),
    ),
    Scenario(
        key="community",
        sources=("8",),
        summary="a community organisation's worries about the family",
        opening=(
            "The community pantry's coordinator has been seeing {mother} and {her_kids} each week.",
            "A worker at the children's centre spoke to the front door about {kids}.",
        ),
        detail={
            NFA: (
                "The family are doing well; the worker asked where to find help with school uniform costs.",
            ),
            FAMILY_HELP: (
                "{mother} says she is struggling with money and with {name}'s behaviour; she has agreed to "
                "this referral for family help.",
            ),
            REFERRAL: (
                "{name} often seems hungry and unkempt, and {mother} has said she cannot cope. Things have "
                "not improved despite support from the organisation.",
            ),
            STRATEGY: (
                "{name} arrived with a burn on {his} hand covered with cling film. {mother} said {he} "
                "touched the iron, but {name} said '{partner} did it'.",
            ),
        },
        needs=("N1", "N4", "N7"),
        advice=(
            "Organisation to continue its support; family signposted to the family hub and to welfare "
            "rights advice.",
        ),
        min_age=3,
        agencies=("police", "education", "health"),
    ),
)

# Every source has at least one scenario with no age limit (checked by the tests), so any child fits one.
OPEN_CASE = Scenario(
    key="open_case",
    sources=(),
    summary="new information about {name}, who is already open to children's social care",
    opening=(
        "Further information about {kids}, already open to children's social care (child in need).",
        "Update from the referrer about {kids}, whose family already has a social worker.",
    ),
    detail={
        NFA: (
            "The referrer wanted the social worker to know about a missed appointment and a change of "
            "address. No new immediate risk.",
            "Information about an argument between the parents at the weekend; no injuries and the children "
            "were with their grandmother.",
        ),
    },
    needs=("N1",),
    advice=(
        "Open to children's social care: information passed to the allocated social worker and their "
        "team manager the same day, by email and phone.",
    ),
)

# What the referrer thinks should happen, by how worried they are.
REFERRER_VIEW: dict[str, tuple[str, ...]] = {
    NFA: (
        "I don't think the family need a social worker; I wanted advice and for you to know.",
        "I think this was a one-off but wanted to pass it on in case you know anything else.",
        "Could you check whether the family are known? If not, we will keep supporting them ourselves.",
    ),
    FAMILY_HELP: (
        "I think the family would benefit from some support with routines and the children's behaviour.",
        "{mother} has asked for help and I think she would engage with a family help worker.",
        "I think some early help now would stop things getting worse.",
    ),
    REFERRAL: (
        "I think the family need a social worker: our support has not made enough difference.",
        "I am worried this has been going on for a long time and needs a proper assessment.",
        "I would like a social worker to assess the children's needs and the parents' ability to meet them.",
    ),
    STRATEGY: (
        "I am very worried about {name} going home tonight.",
        "I think {name} is at risk of serious harm and needs to be seen today.",
        "Please act today: {name} is frightened to go home.",
    ),
}

CONSENT_NOTES = {
    "given": (
        "{mother} knows about this contact and agrees to it.",
        "Discussed with {mother} on the phone before calling; she agrees.",
    ),
    "not_given": (
        "{mother} was asked and did not agree; the referrer is calling because of the level of worry.",
    ),
    "not_sought": (
        "Not discussed with the family: telling them could put {name} at greater risk.",
        "Not sought: {name} asked us not to tell {mother} yet and the concern is about harm at home.",
    ),
    "unknown": ("",),
}

# The MASH checks: what is asked of each agency, and what it answers (nothing known, some history, a lot).
MASH_QUESTION = {
    "police": (
        "Please share any police involvement with the household in the last two years, including domestic "
        "incidents, and anything known about {partner}.",
        "Any police information about the adults at {street}, any call-outs to the address, and any risks to "
        "the children?",
    ),
    "health": (
        "Please confirm GP registration, checks and immunisations for {kids_names}. Any worries from the "
        "health visitor or school nurse, or about the parents' health?",
        "Please share any health information relevant to the children's safety: missed appointments, "
        "emergency department attendances, parental mental health.",
    ),
    "education": (
        "Please share attendance, punctuality and presentation for {kids_names} this year, and any "
        "safeguarding records.",
        "What does school know about {school_kid}: attendance, behaviour, anything said at school, and how "
        "the parents engage?",
    ),
    "housing": ("Is the family known to housing? Any tenancy concerns, arrears or reports about the home?",),
    "probation": ("Is any adult in the household known to probation, and is there a risk assessment?",),
    "other": ("Is the family known to your service, and do you have any worries about the children?",),
}
MASH_ANSWER = {
    "police": (
        (
            "No trace of the children. Nothing recorded at the address.",
            "No police information about the household.",
        ),
        (
            "One previous domestic incident at the address in 2024, verbal only, DASH standard. No "
            "convictions for the adults.",
            "{partner} has a caution for possession of cannabis (2023). No domestic incidents recorded.",
        ),
        (
            "Four domestic incidents recorded since 2023, two graded high risk. {partner} has a conviction "
            "for assault occasioning actual bodily harm against a previous partner.",
            "Address known for drug supply; {partner} arrested twice this year. A non-molestation order was "
            "in place until last year.",
        ),
    ),
    "health": (
        (
            "Children registered with the GP; immunisations up to date; no concerns from health visiting.",
            "Nothing of concern on the health record.",
        ),
        (
            "Two missed appointments this year (hearing and dental). {mother} is treated by the GP for "
            "anxiety.",
            "Health visitor saw the family three months ago: home cluttered, advice given, no other "
            "concerns.",
        ),
        (
            "Three emergency department attendances in six months for minor injuries. {mother} has been "
            "referred to the drug and alcohol service and did not attend.",
            "Children not brought to five appointments; {name} is overdue for developmental checks. The "
            "health visitor has not been able to get access.",
        ),
    ),
    "education": (
        (
            "Attendance 97%; well presented; no safeguarding concerns on the school's records.",
            "{school_kid} is doing well; parents attend parents' evenings; no concerns.",
        ),
        (
            "Attendance 89%, with late arrivals on Mondays. One record of {school_kid} being upset about "
            "arguments at home.",
            "Attendance 91%. School have noticed {school_kid} is tired and sometimes hungry; breakfast club "
            "offered.",
        ),
        (
            "Attendance 72%. Six safeguarding records this year: hunger, poor hygiene and a comment about "
            "being hit at home.",
            "Attendance 68% and falling; {school_kid} has told staff of being scared of {partner}. Parents "
            "do not respond to the school's calls.",
        ),
    ),
    "housing": (
        ("Tenancy in good order; no reports.",),
        ("Rent arrears; notice seeking possession issued last month.",),
        (
            "Reports from neighbours of noise and visitors at all hours; the flat was found in very poor "
            "condition at an inspection.",
        ),
    ),
    "probation": (
        ("No adult at the address known to probation.",),
        ("{partner} finished a community order last year; assessed as low risk of serious harm.",),
        (
            "{partner} is on licence for violent offences and assessed as high risk of serious harm to "
            "partners.",
        ),
    ),
    "other": (
        ("Not known to the service.",),
        ("Known: attended two sessions last year, no concerns recorded.",),
        ("Known: concerns recorded about the children's care and shared before.",),
    ),
}
MASH_ANSWERER = {
    "police": ("DC {first} {last}, Public Protection Unit", "PC {first} {last}, MASH police desk"),
    "health": ("{first} {last}, safeguarding nurse", "{first} {last}, named nurse for safeguarding"),
    "education": ("{first} {last}, designated safeguarding lead", "{first} {last}, education safeguarding"),
    "housing": ("{first} {last}, housing officer",),
    "probation": ("{first} {last}, probation officer",),
    "other": ("{first} {last}, service manager",),
}
AGENCY_WORDS = {
    "police": "the police",
    "health": "health",
    "education": "school",
    "housing": "housing",
    "probation": "probation",
    "other": "another agency",
}
FINDINGS = (
    "nothing of concern known",
    "some history, at a lower level",
    "a significant history that adds to the worry",
)

# Why the decision was made: the analysis by outcome and level (Right Service, Right Time).
ANALYSIS = {
    (NFA, 1): (
        "The concern does not meet the threshold for family help or social care: the child's needs can be "
        "met by universal services, and the parents have already acted on it. Level 1.",
        "A single low-level concern with protective parents and no other worries from agencies. Universal "
        "services (level 1) can meet the child's needs.",
    ),
    (NFA, 2): (
        "There are additional needs (level 2), but the family have declined family help and there is no "
        "indication of harm: consent is needed for support at this level, so advice was given instead.",
        "Additional needs (level 2) that the referrer's own service is already meeting; the family do not "
        "want a further service at this time.",
    ),
    (NFA, 3): (
        "The child is already open to children's social care, so this is new information for the allocated "
        "social worker rather than a new referral.",
    ),
    (FAMILY_HELP, 2): (
        "Needs are additional rather than complex (level 2) and the family agree to support: step to family "
        "help for a family help assessment.",
        "The family need coordinated support (level 2) and {mother} has agreed. Family help is the right "
        "service; no indication of significant harm.",
    ),
    (FAMILY_HELP, 3): (
        "Needs are complex (level 3), but the parents recognise them, are engaging and consent to intensive "
        "family help with a lead practitioner; no indication of significant harm. To be reviewed at six "
        "weeks.",
    ),
    (REFERRAL, 3): (
        "Needs are complex (level 3) and have not been met by the support already offered: {name} may be a "
        "child in need under section 17 of the Children Act 1989. Referral for a child and family "
        "assessment.",
        "The concerns are cumulative and the parents' capacity to change is unclear. A child and family "
        "assessment is needed to understand the children's needs (level 3).",
    ),
    (REFERRAL, 4): (
        "The concerns point towards significant harm (level 4), but the children are safe tonight and there "
        "is no single incident for a strategy discussion: urgent referral for assessment, which will move to "
        "section 47 if anything more is found.",
    ),
    (STRATEGY, 4): (
        "There is reasonable cause to suspect that {name} is suffering, or is likely to suffer, significant "
        "harm (section 47, Children Act 1989). Strategy discussion with police and health today.",
        "Significant harm (level 4): an injury or disclosure that needs a joint response with the police. "
        "Strategy discussion to be convened today; safety plan for tonight agreed with {mother}.",
    ),
}

FEEDBACK = {
    NFA: (
        "Thank you for contacting us about {kids_names} on {received}. We looked at what you told us "
        "alongside {checks}. We have decided that children's social care does not need to be involved at "
        "the moment. {advice_short} If you are worried about {the_children} again, please contact us "
        "straight away.",
        "Thank you for your call about {kids_names}. After looking at the information, including {checks}, "
        "we will not be taking any further action at this time. {advice_short} Please get in touch again if "
        "anything changes.",
    ),
    FAMILY_HELP: (
        "Thank you for your referral about {kids_names} on {received}. We have asked our family help team to "
        "contact the family within the next five working days to offer support. They may ask you to be part "
        "of a team around the family. If things get worse, please contact us again.",
        "Thank you for telling us about {kids_names}. We think the family would benefit from family help, "
        "and a family help worker will be in touch with {mother} this week. Please keep supporting the "
        "family and let us know if your worries grow.",
    ),
    REFERRAL: (
        "Thank you for your referral about {kids_names} on {received}. A social worker will now carry out "
        "an assessment with the family. They will contact you to hear your views; please share anything new "
        "with them.",
        "Thank you for contacting us about {kids_names}. We have decided that a social worker should "
        "assess the family's needs. The assessment team will be in touch with you this week.",
    ),
    STRATEGY: (
        "Thank you for contacting us about {kids_names}. We are taking this seriously and are working with "
        "the police and health colleagues today. A social worker will be in touch with you. Please do not "
        "discuss your concerns with the family until we have spoken to you.",
        "Thank you for your referral about {kids_names}. We are holding a strategy discussion with the "
        "police and health today to plan what happens next. A social worker will contact you; please keep "
        "any notes you have made.",
    ),
}
# A young person getting in touch themselves, by how worried they are.
REFERRER_VIEW_SELF: dict[str, tuple[str, ...]] = {
    NFA: ("I just wanted to know what I can do.",),
    FAMILY_HELP: ("I want someone to help me and my mum get on better.", "I want some help at home."),
    REFERRAL: ("I need somewhere safe to stay.", "I want someone to help me sort things out at home."),
    STRATEGY: ("I don't want to go home.", "Please don't tell him I called."),
}
REFERRER_VIEW_OPEN_CASE = (
    "Please pass this to the family's social worker.",
    "I wanted the social worker to know before their next visit.",
)
FEEDBACK_OPEN_CASE = (
    "Thank you for contacting us about {kids_names} on {received}. The family already have a social worker, "
    "and we have passed your information to them and their manager today. Please keep sharing any worries "
    "with the social worker directly, or with us if you cannot reach them.",
)
FEEDBACK_ANONYMOUS = (
    "The contact was anonymous, so no feedback can be sent. Outcome recorded for the file: {outcome}.",
)
OUTCOME_WORDS = {
    NFA: "no further action, with advice",
    FAMILY_HELP: "stepped to family help",
    REFERRAL: "referred to children's social care",
    STRATEGY: "strategy discussion",
}

LATE_REASON = {
    "checks": (
        "Waiting for {agency}'s information, which came after the due time; the decision could not safely "
        "be made without it.",
        "{agency_cap} check returned late despite two chasers; decided as soon as it arrived.",
    ),
    "returned": (
        "Returned by the manager for further information ({comment_short}); decided again once it was in.",
    ),
    "workload": (
        "Very high volume of contacts that day, with several red contacts taking priority.",
        "Practitioner off sick that afternoon; the contact was picked up by a colleague the next morning.",
        "Needed to speak to the referrer, who was not available until the next working day.",
        "An interpreter was needed to speak with {mother}; the first available was the next day.",
    ),
}
RETURN_COMMENT = (
    "Please get the health visitor's view before we decide: the youngest child is under one.",
    "The level looks too low given the history and what the checks found: please reconsider.",
    "Please speak to the referrer again before deciding: we need more detail about what they saw.",
    "Please check with {mother} whether she consents to family help before we close this.",
    "Please add the police information about {partner} to the rationale and review the level.",
)
RETURN_SHORT = {
    0: "the health visitor's view",
    1: "a review of the level",
    2: "more detail from the referrer",
    3: "{mother}'s consent",
    4: "the police information",
}
SIGN_OFF_COMMENT = (
    "",
    "",
    "",
    "Agreed.",
    "Agree with the decision and the rationale.",
    "Agreed. Please make sure the referrer is told today.",
    "Agreed; please send the family the information discussed.",
    "Agree: the analysis of the history is clear.",
)
URGENCY_RAISED = (
    "The referrer called back: {partner} is on his way to the house.",
    "Police check shows a bail condition not to contact {mother}: she says he is outside.",
)
URGENCY_LOWERED = (
    "The children are staying with their grandmother tonight and are safe; not an immediate risk.",
    "School have seen {name} this morning and {he} is well; the decision can follow the checks.",
)

REFERRER_ROLE = {
    "1A": ("maternal grandmother", "paternal grandmother", "aunt", "adult sister"),
    "1B": ("neighbour", "childminder", "family friend"),
    "1C": ("the young person",),
    "1D": ("member of the public", "passer-by"),
    "2A": (
        "designated safeguarding lead",
        "deputy designated safeguarding lead",
        "head teacher",
        "pastoral manager",
    ),
    "2B": ("education welfare officer", "SEND caseworker"),
    "3A": ("GP", "practice nurse"),
    "3B": ("health visitor",),
    "3C": ("school nurse",),
    "3D": ("community dentist", "dental nurse"),
    "3E": ("emergency department nurse", "paediatric registrar", "safeguarding nurse (emergency department)"),
    "3F": ("community psychiatric nurse", "midwife", "children's mental health practitioner"),
    "4": ("housing officer", "tenancy support officer"),
    "5A": ("social worker, adult social care", "care coordinator"),
    "5B": ("SEND caseworker", "youth justice worker"),
    "5C": ("social worker, another local authority", "team manager, another local authority"),
    "5D": ("family help worker", "family support worker"),
    "6": ("police constable", "detective constable", "police sergeant"),
    "7": ("probation officer", "family court adviser"),
    "8": ("youth worker", "community pantry coordinator", "nursery key worker"),
    "9": ("",),
    "10": ("",),
}
# Invented organisations for sources with no partner organisation in the synthetic trust.
REFERRER_ORGANISATION = {
    "2B": ("City Council Education Welfare Service", "City Council SEND Assessment Team"),
    "3B": ("City Community Health Trust (health visiting)",),
    "3C": ("City Community Health Trust (school nursing)",),
    "3D": ("Parkside Community Dental Service",),
    "3E": ("Eastgate Hospital Emergency Department", "Westfield Children's Hospital Emergency Department"),
    "3F": ("City Mental Health Partnership", "City Community Health Trust (midwifery)"),
    "5A": ("City Council Adult Social Care",),
    "5B": ("City Council SEND Assessment Team", "City Youth Justice Service"),
    "5C": ("Northshire County Council Children's Services", "Eastbrook Borough Council Children's Services"),
    "7": ("Probation Service West Midlands", "Cafcass"),
}

# Who referred, for scenarios whose source alone does not say (health: other, for example, is a midwife for a
# new baby and a psychiatric nurse for a parent's mental health): (role, organisation) pairs.
REFERRER_BY_SCENARIO: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("health_visitor", "3F"): (
        ("midwife", "City Community Health Trust (midwifery)"),
        ("perinatal mental health nurse", "City Mental Health Partnership"),
    ),
    ("low_mood", "3F"): (("children's mental health practitioner", "City Children's Mental Health Service"),),
    ("parent_health", "3F"): (
        ("community psychiatric nurse", "City Mental Health Partnership"),
        ("drug and alcohol recovery worker", "City Recovery Service"),
    ),
    ("disabled_child", "3F"): (("community paediatrician", "City Community Health Trust"),),
    ("disabled_child", "5B"): (("SEND caseworker", "City Council SEND Assessment Team"),),
    ("disabled_child", "2A"): (("special educational needs coordinator", ""),),
}
# How the rationale names who got in touch.
SOURCE_WORDS = {
    "1A": "a relative",
    "1B": "a neighbour or family friend",
    "1C": "the young person",
    "1D": "a member of the public",
    "2A": "school",
    "2B": "education services",
    "3A": "the family's GP",
    "3B": "the health visitor",
    "3C": "the school nurse",
    "3D": "the community dental service",
    "3E": "the emergency department",
    "3F": "health services",
    "4": "housing",
    "5A": "adult social care",
    "5B": "the council's SEND service",
    "5C": "another local authority",
    "5D": "family help",
    "6": "the police",
    "7": "probation or the family court",
    "8": "a community organisation",
    "9": "an anonymous caller",
    "10": "a caller who did not say who they were",
}
