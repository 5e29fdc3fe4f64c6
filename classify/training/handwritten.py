"""Whole emails written by hand for training: many voices, lengths and near-misses.

Labels follow the seed's categories (appeal, exclusion, discrimination, delay; none = []).
``stage`` is what the parent already did about a mistake or delay; ``safeguarding`` marks a child
at risk of harm. None of these are taken from the evaluation set.
"""

from __future__ import annotations

from typing import Final

Example = dict[str, object]

HANDWRITTEN: Final[list[Example]] = [
    {"subject": "EHCNA refused - what now?", "labels": ["appeal"], "text": """Hi,

My son Marcus is 7 and in Year 2. School applied for an EHC needs assessment in the autumn because he is so far behind and has a diagnosis of ADHD and suspected dyslexia. Yesterday we got a letter from the council dated 2nd February saying they will not carry out an assessment because the school "has not demonstrated a graduated approach".

The school are as shocked as we are, they've had an IEP in place for two years. Do we have to accept this?

Thanks,
Joanne"""},
    {"subject": "refused", "labels": ["appeal"], "text": """la say no to assesment again. second time. letter dated 14/01/2026. i dont no what to do my son cant read and he is 9. can i appeal this time?"""},
    {"subject": "Decision not to issue", "labels": ["appeal"], "text": """Dear Advice Line,

I am writing to ask for advice following the local authority's decision, communicated in a letter dated 19 November 2025, not to issue an Education, Health and Care Plan for my daughter, Iris (10), following a statutory assessment.

The educational psychologist recommended a specialist setting and daily speech and language input. Despite this, the authority concluded that her needs could be met from resources ordinarily available to a mainstream school.

I would be grateful to understand the timescale for lodging an appeal and whether I must contact the mediation adviser first.

Yours faithfully,
Dr Helen Marsh"""},
    {"subject": "final plan", "labels": ["appeal"], "text": """Final EHCP came through on Friday (letter dated 23/01). Section F says "access to a small group for literacy" - no hours, no staff ratio, nothing. Section B doesn't even mention his sensory processing disorder which is the main thing. I've read that provision has to be specified and quantified. How do we challenge it? Is it too late now it's final?

Dan"""},
    {"subject": "cease to maintain", "labels": ["appeal"], "text": """Hello

Our son is 18 and at college doing a level 2 course. We got a letter from the council dated 8 April saying they have decided to cease to maintain his EHCP because he "is no longer in education that requires it". He absolutely is in education, he's at college four days a week and the college say they can't support him without the funding.

Please could someone tell us if we can stop this? Does the plan stop straight away?

Kind regards
Sue and Martin"""},
    {"subject": "EHCP", "labels": ["appeal"], "text": """Hi there, just need some quick advice. The LA have named a mainstream secondary in section I of my daughters plan, we wanted the special school (they have a place and said they can meet need). Rest of the plan is ok actually. Letter enclosing the final plan is dated 3 March. What are our options?"""},
    {"subject": "Annual review outcome", "labels": ["appeal"], "text": """Good morning,

We had Zac's annual review in January and everyone in the room, including school, agreed the plan needs updating - his needs have changed massively since he was diagnosed with epilepsy last year. The council have now written (letter dated 20th February) to say they have decided not to amend the plan and will maintain it as it is.

The plan is from 2022 and doesn't mention his epilepsy at all. Surely they can't just leave it?

Many thanks,
Priya"""},
    {"subject": "re assessment", "labels": ["appeal"], "text": """My son has an EHCP from when he was 5. He is 13 now and has had a new diagnosis of autism and anxiety disorder, hardly going to school. I asked the LA for re-assessment in December and they wrote back on the 9th January saying no, they will not reassess because the annual review is the right place to look at it. Can they do that?"""},
    {"subject": "EHCNA", "labels": ["appeal"], "text": """Good evening. I am writing for my son Adebayo. He is 6 years. The school and me we ask the council to assess him for EHCP. Today I receive email from council, the answer is no, they say he is not meet the criteria. I am not understand why, because he cannot talk in sentences and he hit other children when he is frustrated. What I can do now? Thank you. Funmi"""},
    {"subject": "Tribunal", "labels": ["appeal"], "text": """We have decided to appeal the refusal to assess (letter dated 12 December). We rang the mediation people and said we don't want mediation and the certificate came through dated 6 January. When is our actual deadline? I've seen different things online."""},
    {"subject": "Amended plan - hours cut", "labels": ["appeal"], "text": """Hello,

After the annual review, Lola's amended EHCP was issued on 16/03/2026 and her 1:1 has been cut from 25 hours to 15. Nothing has changed - if anything she needs more help. School weren't even asked. I want to fight this. Please can you tell me how?

Thanks
Carly"""},
    {"subject": "Help", "labels": ["appeal", "delay"], "text": """Hi, we asked for an EHC needs assessment in September. We heard nothing at all until last week when, well past the 6 weeks, they finally sent a letter refusing to assess. The letter is dated 27 January. I'm furious about the delay but mostly I want him assessed. What should we do first?"""},
    {"subject": "plan finally arrived and it's wrong", "labels": ["appeal", "delay"], "text": """After 34 weeks (yes 34!) the final plan arrived, dated 4th March 2026. It's late and it's also wrong - the school named is one we never asked for and the therapy advice has been ignored. I complained about the delay months ago and got nowhere. Where do I even start?

Regards,
Rebecca"""},
    {"subject": "Excluded", "labels": ["exclusion"], "text": """Hi

My son Tyler (14) was permanently excluded from his school on Monday. The letter says it's for "persistent disruptive behaviour". He has ADHD and is on the SEN register but he has never had any real support. The letter says we can make representations to the governors. What does that mean and what should I write?

Thanks
Kelly"""},
    {"subject": "governors upheld exclusion", "labels": ["exclusion"], "text": """Dear Sir or Madam,

Our daughter was permanently excluded in January. The governors' discipline committee met on 3 February and we received their letter on 5 February confirming they have upheld the exclusion. We believe the school did not consider her autism at all.

We would like to request an independent review. How long do we have and who do we write to? The school is an academy.

Kind regards,
Mr and Mrs Osei"""},
    {"subject": "suspended again", "labels": ["exclusion"], "text": """hes been suspended AGAIN. 3 days this time for walking out of a lesson when it got too loud. thats 9 days this term. hes autistic and the school know this. do i have any say in this??"""},
    {"subject": "sent home", "labels": ["exclusion"], "text": """Hello, hope you can help. The school phones me nearly every day about 11 o'clock and asks me to come and collect Ruby because she is "dysregulated". I have had to give up my job. Nothing is ever written down and they say it isn't an exclusion because I agreed to it. Is that right? She is 6 and has a diagnosis of PDA.

Gemma"""},
    {"subject": "Part time timetable", "labels": ["exclusion"], "text": """My son has been on a part-time timetable since October - he only goes in from 9 until 11. It was meant to be for two weeks to "settle him". Now it's March. He's missing so much. The school say it's for his wellbeing. Who do I complain to?"""},
    {"subject": "Managed move", "labels": ["exclusion"], "text": """The head has told us that if we don't agree to a managed move to another school, Kai will be permanently excluded. They want him to go on a 6 week trial at the other school first. I feel like we're being pushed into it. Kai has SEMH needs and an EHCP. Can they do this?"""},
    {"subject": "exclusion question", "labels": ["exclusion"], "text": """My daughter got a 5 day fixed term exclusion today for hitting a TA. She's got learning difficulties and was being held by the arm when it happened. I don't condone it but 5 days seems a lot and they haven't sent any work. What happens on day 6? Thanks, Natalie"""},
    {"subject": "Re: exclusion", "labels": ["exclusion"], "text": """Quick update and a question. We went to the governors' meeting on Tuesday 10 March and they decided to uphold Leo's permanent exclusion. The letter came the same day. I want to go to the IRP and ask for an SEN expert. Can you help me with the application?"""},
    {"subject": "Home education", "labels": ["exclusion"], "text": """Hi. The school suggested we take our son off roll and home educate him "before it comes to an exclusion". I work and can't home educate. They've been sending him home most afternoons. I'm not sure what my rights are here."""},
    {"subject": "excluded because of autism", "labels": ["exclusion", "discrimination"], "text": """Dear advice line,

Our son Alfie (11) was suspended for five days last Thursday after a meltdown in a busy corridor. He is autistic and his meltdowns are part of his condition. His plan says he should have an exit card and a quiet space, but the school took his exit card away in September and the quiet room is now used for storage.

We believe he has been excluded because of his autism and because they failed to make reasonable adjustments. What can we do about the suspension and about the discrimination?

Thank you,
Natasha"""},
    {"subject": "PX and no school", "labels": ["exclusion", "delay"], "text": """My son was permanently excluded on 12 January. It is now 6 weeks later and the council still haven't arranged any education for him, he is just at home. I have emailed the inclusion team four times. They don't reply. The governors meeting hasn't even happened yet. Please help."""},
    {"subject": "School trip", "labels": ["discrimination"], "text": """Hi,

My daughter Hana (9) has type 1 diabetes. Her class are going on a residential in May and the school have told us she can't go unless I go with her to manage her insulin, because "staff aren't trained". I can't take the time off. Every other child is going. She's heartbroken.

Is this allowed? It feels like she's being treated differently because of her condition.

Amina"""},
    {"subject": "detentions", "labels": ["discrimination"], "text": """My son has ADHD and Tourette's. He gets a detention nearly every week for "calling out" - which is his tics. I've explained to the school, we've got the paediatrician's letter, but the behaviour policy is "the same for everyone". Last detention was Wednesday. It's making him hate school."""},
    {"subject": "Not fair", "labels": ["discrimination"], "text": """the school did sports day on friday and my son was made to sit on the bench and watch because they said with his autism he would "ruin it for the others". he was devastated. he has been practising for weeks. is this discrimination?"""},
    {"subject": "Reasonable adjustments", "labels": ["discrimination"], "text": """Hello,

My daughter is 15 and has EDS (hypermobility) which means she can't carry a heavy bag or stand for long. We asked the school for a locker and a lift pass back in September. They refused the lift pass saying it's "only for wheelchair users" and she has had three lates and a detention for being slow between lessons. The last detention was on 11 February.

I feel the school are failing to make reasonable adjustments. What are our options?

Best,
Claire"""},
    {"subject": "after school club", "labels": ["discrimination"], "text": """The after-school club that runs in our school refused to take my son because he has autism and might need extra support. They said it's their policy. Other children in his class all go. I need it so I can work. Can they refuse him?"""},
    {"subject": "isolation", "labels": ["discrimination"], "text": """Dear all, my son has a diagnosis of autism and sensory processing difficulties. He has been placed in the isolation booth at least twice a week for not wearing his blazer, which he cannot tolerate because of the fabric. He has a letter from his OT. The school will not budge on uniform. The latest time was this Monday. I think this is disability discrimination but I'm not sure what to do about it. Thank you, Oksana"""},
    {"subject": "Appeal and discrimination", "labels": ["appeal", "discrimination"], "text": """Hello,

Two problems. First, the council refused to issue an EHCP after assessing Rosie - the letter is dated 9 February 2026. Second, her school banned her from the Year 6 residential on 20 January because of "risk" linked to her ADHD, and would not discuss any adjustments.

Can we do both things at once? Which is more urgent?

Jen"""},
    {"subject": "waiting", "labels": ["delay"], "text": """Hi, I applied for an EHC needs assessment for my son on 6 October. It's now February and I have heard absolutely nothing - no decision on whether they'll assess even. I've rang the SEN team and left messages. Isn't there a 6 week limit? What should I do?"""},
    {"subject": "no speech therapy", "labels": ["delay"], "text": """Hello,

Max's EHCP says he should have 1 hour of speech and language therapy every week, delivered by a qualified SALT. He hasn't had a single session since September because the therapist left. I've spoken to the SENCo twice and she says the council are "looking into it". It's now March.

What can I do?
Thanks, Leanne"""},
    {"subject": "still no plan", "labels": ["delay"], "text": """We had the annual review in October. It's now the end of February and we still don't have an amended plan. My son moves to secondary in September and we don't know where he is going. Everyone else in his class knows their school. I've emailed the caseworker and her manager and had one reply saying they are "working through a backlog"."""},
    {"subject": "Complaint outcome", "labels": ["delay"], "text": """Dear SENDIASS,

I made a formal complaint to the council last year about the delay with my son's EHCP (it took 41 weeks). I received their stage 2 response on 15 January. They apologised but said the delay was "due to national pressures" and offered nothing else. My son missed a whole term of support.

Can I take this further? I've heard of the Ombudsman.

Kind regards,
Samira Khan"""},
    {"subject": "TA", "labels": ["delay"], "text": """my daughter supposed to have 1:1 TA all day in her plan but most days the TA is used for the whole class or is off sick and no one covers. school said they don't have the money. i have not complained yet because i don't want to upset them. what do i do"""},
    {"subject": "wrong information in plan", "labels": ["delay"], "text": """The new EHCP has another child's name in section A and the wrong date of birth all the way through. It's obviously been copied and pasted. I've told the case officer by email but it's been three weeks and no corrected version. It's embarrassing and I worry about confidentiality."""},
    {"subject": "transport", "labels": ["delay"], "text": """The council agreed transport for my son in August but it still hasn't started. It's now November. I'm driving him 40 minutes each way and I'm going to lose my job. I emailed the transport team, then the team manager, and got automated replies only. What's the next step?"""},
    {"subject": "out of school", "labels": ["delay"], "text": """My daughter hasn't been able to attend school since January because of her anxiety. The GP has written a letter. The school say they can't do anything and the council haven't provided any education at all. That's 10 weeks with nothing. Is anyone responsible for this?"""},
    {"subject": "EHCNA taking forever", "labels": ["delay"], "text": """Hi

The LA agreed to assess Finn back in September - which we were pleased about - but we're now at week 27 and there is still no draft plan. The ed psych report came in ages ago. Nobody has replied to my last two emails. We haven't made a formal complaint yet.

Thanks
Chris"""},
    {"subject": "chasing", "labels": ["delay"], "text": """They haven't refused yet, they just haven't replied. It's been 9 weeks since the request went in. Should I be worried? I don't want to annoy them by chasing."""},
    {"subject": "Ombudsman?", "labels": ["delay"], "text": """We've been through the school's complaints procedure about the support in Jacob's plan not being delivered. The governors' complaint panel met last month and did not uphold the complaint. Nothing has changed. Where do we go now? Someone mentioned the LGSCO but I'm not sure they deal with schools."""},
    {"subject": "delay and trip", "labels": ["discrimination", "delay"], "text": """Hello, two things really. My son's EHC needs assessment is way overdue - we applied in November and it's now May, still no draft. Also, last week (Thursday) the school told him he couldn't go on the class trip to the museum because of his autism and that they "couldn't risk it". He's the only one not going. What can we do about either?"""},
    {"subject": "Thank you", "labels": [], "text": """Just a quick note to say thank you for your help in the autumn. The council agreed to assess in the end and we've just had the draft plan, which actually looks pretty good! Best wishes, Fiona"""},
    {"subject": "Question about annual reviews", "labels": [], "text": """Hello, my son's first annual review since his EHCP was issued is coming up after Easter. Could you tell me who should be invited and whether the school has to send me the reports before the meeting? I'd like to be prepared. Many thanks, Oliver's mum (Sian)"""},
    {"subject": "EHCP request", "labels": [], "text": """Hi, I think my daughter might need an EHCP. She is 8 and struggling with reading and friendships. School say she is on SEN support. How do I ask for an assessment and do I need the school to agree?"""},
    {"subject": "panel", "labels": [], "text": """Good news - the panel agreed to assess! The letter says the assessment will start now. What happens next and how long will it take? Should I write my own parental views?"""},
    {"subject": "Transition", "labels": [], "text": """Our son is moving from primary to secondary next year. He has an EHCP. When do we need to name our preferred school and what is the timetable for phase transfer? Thanks"""},
    {"subject": "OOO", "labels": [], "text": """Thank you for your email. I am currently out of the office until Wednesday 18th with no access to emails. If your matter is urgent, please contact the main office. Kind regards"""},
    {"subject": "Automatic reply: Appointment", "labels": [], "text": """This is an automated message. Your email has been received and a member of the team will respond within 5 working days. Please do not reply to this message."""},
    {"subject": "Workshop", "labels": [], "text": """Hi, do you run any online sessions for parents about what goes in an EHCP? I'd really like to understand sections B and F before our draft comes. Also is there a charge? Thanks, Tom"""},
    {"subject": "if they refuse", "labels": [], "text": """We are about to apply for an EHC needs assessment. If the council refuse, what happens then? Can we appeal straight away or do we need to go to mediation? Just want to be prepared. Thanks"""},
    {"subject": "not excluded", "labels": [], "text": """Hi. My son hasn't been excluded but the school keep mentioning it when they talk to me about his behaviour. He has ADHD. Is there anything I can do now so it doesn't get to that point? Should I ask for an EHC needs assessment?"""},
    {"subject": "good news", "labels": [], "text": """Hello again, just letting you know we won the tribunal appeal! The LA have to name the special school. Thank you so much for all the help with the bundle. Can I ask how long they have to issue the amended plan?"""},
    {"subject": "DLA", "labels": [], "text": """Sorry if this isn't the right place but could you tell me whether my son (autism, 5) could get Disability Living Allowance? And does it affect our universal credit?"""},
    {"subject": "Personal budget", "labels": [], "text": """Hello, I'd like to ask for a personal budget for my daughter's respite as part of her EHCP. Who do I ask and at which point? Her review is next month. Thanks, Becky"""},
    {"subject": "Moving house", "labels": [], "text": """We are moving from Leeds to Kent in the summer. My son has an EHCP naming a special school in Leeds. What happens to his plan and will Kent have to find him a place? Thanks for any info."""},
    {"subject": "Volunteering", "labels": [], "text": """Hi, I'm a retired SENCo and would love to volunteer with your helpline. Do you have any opportunities? Best wishes, Margaret"""},
    {"subject": "Re: your advice", "labels": [], "text": """Thanks for the letter template. I sent it to the school on Monday and they have already arranged a meeting with the SENCo for next week. Fingers crossed! Dee"""},
    {"subject": "help", "labels": [], "text": """hello i want to know what is SENCo, school tell me to talk to SENCo about my boy but i dont know who is this. he is 5 and he dont talk. thank you"""},
    {"subject": "Trip", "labels": [], "text": """My son couldn't go on the school trip last week because he had chickenpox. The school have said he can go on the next one in June. Is there any way to get the deposit back? Sorry, I know this isn't really SEN."""},
    {"subject": "Happy with the plan", "labels": [], "text": """We got the final EHCP yesterday and honestly it's really good - everything from the reports is in it. Is there anything I need to do now, or do we just wait for the school to put it in place?"""},
    {"subject": "Safeguarding", "labels": ["delay"], "safeguarding": True, "text": """I don't know who else to ask. My daughter is 14, autistic, and has been out of school since October because she can't cope. The council still haven't provided any education - no tutor, nothing. Last week she told me she wants to die and I found cuts on her arms. CAMHS say there is a 9 month wait. I've emailed the council's SEN team three times with no reply. Please help me."""},
    {"subject": "restraint", "labels": ["discrimination"], "safeguarding": True, "text": """My son came home on Tuesday with bruises on both arms. He told me two members of staff held him down on the floor because he wouldn't leave the classroom. He is 7 and autistic and was overwhelmed. Nobody from school called me. His plan says to give him space when he's distressed, not to restrain him. I feel he is being punished for his autism. What do I do?"""},
    {"subject": "he ran off", "labels": ["exclusion"], "safeguarding": True, "text": """the school have put my son on a reduced timetable, 2 hours a day, since christmas. yesterday he got out of the school gate on his own at 10am and nobody noticed until a neighbour rang me. he is 8 and has no sense of danger. i am so angry. what can i do about the timetable and about this"""},
    {"subject": "bullying", "labels": [], "safeguarding": True, "text": """Hi, my son is in Year 9 and has dyslexia. He's been bullied for months and yesterday a group of boys punched him and kicked him on the way home. He's scared to go back. The school say it happened outside school so it's not their problem. Where can I get help?"""},
    {"subject": "worried", "labels": ["appeal"], "safeguarding": True, "text": """Our LA refused to assess our son (letter dated 11 March). He's 12, not coping at all, and has started saying he'd be better off dead. I feel like nobody is listening. How quickly can we appeal and is there anything faster?"""},
    {"subject": "EHCP", "labels": ["appeal"], "text": """Hi can you help. They turned down our request for the assessment, letter came last Tuesday. My son is 4 and in nursery, non-verbal, not toilet trained. Nursery say he will need 1:1 in reception. Do I have a chance?"""},
    {"subject": "SENDIST appeal deadline", "labels": ["appeal"], "text": """Decision not to assess - letter dated 30/11/2025. Mediation certificate dated 2 Jan 2026. Planning to lodge SEND35a this week. Just want to double check the deadline given Christmas. Thanks, G."""},
    {"subject": "Draft plan", "labels": ["appeal"], "text": """Hi, we got the draft EHCP last Friday. Section F is so vague - "access to" and "opportunities for" everywhere, no hours. Also they've put the local mainstream school as the placement before we've even said which school we want. What do we do with a draft? Do we have a deadline to reply?"""},
    {"subject": "ceasing", "labels": ["appeal"], "text": """Got a letter 3 days ago saying the local authority has made the decision to cease my daughter's EHC plan as she is now 'meeting age related expectations'. She only meets them because of the support in the plan! Please tell me what to do before the support disappears."""},
    {"subject": "No to special school", "labels": ["appeal"], "text": """After a year of fighting, final plan came dated 6th January and they have refused the specialist school we asked for and named the same mainstream he is failing in now. Sections B and F are OK now. Is this worth appealing just for the school?"""},
    {"subject": "exclusion letter", "labels": ["exclusion"], "text": """We received a letter this morning telling us our son has been excluded for 2 days on Thursday and Friday. He is 5. He is in reception and has been waiting for an autism assessment for a year. The letter says we can write to the governors. Is there any point?"""},
    {"subject": "Cooling off", "labels": ["exclusion"], "text": """Is a "cooling off day" an exclusion? The school has kept my son at home three times in two weeks saying he needs to cool off after incidents. They don't put anything in writing. He has ADHD."""},
    {"subject": "IRP", "labels": ["exclusion"], "text": """The governors have upheld my son's permanent exclusion. The decision letter is dated 24 February 2026. I'd like to apply for an independent review panel and ask for an SEN expert. What's the deadline? School is an academy."""},
    {"subject": "Isolation room", "labels": ["discrimination"], "text": """Our son (ADHD) has spent 14 days in the isolation room since September for low level behaviour like fidgeting and getting out of his seat. Nobody has done a risk assessment or made any adjustments. We've asked for movement breaks which are in his SEN support plan and were told no. Last one was yesterday. Is this discrimination?"""},
    {"subject": "Prom", "labels": [], "text": """Hello, my daughter is autistic and finds big events hard. She's desperate to go to her Year 11 prom though. Can I ask the school to make arrangements like a quiet room, and do they have to? Nothing has happened yet, just planning ahead. Thanks!"""},
    {"subject": "Complaint to school", "labels": ["delay"], "text": """Last year the SENCo promised that my son would get a daily reading intervention. It's now March and he's had nothing - the teaching assistant who was meant to do it was moved to another class. I emailed the SENCo in January and again in February. No reply. I then spoke to the head who said she'd "look into it", and that was three weeks ago. What's my next step?"""},
    {"subject": "ombudsman", "labels": ["delay"], "text": """The council took 38 weeks to issue my son's EHCP. I complained formally, and their final response in December said they partly upheld my complaint and apologised. But he lost two terms of support and they've offered nothing. I'm not happy with that outcome. Can I complain to the ombudsman and is there a time limit?"""},
    {"subject": "nobody answers", "labels": ["delay"], "text": """i phoned the council 6 times, emailed 4 times about my sons plan, its been 22 weeks since we asked for assessment. nobody answer me. they just say the case worker will call back. nobody call back. please help"""},
    {"subject": "Hours missing", "labels": ["delay"], "text": """The plan says 20 hours of 1:1 a week. The school has told me they can only fund 12 hours because the LA hasn't paid the top-up funding. My son's behaviour has gone downhill since. I haven't said anything formally yet - who is responsible for making sure he gets the hours, school or council?"""},
    {"subject": "Mistake in report", "labels": ["delay"], "text": """The educational psychologist's report that went to panel had a paragraph about a different child in it - different diagnosis, different age. The panel then made their decision to assess based on it (they agreed to assess so that's fine) but I'm worried this mix-up will carry into the plan. Who do I tell?"""},
    {"subject": "urgent", "labels": ["exclusion"], "text": """URGENT please - my son was permanently excluded today from his secondary school. He has an EHCP. What do I need to do in the next few days? I don't want to miss anything."""},
    {"subject": "trip and toilet", "labels": ["discrimination"], "text": """My daughter has Crohn's and needs to use the toilet urgently sometimes. The school took her toilet pass away as a "whole class sanction" and she had an accident in class on 4th March. She was mortified. We had a medical plan agreed in September which the school isn't following."""},
    {"subject": "Exclusion and trip", "labels": ["exclusion", "discrimination"], "text": """My son has Down syndrome. He was suspended for one day for "refusing to follow instructions" and then told he wasn't allowed to go on the class trip the next week as "a consequence". He doesn't always understand instructions - that's part of his disability. His teachers know this."""},
    {"subject": "question", "labels": [], "text": """Hi, what is the difference between an EHCP and an IEP? My son's school keep using both words. Thanks"""},
    {"subject": "Newsletter", "labels": [], "text": """Spring Term Newsletter. Dates for your diary: parents' evening Thursday 12th, INSET day Friday 27th. Reminder: our SENCo drop-in runs every Tuesday. For urgent safeguarding concerns please contact our Designated Safeguarding Lead. Unsubscribe from this newsletter."""},
    {"subject": "Thank you!!", "labels": [], "text": """THANK YOU for yesterday's call. I feel so much calmer. I'll draft the letter to the SENCo tonight and send it to you first if that's ok? x"""},
    {"subject": "LA email", "labels": ["appeal"], "text": """hi, the LA sent an email on the 14th to say they have decided not to do a needs assessment for my son because "there is no evidence that the school has exhausted its resources". he has a diagnosis of autism and severe anxiety and has been out of school since October. what do i do next. thanks, Lee"""},
    {"subject": "school refusing adjustments", "labels": ["discrimination"], "text": """Good afternoon, our son is partially sighted. We asked the school for enlarged print worksheets and a seat at the front. Two months on, he's still getting standard worksheets and has been moved to the back for "behaviour". His mock exams were last week without large print papers. He failed them. We feel this is a failure to make reasonable adjustments."""},
    {"subject": "formal complaint", "labels": ["delay"], "text": """I submitted a formal complaint to the council on 2 February about the speech therapy missing from Noah's plan since September. I got an acknowledgement but nothing since. In the meantime he's still not getting any therapy. Do I just wait?"""},
    {"subject": "help please", "labels": ["delay"], "text": """Hello. We are refugees from Ukraine. My son has autism and EHCP from last year. In new school they do not give him the support from EHCP, he sits alone in corridor. I talked with teacher but nothing changes. I do not know the system here. Please explain me what I can do. Oksana"""},
    {"subject": "Annual review not held", "labels": ["delay"], "text": """My daughter's EHCP was issued in January 2024. There has never been an annual review - not one. School says it's the council's job to arrange it, council says it's the school. I've emailed both. I don't know who to push."""},
    {"subject": "What is an IRP", "labels": [], "text": """Hi, I'm a governor at a primary school and wanted to understand the independent review panel process better so we get it right. Do you have any guides? Thanks, Paul"""},
    {"subject": "EHC needs assessment agreed", "labels": [], "text": """They've agreed to assess! The decision came in at week 5. Can you tell me what I should include in my parental contribution? Thank you again."""},
    {"subject": "assessment", "labels": ["appeal"], "text": """We sent in our request for an EHC needs assessment at the start of December. Yesterday the council replied and said they would not assess because she is "making expected progress". She's in Year 8 and reading at a Year 3 level. Can I challenge that?"""},
    {"subject": "not allowed on trip", "labels": ["discrimination"], "text": """Yesterday the school phoned to say my son with ADHD can't go on the Year 5 trip to the zoo because they don't think he'll "stay with the group". They haven't offered to take an extra adult or anything. All his friends are going. I said I'd go with him and they said no."""},
    {"subject": "suspension for stimming", "labels": ["exclusion", "discrimination"], "text": """My son was suspended for a day for "refusing to stop" flapping and humming in class. Both are stims - he's autistic, it's in his EHCP that these are how he regulates. This is ridiculous. Can they suspend him for his autism??"""},
    {"subject": "is this a delay", "labels": ["delay"], "text": """We asked for an EHCNA 8 weeks ago. We've had nothing - no decision, no acknowledgement. I thought they had 6 weeks. I haven't contacted them yet because I didn't want to hassle them. What should I say?"""},
    {"subject": "School not following plan", "labels": ["delay"], "text": """The support in Sophie's plan isn't happening. She is supposed to have a sensory circuit every morning and a visual timetable. The SENCo left at Easter and no one seems to be in charge. I've raised it with the class teacher but nothing's changed."""},
    {"subject": "Re: Re: Advice", "labels": [], "text": """Thanks for your reply. That makes sense. I'll wait and see what the school say at the meeting on Thursday and come back to you if needed."""},
    {"subject": "SEN support", "labels": [], "text": """My son has just been put on the SEN register. What should SEN support look like and how often should the school meet me? He has dyslexia. We are happy with the school so far."""},
    {"subject": "Legal aid", "labels": [], "text": """Can I get legal aid for a SEND tribunal? We haven't got a decision yet, just planning ahead in case we need to appeal."""},
    {"subject": "EHCNA", "labels": ["appeal"], "text": """So the council have said no. Again. We asked for an EHCNA in January, school backed it, paediatrician backed it. The letter came on 3 March and it says his needs "can be met through the graduated approach". He's been on the graduated approach for four years."""},
    {"subject": "Section I", "labels": ["appeal"], "text": """hi, final plan came tuesday, they put his current mainstream primary into section I for secondary, not the specialist provision we asked for. rest of the plan is good. letter dated 13/02/2026. how long have we got"""},
    {"subject": "Not happy", "labels": ["appeal"], "text": """I'm writing to express our unhappiness with the EHCP finalised on 21 January. The provision in section F is described as "up to" 10 hours - which could mean zero. The speech therapist's recommendations have been summarised into one line. I believe we have grounds to appeal and would like advice on the process."""},
    {"subject": "governors meeting", "labels": ["exclusion"], "text": """My son was permanently excluded 8 school days ago. We've been told the governors will meet next week. Should we go? Can we bring someone? What do we say? He has ADHD and was waiting for an EHCNA."""},
    {"subject": "discrimination claim", "labels": ["discrimination"], "text": """Last term my daughter, who uses a wheelchair, was left in a classroom on her own during a fire drill because "the lift can't be used". This has happened three times, the last time on 14 January. The school says it's the building's fault. I want to make a disability discrimination claim."""},
    {"subject": "delayed EHCP", "labels": ["delay"], "text": """Dear team, we requested an EHC needs assessment for our son in June 2025. The LA agreed to assess in July. It is now February 2026 and we have had no draft plan - that's over 30 weeks. We have written to the case officer, then to the head of SEN, with no substantive reply. What can we do to speed this up? Regards, Mr and Mrs Hughes"""},
    {"subject": "my son", "labels": ["exclusion"], "text": """School keep telling me to come and pick him up at lunchtime because he cannot cope in the afternoons. It is every day now. He is 6. They say I have to or they will exclude him properly. I am scared to say no."""},
]

