"""Regenerate the bundled sample resumes in ``data/samples/``.

Run ``python data/make_samples.py`` from anywhere. Every file in
``data/samples/`` (the resumes, ``labels.json``, ``README.md``) and in
``data/samples/bad/`` (deliberately broken inputs and their README) is written
from the texts and code in this one script. Output is deterministic: PDFs use
ReportLab's invariant mode (fixed dates and document ID), DOCX core properties
carry fixed dates and every ZIP member gets a fixed timestamp, so re-running
yields byte-identical files with the same library versions.

``python data/make_samples.py --check`` regenerates into a temporary directory
and exits 1 if any committed file differs or is missing.

All people, employers, schools, phone numbers (555-01xx) and addresses
(example.com/.org/.net) are invented.

Needs: reportlab, python-docx, Pillow (a reportlab dependency).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import filecmp
import io
import json
import random
import struct
import sys
import tempfile
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
SAMPLES = HERE / "samples"

FIXED_DATETIME = _dt.datetime(2024, 1, 15, 9, 0, 0)
ZIP_DATE_TIME = (2024, 1, 15, 9, 0, 0)
BAD_PDF_PASSWORD = "secret"
BAD_PDF_OWNER_PASSWORD = "secret-owner"


# ---------------------------------------------------------------------------
# Resume texts
#
# Each resume is a dict:
#   name, headline, contact (list of str), summary, summary_title,
#   experience: list of {title, org, place, dates, bullets}, experience_title,
#   skills: list of (group, [items]), education, certifications (lists of str),
#   extra: list of (section title, [lines]) printed after experience.
# ---------------------------------------------------------------------------

MARKETING_OPS = {
    "name": "Dana Okafor-Lindqvist",
    "headline": "Senior Marketing Operations Manager",
    "contact": [
        "Austin, TX",
        "(512) 555-0147",
        "dana.okafor.l@example.com",
        "linkedin.com/in/dokafor-l",
    ],
    "summary_title": "Profile",
    "summary": (
        "Marketing operations manager with nine years in B2B SaaS. I build the plumbing "
        "between marketing and sales: lead scoring, lifecycle stages, routing, and the "
        "reporting both teams trust. Known for getting sales leaders to sign off on "
        "definitions before the first lead is ever scored."
    ),
    "experience_title": "Experience",
    "experience": [
        {
            "title": "Senior Marketing Operations Manager",
            "org": "Ledgerline Software",
            "place": "Austin, TX",
            "dates": "Mar 2021 – Present",
            "bullets": [
                "Co-designed a two-axis lead scoring model (fit and engagement) with the VP of "
                "Sales and four regional sales managers; the MQL threshold of 65 points was set "
                "jointly after back-testing 18 months of closed-won deals.",
                "Wrote the MQL, SAL and SQL definitions and a one-page marketing–sales SLA signed "
                "by the CMO and the VP of Sales: SDRs accept or reject every MQL within 4 business "
                "hours, and every rejected lead carries a reason code.",
                "Built lead routing from HubSpot to Salesforce with LeanData (territory, "
                "named-account and round-robin rules); speed-to-lead fell from 31 hours to 3.5.",
                "Run a monthly lead-quality review with account executives and SDR managers; "
                "retired 11 scoring rules that reps flagged as noise and added the intent "
                "signals they asked for.",
                "MQL-to-SQL conversion rose from 14% to 27% in three quarters; marketing-sourced "
                "pipeline grew 42% year over year.",
                "Set up closed-loop reporting so opportunity outcomes flow back into campaign "
                "reports and budget follows what sales actually closes.",
            ],
        },
        {
            "title": "Marketing Operations Specialist",
            "org": "Pinecrest Health Technologies",
            "place": "Dallas, TX",
            "dates": "Jun 2017 – Feb 2021",
            "bullets": [
                "Administered Marketo (120+ active programs) and its Salesforce sync; maintained "
                "campaign member statuses and program channels.",
                "Partnered with the inside sales manager to define lead lifecycle stages and a "
                "recycle process for leads that were not ready to buy.",
                "Built weekly funnel dashboards in Tableau reviewed in the joint sales and "
                "marketing staff meeting.",
                "Cleaned and de-duplicated 240,000 database records; cut bounce rate from 9% to 2%.",
            ],
        },
        {
            "title": "Marketing Coordinator",
            "org": "Bluefin Events Group",
            "place": "Dallas, TX",
            "dates": "Aug 2015 – May 2017",
            "bullets": [
                "Managed email sends, landing pages and webinar registrations for 30+ client "
                "events a year.",
                "Kept the events calendar and vendor budgets up to date.",
            ],
        },
    ],
    "skills": [
        ("Platforms", ["HubSpot", "Marketo", "Salesforce", "LeanData", "Outreach", "6sense"]),
        ("Data", ["SQL (PostgreSQL)", "Tableau", "Excel", "Google Sheets"]),
        ("Methods", ["Lead scoring", "Lifecycle design", "Attribution", "A/B testing"]),
    ],
    "education": ["B.B.A., Marketing — Hollis State University, 2015"],
    "certifications": [
        "Marketo Certified Expert (2019)",
        "Salesforce Certified Administrator (2022)",
        "HubSpot Marketing Hub Implementation (2021)",
    ],
    "extra": [("Languages", ["English (native)", "Swedish (conversational)"])],
}

PRODUCT_MARKETING = {
    "name": "Mateo Ferreira-Quinn",
    "headline": "Senior Product Marketing Manager",
    "contact": ["Denver, CO", "(720) 555-0183", "mateo.fq@example.com", "mateofq.example.net"],
    "summary_title": "Summary",
    "summary": (
        "Product marketer for B2B security software. I turn product and competitive "
        "knowledge into things sellers actually use on calls: battlecards, talk tracks, "
        "demo stories and training that sticks. Eight years in product marketing, about "
        "three launches a year."
    ),
    "experience_title": "Experience",
    "experience": [
        {
            "title": "Senior Product Marketing Manager",
            "org": "Corvane Systems",
            "place": "Denver, CO",
            "dates": "Jan 2020 – Present",
            "bullets": [
                "Own competitive intelligence for six competitors; built and maintain battlecards "
                "in Highspot, refreshed monthly with win/loss notes from account executives and "
                "sales engineers. Battlecards were opened in 78% of competitive opportunities in FY2023.",
                "Run the monthly sales enablement session for 60 AEs and SEs: launch briefings, "
                "objection-handling role plays and a short certification quiz; new reps now ramp "
                "in 4.5 months instead of 6.",
                "Co-wrote the discovery guide and demo talk track for the Corvane 4 launch with the "
                "regional sales directors; competitive win rate improved from 38% to 51% in two quarters.",
                "Interview ten closed-won and closed-lost buyers per quarter together with sales "
                "operations; the findings reshaped the pricing page and the first-call deck.",
                "Join the enterprise team's weekly forecast call to hear deal-level objections "
                "first-hand and turn them into new enablement content.",
            ],
        },
        {
            "title": "Product Marketing Manager",
            "org": "Helio Payroll",
            "place": "Boulder, CO",
            "dates": "Jul 2017 – Dec 2019",
            "bullets": [
                "Launched three products (time tracking, benefits administration, mobile app), "
                "writing positioning, pricing one-pagers and the sales playbook for each.",
                "Trained 25 channel partner sales reps per launch and recorded product demos for "
                "the partner portal.",
                "Built an objection-handling FAQ with the inside sales team that cut pre-sales "
                "questions to product managers by a third.",
            ],
        },
        {
            "title": "Marketing Associate",
            "org": "Redcliff Media",
            "place": "Denver, CO",
            "dates": "Jun 2015 – Jun 2017",
            "bullets": [
                "Wrote case studies, customer newsletters and website copy.",
                "Coordinated customer reference calls and the customer quote library.",
            ],
        },
    ],
    "skills": [
        ("Core", ["Positioning & messaging", "Competitive intelligence", "Sales enablement",
                  "Win/loss analysis", "Pricing research", "Launch planning"]),
        ("Tools", ["Highspot", "Gong", "Salesforce", "Figma", "Google Slides"]),
    ],
    "education": ["B.A., Communication — Westbrook University, 2015"],
    "certifications": [
        "Pragmatic Institute PMC-III (2018)",
        "Product Marketing Core, Product Marketing Alliance (2021)",
    ],
    "extra": [],
}

FIELD_MARKETING = {
    "name": "Siobhan Achterberg",
    "headline": "Senior Field & Event Marketing Manager",
    "contact": [
        "Chicago, IL",
        "(312) 555-0129",
        "s.achterberg@example.org",
        "linkedin.com/in/siobhan-achterberg-example",
    ],
    "summary_title": "Summary",
    "summary": (
        "Field marketer who plans programs with account executives, not for them. Ten years "
        "running trade shows, regional events and account-based marketing for enterprise "
        "software and industrial companies, measured on meetings booked and pipeline "
        "sourced rather than badge scans. Comfortable owning a seven-figure budget and "
        "reporting results to both the CMO and the CRO."
    ),
    "experience_title": "Professional Experience",
    "experience": [
        {
            "title": "Senior Field Marketing Manager",
            "org": "Tallgrass Logistics Cloud",
            "place": "Chicago, IL",
            "dates": "Apr 2019 – Present",
            "bullets": [
                "Co-run 14 trade shows a year with the enterprise account executive team. Before "
                "each show the AEs and I build a shared target account list, AEs pre-book meetings "
                "from it, and booth staffing is planned by sales territory.",
                "At the 2023 flagship supply-chain expo the joint plan produced 212 booked meetings "
                "and $4.1M of sourced pipeline; 38% of the meetings were with named accounts.",
                "Built the account-based marketing (ABM) program with six strategic AEs: 1:few plays "
                "for 120 named accounts, account plans written together in Salesforce, personalised "
                "direct mail, and executive dinners hosted by the regional sales VP.",
                "Lead a weekly ABM stand-up with AEs and SDRs to review 6sense intent and engagement "
                "signals and agree the next touch for each account; 34% of target accounts "
                "progressed to a qualified opportunity within two quarters.",
                "Agreed a post-event follow-up SLA with sales leadership: every booth conversation "
                "is routed to the owning AE within 24 hours with notes and a suggested next step. "
                "Follow-up rate went from 55% to 96%.",
                "Manage a $1.8M annual field budget and report pipeline and bookings influenced by "
                "each program to the CMO and CRO every quarter.",
            ],
        },
        {
            "title": "Field Marketing Manager",
            "org": "Ostrander Industrial Controls",
            "place": "Milwaukee, WI",
            "dates": "Jan 2016 – Mar 2019",
            "bullets": [
                "Planned co-branded regional roadshows with distributor sales reps in nine cities; "
                "the reps invited their customers and I ran the content, venue and follow-up "
                "campaigns.",
                "Administered market development funds (MDF) with the channel sales manager, "
                "approving partner event plans and tracking the resulting deal registrations.",
                "Produced the booth, demo stations and lead capture for two national trade shows "
                "a year, and trained the sales team on the booth demo and qualification questions.",
                "Launched a customer advisory council with the key account managers; 11 of 14 "
                "members expanded their contracts within a year.",
            ],
        },
        {
            "title": "Event Coordinator",
            "org": "Lakeshore Convention Services",
            "place": "Chicago, IL",
            "dates": "Jun 2013 – Dec 2015",
            "bullets": [
                "Coordinated logistics for 60+ corporate meetings and product launches: venues, "
                "AV, catering, registration and on-site staffing.",
                "Managed exhibitor services for mid-size trade shows of up to 300 booths.",
            ],
        },
    ],
    "extra": [
        ("Selected Programs", [
            "Freight Forward Dinner Series (2022–2024): twelve executive dinners co-hosted with "
            "regional sales VPs; $2.3M closed-won from attendee accounts.",
            "Warehouse Walkabout ABM play (2021): on-site tours for 25 target accounts, planned "
            "account by account with the owning AEs; nine new opportunities.",
        ]),
        ("Volunteering", [
            "Northside Food Pantry — event volunteer lead for the annual fundraising gala (2018–present).",
        ]),
    ],
    "skills": [
        ("Programs", ["Event strategy", "Account-based marketing", "Trade show management",
                      "Budget ownership", "Vendor negotiation"]),
        ("Tools", ["Salesforce", "HubSpot", "6sense", "Bizzabo", "Cvent", "Sendoso", "Looker"]),
    ],
    "education": ["B.S., Hospitality & Event Management — Lakeview University, 2013"],
    "certifications": [
        "Certified Meeting Professional (CMP), 2017",
        "Account-Based Marketing Practitioner, Revenue Marketing Institute, 2020",
    ],
}

REVOPS = {
    "name": "Graham Oyelaran-Pike",
    "headline": "Vice President, Revenue Operations",
    "contact": ["Boston, MA", "(617) 555-0162", "graham.op@example.com"],
    "summary_title": "Summary",
    "summary": (
        "Revenue operations leader who has run sales operations, marketing operations and "
        "customer success operations as one team. I get sales and marketing to work from one "
        "funnel, one set of numbers and one planning calendar."
    ),
    "experience_title": "Experience",
    "experience": [
        {
            "title": "Vice President, Revenue Operations",
            "org": "Quillstone Analytics",
            "place": "Boston, MA",
            "dates": "Feb 2021 – Present",
            "bullets": [
                "Merged sales, marketing and customer success operations into one nine-person "
                "RevOps team reporting to the CRO, with a shared roadmap prioritised jointly by "
                "the CMO and the CRO.",
                "Defined one funnel from inquiry to renewal (inquiry, MQL, SAL, SQL, opportunity, "
                "closed-won) agreed in writing by marketing and sales leadership; stage definitions "
                "live in Salesforce validation rules, not slide decks.",
                "Chair the weekly pipeline council where demand generation, sales development and "
                "sales leaders review conversion by stage and source and agree fixes.",
                "Built the annual revenue plan backwards from bookings quota: marketing's pipeline "
                "target (40% marketing-sourced) and SDR capacity are derived from the sales number "
                "rather than negotiated separately.",
                "Implemented a W-shaped multi-touch attribution model agreed with sales leadership, "
                "ending the dispute over deal credit; it is used in SDR and demand-gen compensation.",
                "ARR grew from $38M to $71M in three years while CAC payback fell from 26 to 19 months.",
            ],
        },
        {
            "title": "Director, Sales Operations",
            "org": "Fenwick Data Systems",
            "place": "Cambridge, MA",
            "dates": "Mar 2017 – Jan 2021",
            "bullets": [
                "Led a team of four running Salesforce administration, CPQ, territory planning and "
                "the weekly forecast.",
                "Worked with the marketing operations manager on lead routing and a two-hour "
                "response SLA for demo requests; demo-request conversion rose from 19% to 31%.",
                "Designed quota and compensation plans for 80 sellers.",
            ],
        },
        {
            "title": "Sales Operations Analyst",
            "org": "Fenwick Data Systems",
            "place": "Cambridge, MA",
            "dates": "Jul 2014 – Feb 2017",
            "bullets": [
                "Built forecast and pipeline reports; maintained account hierarchies and territory "
                "assignments.",
            ],
        },
    ],
    "skills": [
        ("Systems", ["Salesforce", "HubSpot", "Clari", "Gong", "LeanData", "Snowflake", "dbt",
                     "Looker", "SQL"]),
        ("Planning", ["Capacity models", "Territory design", "Compensation", "Attribution"]),
    ],
    "education": [
        "M.B.A. — Harrowgate School of Management, 2014",
        "B.A., Economics — Hollis State University, 2010",
    ],
    "certifications": ["Salesforce Certified Advanced Administrator (2019)"],
    "extra": [],
}

SDR_MANAGER = {
    "name": "Keisha Vandermolen",
    "headline": "Sales Development Manager",
    "contact": ["Atlanta, GA", "(404) 555-0138", "keisha.vandermolen@example.com"],
    "summary_title": "Summary",
    "summary": (
        "Sales development manager who treats the marketing hand-off as a shared process, not "
        "a wall. Seven years in SDR roles; I build teams that work inbound MQLs fast and tell "
        "marketing exactly which leads were good and why."
    ),
    "experience_title": "Experience",
    "experience": [
        {
            "title": "Manager, Sales Development",
            "org": "Brightwell Analytics",
            "place": "Atlanta, GA",
            "dates": "May 2021 – Present",
            "bullets": [
                "Lead 12 SDRs covering inbound MQLs from marketing and outbound prospecting into "
                "mid-market accounts.",
                "Co-own the marketing-to-sales hand-off with the demand generation manager: a written "
                "SLA (every MQL touched within one business hour, six attempts over ten business "
                "days) and a disposition code on every rejected lead.",
                "Meet weekly with demand generation to review lead quality; rejection reasons from my "
                "team led marketing to add two form fields and re-weight the lead scoring model, and "
                "SQL acceptance rose from 61% to 82%.",
                "Built Outreach sequences that follow marketing campaigns (webinar attendees, content "
                "downloads, event invitations) with copy written jointly with the content team.",
                "Sourced $9.6M in pipeline in FY2023 (118% of target); the team produced 1,140 SQLs.",
            ],
        },
        {
            "title": "SDR Team Lead",
            "org": "Harbor & Finch",
            "place": "Atlanta, GA",
            "dates": "Aug 2018 – Apr 2021",
            "bullets": [
                "Coached six SDRs on cold calling, discovery and objection handling; ran daily call blitzes.",
                "Worked with marketing operations to fix routing for trade-show leads, which had sat "
                "untouched for up to two weeks.",
                "Promoted from Sales Development Representative (2017–2018) after finishing first of "
                "14 reps in meetings set.",
            ],
        },
    ],
    "skills": [
        ("Tools", ["Outreach", "Salesloft", "Salesforce", "HubSpot", "ZoomInfo", "Gong"]),
        ("Leadership", ["Coaching", "Hiring", "SLA design", "Pipeline reporting"]),
    ],
    "education": ["B.S., Business Administration — Peachtree Valley College, 2017"],
    "certifications": ["Sales Development Leadership Program, Harbor & Finch Academy (2020)"],
    "extra": [],
}

COORDINATOR = {
    "name": "Lucía Montenegro Hale",
    "headline": "Sales and Marketing Coordinator",
    "contact": ["San Diego, CA", "(619) 555-0174", "lucia.mhale@example.com"],
    "summary_title": "Summary",
    "summary": (
        "Organised coordinator who has supported both the sales and the marketing teams at a "
        "mid-size building-supply distributor. Comfortable juggling CRM updates, event logistics "
        "and social posts in the same afternoon."
    ),
    "experience_title": "Work Experience",
    "experience": [
        {
            "title": "Sales and Marketing Coordinator",
            "org": "Sunridge Home Supply",
            "place": "San Diego, CA",
            "dates": "Mar 2020 – Present",
            "bullets": [
                "Support the sales and marketing departments (15 people) with day-to-day administration.",
                "Update customer records in the CRM and prepare the weekly sales report for the sales manager.",
                "Prepare sales presentations and product sheets from marketing templates.",
                "Schedule social media posts and send the monthly customer newsletter.",
                "Help organise two regional trade shows a year: ship booth materials, book hotels, "
                "and pass the collected leads to the sales team.",
                "Order promotional items and keep the brochure inventory stocked.",
                "Keep the shared price lists and product catalogue up to date for both teams.",
                "Named Employee of the Quarter (Q2 2022) for reorganising the shared drive and price lists.",
            ],
        },
        {
            "title": "Office Assistant",
            "org": "Coastal Realty Partners",
            "place": "San Diego, CA",
            "dates": "Jun 2017 – Feb 2020",
            "bullets": [
                "Answered phones, scheduled showings and maintained listing files for 11 agents.",
                "Updated property listings and photos on the company website.",
                "Prepared closing packets and tracked signatures with the escrow office.",
            ],
        },
        {
            "title": "Cashier",
            "org": "Harbor Market Grocery",
            "place": "Chula Vista, CA",
            "dates": "Jul 2015 – May 2017",
            "bullets": [
                "Worked the register and customer service desk while studying part time.",
                "Trained new cashiers on returns and the loyalty program.",
            ],
        },
    ],
    "skills": [
        ("Software", ["Salesforce (basic)", "Mailchimp", "Canva", "Hootsuite", "Microsoft Office",
                      "Google Workspace"]),
        ("Languages", ["English", "Spanish (native)"]),
    ],
    "education": ["A.A., Business — Mesa Ridge Community College, 2017"],
    "certifications": ["HubSpot Inbound Marketing Certification (2021)"],
    "extra": [],
}

TRADE_SHOW_REP = {
    "name": "Étienne Lavallée-Brooks",
    "headline": "Regional Sales Representative – Industrial Packaging",
    "contact": ["Montréal, QC", "+1 (514) 555-0116", "etienne.lb@example.ca"],
    "summary_title": "Summary",
    "summary": (
        "Bilingual (French/English) sales representative with eight years selling packaging "
        "equipment to food and beverage manufacturers. Many of my best customers started as a "
        "conversation on a trade-show floor."
    ),
    "experience_title": "Experience",
    "experience": [
        {
            "title": "Regional Sales Representative",
            "org": "Verdier Packaging Systems",
            "place": "Montréal, QC",
            "dates": "Jan 2018 – Present",
            "bullets": [
                "Manage 140 accounts in Québec and eastern Ontario (CA$6.2M annual territory); "
                "112% of quota in 2023.",
                "Staff the company booth at four packaging and food-processing trade shows a year; "
                "qualify visitors on the floor and book follow-up plant visits. About 30% of my new "
                "accounts started at a show.",
                "Work with the marketing team on French-language brochures and case studies for my territory.",
                "Run equipment demonstrations and production trials at customer plants.",
            ],
        },
        {
            "title": "Inside Sales Representative",
            "org": "Roussel Fournitures Industrielles",
            "place": "Laval, QC",
            "dates": "Jun 2015 – Dec 2017",
            "bullets": [
                "Handled quotes and reorders for 300 small accounts; upsold service contracts.",
                "Answered inquiries from the website and the annual print catalogue.",
                "Coordinated deliveries with the warehouse and resolved billing errors.",
            ],
        },
        {
            "title": "Service Technician (co-op)",
            "org": "Atelier Mécanique Bélanger",
            "place": "Sherbrooke, QC",
            "dates": "May 2013 – Aug 2014",
            "bullets": [
                "Installed and serviced case erectors and shrink-wrap machines at client sites.",
                "Wrote service reports and parts quotes, which led to my move into sales.",
            ],
        },
    ],
    "extra": [
        ("Achievements", [
            "Verdier Rookie of the Year, 2018; Regional Rep of the Year, 2022.",
            "Opened the first Verdier account in the craft-brewing segment (now 19 breweries).",
        ]),
    ],
    "skills": [
        ("Selling", ["Consultative selling", "Territory management", "Trade shows", "Negotiation"]),
        ("Systems", ["Salesforce", "SAP", "Excel"]),
        ("Languages", ["Français (langue maternelle)", "English (fluent)"]),
    ],
    "education": ["B.A.A., Marketing — Université de Rivière-Claire, 2015"],
    "certifications": ["Sandler Foundations (2019)"],
}

ACCOUNT_EXECUTIVE = {
    "name": "Marcus Delacroix-Hwang",
    "headline": "Enterprise Account Executive",
    "contact": ["Seattle, WA", "(206) 555-0191", "marcus.dh@example.com"],
    "summary_title": "Summary",
    "summary": (
        "Quota-carrying enterprise account executive with nine years closing six-figure software "
        "deals in manufacturing and logistics. President's Club 2021 and 2023."
    ),
    "experience_title": "Professional Experience",
    "experience": [
        {
            "title": "Enterprise Account Executive",
            "org": "Stratamark Software",
            "place": "Seattle, WA",
            "dates": "Jan 2020 – Present",
            "bullets": [
                "Carry a $1.6M annual new-business quota in a 90-account enterprise territory: 131% "
                "attainment in FY2021, 97% in FY2022, 124% in FY2023.",
                "Closed the largest new-logo deal in company history ($780K ACV) after a nine-month "
                "cycle with 14 stakeholders.",
                "Run the full sales cycle with MEDDICC: self-sourced prospecting, discovery, mutual "
                "action plans, procurement and legal negotiation.",
                "Partner with solution engineers on technical validation and with customer success "
                "on renewals and expansion.",
                "Average deal size $145K; 31% win rate on qualified opportunities.",
            ],
        },
        {
            "title": "Account Executive, Mid-Market",
            "org": "Copperline HR",
            "place": "Portland, OR",
            "dates": "Mar 2016 – Dec 2019",
            "bullets": [
                "Closed 38 new logos a year on average against a $720K quota (108% average attainment).",
                "Built territory plans and forecast weekly in Salesforce to within 5% accuracy.",
                "Mentored three new account executives through their first two quarters.",
            ],
        },
        {
            "title": "Sales Development Representative",
            "org": "Copperline HR",
            "place": "Portland, OR",
            "dates": "Jun 2014 – Feb 2016",
            "bullets": [
                "Cold-called and emailed HR directors; booked 22 qualified meetings a month on average.",
                "Researched target companies and built call lists from LinkedIn and industry directories.",
            ],
        },
    ],
    "skills": [
        ("Methods", ["MEDDICC", "Challenger", "Negotiation", "Forecasting", "Territory planning"]),
        ("Tools", ["Salesforce", "Clari", "Gong", "LinkedIn Sales Navigator"]),
    ],
    "education": ["B.A., Political Science — Cascade Pacific University, 2014"],
    "certifications": ["Challenger Sales Certified (2018)"],
    "extra": [
        ("Awards", [
            "President's Club, Stratamark Software (2021, 2023).",
            "Copperline HR Closer of the Year (2018) for most new logos in the mid-market team.",
        ]),
    ],
}

RETAIL_ASSOCIATE = {
    "name": "Brianna Castellanos",
    "headline": "Retail Sales Associate",
    "contact": ["Phoenix, AZ", "(602) 555-0155", "bri.castellanos@example.com"],
    "summary_title": "Summary",
    "summary": (
        "Friendly, reliable sales associate with five years on the floor in apparel and home "
        "goods. Consistently above store targets for sales per hour and loyalty sign-ups, and "
        "trusted with opening, closing and key-holder duties."
    ),
    "experience_title": "Experience",
    "experience": [
        {
            "title": "Senior Sales Associate",
            "org": "Saguaro Outfitters, Store #214",
            "place": "Phoenix, AZ",
            "dates": "Apr 2021 – Present",
            "bullets": [
                "Averaged 118% of my personal sales-per-hour target in 2023; top associate in the "
                "district for loyalty card sign-ups four quarters running.",
                "Set up in-store promotions from the corporate promo calendar: end-cap displays, "
                "window signage and price changes for weekly sales events.",
                "Suggested add-on items at the register and in fitting rooms, raising average units "
                "per transaction from 2.1 to 2.8.",
                "Trained nine new associates on the POS system, returns and opening/closing procedures.",
                "Handle cash drawer reconciliation and key-holder duties on weekends.",
                "Keep the sales floor recovered and sized between rushes, and help with monthly markdowns.",
            ],
        },
        {
            "title": "Sales Associate",
            "org": "Harvest Lane Home",
            "place": "Tempe, AZ",
            "dates": "Sep 2018 – Mar 2021",
            "bullets": [
                "Helped customers choose furniture and decor and arranged home deliveries.",
                "Restocked the floor, processed shipments and took part in quarterly inventory counts.",
                "Ran the holiday gift-wrap station two seasons in a row.",
                "Answered phone inquiries about stock, special orders and store hours.",
            ],
        },
    ],
    "skills": [
        ("Skills", ["Customer service", "Visual merchandising", "Cash handling", "Inventory",
                    "Upselling"]),
        ("Systems", ["Square POS", "Oracle Retail Xstore"]),
        ("Languages", ["English", "Spanish"]),
    ],
    "education": [
        "Coursework toward A.A. in Business — Valle Sol Community College (in progress)",
        "High School Diploma — Desert View High School, 2018",
    ],
    "certifications": ["NRF Customer Service & Sales Certification (2022)"],
    "extra": [
        ("Availability", ["Open availability including evenings, weekends and holidays."]),
    ],
}

SEO_CONTENT = {
    "name": "Ingrid Solberg-Nakamura",
    "headline": "SEO & Content Marketing Manager",
    "contact": ["Minneapolis, MN", "(612) 555-0107", "ingrid.sn@example.com",
                "ingridwrites.example.net"],
    "summary_title": "Summary",
    "summary": (
        "Content marketer and SEO specialist who grows organic traffic with useful, "
        "well-researched content. Eight years across consumer and publishing brands, from "
        "keyword research and technical audits to managing writers and an editorial calendar."
    ),
    "experience_title": "Experience",
    "experience": [
        {
            "title": "SEO & Content Marketing Manager",
            "org": "Fjordline Outdoor Co.",
            "place": "Minneapolis, MN",
            "dates": "Feb 2020 – Present",
            "bullets": [
                "Own organic search strategy for a 4,000-page e-commerce site; organic sessions grew "
                "from 210K to 640K a month in three years.",
                "Run an editorial calendar of 12 long-form guides a month with two staff writers and "
                "six freelancers.",
                "Led a technical SEO overhaul with the web team (site speed, structured data, "
                "faceted-navigation crawl control); Core Web Vitals now pass on 96% of URLs.",
                "Built topic clusters around 40 priority keywords; 28 now rank in the top three positions.",
                "Grew the email newsletter from 18K to 65K subscribers with content upgrades.",
            ],
        },
        {
            "title": "Content Strategist",
            "org": "Lumen & Ink Publishing",
            "place": "St. Paul, MN",
            "dates": "Jun 2016 – Jan 2020",
            "bullets": [
                "Wrote and edited 150+ articles a year on home and garden topics.",
                "Introduced a style guide and an SEO brief template used by 20 contributors.",
                "Ran quarterly content audits and pruned 600 thin pages, raising average time on "
                "page by 35%.",
            ],
        },
        {
            "title": "Copywriter",
            "org": "Birchbark Agency",
            "place": "Minneapolis, MN",
            "dates": "Aug 2014 – May 2016",
            "bullets": [
                "Wrote web copy, blog posts and social captions for 12 regional clients.",
            ],
        },
    ],
    "skills": [
        ("SEO", ["Keyword research", "Technical SEO", "On-page optimisation", "Link building"]),
        ("Content", ["Content strategy", "Editing", "Style guides", "Editorial calendars"]),
        ("Tools", ["Ahrefs", "Semrush", "Google Search Console", "GA4", "Screaming Frog",
                   "WordPress", "Contentful"]),
    ],
    "education": ["B.A., English and Journalism — Prairie Hills University, 2014"],
    "certifications": [
        "Google Analytics Certification (2023)",
        "HubSpot Content Marketing Certification (2021)",
    ],
    "extra": [],
}

BRAND_SOCIAL = {
    "name": "Renée Dubois-Whitfield",
    "headline": "Brand & Social Media Manager",
    "contact": ["Nashville, TN", "(615) 555-0133", "renee.dw@example.com"],
    "summary_title": "Summary",
    "summary": (
        "Brand and social media manager who builds communities around consumer food and "
        "beverage brands. I write the “voice” guidelines, run the content calendar and make the "
        "numbers move — from followers to foot traffic."
    ),
    "experience_title": "Experience",
    "experience": [
        {
            "title": "Brand & Social Media Manager",
            "org": "Honeysuckle Café Group (24 locations)",
            "place": "Nashville, TN",
            "dates": "Mar 2021 – Present",
            "bullets": [
                "Own brand voice, visual identity and social channels (Instagram, TikTok, Facebook; "
                "310K combined followers).",
                "Concept and run seasonal campaigns; the 2023 “Porch Season™” campaign reached 4.2M "
                "people and increased sales of the featured menu items by 18% during the campaign window.",
                "Launched the “Crème Brûlée Cold Brew” seasonal feature with a week of teaser posts and "
                "à-la-carte tasting videos shot in three cafés.",
                "Manage a $600K annual paid social budget and two agencies; cut cost per engagement by 27%.",
                "Built an influencer program with 40 local creators; user-generated content now fills "
                "35% of our feed.",
                "Refreshed the brand guidelines — logo usage, photography style, tone of voice — "
                "across menus, packaging and signage.",
            ],
        },
        {
            "title": "Social Media Specialist",
            "org": "Ridgeway Brewing Co.",
            "place": "Franklin, TN",
            "dates": "May 2018 – Feb 2021",
            "bullets": [
                "Grew Instagram from 12K to 58K followers and launched the brewery’s TikTok.",
                "Photographed and edited product content; answered community comments within 2 hours.",
                "The “Taproom Trivia” social series increased weekend taproom sales by about 12%.",
            ],
        },
        {
            "title": "Marketing Intern",
            "org": "Belle Meade Creative",
            "place": "Nashville, TN",
            "dates": "Jun 2017 – Aug 2017",
            "bullets": ["Drafted social captions and assembled monthly engagement reports for clients."],
        },
    ],
    "skills": [
        ("Brand", ["Brand strategy", "Campaign planning", "Copywriting", "Community management",
                   "Paid social"]),
        ("Tools", ["Sprout Social", "Meta Ads Manager", "TikTok Ads", "Canva", "Adobe Lightroom",
                   "Premiere Pro"]),
    ],
    "education": ["B.S., Marketing — Cumberland Ridge University, 2018"],
    "certifications": ["Meta Certified Digital Marketing Associate (2022)"],
    "extra": [],
}

NURSE = {
    "name": "Adaeze Worthington, RN, BSN",
    "headline": "Registered Nurse — Medical-Surgical & Telemetry",
    "contact": ["Columbus, OH", "(614) 555-0168", "adaeze.worthington@example.com"],
    "summary_title": "Professional Summary",
    "summary": (
        "Registered nurse with seven years in acute care, the last three as charge nurse on a "
        "32-bed medical-surgical and telemetry unit. Calm in rapid-response situations, "
        "committed to patient education and to growing new nurses."
    ),
    "experience_title": "Clinical Experience",
    "experience": [
        {
            "title": "Charge Nurse, Medical-Surgical/Telemetry Unit",
            "org": "Olentangy Valley Medical Center",
            "place": "Columbus, OH",
            "dates": "Jan 2021 – Present",
            "bullets": [
                "Coordinate care for a 32-bed unit each shift, assigning patients to eight RNs and "
                "four patient care technicians by acuity.",
                "Monitor telemetry and respond to rapid-response events as an ACLS-certified first responder.",
                "Collaborate with physicians, pharmacists, physical therapists and case managers in "
                "daily interdisciplinary rounds.",
                "Precepted 14 new-graduate nurses; the unit's first-year retention rose to 90%.",
                "Led the unit falls-prevention project; patient falls decreased 40% in 12 months.",
            ],
        },
        {
            "title": "Staff Nurse",
            "org": "Scioto Community Hospital",
            "place": "Columbus, OH",
            "dates": "Jun 2017 – Dec 2020",
            "bullets": [
                "Cared for five to six post-surgical patients per shift: assessments, medication "
                "administration, wound care and discharge teaching.",
                "Documented in Epic and served as a super-user for the 2019 Epic upgrade.",
                "Member of the Nursing Practice Council (2018–2020).",
                "Educated patients and families on new medications, diet and post-operative care.",
            ],
        },
    ],
    "skills": [
        ("Clinical", ["Patient assessment", "Telemetry monitoring", "IV therapy", "Wound care",
                      "Medication administration", "Patient education"]),
        ("Systems", ["Epic", "Pyxis MedStation"]),
    ],
    "education": ["B.S.N. — Mid-Ohio University College of Nursing, 2017"],
    "extra": [
        ("Professional Activities", [
            "Member, Academy of Medical-Surgical Nurses.",
            "Volunteer nurse at a free community health clinic, one Saturday a month.",
        ]),
    ],
    "certifications": [
        "Registered Nurse, Ohio Board of Nursing (active)",
        "Progressive Care Certified Nurse (PCCN), 2021",
        "ACLS and BLS, American Heart Association (current)",
    ],
}

SOFTWARE_ENGINEER = {
    "name": "Tobias Nwachukwu-Berg",
    "headline": "Senior Software Engineer — Backend & Data Platforms",
    "contact": ["Raleigh, NC", "(919) 555-0112", "tobias.nb@example.com", "github.com/tnb-example"],
    "summary_title": "Summary",
    "summary": (
        "Backend engineer with ten years building reliable services and data pipelines in Go "
        "and Python. I like boring infrastructure, fast queries and clear design documents."
    ),
    "experience_title": "Experience",
    "experience": [
        {
            "title": "Senior Software Engineer",
            "org": "Ironbridge Payments",
            "place": "Durham, NC",
            "dates": "Mar 2020 – Present",
            "bullets": [
                "Designed and built the ledger service (Go, PostgreSQL) that processes 2.3M "
                "transactions a day at 99.99% availability.",
                "Led the migration from a monolith to 14 services on Kubernetes; deploys went from "
                "weekly to about 30 a day.",
                "Cut p99 API latency from 480 ms to 95 ms by rewriting hot SQL queries and adding "
                "Redis caching.",
                "Mentor four engineers and run the backend guild's weekly design review.",
            ],
        },
        {
            "title": "Software Engineer",
            "org": "Wavecrest Genomics",
            "place": "Raleigh, NC",
            "dates": "Jul 2015 – Feb 2020",
            "bullets": [
                "Built Airflow and Spark pipelines for sequencing data (40 TB a month).",
                "Wrote the internal SQL query service used by 60 scientists.",
                "Took part in the on-call rotation and wrote blameless postmortems.",
            ],
        },
        {
            "title": "Junior Developer",
            "org": "Tarheel Web Works",
            "place": "Chapel Hill, NC",
            "dates": "Jun 2013 – Jun 2015",
            "bullets": [
                "Built and maintained PHP and JavaScript websites for small businesses.",
                "Set up automated backups and moved client sites to managed hosting.",
            ],
        },
    ],
    "skills": [
        ("Languages", ["Go", "Python", "SQL", "TypeScript"]),
        ("Infrastructure", ["PostgreSQL", "Kafka", "Redis", "Kubernetes", "Terraform", "AWS", "gRPC"]),
    ],
    "education": ["B.S., Computer Science — Piedmont State University, 2013"],
    "certifications": [
        "AWS Certified Solutions Architect – Associate (2021)",
        "Certified Kubernetes Application Developer (2022)",
    ],
    "extra": [
        ("Open Source", [
            "Maintainer of a small Go library for idempotent job queues (1.2K GitHub stars).",
            "Contributed connection-pool fixes to a popular PostgreSQL driver.",
        ]),
    ],
}

KEYWORD_STUFFED = {
    "name": "Jordan Pemberton-Ruiz",
    "headline": "Sales & Marketing Alignment | Revenue Growth | ABM",
    "contact": ["Tampa, FL", "(813) 555-0145", "jordan.pr@example.com"],
    "summary_title": "Summary",
    "summary": (
        "Results-driven, detail-oriented team player with a passion for excellence and strong "
        "communication skills. Dynamic self-starter who thrives in fast-paced environments and "
        "brings a positive attitude every day. Seeking new opportunities to grow and make an impact."
    ),
    "experience_title": "Work History",
    "experience": [
        {
            "title": "Office Administrator",
            "org": "Gulfview Dental Partners",
            "place": "Tampa, FL",
            "dates": "Aug 2019 – Present",
            "bullets": [
                "Greet patients and manage the appointment calendar for four dentists.",
                "Confirm appointments by phone and text and keep the waiting list current.",
                "Process insurance claims and payments; reconcile the daily deposit.",
                "Order office and clinical supplies within a monthly budget.",
                "Maintain patient records in Dentrix.",
            ],
        },
        {
            "title": "Customer Service Representative",
            "org": "Bayshore Utilities Co.",
            "place": "Clearwater, FL",
            "dates": "Mar 2016 – Jul 2019",
            "bullets": [
                "Answered 60–80 inbound calls a day about billing, service starts and outages.",
                "Set up payment plans and resolved billing disputes.",
                "Recognised as Rep of the Month three times.",
                "Logged every call and its resolution in the customer information system.",
            ],
        },
        {
            "title": "Front Counter Clerk",
            "org": "Sunshine Dry Cleaners",
            "place": "Tampa, FL",
            "dates": "Jun 2014 – Feb 2016",
            "bullets": [
                "Took in and returned orders, handled cash and card payments.",
                "Tagged garments and kept the pick-up racks organised.",
            ],
        },
    ],
    "skills": [
        ("Skills", ["MQL", "SQL", "lead scoring", "ABM", "sales enablement",
                    "sales and marketing alignment", "HubSpot", "Salesforce", "demand generation",
                    "pipeline management", "marketing automation", "account-based marketing",
                    "revenue operations", "Microsoft Office", "Dentrix", "customer service",
                    "data entry"]),
    ],
    "education": ["A.S., Business Administration — Hillsborough Bay College, 2016"],
    "certifications": ["HubSpot Sales Software (online course, 2023)"],
    "extra": [
        ("Core Competencies", [
            "Sales and marketing alignment • Lead scoring • MQL to SQL conversion • ABM • "
            "Sales enablement • Go-to-market strategy • Funnel optimisation • CRM",
        ]),
    ],
}

ENGINEERING_FINANCE = {
    "name": "Yusuf Harrington-Abe",
    "headline": "Senior Technical Program Manager",
    "contact": ["San Jose, CA", "(408) 555-0188", "yusuf.ha@example.com"],
    "summary_title": "Summary",
    "summary": (
        "Technical program manager who keeps hardware engineering, firmware, manufacturing and "
        "finance moving to one schedule and one budget. Known for close cross-functional "
        "collaboration and plain-spoken status reporting."
    ),
    "experience_title": "Experience",
    "experience": [
        {
            "title": "Senior Technical Program Manager",
            "org": "Halcyon Sensor Devices",
            "place": "San Jose, CA",
            "dates": "Jan 2020 – Present",
            "bullets": [
                "Drove the Gen-3 lidar sensor program from EVT to mass production with 70 engineers "
                "across hardware, firmware, test and manufacturing; shipped on schedule in Q3 2022.",
                "Partnered closely with the finance team on the $24M program budget, monthly variance "
                "reviews and a build-versus-buy analysis for test fixtures that saved $1.9M.",
                "Worked side by side with engineering leads to run design reviews, the risk register "
                "and weekly cross-functional syncs.",
                "Collaborated with FP&A on quarterly headcount and capex forecasts, keeping forecast "
                "accuracy within 4%.",
                "Coordinated with contract manufacturers in Penang and Guadalajara on yield; "
                "first-pass yield rose from 82% to 96%.",
            ],
        },
        {
            "title": "Program Manager",
            "org": "Brightforge Semiconductors",
            "place": "Santa Clara, CA",
            "dates": "Jun 2015 – Dec 2019",
            "bullets": [
                "Managed tape-out schedules for two mixed-signal chips with design, verification and "
                "product engineering.",
                "Built the program cost model with finance and procurement and tracked NRE spend "
                "against budget.",
                "Ran the engineering change control board.",
            ],
        },
        {
            "title": "Mechanical Engineer",
            "org": "Brightforge Semiconductors",
            "place": "Santa Clara, CA",
            "dates": "Jun 2012 – May 2015",
            "bullets": ["Designed thermal solutions and test sockets for packaged parts."],
        },
    ],
    "skills": [
        ("Program", ["Program management", "Risk management", "Budgeting",
                     "EVT/DVT/PVT hardware lifecycle", "Supplier management"]),
        ("Tools", ["Jira", "Smartsheet", "Excel financial modelling", "SQL (basic)"]),
    ],
    "education": [
        "M.S., Mechanical Engineering — Pacific Crest University, 2012",
        "B.S., Mechanical Engineering — Pacific Crest University, 2010",
    ],
    "certifications": ["Project Management Professional (PMP), 2016", "Certified ScrumMaster, 2018"],
    "extra": [],
}

NEGATED_ASPIRATIONAL = {
    "name": "Amara Ostrowski-Bell",
    "headline": "Customer Support Specialist",
    "contact": ["Kansas City, MO", "(816) 555-0121", "amara.ob@example.com"],
    "summary_title": "Objective",
    "summary": (
        "Customer support specialist seeking to partner with sales and marketing teams in a "
        "customer-facing growth role. I have no direct exposure to marketing yet and have never "
        "carried a sales quota, but I am eager to learn how the two teams work together."
    ),
    "experience_title": "Experience",
    "experience": [
        {
            "title": "Customer Support Specialist II",
            "org": "Plainsview Software",
            "place": "Kansas City, MO",
            "dates": "Jan 2021 – Present",
            "bullets": [
                "Resolve 35–45 tickets a day by chat, email and phone for a scheduling app used by "
                "20,000 small businesses; 96% CSAT.",
                "Write and update knowledge-base articles (60 published).",
                "Escalate bugs to engineering in Jira with clear reproduction steps.",
                "Tag tickets by product area so the product team can see recurring issues each month.",
                "Train new support hires on Zendesk macros and escalation paths.",
                "Volunteered for the weekend on-call rotation during two major product releases.",
                "Not involved in sales conversations or renewals; pricing questions are handed to "
                "the account team.",
            ],
        },
        {
            "title": "Front Desk Associate",
            "org": "Crown Point Hotel",
            "place": "Kansas City, MO",
            "dates": "Jun 2018 – Dec 2020",
            "bullets": [
                "Checked guests in and out, handled reservations and resolved complaints.",
                "Balanced the night audit and prepared shift handover notes.",
                "Did not take part in the hotel's group sales or marketing programs; referred event "
                "inquiries to the events office.",
            ],
        },
    ],
    "extra": [
        ("Goals", [
            "Would like to learn lead scoring and how marketing-qualified leads are passed to sales.",
            "Hoping to shadow an account executive and a marketing manager in my next role.",
        ]),
    ],
    "skills": [
        ("Tools", ["Zendesk", "Jira", "Confluence", "Intercom", "Excel"]),
        ("Strengths", ["Troubleshooting", "Written communication", "De-escalation"]),
    ],
    "education": ["B.A., Psychology — Missouri Prairie University, 2018"],
    "certifications": ["Zendesk Support Administrator (2022)"],
}

# The short text drawn into the image-only "scanned" PDF and the encrypted PDF.
SCANNED_TEXT = [
    "JAMIE ROSSETTI-PALMER",
    "Account Manager  |  Omaha, NE  |  (402) 555-0109",
    "",
    "EXPERIENCE",
    "Account Manager, Prairie Gate Insurance (2019 - Present)",
    "- Managed 85 small-business accounts; 94% renewal rate.",
    "- Worked with the marketing team on renewal campaigns.",
    "",
    "EDUCATION",
    "B.S., Business - Platte Valley University, 2016",
]


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def _all_lines(r: dict) -> list[str]:
    """Every content string in a resume, for word counting."""
    out = [r["name"], r["headline"], *r["contact"], r["summary"]]
    for job in r["experience"]:
        out += [job["title"], job["org"], job["place"], job["dates"], *job["bullets"]]
    for group, items in r["skills"]:
        out += [group, *items]
    out += r["education"] + r["certifications"]
    for title, lines in r.get("extra", []):
        out += [title, *lines]
    return out


def word_count(r: dict) -> int:
    return sum(len(s.split()) for s in _all_lines(r))


def _sections_after_experience(r: dict) -> list[tuple[str, list[str]]]:
    """(title, lines) for the sections printed after the experience block."""
    secs = list(r.get("extra", []))
    secs.append(("Skills", [f"{g}: {', '.join(items)}" for g, items in r["skills"]]))
    secs.append(("Education", r["education"]))
    if r["certifications"]:
        secs.append(("Certifications", r["certifications"]))
    return secs


def _fixed_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A ZIP (deflated) with fixed timestamps and permissions, members in the given order."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            z.writestr(info, data)
    return buf.getvalue()


def _normalise_zip(data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    return _fixed_zip([(i.filename, src.read(i.filename)) for i in src.infolist()])


# ---------------------------------------------------------------------------
# Plain text, Markdown, HTML
# ---------------------------------------------------------------------------

def render_text(r: dict, *, bullet: str = "-", rule: str = "=", sep: str = " | ") -> str:
    lines = [r["name"].upper(), r["headline"], sep.join(r["contact"]), ""]

    def head(title: str) -> None:
        lines.extend([title.upper(), rule * len(title), ""])

    head(r["summary_title"])
    lines += [r["summary"], ""]
    head(r["experience_title"])
    for job in r["experience"]:
        lines.append(f"{job['title']}, {job['org']}, {job['place']}")
        lines.append(job["dates"])
        lines += [f"{bullet} {b}" for b in job["bullets"]]
        lines.append("")
    for title, body in _sections_after_experience(r):
        head(title)
        if title in ("Skills",):
            lines += body
        else:
            lines += [f"{bullet} {x}" if title not in ("Education",) else x for x in body]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_markdown(r: dict) -> str:
    out = [f"# {r['name']}", "", f"**{r['headline']}**  ", " · ".join(r["contact"]), ""]
    out += [f"## {r['summary_title']}", "", r["summary"], ""]
    out += [f"## {r['experience_title']}", ""]
    for job in r["experience"]:
        out += [f"### {job['title']} — {job['org']}", "", f"*{job['place']} · {job['dates']}*", ""]
        out += [f"- {b}" for b in job["bullets"]]
        out.append("")
    out += ["## Skills", ""]
    out += [f"- **{g}:** {', '.join(items)}" for g, items in r["skills"]]
    out += ["", "## Education", ""]
    out += [f"- {e}" for e in r["education"]]
    out += ["", "## Certifications", ""]
    out += [f"- {c}" for c in r["certifications"]]
    for title, body in r.get("extra", []):
        out += ["", f"## {title}", ""] + [f"- {x}" for x in body]
    return "\n".join(out) + "\n"


def render_html(r: dict) -> str:
    e = escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{e(r['name'])} &ndash; Resume</title>",
        "<style>",
        "body{font-family:Georgia,serif;max-width:50em;margin:2em auto;color:#222}",
        "header{border-bottom:2px solid #2a6f97;margin-bottom:1em}",
        "h1{margin:0;font-size:2em}.headline{color:#2a6f97;margin:.2em 0}",
        ".contact{font-size:.9em;color:#555}.contact span+span:before{content:' \\00b7  '}",
        "h2{font-size:1.1em;text-transform:uppercase;letter-spacing:.08em;color:#2a6f97}",
        ".job h3{margin-bottom:0}.meta{color:#666;font-style:italic;margin:0}",
        "</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{e(r['name'])}</h1>",
        f'<p class="headline">{e(r["headline"])}</p>',
        '<p class="contact">' + "".join(f"<span>{e(c)}</span>" for c in r["contact"]) + "</p>",
        "</header>",
        "<main>",
        f'<section id="summary"><h2>{e(r["summary_title"])}</h2><p>{e(r["summary"])}</p></section>',
        f'<section id="experience"><h2>{e(r["experience_title"])}</h2>',
    ]
    for job in r["experience"]:
        parts += [
            '<div class="job">',
            f"<h3>{e(job['title'])} &mdash; {e(job['org'])}</h3>",
            f'<p class="meta">{e(job["place"])} &middot; {e(job["dates"])}</p>',
            "<ul>",
            *[f"<li>{e(b)}</li>" for b in job["bullets"]],
            "</ul>",
            "</div>",
        ]
    parts.append("</section>")
    parts.append('<section id="skills"><h2>Skills</h2><ul>')
    parts += [f"<li><strong>{e(g)}:</strong> {e(', '.join(items))}</li>" for g, items in r["skills"]]
    parts.append("</ul></section>")
    parts.append('<section id="education"><h2>Education</h2>')
    parts += [f"<p>{e(x)}</p>" for x in r["education"]]
    parts.append("</section>")
    parts.append('<section id="certifications"><h2>Certifications</h2><ul>')
    parts += [f"<li>{e(c)}</li>" for c in r["certifications"]]
    parts.append("</ul></section>")
    parts += ["</main>", "<footer><p><small>References available on request.</small></p></footer>",
              "</body>", "</html>"]
    return "\n".join(parts) + "\n"


# ---------------------------------------------------------------------------
# PDF (reportlab)
# ---------------------------------------------------------------------------

def _rl():
    from reportlab import rl_config

    rl_config.invariant = 1
    return rl_config


def _register_vera() -> tuple[str, str]:
    """Embed reportlab's bundled Bitstream Vera TrueType fonts (subset, with a ToUnicode map)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Vera" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))
        pdfmetrics.registerFont(TTFont("VeraBd", "VeraBd.ttf"))
    return "Vera", "VeraBd"


