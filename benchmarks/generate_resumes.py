"""Deterministic generator of realistic resume texts for the scoring benchmark.

Usage::

    python benchmarks/generate_resumes.py --n 5000 --seed 0 --out resumes.jsonl
    python benchmarks/generate_resumes.py --n 3 --show        # print a few

From Python::

    from generate_resumes import generate, generate_one
    texts = list(generate(5000, seed=0))

Each text is a plain-text resume of 500-900 words with the structure real
resumes have: a header (name, headline, contact line), a summary, 2-5 roles
with date ranges and bullets, skills, education and sometimes certifications,
projects or volunteering. Headings, bullet glyphs and date formats vary.

Resumes come from eight archetypes (sales, marketing, sales-marketing
collaboration roles, and unrelated professions). The share of collaboration
evidence is deliberately modest, as in a real applicant pool: about a quarter
of resumes carry explicit sales-marketing collaboration bullets, some more
mention the other function only in passing, and most carry none.

Everything is built from the hand-written pools below and a seeded
``random.Random``: the same ``(n, seed)`` always yields the same texts. These
texts are benchmark inputs, not training data; they are never used to fit a
model.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from typing import Iterator

__all__ = ["generate", "generate_one", "ARCHETYPES", "word_count"]

# ------------------------------------------------------------------ people

FIRST = (
    "Aisha Alejandro Amara Andrea Arjun Beatriz Benjamin Bianca Caleb Camila Chen Chloe Dario Deepa "
    "Diego Eleanor Elif Emeka Erin Fatima Felix Gabriel Grace Hannah Hiroshi Ibrahim Ines Isaac Jada "
    "Jamal Javier Jenna Joaquin Jordan Kai Karina Keisha Kenji Laila Lars Leah Liam Lucia Malik Maria "
    "Marcus Mei Mohammed Nadia Naomi Nikhil Noah Olga Omar Oscar Priya Rafael Rachel Ravi Rosa Samir "
    "Sana Sebastian Sofia Tariq Tessa Thomas Uma Valentina Victor Wei Yara Yusuf Zoe"
).split()
LAST = (
    "Abernathy Achebe Alvarez Andersson Bauer Bhatt Brennan Castillo Chang Chowdhury Costa Dalton Da Silva "
    "Delgado Dubois Eriksen Farouk Fischer Flores Gallagher Garcia Goldberg Gupta Haddad Hansen Hughes Ibarra "
    "Ito Jovanovic Kapoor Kim Kowalski Larsen Lindqvist Lopez Mahmoud Martins Mbeki Moreau Murphy Nakamura "
    "Novak Okafor Olsen Park Patel Petrov Quinn Ramirez Reyes Rossi Sandoval Schmidt Shah Silva Sokolov "
    "Sullivan Tanaka Thompson Torres Van Dijk Vasquez Wagner Walsh Watanabe Weber Yamamoto Zhang Zielinski"
).split()
CITIES = (
    "Austin, TX|Denver, CO|Chicago, IL|Atlanta, GA|Seattle, WA|Boston, MA|Columbus, OH|Raleigh, NC|"
    "Phoenix, AZ|Minneapolis, MN|Portland, OR|Nashville, TN|San Diego, CA|Pittsburgh, PA|Toronto, ON|"
    "Manchester, UK|Dublin, Ireland|Salt Lake City, UT|Kansas City, MO|Tampa, FL|Madison, WI|Remote"
).split("|")
COMPANY_A = (
    "Brightwell Northwind Harbor Bluepeak Cedar Ironclad Lumen Meridian Oakridge Pinnacle Quarry Redstone "
    "Silverline Summit Tidewater Trellis Vantage Westbrook Keystone Granite Evergreen Copperleaf Falcon "
    "Juniper Kestrel Larkspur Mosaic Nimbus Orchard Prairie"
).split()
COMPANY_B = (
    "Analytics|Software|Health|Logistics|Systems|Foods|Industrial|Labs|Partners|Medical|Networks|Outdoor|"
    "Insurance|Financial|Manufacturing|Retail Group|Hospitality|Learning|Energy|Biosciences|Security|Media"
).split("|")
SCHOOLS = (
    "State University|Valley College|Institute of Technology|University|Community College|School of Business|"
    "Polytechnic|Technical College"
).split("|")
PLACES = "Lakeside Northfield Riverside Eastbrook Hillcrest Westmoor Fairview Brookhaven Pinecrest Ashford".split()

# ------------------------------------------------------------------ fillers

TOOLS_SALES = "Salesforce|HubSpot|Outreach|Salesloft|Gong|ZoomInfo|LinkedIn Sales Navigator|Clari|DocuSign|Apollo".split("|")
TOOLS_MKT = "Marketo|HubSpot|Google Analytics|Pardot|Hootsuite|Canva|Figma|Semrush|Ahrefs|WordPress|Mailchimp|Sprout Social".split("|")
TOOLS_OPS = "Salesforce|Tableau|Looker|Power BI|dbt|Snowflake|LeanData|Zapier|SQL|Excel".split("|")
SEGMENTS = "mid-market|enterprise|SMB|public sector|healthcare|manufacturing|higher-education|financial services|retail|EMEA|APAC|North America".split("|")
PRODUCTS = "analytics platform|payments API|field-service app|HR suite|security product|data integration tool|loyalty program|subscription plan|medical device line|CPQ module".split("|")
TEAMS = "finance|product|legal|customer success|support|engineering|operations|the executive team|procurement|IT".split("|")
CHANNELS = "paid search|paid social|email|organic search|events|webinars|partner referrals|direct mail|podcasts|review sites".split("|")


def _pct(rng: random.Random) -> str:
    return f"{rng.randint(8, 140)}%"


def _money(rng: random.Random) -> str:
    v = rng.choice([rng.randint(150, 950) * 1000, rng.randint(12, 480) * 100_000])
    return f"${v / 1e6:.1f}M" if v >= 1_000_000 else f"${v // 1000}K"


def _num(rng: random.Random) -> str:
    return str(rng.choice([rng.randint(3, 30), rng.randint(40, 400), rng.randint(500, 5000)]))


def _fill(t: str, rng: random.Random) -> str:
    """Fill ``{pct}``, ``{money}``, ``{n}``, ``{seg}``, ``{prod}``, ``{chan}``, ``{tool_s}``... slots."""
    while "{" in t:
        i = t.index("{")
        j = t.index("}", i)
        key = t[i + 1 : j]
        val = {
            "pct": lambda: _pct(rng),
            "money": lambda: _money(rng),
            "n": lambda: _num(rng),
            "seg": lambda: rng.choice(SEGMENTS),
            "prod": lambda: rng.choice(PRODUCTS),
            "chan": lambda: rng.choice(CHANNELS),
            "tool_s": lambda: rng.choice(TOOLS_SALES),
            "tool_m": lambda: rng.choice(TOOLS_MKT),
            "tool_o": lambda: rng.choice(TOOLS_OPS),
            "q": lambda: rng.choice(["Q1", "Q2", "Q3", "Q4", "FY2022", "FY2023", "2021", "2019"]),
            "yrs": lambda: str(rng.randint(3, 16)),
            "grade": lambda: str(rng.randint(3, 12)),
            "team": lambda: rng.choice(TEAMS),
        }[key]()
        t = t[:i] + val + t[j + 1 :]
    return t


# ------------------------------------------------------------------ bullets
# Each pool is hand-written; slots in braces are filled per resume.

SALES = [
    "Closed {money} in new annual recurring revenue in {q}, finishing at {pct} of quota",
    "Managed a book of {n} {seg} accounts and grew net revenue retention to {pct}",
    "Prospected into {seg} accounts with cold calls, email and {tool_s} sequences, booking {n} meetings a quarter",
    "Ran discovery, demos and pricing negotiations for the {prod}, shortening the sales cycle by {pct}",
    "Built territory plans and account maps for the top {n} targets; reviewed them monthly with the regional director",
    "Kept a clean pipeline in {tool_s}, with next steps and close dates updated after every call",
    "Negotiated multi-year renewals and upsells worth {money} with procurement and legal teams",
    "Coached {n} new account executives on discovery calls, objection handling and forecasting",
    "Ranked in the top {n} of the national sales team for three consecutive quarters",
    "Delivered product demonstrations on site and over video to buying committees of up to {n} people",
    "Forecast weekly commit and best-case numbers to within {pct} of actuals",
    "Opened {n} new distributor relationships across the region and trained their sales staff",
    "Handled inbound calls and walk-in customers, averaging {n} transactions per shift",
    "Exceeded monthly sales targets by {pct} through add-on sales and service plans",
    "Worked closely with solutions engineers to scope proofs of concept for {seg} prospects",
    "Partnered with customer success to plan renewals and reduce churn in {seg} accounts",
    "Wrote proposals and responded to RFPs for the {prod}, winning {n} competitive evaluations",
    "Led quarterly business reviews with executive sponsors at key accounts",
    "Recovered {n} lapsed accounts through targeted outreach and revised pricing",
    "Maintained a {pct} call-to-meeting conversion rate on outbound prospecting",
    "Hired and onboarded a team of {n} sales development representatives",
    "Built a referral program with existing clients that produced {money} in pipeline",
    "Sold into hospital purchasing groups and clinic managers across three states",
    "Attended weekly pipeline reviews and kept forecast accuracy above {pct}",
]

MARKETING = [
    "Planned and wrote {n} blog posts and guides a year; organic traffic grew {pct} year over year",
    "Managed a {money} paid media budget across {chan} and {chan}, cutting cost per acquisition by {pct}",
    "Ran the brand refresh: new logo, style guide and website templates, delivered on time and under budget",
    "Built email nurture programs in {tool_m} with {n} automated journeys and A/B tested subject lines",
    "Grew social media followers by {pct} with a weekly content calendar and short-form video",
    "Owned SEO for the company site: keyword research, technical audits and internal linking in {tool_m}",
    "Produced the annual customer conference for {n} attendees, from venue to speaker program",
    "Wrote product launch messaging and positioning for the {prod}",
    "Ran customer interviews and win/loss research to define three buyer personas",
    "Managed agencies for creative production, media buying and public relations",
    "Reported weekly on traffic, conversion and campaign performance in {tool_m} and Google Analytics",
    "Launched a podcast that reached {n} downloads in its first season",
    "Coordinated print and digital advertising for seasonal promotions across {n} store locations",
    "Designed landing pages and ran conversion tests that raised form completion by {pct}",
    "Edited the monthly newsletter sent to {n} subscribers, with a {pct} open rate",
    "Managed influencer partnerships and user-generated content campaigns for the {prod}",
    "Built the marketing calendar and budget, tracking spend against plan each month",
    "Localized campaigns for {seg} markets with regional agencies and translators",
    "Set up marketing attribution reporting across {chan}, {chan} and {chan}",
    "Ran paid social campaigns with a {money} quarterly budget and weekly creative rotation",
    "Wrote case studies and customer stories with {n} reference clients",
    "Managed the website migration to a new CMS with no loss in organic rankings",
    "Led market research on pricing and packaging for the {prod}",
    "Organized community events and sponsorships that reached {n} local families",
]

# explicit sales-marketing collaboration evidence
COLLAB = [
    "Co-owned the MQL-to-SQL hand-off with the sales development manager, with a written SLA and weekly lead quality reviews",
    "Met weekly with the sales team to review lead quality; their feedback re-weighted the lead scoring model and lifted SQL acceptance by {pct}",
    "Built battlecards and competitive one-pagers for the sales team with product marketing, used in {n} deals",
    "Ran joint account-based marketing campaigns with account executives for {n} named {seg} accounts",
    "Planned trade-show follow-up with the sales reps: booth leads were routed and called within 24 hours",
    "Aligned marketing and sales on shared pipeline targets and a single funnel dashboard in {tool_o}",
    "Fixed lead routing in {tool_o} with marketing operations so that inbound leads reached the right rep within minutes",
    "Trained sales reps on new campaign messaging and gave them email templates that matched each campaign",
    "Worked with demand generation to design webinar programs; SDRs followed up every attendee within two days",
    "Set up closed-loop reporting so marketing could see which campaigns produced opportunities and revenue",
    "Sat in on sales calls every month and turned customer objections into new content for the website and ads",
    "Partnered with regional sales directors to build quarterly campaign plans for their territories",
    "Created the sales enablement library: pitch decks, case studies and talk tracks, updated with marketing each quarter",
    "Ran a joint sales and marketing kickoff each year to agree on targets, segments and messaging",
    "Defined the lead lifecycle stages and handoff rules with sales leadership and marketing operations",
    "Gave the field sales team co-branded event kits and invitation lists for their local customer dinners",
    "Worked with the SDR team on outbound sequences that followed up on marketing's content downloads",
    "Held a monthly revenue meeting with sales, marketing and customer success to review funnel conversion",
    "Built the attribution model with the sales operations analyst; pipeline sourced by marketing rose {pct}",
    "Collected win/loss notes from account executives and fed them into product marketing positioning",
    "Organized a voice-of-the-field session every month where reps shared what prospects were asking",
    "Supported the sales team at trade shows and partnered with marketing on booth demos and lead capture",
]

# mentions the other function without real collaboration (hard negatives)
PASSING = [
    "Reported to the VP of Sales and Marketing",
    "Department of sales and marketing, regional office",
    "Completed a short course in digital marketing",
    "Member of the sales and marketing club at university",
    "Interested in marketing and looking to work with sales teams in a future role",
    "No direct exposure to marketing campaigns in this role",
    "Supported the sales floor during seasonal peaks",
    "Company also had a marketing team based in another office",
]

NURSE = [
    "Provided direct care for up to {n} patients per shift on a medical-surgical unit",
    "Administered medications and IV therapy and documented care in Epic",
    "Educated patients and families on discharge plans, wound care and medication schedules",
    "Precepted {n} new graduate nurses during their orientation",
    "Served on the unit practice council and updated the fall prevention protocol",
    "Coordinated with physicians, pharmacists and physical therapists on care plans",
    "Monitored telemetry and responded to rapid response calls",
    "Reduced catheter-associated infections on the unit by {pct} through a bundle audit",
    "Triaged walk-in patients and managed the urgent care waiting room",
    "Maintained BLS and ACLS certification and completed annual competencies",
    "Charge nurse on night shift for a {n}-bed unit",
    "Led huddles on staffing and patient flow with the nurse manager",
]

ENGINEER = [
    "Built REST and GraphQL services in Python and Go handling {n} requests per second",
    "Migrated the monolith to containers on Kubernetes, cutting deploy time by {pct}",
    "Wrote integration tests and raised coverage from {pct} to {pct}",
    "Designed the data model and event pipeline for the {prod}",
    "Reduced page load time by {pct} with caching and query optimisation",
    "Mentored {n} junior engineers and ran weekly code reviews",
    "Worked with product and design on the roadmap for the mobile app",
    "On call for production services; wrote runbooks and postmortems",
    "Built the CI pipeline with GitHub Actions and automated release notes",
    "Partnered with the security team on threat modelling and dependency upgrades",
    "Implemented search with Elasticsearch across {n} million records",
    "Refactored billing code to support usage-based pricing",
]

FINANCE = [
    "Prepared monthly close, journal entries and account reconciliations for {n} entities",
    "Built the annual budget and rolling forecast models in Excel and Adaptive",
    "Reduced month-end close from ten to six business days",
    "Managed accounts payable and receivable for a {money} portfolio",
    "Supported external audits and prepared SOX control documentation",
    "Analyzed variances to budget and presented findings to department heads",
    "Automated expense reporting with Power BI dashboards",
    "Led the implementation of a new ERP general ledger module",
    "Reviewed contracts for revenue recognition under ASC 606",
    "Prepared quarterly tax filings and coordinated with outside accountants",
    "Built cash flow forecasts that supported a {money} credit facility",
    "Trained {n} staff on new procurement and approval workflows",
]

OPS = [
    "Managed a warehouse team of {n} across two shifts with {pct} on-time shipping",
    "Redesigned the pick-and-pack layout, raising throughput by {pct}",
    "Negotiated freight contracts with carriers, saving {money} a year",
    "Implemented cycle counting and cut inventory write-offs by {pct}",
    "Scheduled production lines and coordinated maintenance windows",
    "Led safety training and achieved {n} days without a recordable incident",
    "Managed vendor relationships and purchase orders for raw materials",
    "Introduced lean daily standups and visual boards on the shop floor",
    "Tracked KPIs for fill rate, lead time and cost per unit",
    "Coordinated with quality assurance on supplier audits and corrective actions",
    "Rolled out barcode scanning across {n} distribution centers",
    "Hired and trained seasonal staff for peak periods",
]

TEACHER = [
    "Taught grade {grade} math and science to classes of up to thirty students",
    "Planned lessons aligned with state standards and differentiated for learners with IEPs",
    "Raised the share of students meeting benchmark by {pct} in one year",
    "Coached the robotics club to the regional finals",
    "Held parent-teacher conferences and sent weekly progress updates",
    "Mentored student teachers from the local university",
    "Led the grade-level team in designing common assessments",
    "Introduced project-based learning units on local ecology",
    "Organized the school science fair with {n} projects",
    "Used Google Classroom and formative assessment data to plan small-group instruction",
]

HR = [
    "Recruited for {n} open roles a year across engineering, operations and support",
    "Ran onboarding for new hires and cut time to productivity by {pct}",
    "Managed benefits enrollment and the annual compensation review",
    "Investigated employee relations cases and advised managers on policy",
    "Built the performance review process and trained managers to run it",
    "Implemented an HRIS and migrated {n} employee records",
    "Led diversity hiring initiatives with university partners",
    "Tracked turnover and engagement survey results and reported to leadership",
    "Coordinated payroll with finance for {n} employees in four states",
    "Wrote the employee handbook and remote work policy",
]

# clauses that lengthen a bullet, per kind of work (real bullets run 15-30 words)
SUFFIX_SALES = [
    ", focusing on {seg} buyers with a clear business case",
    " while keeping forecast accuracy above {pct}",
    " in a territory of {n} accounts across three states",
    ", working with {team} on pricing and contract terms",
    " and documented every step in {tool_s} for the next rep",
    ", which became the standard process for the regional team",
    " during a year when the overall market shrank",
    " and presented the results at the quarterly business review",
]
SUFFIX_MKT = [
    ", tracking results in {tool_m} and reporting them monthly",
    " on a budget of {money} shared across {chan} and {chan}",
    ", working with {team} on timelines and approvals",
    " and turned the findings into a playbook for the wider team",
    " while managing two freelance writers and a designer",
    ", which lifted engagement by {pct} over the previous year",
    " for audiences in {seg} and adjacent segments",
    " and presented the results to the leadership team each quarter",
]
SUFFIX_OTHER = [
    ", working with {team} on scope and timelines",
    ", documenting the process so others could repeat it",
    " while keeping quality and safety standards high",
    " and presented the results to leadership",
    ", which cut rework by {pct}",
    " across {n} sites and teams",
    " during a period of rapid growth",
]

ROLE_CONTEXT = [
    "{company} sells the {prod} to {seg} customers; {n} employees.",
    "Joined a team of {n} during a period of growth at {company}.",
    "Reported to the regional director; {company} serves {seg} clients.",
    "Promoted into this role after eighteen months at {company}.",
    "{company} serves {seg} customers and books {money} a year.",
    "Part of a {n}-person department covering {seg} accounts.",
]
ROLE_CONTEXT_OTHER = [
    "{company}: {n} employees across several sites.",
    "Joined {company} during a period of growth; team of {n}.",
    "Reported to the department head at {company}.",
    "Promoted into this role after two years at {company}.",
]

ARCHETYPES: dict[str, dict] = {
    # titles, bullet pools, suffix pool, probability of any collaboration bullet, tools, skills, summary sentences
    "sales": {
        "titles": ["Account Executive", "Senior Account Executive", "Sales Development Representative", "Regional Sales Manager",
                   "Account Manager", "Inside Sales Representative", "Territory Sales Representative", "Retail Sales Associate"],
        "pools": [SALES], "suffix": SUFFIX_SALES, "p_collab": 0.3, "tools": TOOLS_SALES, "context": ROLE_CONTEXT,
        "skills": ["Prospecting", "Negotiation", "Forecasting", "Discovery", "Account planning", "Closing", "CRM hygiene", "Territory planning"],
        "summary": ["Quota-carrying seller with {yrs} years in {seg} sales.", "I build pipeline, run tight discovery and close.",
                    "Consistent top performer who keeps a clean forecast and a full calendar.", "Comfortable with long cycles and large buying committees.",
                    "Known for honest forecasts and for customers who renew.", "Looking for a team that sells a product customers actually need."],
    },
    "marketing": {
        "titles": ["Marketing Manager", "Content Marketing Manager", "Digital Marketing Specialist", "Brand Manager",
                   "SEO Specialist", "Social Media Manager", "Growth Marketer", "Marketing Coordinator"],
        "pools": [MARKETING], "suffix": SUFFIX_MKT, "p_collab": 0.3, "tools": TOOLS_MKT, "context": ROLE_CONTEXT,
        "skills": ["Content strategy", "SEO", "Paid media", "Email marketing", "Copywriting", "Brand", "Analytics", "Project management"],
        "summary": ["Marketer with {yrs} years across content, brand and digital channels.", "I turn research into campaigns that people remember.",
                    "Data-literate and creative; I ship campaigns on schedule.", "Experienced with agencies, budgets and launch plans.",
                    "Equally at home in a spreadsheet and a creative brief.", "I measure what I ship and stop what does not work."],
    },
    "collab": {
        "titles": ["Revenue Operations Manager", "Marketing Operations Manager", "Field Marketing Manager", "Sales Enablement Manager",
                   "Product Marketing Manager", "Demand Generation Manager", "Sales Development Manager", "Partner Marketing Manager"],
        "pools": [MARKETING, SALES], "suffix": SUFFIX_MKT + SUFFIX_SALES, "p_collab": 1.0, "tools": TOOLS_OPS + TOOLS_MKT,
        "context": ROLE_CONTEXT,
        "skills": ["Lead management", "Funnel analytics", "Enablement", "ABM", "Campaign planning", "Lifecycle design", "Reporting", "Messaging"],
        "summary": ["Go-to-market operator with {yrs} years between sales and marketing.", "I make the funnel measurable and the hand-offs reliable.",
                    "Experienced in building programs that marketing and sales run together.", "Comfortable with data, process and people.",
                    "I like shared targets, shared dashboards and short feedback loops."],
    },
    "nurse": {
        "titles": ["Registered Nurse", "Charge Nurse", "Clinical Nurse", "Staff Nurse"], "pools": [NURSE], "suffix": SUFFIX_OTHER,
        "p_collab": 0.0, "tools": ["Epic", "Cerner", "Pyxis", "Microsoft Office"], "context": ROLE_CONTEXT_OTHER,
        "skills": ["Patient assessment", "Medication administration", "Care planning", "Telemetry", "Patient education", "Triage"],
        "summary": ["Registered nurse with {yrs} years of acute care experience.", "Calm under pressure and precise in documentation.",
                    "Patient advocate who communicates clearly with families and the care team."],
    },
    "engineer": {
        "titles": ["Software Engineer", "Senior Software Engineer", "Backend Engineer", "Full-Stack Developer"], "pools": [ENGINEER],
        "suffix": SUFFIX_OTHER, "p_collab": 0.0, "context": ROLE_CONTEXT_OTHER,
        "tools": ["Python", "Go", "TypeScript", "PostgreSQL", "Kubernetes", "AWS", "Terraform", "React"],
        "skills": ["System design", "APIs", "Testing", "Observability", "Databases", "Cloud infrastructure"],
        "summary": ["Engineer with {yrs} years building web services and data pipelines.", "I like small, well-tested changes.",
                    "Happy on call, happier when the pager stays quiet."],
    },
    "finance": {
        "titles": ["Staff Accountant", "Financial Analyst", "Senior Accountant", "FP&A Manager"], "pools": [FINANCE], "suffix": SUFFIX_OTHER,
        "p_collab": 0.0, "tools": ["Excel", "NetSuite", "SAP", "Adaptive Insights", "Power BI", "QuickBooks"], "context": ROLE_CONTEXT_OTHER,
        "skills": ["Month-end close", "Forecasting", "Reconciliation", "Audit", "GAAP", "Variance analysis"],
        "summary": ["Finance professional with {yrs} years in accounting and planning.", "Accurate, deadline-driven, and clear in reporting.",
                    "I build models that the business can read."],
    },
    "ops": {
        "titles": ["Operations Manager", "Warehouse Supervisor", "Supply Chain Analyst", "Production Planner"], "pools": [OPS],
        "suffix": SUFFIX_OTHER, "p_collab": 0.0, "tools": ["SAP", "Oracle", "Excel", "WMS", "Tableau"], "context": ROLE_CONTEXT_OTHER,
        "skills": ["Lean", "Inventory control", "Scheduling", "Vendor management", "Safety", "Logistics"],
        "summary": ["Operations leader with {yrs} years in distribution and manufacturing.", "I run safe, efficient floors.",
                    "Comfortable with numbers, people and the occasional forklift."],
    },
    "teacher": {
        "titles": ["Teacher", "Science Teacher", "Math Teacher", "Lead Teacher"], "pools": [TEACHER], "suffix": SUFFIX_OTHER,
        "p_collab": 0.0, "tools": ["Google Workspace", "Google Classroom", "Canvas", "Excel"], "context": ROLE_CONTEXT_OTHER,
        "skills": ["Lesson planning", "Differentiation", "Classroom management", "Assessment", "Parent communication"],
        "summary": ["Teacher with {yrs} years in public middle and high schools.", "Organized, patient, and student-focused.",
                    "I use data from formative assessments to plan instruction."],
    },
    "hr": {
        "titles": ["HR Generalist", "Recruiter", "People Operations Manager", "HR Business Partner"], "pools": [HR], "suffix": SUFFIX_OTHER,
        "p_collab": 0.0, "tools": ["Workday", "BambooHR", "Greenhouse", "Excel"], "context": ROLE_CONTEXT_OTHER,
        "skills": ["Recruiting", "Employee relations", "Benefits", "Compensation", "Onboarding", "HR policy"],
        "summary": ["People professional with {yrs} years in HR generalist and recruiting roles.", "Fair, discreet and practical.",
                    "I build processes managers actually use."],
    },
}
# the share of each archetype in an applicant pool for go-to-market roles
WEIGHTS = {"sales": 0.24, "marketing": 0.24, "collab": 0.14, "nurse": 0.07, "engineer": 0.09, "finance": 0.08, "ops": 0.07,
           "teacher": 0.035, "hr": 0.035}

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
MONTHS_LONG = "January February March April May June July August September October November December".split()
HEADINGS = {
    "summary": ["SUMMARY", "Summary", "Professional Summary", "PROFILE", "About Me"],
    "experience": ["EXPERIENCE", "Experience", "Professional Experience", "WORK HISTORY", "Employment History"],
    "skills": ["SKILLS", "Skills", "Core Skills", "Technical Skills", "Skills & Tools"],
    "education": ["EDUCATION", "Education"],
    "certifications": ["CERTIFICATIONS", "Certifications", "Licenses & Certifications"],
    "projects": ["PROJECTS", "Selected Projects"],
    "volunteer": ["VOLUNTEER", "Volunteer Experience"],
}
BULLETS = ["• ", "- ", "* ", "● ", "▪ ", ""]


def word_count(text: str) -> int:
    return len(text.split())


def _date_range(rng: random.Random, start: int, end: int | None, style: int) -> str:
    m1, m2 = rng.randrange(12), rng.randrange(12)
    if style == 0:
        a, b = f"{MONTHS[m1]} {start}", ("Present" if end is None else f"{MONTHS[m2]} {end}")
        return f"{a} – {b}"
    if style == 1:
        return f"{start} - {'Present' if end is None else end}"
    if style == 2:
        a, b = f"{m1 + 1:02d}/{start}", ("Current" if end is None else f"{m2 + 1:02d}/{end}")
        return f"{a} to {b}"
    return f"{MONTHS_LONG[m1]} {start} — {'Present' if end is None else MONTHS_LONG[m2] + ' ' + str(end)}"


def generate_one(rng: random.Random, archetype: str | None = None) -> tuple[str, dict]:
    """One resume text and facts about it (archetype, number of collaboration bullets, words)."""
    if archetype is None:
        archetype = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    a = ARCHETYPES[archetype]
    has_collab = rng.random() < a["p_collab"]
    collab_share = rng.uniform(0.2, 0.4) if archetype == "collab" else rng.uniform(0.08, 0.2)
    target = rng.randint(520, 880)
    bullet = rng.choice(BULLETS)
    style = rng.randrange(4)
    upper = rng.random() < 0.5
    colon = rng.random() < 0.15

    def heading(kind: str) -> str:
        h = rng.choice(HEADINGS[kind])
        h = h.upper() if upper else h
        return h + (":" if colon else "")

    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    title = rng.choice(a["titles"])
    handle = name.lower().replace(" ", ".")
    header = [
        name,
        title,
        f"{rng.choice(CITIES)} · ({rng.randint(201, 989)}) 555-{rng.randint(1000, 9999)} · {handle}@example.com · linkedin.com/in/{handle.replace('.', '')}",
        "",
    ]
    n_sum = min(len(a["summary"]), rng.randint(2, 4))
    summary = [heading("summary"), " ".join(_fill(x, rng) for x in [a["summary"][0]] + rng.sample(a["summary"][1:], n_sum - 1)), ""]

    # roles, newest first
    n_roles = rng.randint(3, 5)
    year = rng.randint(2021, 2024)
    roles = []
    for r in range(n_roles):
        start = year - rng.randint(1, 4)
        company = f"{rng.choice(COMPANY_A)} {rng.choice(COMPANY_B)}"
        role_title = title if r == 0 else rng.choice(a["titles"])
        lines = [f"{role_title} — {company}", f"{rng.choice(CITIES)} · {_date_range(rng, start, None if r == 0 else year, style)}"]
        if rng.random() < 0.6:
            lines.append(_fill(rng.choice(a["context"]).replace("{company}", company), rng))
        roles.append({"lines": lines, "bullets": []})
        year = start

    skills = [heading("skills")]
    skill_words = rng.sample(a["skills"], min(len(a["skills"]), rng.randint(4, 6)))
    skills.append(f"{bullet}{'Core' if rng.random() < 0.5 else 'Strengths'}: {', '.join(skill_words)}")
    skills.append(f"{bullet}Tools: {', '.join(rng.sample(a['tools'], min(len(a['tools']), rng.randint(3, 6))))}")
    if archetype in ("sales", "marketing", "collab") and rng.random() < 0.3:
        skills.append(f"{bullet}Also: sales and marketing alignment, CRM, campaign reporting, lead generation")  # keyword stuffing
    skills.append("")
    school = f"{rng.choice(PLACES)} {rng.choice(SCHOOLS)}"
    degree = rng.choice(["B.A., Communications", "B.S., Business Administration", "B.S., Marketing", "B.A., Economics",
                         "B.S., Nursing", "B.S., Computer Science", "M.B.A.", "B.A., English", "B.S., Accounting"])
    education = [heading("education"), f"{degree} — {school}, {year - rng.randint(0, 3)}", ""]
    extra: list[str] = []
    if rng.random() < 0.5:
        cert = rng.choice(["Google Analytics Certification", "HubSpot Inbound Certification", "Salesforce Administrator", "PMP",
                           "Lean Six Sigma Green Belt", "BLS / ACLS", "CPA", "SHRM-CP", "State Teaching License"])
        extra += [heading("certifications"), f"{bullet}{cert} ({rng.randint(2015, 2024)})", ""]
    if rng.random() < 0.25:
        extra += [heading("volunteer"), f"{bullet}Volunteer coordinator, {rng.choice(PLACES)} Food Bank: scheduled {rng.randint(20, 90)} volunteers a month", ""]

    fixed = header + summary + [heading("experience")] + [ln for r in roles for ln in r["lines"]] + skills + education + extra
    words = sum(word_count(ln) for ln in fixed)

    pools = [rng.sample(p, len(p)) for p in a["pools"]]
    collab = rng.sample(COLLAB, len(COLLAB))
    passing = rng.sample(PASSING, len(PASSING))
    n_collab = n_passing = 0
    i = 0
    while words < target:
        if has_collab and collab and rng.random() < collab_share:
            b = _fill(collab.pop(), rng)
            n_collab += 1
        elif passing and rng.random() < 0.04:
            b = passing.pop()
            n_passing += 1
        else:
            k = i % len(pools)
            i += 1
            if not pools[k]:  # a long resume repeats a kind of bullet, with other figures and clauses
                pools[k] = rng.sample(a["pools"][k], len(a["pools"][k]))
            b = _fill(pools[k].pop(), rng)
            if rng.random() < 0.55:
                b += _fill(rng.choice(a["suffix"]), rng)
        if rng.random() < 0.7:
            b += "."
        w = word_count(bullet + b)
        if words + w > 900:
            break
        # recent roles get more bullets
        role = roles[min(int(rng.random() ** 1.5 * n_roles), n_roles - 1)]
        role["bullets"].append(b)
        words += w

    lines = header + summary + [heading("experience")]
    for role in roles:
        lines.extend(role["lines"])
        lines.extend(bullet + b for b in role["bullets"])
        lines.append("")
    text = "\n".join(lines + skills + education + extra).strip() + "\n"
    return text, {"archetype": archetype, "collab_bullets": n_collab, "passing_mentions": n_passing, "words": word_count(text)}


def generate(n: int, seed: int = 0, *, with_facts: bool = False) -> Iterator:
    """Yield ``n`` resume texts (or ``(text, facts)`` pairs), deterministically from ``seed``."""
    for k in range(n):
        rng = random.Random(f"collabscreen-bench-{seed}-{k}")
        text, facts = generate_one(rng)
        yield (text, facts) if with_facts else text


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", help="write JSON lines {id, text, archetype, collab_bullets, words}")
    ap.add_argument("--show", action="store_true", help="print the texts")
    args = ap.parse_args(argv)
    out = open(args.out, "w", encoding="utf-8") if args.out else None
    stats: dict[str, int] = {}
    words = []
    with_collab = 0
    for k, (text, facts) in enumerate(generate(args.n, args.seed, with_facts=True)):
        stats[facts["archetype"]] = stats.get(facts["archetype"], 0) + 1
        words.append(facts["words"])
        with_collab += facts["collab_bullets"] > 0
        if out:
            out.write(json.dumps({"id": f"bench-{args.seed}-{k}", "text": text, **facts}) + "\n")
        if args.show:
            print(text)
            print("-" * 60)
    if out:
        out.close()
    print(
        f"{args.n} resumes, words {min(words)}-{max(words)} (mean {sum(words) / len(words):.0f}), "
        f"{with_collab / args.n:.0%} with collaboration bullets, archetypes {stats}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