HANDWRITTEN += [
    {"subject": "Copy of LA letter", "labels": ["appeal"], "text": """Hi, I've copied the main bit of the letter below because I don't understand it.

"Following careful consideration of the information provided, the Local Authority has decided that it is not necessary to carry out an Education, Health and Care needs assessment for Oscar at this time. The Local Authority considers that Oscar's needs can be met from within the resources normally available to mainstream schools."

The letter is dated 17 February. Does this mean we can't get him any help? Oscar is 8 and still can't read or write his name.

Thanks
Marie"""},
    {"subject": "EHCP no", "labels": ["appeal"], "text": """they have said no to the ehcp. after 16 weeks of assessments and reports they say he dont need one. i am so angry. the reports all say he needs 1:1. letter came monday"""},
    {"subject": "Final plan - school 40 minutes away", "labels": ["appeal"], "text": """Good evening,

The final EHCP arrived today with a covering letter dated 5 May 2026. They've named a school we never asked for, 40 minutes away on two buses, and ignored our preference for the local specialist unit which has confirmed it can meet his needs. Section F has also been watered down from the draft - the daily OT has gone.

We intend to appeal. Can you confirm the deadline and whether we need mediation for both parts?

Many thanks,
Graham and Lucy"""},
    {"subject": "stopping the plan", "labels": ["appeal"], "text": """Hiya. Council are saying my son's EHCP will end in July because he's "met his outcomes". He's 15 and has a lot of help in class which is why he's doing OK. They sent the letter last Friday. Can they just stop it like that?? x"""},
    {"subject": "SEN panel decision", "labels": ["appeal"], "text": """Dear advice team, I had a phone call from the case officer yesterday to say panel had turned down the request to assess my daughter. The written decision came by email this morning. She has a diagnosis of dyslexia and dyscalculia and her anxiety is so bad she is hardly attending. I would like to know how to appeal and whether it's worth it. Best regards, Anja"""},
    {"subject": "EHC plan refused", "labels": ["appeal", "delay"], "text": """The council finally replied at week 22 - way past the time limit - and said they won't issue a plan. So we've waited five months for a no. The letter is dated 6 March 2026. I'm going to appeal but can I also complain about how long it took?"""},
    {"subject": "Excluded for the day", "labels": ["exclusion"], "text": """My son was excluded for the day yesterday for refusing to take his hood off. He has sensory issues and the school know. They sent a letter saying it's a one day suspension. Is there anything I can do about it going on his record? Thanks, Leanne"""},
    {"subject": "Not allowed back", "labels": ["exclusion"], "text": """Hello. The school told me on Friday that my daughter can't come back in until they've done a risk assessment and had a meeting with me - they haven't given a date for the meeting. She's been at home 4 days now. Nothing in writing. Is that an exclusion? She's 11 and has an EHCP for autism."""},
    {"subject": "suspended - exams", "labels": ["exclusion"], "text": """my son has been suspended for 5 days starting tomorrow and he is going to miss 2 of his GCSE mocks. he has adhd. can the governors do anything quickly? no work has been sent either"""},
    {"subject": "PX", "labels": ["exclusion"], "text": """Hi, my son was permanently excluded from his academy on 2nd March. We've made written representations and the trust's governors' meeting is on 19th March. I'm worried we won't be listened to. Can I bring someone with me and should I ask for a SEN expert at this stage or later?"""},
    {"subject": "home education pressure", "labels": ["exclusion"], "text": """The deputy head rang and basically said we should think about home educating before they have to "go down the exclusion route". My son is in Year 10 with an ASD diagnosis. I don't want to home educate. Is this allowed? I feel really pressured."""},
    {"subject": "Trip", "labels": ["discrimination"], "text": """Hi,

On 3 February the school told us Mia won't be going on the Year 6 residential because they can't manage her "medical needs" (she has epilepsy and an emergency care plan). Her consultant says she can go as long as staff are trained in her rescue medication. The school hasn't asked anyone for training.

We think this is discrimination. What should we do first?

Thanks,
Rachel"""},
    {"subject": "golden time", "labels": ["discrimination"], "text": """My son (ADHD) loses his golden time almost every Friday for things like calling out and fidgeting. The school's behaviour policy hasn't been adjusted for him at all even though the paediatrician wrote to them. Last Friday he came home crying. Is this fair?"""},
    {"subject": "choir", "labels": ["discrimination"], "text": """The school choir is going to sing at the town hall next month. My daughter has Down syndrome and loves the choir, but the music teacher told her she can't go to the performance because she "might wander off". No one asked me about support. Can they do that?"""},
    {"subject": "SENCo not listening", "labels": ["delay"], "text": """Hi. Every time I raise anything with the SENCo it goes nowhere. My son's SEN support plan says he should have a reading intervention three times a week and a movement break each lesson. Neither is happening. I've asked politely at two meetings. I'm starting to think I need to go higher but don't know how."""},
    {"subject": "CAMHS", "labels": ["delay"], "text": """My daughter was referred to CAMHS 14 months ago for an autism assessment. We've heard nothing since the initial letter. She is self-isolating in her room and not coping at school. I've rung CAMHS twice and just get told she is on the waiting list. Is there any way to speed this up or complain?"""},
    {"subject": "school avoidance", "labels": ["delay"], "text": """My son can't attend school because of his anxiety - he's managed about 10 days since September. The school sends attendance letters but hasn't put any support in place, and the council haven't arranged any alternative education. I haven't complained to anyone yet, I didn't know I could. What are my options?"""},
    {"subject": "no annual review", "labels": ["delay"], "text": """We haven't had an annual review for over 18 months. I've emailed the SENCo who says she's waiting for the council, and the council say it's up to the school to arrange. Meanwhile the plan is way out of date. Who is actually responsible?"""},
    {"subject": "complaint response", "labels": ["delay"], "text": """I complained formally to the school about my son's support not being in place. The head replied with a letter saying they are "satisfied that appropriate provision is in place", which isn't true. I then asked for stage 2 and the governors' panel agreed with the head. What can I do now?"""},
    {"subject": "paperwork lost", "labels": ["delay"], "text": """The council have lost our EHCNA request. I sent it in November with all the reports and when I rang in February they said they had no record of it. Now they want me to start again. This is ridiculous. Who do I complain to?"""},
    {"subject": "Appeal plus trip", "labels": ["appeal", "discrimination"], "text": """Two issues please. The amended plan issued on 2 March has cut my son's 1:1 from full time to mornings only. And at the start of February the school stopped him going on a class trip because they didn't have 1:1 cover, which is their job to arrange. He has autism and learning difficulties."""},
    {"subject": "suspended and no help", "labels": ["exclusion", "delay"], "text": """My daughter has been suspended three times this term and each time nothing is sent home for her to do. The school promised an EHCNA referral in September and still hasn't done it. She's struggling and I'm struggling. What can I do?"""},
    {"subject": "Thanks and update", "labels": [], "text": """Hi Jo, just an update - the school have reinstated Sam after the governors' meeting and he's back in class from Monday with a new support plan. Thank you so much for helping me prepare. Best, Kim"""},
    {"subject": "SATs", "labels": [], "text": """Hello, my son has dyslexia and is sitting his SATs in May. What access arrangements can he get, and who applies for them - me or the school? Thanks for any help."""},
    {"subject": "Interested in training", "labels": [], "text": """Good morning, I'm a teaching assistant and I'd like to learn more about EHCPs and the law. Do you run any training or know of courses? Kind regards, Sandra"""},
    {"subject": "assessment underway", "labels": [], "text": """The LA agreed to assess my son at week 6 and the educational psychologist is coming next week. Is there anything I should tell the EP or prepare beforehand? Thanks"""},
    {"subject": "Before we apply", "labels": [], "text": """We are thinking of applying for an EHCP for our son. Should we ask school to do it or do it ourselves? And what happens if the council says no - is there a right of appeal? Nothing has been sent yet."""},
    {"subject": "Not discrimination", "labels": [], "text": """My daughter has autism and the school have been really good, they've given her a quiet space and a time-out card. She missed the trip last week because she was poorly. Could you recommend any holiday clubs that are autism friendly?"""},
    {"subject": "Re: follow up", "labels": [], "text": """Thanks Sarah. We went to mediation yesterday and the council agreed to add the speech therapy back into section F, so we won't need to appeal after all. Really grateful for your help. Tom"""},
    {"subject": "automatic", "labels": [], "text": """Thank you for contacting Riverside High School. Your email has been received. The office is closed for the Easter holidays and will reopen on Monday 13 April. If a child is in immediate danger, call 999. For safeguarding concerns contact the Designated Safeguarding Lead."""},
    {"subject": "help with tribunal bundle", "labels": ["appeal"], "text": """We registered our appeal against the refusal to issue a plan last month and have a hearing date in June. The LA's response has come in and it's full of things that aren't true. Can someone help us go through the bundle and prepare our case?"""},
    {"subject": "refused reassessment", "labels": ["appeal"], "text": """We asked the council to reassess our son as his needs have changed completely since his brain injury. They've written back (letter dated 12 January 2026) refusing, saying it's only been 8 months since the last assessment. Is that a valid reason?"""},
    {"subject": "isolation every day", "labels": ["exclusion", "discrimination"], "text": """My son has spent most of the last three weeks in the isolation room, and yesterday they suspended him for two days for leaving it. He is autistic and the room is tiny with no windows. He can't cope in there. I feel the school are punishing him for his autism and excluding him without calling it that."""},
    {"subject": "Complaint about the council", "labels": ["delay"], "text": """I want to make a complaint about the council. Our EHC needs assessment has gone way over 20 weeks - we're at week 29 - and I still have no draft plan. I've spoken to the caseworker twice, and emailed her manager, and nothing. How do I complain formally and what should I say?"""},
]