def _pdf_meta(r: dict) -> dict:
    return {
        "title": f"{r['name']} - Resume",
        "author": r["name"],
        "subject": r["headline"],
        "creator": "collabscreen data/make_samples.py",
        "invariant": 1,
    }


def _styles(font: str = "Helvetica", bold: str = "Helvetica-Bold", size: float = 9.5,
            leading: float = 12.5):
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    accent = colors.HexColor("#1f4e79")
    return {
        "name": ParagraphStyle("name", fontName=bold, fontSize=20, leading=24, textColor=accent),
        "headline": ParagraphStyle("headline", fontName=font, fontSize=11, leading=14,
                                   textColor=colors.HexColor("#444444")),
        "contact": ParagraphStyle("contact", fontName=font, fontSize=size - 0.5, leading=leading),
        "h": ParagraphStyle("h", fontName=bold, fontSize=size + 1.5, leading=leading + 3,
                            textColor=accent, spaceBefore=9, spaceAfter=3),
        "role": ParagraphStyle("role", fontName=bold, fontSize=size + 0.5, leading=leading + 1,
                               spaceBefore=5),
        "meta": ParagraphStyle("meta", fontName=font, fontSize=size - 0.5, leading=leading,
                               textColor=colors.HexColor("#555555"), spaceAfter=2),
        "body": ParagraphStyle("body", fontName=font, fontSize=size, leading=leading),
        "bullet": ParagraphStyle("bullet", fontName=font, fontSize=size, leading=leading,
                                 leftIndent=12, bulletIndent=2, spaceAfter=1.5,
                                 bulletFontName=font),
    }


def _experience_flowables(r: dict, st: dict, bullet: str, dates_right: bool = False,
                          width: float | None = None) -> list:
    from reportlab.platypus import Paragraph, Table, TableStyle

    out = [Paragraph(escape(r["experience_title"].upper()), st["h"])]
    for job in r["experience"]:
        if dates_right:
            t = Table(
                [[Paragraph(f"{escape(job['title'])}, {escape(job['org'])}", st["role"]),
                  Paragraph(escape(job["dates"]), st["meta"])]],
                colWidths=[width * 0.72, width * 0.28],
            )
            t.setStyle(TableStyle([
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]))
            out += [t, Paragraph(escape(job["place"]), st["meta"])]
        else:
            out.append(Paragraph(escape(job["title"]), st["role"]))
            out.append(Paragraph(f"{escape(job['org'])} · {escape(job['place'])} · "
                                 f"{escape(job['dates'])}", st["meta"]))
        out += [Paragraph(escape(b), st["bullet"], bulletText=bullet) for b in job["bullets"]]
    return out


def pdf_single_column(r: dict, *, bullet: str = "•", font: str = "Helvetica",
                      bold: str = "Helvetica-Bold", size: float = 10, leading: float = 13.5,
                      centered: bool = False, dates_right: bool = False, footer: bool = False,
                      encrypt=None, margin: float = 54) -> bytes:
    """Classic one-column resume. ``footer`` adds "Name - Page n" on every page."""
    _rl()
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.pagesizes import LETTER
    from reportlab.platypus import HRFlowable, Paragraph, SimpleDocTemplate, Spacer

    st = _styles(font, bold, size, leading)
    if font == "Vera":
        _register_vera()
    if centered:
        for k in ("name", "headline", "contact"):
            st[k].alignment = TA_CENTER
    width = LETTER[0] - 2 * margin
    flow = [
        Paragraph(escape(r["name"]), st["name"]),
        Paragraph(escape(r["headline"]), st["headline"]),
        Paragraph(escape("  |  ".join(r["contact"])), st["contact"]),
        Spacer(1, 4),
        HRFlowable(width="100%", thickness=1, color=colors.HexColor("#1f4e79")),
        Paragraph(escape(r["summary_title"].upper()), st["h"]),
        Paragraph(escape(r["summary"]), st["body"]),
    ]
    flow += _experience_flowables(r, st, bullet, dates_right=dates_right, width=width)
    for title, body in _sections_after_experience(r):
        flow.append(Paragraph(escape(title.upper()), st["h"]))
        flow += [Paragraph(escape(x), st["bullet"], bulletText=bullet) for x in body]

    def on_page(canvas, doc):
        if footer:
            canvas.saveState()
            canvas.setFont(font, 8)
            canvas.setFillColor(colors.HexColor("#777777"))
            canvas.drawRightString(LETTER[0] - margin, 30, f"{r['name']} - Page {doc.page}")
            canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=LETTER, leftMargin=margin, rightMargin=margin,
                            topMargin=margin, bottomMargin=margin, encrypt=encrypt,
                            **_pdf_meta(r))
    doc.build(flow, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def pdf_two_column(r: dict) -> bytes:
    """Left shaded sidebar (name, contact, skills, education, certifications), right main column."""
    _rl()
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (BaseDocTemplate, Frame, FrameBreak, NextPageTemplate,
                                    PageTemplate, Paragraph, Spacer)

    W, H = LETTER
    side_w, top, bottom = 190, 40, 40
    st = _styles(size=9.5, leading=12.5)
    side_text = ParagraphStyle("side", parent=st["body"], fontSize=8.5, leading=11.5,
                               textColor=colors.white)
    side_h = ParagraphStyle("sideh", parent=st["h"], textColor=colors.HexColor("#f2c14e"),
                            fontSize=9.5, leading=12, spaceBefore=12)
    side_bullet = ParagraphStyle("sidebullet", parent=side_text, leftIndent=9, bulletIndent=0)
    side_name = ParagraphStyle("sidename", parent=st["name"], textColor=colors.white,
                               fontSize=19, leading=22)
    side_head = ParagraphStyle("sidehead", parent=side_text, fontSize=10, leading=13,
                               textColor=colors.HexColor("#dbe6f1"), spaceBefore=4)

    def draw_sidebar(canvas, doc):
        canvas.saveState()
        canvas.setFillColor(colors.HexColor("#1f3a56"))
        canvas.rect(0, 0, side_w, H, stroke=0, fill=1)
        canvas.restoreState()

    sidebar = Frame(18, bottom, side_w - 32, H - top - bottom, id="sidebar",
                    leftPadding=0, rightPadding=0)
    main = Frame(side_w + 20, bottom, W - side_w - 52, H - top - bottom, id="main",
                 leftPadding=0, rightPadding=0)
    later_main = Frame(side_w + 20, bottom, W - side_w - 52, H - top - bottom, id="main2",
                       leftPadding=0, rightPadding=0)

    flow = [
        Paragraph(escape(r["name"]), side_name),
        Paragraph(escape(r["headline"]), side_head),
        Paragraph("CONTACT", side_h),
        *[Paragraph(escape(c), side_text) for c in r["contact"]],
    ]
    for group, items in r["skills"]:
        flow.append(Paragraph(escape(group.upper()), side_h))
        flow += [Paragraph(escape(i), side_bullet, bulletText="•") for i in items]
    flow.append(Paragraph("EDUCATION", side_h))
    flow += [Paragraph(escape(x), side_text) for x in r["education"]]
    flow.append(Paragraph("CERTIFICATIONS", side_h))
    flow += [Paragraph(escape(x), side_bullet, bulletText="•") for x in r["certifications"]]
    for title, body in r.get("extra", []):
        flow.append(Paragraph(escape(title.upper()), side_h))
        flow += [Paragraph(escape(x), side_text) for x in body]
    flow += [NextPageTemplate("later"), FrameBreak()]
    flow += [Paragraph(escape(r["summary_title"].upper()), st["h"]),
             Paragraph(escape(r["summary"]), st["body"]), Spacer(1, 2)]
    flow += _experience_flowables(r, st, "•")

    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=LETTER, **_pdf_meta(r))
    doc.addPageTemplates([
        PageTemplate("first", frames=[sidebar, main], onPage=draw_sidebar),
        PageTemplate("later", frames=[later_main], onPage=draw_sidebar),
    ])
    doc.build(flow)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# DOCX (python-docx)
# ---------------------------------------------------------------------------

def _docx_bytes(doc, r: dict) -> bytes:
    cp = doc.core_properties
    cp.author = r["name"]
    cp.last_modified_by = r["name"]
    cp.title = f"{r['name']} - Resume"
    cp.subject = r["headline"]
    cp.comments = ""
    cp.keywords = ""
    cp.created = FIXED_DATETIME
    cp.modified = FIXED_DATETIME
    cp.last_printed = FIXED_DATETIME
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return _normalise_zip(buf.getvalue())


def _docx_new(font: str = "Calibri", size: float = 10.5):
    from docx import Document
    from docx.shared import Inches, Pt

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(size)
    for s in doc.sections:
        s.left_margin = s.right_margin = Inches(0.8)
        s.top_margin = s.bottom_margin = Inches(0.7)
    return doc


def docx_plain(r: dict, *, list_style: bool = True, font: str = "Calibri") -> bytes:
    """Heading styles for sections; bullets either Word list style or typed "•" characters."""
    from docx.shared import Pt

    doc = _docx_new(font)
    doc.add_heading(r["name"], level=0)
    p = doc.add_paragraph()
    p.add_run(r["headline"]).bold = True
    doc.add_paragraph(" | ".join(r["contact"]))

    def bullet(text: str) -> None:
        if list_style:
            doc.add_paragraph(text, style="List Bullet")
        else:
            doc.add_paragraph("•\t" + text)

    doc.add_heading(r["summary_title"], level=1)
    doc.add_paragraph(r["summary"])
    doc.add_heading(r["experience_title"], level=1)
    for job in r["experience"]:
        p = doc.add_paragraph()
        p.paragraph_format.space_before = Pt(6)
        p.add_run(job["title"]).bold = True
        p.add_run(f", {job['org']} ({job['place']})")
        p.add_run("\t" + job["dates"]).italic = True
        for b in job["bullets"]:
            bullet(b)
    for title, body in _sections_after_experience(r):
        doc.add_heading(title, level=1)
        for x in body:
            if title == "Skills":
                doc.add_paragraph(x)
            else:
                bullet(x)
    return _docx_bytes(doc, r)


def docx_with_header(r: dict) -> bytes:
    """Name, headline and contact details live in the section header, not in the body."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    doc = _docx_new("Cambria", 10.5)
    header = doc.sections[0].header
    hp = header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = hp.add_run(r["name"])
    run.bold = True
    run.font.size = Pt(18)
    run.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    hp2 = header.add_paragraph(r["headline"])
    hp2.alignment = WD_ALIGN_PARAGRAPH.CENTER
    hp3 = header.add_paragraph(" • ".join(r["contact"]))
    hp3.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = doc.sections[0].footer
    footer.paragraphs[0].text = f"{r['name']} | Confidential resume"

    doc.add_heading(r["summary_title"], level=1)
    doc.add_paragraph(r["summary"])
    doc.add_heading(r["experience_title"], level=1)
    for job in r["experience"]:
        doc.add_heading(f"{job['title']} — {job['org']}", level=2)
        meta = doc.add_paragraph()
        meta.add_run(f"{job['place']} | {job['dates']}").italic = True
        for b in job["bullets"]:
            doc.add_paragraph(b, style="List Bullet")
    for title, body in _sections_after_experience(r):
        doc.add_heading(title, level=1)
        for x in body:
            doc.add_paragraph(x, style="List Bullet" if title != "Skills" else None)
    return _docx_bytes(doc, r)


def docx_table_layout(r: dict) -> bytes:
    """The whole resume is one table: a merged name row, then section label | content rows."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Inches, Pt, RGBColor

    doc = _docx_new("Arial", 10)
    rows = 2 + 1 + 1 + len(_sections_after_experience(r))
    table = doc.add_table(rows=rows, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.style = "Table Grid"
    for row in table.rows:
        row.cells[0].width = Inches(1.6)
        row.cells[1].width = Inches(5.3)

    top = table.cell(0, 0).merge(table.cell(0, 1))
    p = top.paragraphs[0]
    run = p.add_run(r["name"])
    run.bold = True
    run.font.size = Pt(20)
    run.font.color.rgb = RGBColor(0x24, 0x5A, 0x3E)
    top.add_paragraph(r["headline"])
    contact = table.cell(1, 0).merge(table.cell(1, 1))
    contact.paragraphs[0].text = "   ·   ".join(r["contact"])

    def label(i: int, text: str):
        c = table.cell(i, 0)
        run = c.paragraphs[0].add_run(text.upper())
        run.bold = True
        run.font.color.rgb = RGBColor(0x24, 0x5A, 0x3E)
        return table.cell(i, 1)

    cell = label(2, r["summary_title"])
    cell.paragraphs[0].text = r["summary"]
    cell = label(3, r["experience_title"])
    first = True
    for job in r["experience"]:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.add_run(job["title"]).bold = True
        p.add_run(f" — {job['org']}, {job['place']}")
        cell.add_paragraph().add_run(job["dates"]).italic = True
        for b in job["bullets"]:
            cell.add_paragraph(b, style="List Bullet")
    for i, (title, body) in enumerate(_sections_after_experience(r), start=4):
        cell = label(i, title)
        cell.paragraphs[0].text = body[0]
        for x in body[1:]:
            cell.add_paragraph(x)
    return _docx_bytes(doc, r)


# ---------------------------------------------------------------------------
# The catalogue of good samples
# ---------------------------------------------------------------------------

def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


SAMPLES_SPEC = [
    # file, resume, renderer -> bytes, format, layout, what it represents, grade
    ("strong_marketing_ops_lead_scoring.pdf", MARKETING_OPS, pdf_two_column, "PDF",
     "two-column: dark left sidebar (name, contact, skills, education) + right main column",
     "Marketing operations manager who co-designed lead scoring and wrote MQL/SAL/SQL "
     "definitions and an SLA with sales leadership (also uses SQL the query language)", 3),
    ("strong_product_marketing_battlecards.docx", PRODUCT_MARKETING, docx_table_layout, "DOCX",
     "whole layout is one table (section label | content); no body paragraphs outside it",
     "Product marketing manager: competitive battlecards from AE win/loss notes, monthly "
     "sales enablement training for reps, talk tracks co-written with sales directors", 3),
    ("strong_field_marketing_abm_trade_shows.pdf", FIELD_MARKETING,
     lambda r: pdf_single_column(r, bullet="–", size=11, leading=15.5, footer=True, margin=64),
     "PDF", "single column, multi-page (2 pages) with a repeated 'Name - Page n' footer",
     "Field/event marketing manager co-running trade shows and an ABM program with account "
     "executives, with a post-event follow-up SLA", 3),
    ("strong_revops_leader.docx", REVOPS, docx_with_header, "DOCX",
     "name, headline and contact in the Word page header; footer line; heading styles",
     "VP Revenue Operations: one funnel agreed by CMO and CRO, weekly pipeline council, "
     "shared attribution and revenue plan", 3),
    ("strong_sdr_manager_marketing_handoff.md", SDR_MANAGER, lambda r: _utf8(render_markdown(r)),
     "Markdown", "Markdown headings, bullet lists, bold/italic markup",
     "SDR manager who co-owns the MQL hand-off SLA and weekly lead-quality review with "
     "demand generation", 3),
    ("generic_sales_marketing_coordinator.html", COORDINATOR, lambda r: _utf8(render_html(r)),
     "HTML", "HTML5 page with inline CSS, entities (&ndash; &mdash; &middot;), header/main/footer",
     "Sales and marketing coordinator supporting both teams with admin, decks, social posts and "
     "trade-show logistics; hybrid role, no joint mechanism", 2),
    ("generic_trade_show_sales_rep.txt", TRADE_SHOW_REP,
     lambda r: _utf8(render_text(r, bullet="*", rule="-")), "TXT (UTF-8)",
     "plain text, UTF-8 with accented letters (é, è) and en dashes, LF line endings",
     "Regional sales rep who sells at trade shows and works with the marketing team on "
     "brochures; clear but generic evidence", 2),
    ("sales_only_account_executive.txt", ACCOUNT_EXECUTIVE,
     lambda r: _utf8(render_text(r)), "TXT (UTF-8)", "plain text, UTF-8, LF line endings",
     "Quota-carrying enterprise account executive, self-sourced pipeline; no marketing work", 1),
    ("sales_only_retail_associate.pdf", RETAIL_ASSOCIATE,
     lambda r: pdf_single_column(r, bullet="•", font="Vera", bold="VeraBd"), "PDF",
     "single column, one page, '•' bullets, embedded TrueType subset font (Bitstream Vera) "
     "with a ToUnicode map",
     "Retail store sales associate who sets up corporate in-store promotions; sales only", 1),
    ("marketing_only_seo_content.docx", SEO_CONTENT, lambda r: docx_plain(r), "DOCX",
     "Title/Heading styles, Word 'List Bullet' paragraphs, tab before dates",
     "SEO and content marketing manager; organic traffic and editorial work, no sales contact", 1),
    ("marketing_only_brand_social_cp1252.txt", BRAND_SOCIAL,
     lambda r: render_text(r, bullet="•", sep=" • ").replace("\n", "\r\n").encode("cp1252"),
     "TXT (Windows-1252)",
     "plain text in cp1252 (curly quotes, é, em dash, ™, • as 0x95), CRLF line endings",
     "Brand/social media manager whose campaigns 'increased sales' only as an outcome", 1),
    ("unrelated_registered_nurse.pdf", NURSE,
     lambda r: pdf_single_column(r, bullet="•", font="Times-Roman", bold="Times-Bold",
                                 size=10.5, leading=14, centered=True),
     "PDF", "single column, centered header, Times serif font",
     "Registered nurse (charge nurse, telemetry); interdisciplinary teamwork, nothing on "
     "sales or marketing", 0),
    ("unrelated_software_engineer.docx", SOFTWARE_ENGINEER,
     lambda r: docx_plain(r, list_style=False, font="Consolas"), "DOCX",
     "Heading styles, bullets typed as '•' + tab in Normal paragraphs",
     "Backend software engineer; mentions SQL/PostgreSQL (the query language), not "
     "sales-qualified leads", 0),
    ("keyword_stuffed_skills.docx", KEYWORD_STUFFED, lambda r: docx_plain(r), "DOCX",
     "Title/Heading styles, Word 'List Bullet' paragraphs",
     "Keyword stuffing: headline and skills list MQL, SQL, lead scoring, ABM, sales "
     "enablement, sales and marketing alignment, HubSpot, Salesforce; jobs are dental office "
     "admin and utility call-centre work with no such duties", 1),
    ("subtle_cross_functional_engineering_finance.pdf", ENGINEERING_FINANCE,
     lambda r: pdf_single_column(r, bullet="•", dates_right=True), "PDF",
     "single column, role/date lines laid out as two-cell tables with right-aligned dates",
     "Technical program manager with strong cross-functional collaboration, but with "
     "engineering, manufacturing and finance, never sales or marketing", 0),
    ("subtle_negated_aspirational.txt", NEGATED_ASPIRATIONAL,
     lambda r: render_text(r).encode("utf-8-sig"), "TXT (UTF-8 with BOM)",
     "plain text, UTF-8 with a byte-order mark, LF line endings",
     "Customer support specialist with only negated/aspirational mentions ('seeking to "
     "partner with sales', 'no direct exposure to marketing', 'did not take part in ... "
     "sales or marketing programs')", 0),
]


def build_good(out: Path) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for name, resume, render, *_ in SAMPLES_SPEC:
        files[name] = render(resume)
    labels = {name: grade for name, _r, _f, _fmt, _lay, _what, grade in SAMPLES_SPEC}
    files["labels.json"] = (json.dumps(labels, indent=2, sort_keys=True) + "\n").encode()
    files["README.md"] = _samples_readme().encode("utf-8")
    for name, data in files.items():
        (out / name).write_bytes(data)
    return files


def _samples_readme() -> str:
    rows = "\n".join(
        f"| `{name}` | {fmt} | {layout.replace('|', '/')} | {what} | {grade} |"
        for name, _r, _f, fmt, layout, what, grade in SAMPLES_SPEC
    )
    words = "\n".join(
        f"| `{name}` | {r['name']} | {word_count(r)} |" for name, r, *_ in SAMPLES_SPEC
    )
    return f"""# Sample resumes

Hand-written, fictional resumes for demos, tests and documentation. Every person,
employer, school, phone number (555-01xx) and address (example.com/.org/.net/.ca) is
invented. All files here are generated by `python data/make_samples.py` (the texts
live in that script); do not edit them by hand, edit the script and re-run it.
`python data/make_samples.py --check` verifies the committed files are up to date.

`labels.json` maps each file name to its expected grade:

| grade | meaning |
|---|---|
| 3 | explicit, specific joint sales-marketing mechanism (shared lead scoring / MQL-SQL definitions, SLA, battlecards + rep training, ABM or trade shows run with AEs, pipeline council) |
| 2 | clear but generic evidence: hybrid "sales and marketing" role, trade shows tied to selling, "worked with the marketing team" |
| 1 | sales-only, marketing-only, or sales-marketing keywords without matching duties |
| 0 | nothing relevant (other fields; collaboration with other functions; negated or aspirational mentions only) |

| file | format | layout | what it represents | expected grade |
|---|---|---|---|---|
{rows}

Text extraction traps on purpose:

- the two-column PDF puts the sidebar (skills, certifications) beside the experience
  column; pdfminer emits the sidebar first, then the main column;
- PDFs set in the standard Helvetica/Times fonts draw the `•` bullet as WinAnsi code
  0x7F, which pdfminer reports as `(cid:127)` (the two-column, nurse and program-manager
  PDFs); the retail PDF embeds a TrueType subset with a ToUnicode map, so its `•`
  extracts as U+2022;
- the table DOCX has no body paragraphs outside its table (`Document.paragraphs` is empty),
  and its first two rows are merged cells, which python-docx's `row.cells` returns once
  per grid column (naive extraction prints the name twice);
- the header DOCX keeps the name and contact details in the page header, and has a footer;
- the multi-page PDF repeats a "Name - Page n" footer on each page;
- the cp1252 text contains bytes (è, û, à) that decode differently as cp1250, and CRLF
  line endings; one UTF-8 text starts with a BOM;
- "SQL" appears both as a sales stage (sales-qualified lead) and as the query language.

Broken and unsupported inputs live in [`bad/`](bad/README.md).

## Word counts

| file | candidate | words |
|---|---|---|
{words}
"""


# ---------------------------------------------------------------------------
# Bad inputs
# ---------------------------------------------------------------------------

def _png(width: int, height: int, pixels: bytes) -> bytes:
    """Minimal greyscale 8-bit PNG writer (no Pillow needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + pixels[y * width:(y + 1) * width] for y in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw, 9)) \
        + chunk(b"IEND", b"")


def _scanned_page_image():
    """A greyscale 'scan' of a short resume: text rendered to pixels, light noise, no text layer."""
    from PIL import Image, ImageDraw, ImageFont

    w, h = 1275, 1650  # US Letter at 150 dpi
    img = Image.new("L", (w, h), 250)
    draw = ImageDraw.Draw(img)
    try:
        big = ImageFont.load_default(size=44)
        small = ImageFont.load_default(size=28)
    except TypeError:  # very old Pillow: bitmap font only
        big = small = ImageFont.load_default()
    y = 140
    for i, line in enumerate(SCANNED_TEXT):
        font = big if i == 0 else small
        draw.text((120, y), line, fill=25, font=font)
        y += 70 if i == 0 else 46
    rng = random.Random(1234)
    px = img.load()
    for _ in range(6000):  # scanner speckle
        px[rng.randrange(w), rng.randrange(h)] = rng.choice((180, 200, 220))
    return img.rotate(0.6, resample=Image.BICUBIC, fillcolor=250)


def scanned_pdf() -> bytes:
    _rl()
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    buf = io.BytesIO()
    c = Canvas(buf, pagesize=LETTER, invariant=1)
    c.setTitle("scan0001")
    c.setCreator("collabscreen data/make_samples.py")
    c.drawImage(ImageReader(_scanned_page_image()), 0, 0, width=LETTER[0], height=LETTER[1])
    c.showPage()
    c.save()
    return buf.getvalue()


def encrypted_pdf() -> bytes:
    _rl()
    from reportlab.lib.pdfencrypt import StandardEncryption

    enc = StandardEncryption(BAD_PDF_PASSWORD, ownerPassword=BAD_PDF_OWNER_PASSWORD,
                             strength=128)
    return pdf_single_column(SDR_MANAGER, encrypt=enc)


def corrupt_pdf() -> bytes:
    """A real PDF cut in the middle of its first page content stream, then garbled."""
    data = bytearray(pdf_single_column(ACCOUNT_EXECUTIVE))
    start = data.index(b"stream", data.index(b"/Filter"))  # first compressed stream
    end = data.index(b"endstream", start)
    cut = (start + end) // 2
    data = data[:cut]
    rng = random.Random(4242)
    # garble the object headers and dictionaries before the stream (keep the %PDF- header)
    for _ in range(120):
        i = rng.randrange(16, start)
        data[i] = rng.randrange(256)
    return bytes(data)


def legacy_doc() -> bytes:
    """A small but structurally plausible OLE2 compound file holding a 'WordDocument' stream.

    Sectors are 512 bytes: header, FAT, directory, and one 4 KiB data run. The
    WordDocument stream starts with a Word 97 FIB magic (0xA5EC). It is not a
    document Word could open, but content sniffers and olefile see legacy Word.
    """
    sector = 512
    fat_sector, dir_sector, data_first, data_len = 0, 1, 2, 8
    endofchain, fatsect, freesect = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF

    header = bytearray(sector)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x003E, 0x0003, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)               # number of FAT sectors
    struct.pack_into("<I", header, 48, dir_sector)      # first directory sector
    struct.pack_into("<I", header, 56, 4096)            # mini stream cutoff
    struct.pack_into("<I", header, 60, endofchain)      # first mini FAT sector
    struct.pack_into("<I", header, 64, 0)               # number of mini FAT sectors
    struct.pack_into("<I", header, 68, endofchain)      # first DIFAT sector
    struct.pack_into("<I", header, 72, 0)               # number of DIFAT sectors
    struct.pack_into("<I", header, 76, fat_sector)      # DIFAT[0]
    for k in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * k, freesect)

    fat = [fatsect, endofchain] + [data_first + k + 1 for k in range(data_len - 1)] + [endofchain]
    fat += [freesect] * (sector // 4 - len(fat))
    fat_bytes = struct.pack(f"<{len(fat)}I", *fat)

    def dir_entry(name: str, kind: int, start: int, size: int, child: int = freesect) -> bytes:
        e = bytearray(128)
        n = (name + "\x00").encode("utf-16-le")
        e[0:len(n)] = n
        struct.pack_into("<HBB", e, 64, len(n), kind, 1)     # name length, type, black
        struct.pack_into("<III", e, 68, freesect, freesect, child)
        struct.pack_into("<IQ", e, 116, start, size)
        return bytes(e)

    directory = (dir_entry("Root Entry", 5, endofchain, 0, child=1)
                 + dir_entry("WordDocument", 2, data_first, data_len * sector)
                 + b"\x00" * 256)

    body = bytearray(data_len * sector)
    struct.pack_into("<HH", body, 0, 0xA5EC, 0x00C1)  # FIB wIdent, nFib (Word 97)
    text = ("Morgan Ellery-Vance\rMarketing Manager\rWorked with the sales team on trade shows."
            ).encode("cp1252")
    body[0x600:0x600 + len(text)] = text
    return bytes(header) + fat_bytes + directory + bytes(body)


def minimal_xlsx() -> bytes:
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>')
    wb = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
          '<sheets><sheet name="Candidates" sheetId="1" r:id="rId1"/></sheets></workbook>')
    wb_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
               '</Relationships>')
    rows = [("Name", "Role", "Years"), ("Dana Okafor-Lindqvist", "Marketing Operations", "9"),
            ("Marcus Delacroix-Hwang", "Account Executive", "9")]

    def cell(ref: str, v: str) -> str:
        if v.isdigit():
            return f'<c r="{ref}"><v>{v}</v></c>'
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'

    sheet_rows = "".join(
        f'<row r="{i}">' + "".join(cell(f"{'ABC'[j]}{i}", v) for j, v in enumerate(row)) + "</row>"
        for i, row in enumerate(rows, start=1)
    )
    sheet = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             f'<sheetData>{sheet_rows}</sheetData></worksheet>')
    return _fixed_zip([
        ("[Content_Types].xml", ct.encode()),
        ("_rels/.rels", rels.encode()),
        ("xl/workbook.xml", wb.encode()),
        ("xl/_rels/workbook.xml.rels", wb_rels.encode()),
        ("xl/worksheets/sheet1.xml", sheet.encode()),
    ])


def not_really_pdf() -> bytes:
    """A real PNG image (a grey gradient) saved under a .pdf name."""
    w, h = 64, 48
    pixels = bytes((x * 4 + y) % 256 for y in range(h) for x in range(w))
    return _png(w, h, pixels)


BAD_SPEC = [
    # file, builder, what it is, expected library error
    ("encrypted.pdf", encrypted_pdf,
     f"Real PDF (the SDR manager resume) encrypted with RC4-128 via reportlab "
     f"`encrypt=`; user password `{BAD_PDF_PASSWORD}`, owner password "
     f"`{BAD_PDF_OWNER_PASSWORD}`.",
     ("EncryptedDocumentError", "E101",
      f"when no password is given; a wrong one gives E111; password={BAD_PDF_PASSWORD!r} extracts normally")),
    ("corrupt.pdf", corrupt_pdf,
     "Real PDF (the account executive resume) truncated halfway through its first page "
     "content stream (no xref, no trailer, no %EOF) with 120 bytes of the object "
     "dictionaries before it overwritten by seeded random bytes. `%PDF-1.4` header intact.",
     ("CorruptDocumentError", "E102", "pdfminer itself raises PDFSyntaxError 'No /Root object!'")),
    ("empty.pdf", lambda: b"", "0 bytes.", ("EmptyDocumentError", "E103", "")),
    ("empty.txt", lambda: b"", "0 bytes.", ("EmptyDocumentError", "E103", "")),
    ("scanned_image_only.pdf", scanned_pdf,
     "One-page PDF whose only content is a greyscale raster image of a short resume "
     "(rendered with Pillow, slightly rotated, with speckle). No text operators at all.",
     ("NoTextLayerError", "E104", "pdfminer returns only a form feed")),
    ("legacy_resume.doc", legacy_doc,
     "OLE2 compound file (magic `D0 CF 11 E0 A1 B1 1A E1`) with a FAT, a directory and a "
     "`WordDocument` stream starting with the Word 97 FIB magic `0xA5EC`. Legacy Word "
     "by content, but not a document Word could open.",
     ("UnsupportedFormatError", "E106", "legacy Word .doc; `file` reports 'CDFV2 Microsoft Word'")),
    ("unsupported_spreadsheet.xlsx", minimal_xlsx,
     "Minimal valid Excel workbook (ZIP with `xl/workbook.xml`, one sheet of inline strings). "
     "A ZIP, like DOCX, but not a word-processing document.",
     ("UnsupportedFormatError", "E105", "ZIP container without word/document.xml")),
    ("truncated.docx", lambda: docx_plain(ACCOUNT_EXECUTIVE)[: len(docx_plain(ACCOUNT_EXECUTIVE)) // 2],
     "A real DOCX (the account executive resume) cut to its first half: local ZIP headers "
     "present, central directory missing.",
     ("CorruptDocumentError", "E102", "zipfile raises BadZipFile; `file` still says Word 2007+")),
    ("not_really_a.pdf", not_really_pdf,
     "A 64x48 greyscale PNG image saved with a .pdf extension (starts with `\\x89PNG`).",
     ("UnsupportedFormatError", "E105", "content says PNG; the .pdf suffix is only a hint")),
]


def build_bad(out: Path) -> dict[str, bytes]:
    files = {name: build() for name, build, _what, _err in BAD_SPEC}
    expected = {name: {"error": cls, "code": code, "note": note}
                for name, _b, _w, (cls, code, note) in BAD_SPEC}
    files["expected.json"] = (json.dumps(expected, indent=2, sort_keys=True) + "\n").encode()
    rows = "\n".join(
        f"| `{name}` | {what} | `{cls}` ({code}){'; ' + note if note else ''} |"
        for name, _b, what, (cls, code, note) in BAD_SPEC
    )
    files["README.md"] = f"""# Bad inputs

Deliberately broken or unsupported files for testing error handling. None of these is a
resume the library should score; each should raise the library's own exception (from
`collabscreen.errors`) whose message names the file and says what to do. Generated by
`python data/make_samples.py`; `expected.json` maps each file to the expected exception
class name, catalogue code and a note.

Password of `encrypted.pdf`: **`{BAD_PDF_PASSWORD}`** (user), `{BAD_PDF_OWNER_PASSWORD}` (owner).

| file | what it is | expected error |
|---|---|---|
{rows}
""".encode("utf-8")
    for name, data in files.items():
        (out / name).write_bytes(data)
    return files


# ---------------------------------------------------------------------------

def generate(root: Path) -> list[Path]:
    root.mkdir(parents=True, exist_ok=True)
    (root / "bad").mkdir(exist_ok=True)
    good = build_good(root)
    bad = build_bad(root / "bad")
    return [root / n for n in good] + [root / "bad" / n for n in bad]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=SAMPLES, help="output directory (default: %(default)s)")
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temp dir and compare with --out; exit 1 on any difference")
    args = ap.parse_args(argv)
    for name, r, *_ in SAMPLES_SPEC:
        n = word_count(r)
        if not 250 <= n <= 700:
            print(f"warning: {name} has {n} words (want 250-700)", file=sys.stderr)
    if not args.check:
        written = generate(args.out)
        print(f"wrote {len(written)} files under {args.out}")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        written = generate(Path(tmp))
        bad = []
        for p in written:
            rel = p.relative_to(tmp)
            target = args.out / rel
            if not target.exists() or not filecmp.cmp(p, target, shallow=False):
                bad.append(str(rel))
        if bad:
            print("out of date: " + ", ".join(bad), file=sys.stderr)
            return 1
    print(f"all {len(written)} files up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
