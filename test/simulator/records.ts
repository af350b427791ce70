// The people and companies the simulated workflows run on: one deterministic profile per record,
// so a record's title, its node titles and its run context all tell the same story.
import { rngFor, type Rng } from './random';

const FAMOUS_COMPANIES = [
  'Acme Corp',
  'Globex',
  'Initech',
  'Umbrella Corporation',
  'Hooli',
  'Stark Industries',
  'Wayne Enterprises',
  'Soylent',
  'Vandelay Industries',
  'Pied Piper',
  'Dunder Mifflin',
  'Wonka Industries',
  'Cyberdyne Systems',
  'Tyrell Corporation',
  'Aperture Science',
  'Black Mesa',
  'Massive Dynamic',
  'Oscorp',
  'Sterling Cooper',
  'Bluth Company',
  'Nakatomi Trading',
  'Buy n Large',
  'Virtucon',
  'Wernham Hogg',
  'Prestige Worldwide',
  'Monarch Solutions',
  'Blue Sun',
  'Gringotts',
  'Yoyodyne',
  'Cogswell Cogs',
];
const PREFIXES = [
  'Blue',
  'North',
  'Bright',
  'Silver',
  'Quantum',
  'Harbor',
  'Summit',
  'Lumen',
  'Cedar',
  'Atlas',
  'Nimbus',
  'Vertex',
  'Orbit',
  'Pioneer',
  'Granite',
  'Meridian',
  'Copper',
  'Evergreen',
  'Falcon',
  'Juniper',
  'Keystone',
  'Lattice',
  'Mosaic',
  'Nova',
  'Polar',
  'Redwood',
  'Sable',
  'Tidal',
  'Union',
  'Willow',
];
const SUFFIXES = [
  'Labs',
  'Systems',
  'Analytics',
  'Logistics',
  'Health',
  'Software',
  'Robotics',
  'Capital',
  'Networks',
  'Foods',
  'Energy',
  'Studio',
  'Cloud',
  'Security',
  'Bio',
  'Freight',
  'Media',
  'Payments',
  'AI',
  'Works',
];
const TLDS = ['.com', '.com', '.com', '.io', '.co', '.ai', '.de', '.fr'];
const INDUSTRIES = [
  'Computer Software',
  'Logistics & Supply Chain',
  'Financial Services',
  'Hospital & Health Care',
  'Retail',
  'Marketing & Advertising',
  'Information Technology',
  'Biotechnology',
  'Renewables',
  'Food & Beverages',
];
const PLACES: readonly [string, string][] = [
  ['San Francisco', 'US'],
  ['New York', 'US'],
  ['Austin', 'US'],
  ['Boston', 'US'],
  ['London', 'GB'],
  ['Paris', 'FR'],
  ['Berlin', 'DE'],
  ['Amsterdam', 'NL'],
  ['Toronto', 'CA'],
  ['Sydney', 'AU'],
  ['Singapore', 'SG'],
  ['Tel Aviv', 'IL'],
  ['São Paulo', 'BR'],
  ['Bangalore', 'IN'],
];
const FIRST_NAMES = [
  'Jane',
  'John',
  'Amara',
  'Luis',
  'Mei',
  'Olivia',
  'Noah',
  'Fatima',
  'Lucas',
  'Sofia',
  'Kenji',
  'Priya',
  'Mateo',
  'Chloé',
  'Yusuf',
  'Hannah',
  'Diego',
  'Aisha',
  'Elena',
  'Tom',
  'Zoë',
  'Björn',
  'Ngozi',
  'Ravi',
];
const LAST_NAMES = [
  'Cooper',
  'Nguyen',
  'Okafor',
  'García',
  'Chen',
  'Smith',
  'Müller',
  'Rossi',
  'Kowalski',
  'Dubois',
  'Tanaka',
  'Patel',
  'Silva',
  'Johansson',
  "O'Brien",
  'Haddad',
  'Kim',
  'Novak',
  'Levi',
  'Adeyemi',
];
const JOB_TITLES = [
  'VP Sales',
  'Head of Revenue Operations',
  'CTO',
  'Growth Marketing Manager',
  'Account Executive',
  'Chief Revenue Officer',
  'Director of Demand Generation',
  'Founder & CEO',
  'Sales Development Rep',
  'Head of Data',
];
const FUNDING = ['Bootstrapped', 'Seed', 'Series A', 'Series B', 'Series C', 'Public'];
const TECH = ['Salesforce', 'HubSpot', 'Snowflake', 'Segment', 'Stripe', 'Zendesk', 'Outreach', 'Gong', 'dbt', 'Looker'];
export const OWNERS: readonly { name: string; email: string; salesforceId: string; slackId: string }[] = [
  { name: 'Dana Scully', email: 'dana@cargo-demo.io', salesforceId: '0058c00000AbCdEAA1', slackId: 'U04DANA01' },
  { name: 'Fox Mulder', email: 'fox@cargo-demo.io', salesforceId: '0058c00000FgHiJAA2', slackId: 'U04FOXM02' },
  { name: 'Leslie Knope', email: 'leslie@cargo-demo.io', salesforceId: '0058c00000KlMnOAA3', slackId: 'U04LESL03' },
  { name: 'Ron Swanson', email: 'ron@cargo-demo.io', salesforceId: '0058c00000PqRsTAA4', slackId: 'U04RONS04' },
];

export interface Profile {
  company: {
    name: string;
    domain: string;
    industry: string;
    employees: number;
    annualRevenueUsd: number | null;
    city: string;
    country: string;
    foundedYear: number;
    funding: string;
    hubspotId: string;
    salesforceId: string;
    linkedinUrl: string;
    techStack: string[];
  };
  person: {
    firstName: string;
    lastName: string;
    email: string;
    jobTitle: string;
    phone: string | null;
    hubspotContactId: string;
    linkedinUrl: string | null;
  };
  score: number;
  tier: 'A' | 'B' | 'C' | 'D';
  owner: (typeof OWNERS)[number];
}

const slugs = new Map<string, string>();

/** Names come from small lists, so slugs are cached (profiles are built for every run). */
function slugify(text: string): string {
  let slug = slugs.get(text);
  if (slug === undefined) {
    slug = text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '');
    if (slugs.size < 10_000) slugs.set(text, slug);
  }
  return slug;
}

function digits(rng: Rng, length: number): string {
  return String(rng.int(1, 9)) + rng.token(length - 1, '0123456789');
}

/** A company and one of its people. `famousIndex` picks from the well-known names first. */
export function makeProfile(rng: Rng, famousIndex?: number): Profile {
  const name =
    famousIndex !== undefined && famousIndex < FAMOUS_COMPANIES.length
      ? (FAMOUS_COMPANIES[famousIndex] as string)
      : `${rng.pick(PREFIXES)} ${rng.pick(SUFFIXES)}`;
  const domain = slugify(name.replace(/ (Corp|Corporation|Company|Industries|Inc)$/, '')) + rng.pick(TLDS);
  const [city, country] = rng.pick(PLACES);
  const firstName = rng.pick(FIRST_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const employees = rng.pick([8, 15, 42, 85, 120, 250, 480, 900, 1500, 4200, 12000]);
  const score = rng.int(12, 98);
  return {
    company: {
      name,
      domain,
      industry: rng.pick(INDUSTRIES),
      employees,
      annualRevenueUsd: rng.chance(0.25) ? null : employees * rng.int(90, 260) * 1000,
      city,
      country,
      foundedYear: rng.int(1972, 2022),
      funding: rng.pick(FUNDING),
      hubspotId: digits(rng, 11),
      salesforceId: `0018c0000${rng.token(6, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789')}AAA`,
      linkedinUrl: `https://www.linkedin.com/company/${slugify(name)}`,
      techStack: [rng.pick(TECH), rng.pick(TECH), rng.pick(TECH)].filter((t, i, all) => all.indexOf(t) === i),
    },
    person: {
      firstName,
      lastName,
      email: `${slugify(firstName)}.${slugify(lastName)}@${domain}`,
      jobTitle: rng.pick(JOB_TITLES),
      phone: rng.chance(0.4) ? null : `+1 415 555 ${rng.token(4, '0123456789')}`,
      hubspotContactId: digits(rng, 9),
      linkedinUrl: rng.chance(0.3) ? null : `https://www.linkedin.com/in/${slugify(firstName)}-${slugify(lastName)}-${rng.token(6)}`,
    },
    score,
    tier: score >= 80 ? 'A' : score >= 60 ? 'B' : score >= 40 ? 'C' : 'D',
    owner: rng.pick(OWNERS),
  };
}

export type RecordKind = 'person' | 'company';

/** What the start node received: the record as the play's model or the tool's caller sent it. */
export function inputRecord(kind: RecordKind, p: Profile): Record<string, unknown> {
  if (kind === 'person') {
    return {
      email: p.person.email,
      firstName: p.person.firstName,
      lastName: p.person.lastName,
      company: p.company.name,
      domain: p.company.domain,
      jobTitle: p.person.jobTitle,
      hubspotContactId: p.person.hubspotContactId,
      hubspotCompanyId: p.company.hubspotId,
      numberOfEmployees: p.company.employees,
      source: 'website_signup',
      utm: { source: 'google', medium: 'cpc', campaign: 'q3-revops-webinar' },
      phone: p.person.phone,
    };
  }
  return {
    id: p.company.hubspotId,
    name: p.company.name,
    domain: p.company.domain,
    industry: p.company.industry,
    numberOfEmployees: p.company.employees,
    country: p.company.country,
    ownerEmail: null,
    salesforceAccountId: p.company.salesforceId,
    tags: ['abm', p.tier === 'A' ? 'tier-1' : 'tier-2'],
  };
}

export function recordIdentity(kind: RecordKind, p: Profile): { id: string; title: string } {
  return kind === 'person' ? { id: p.person.hubspotContactId, title: p.person.email } : { id: p.company.hubspotId, title: p.company.name };
}

/**
 * The profile behind a record key: 'person/12' (shared pool; below 30 a well-known company),
 * 'company/L/123' (the large batch), 'created/5' (POST /runs, overlaid with the data sent).
 */
export function profileFor(seed: number, recordKey: string, input?: Record<string, unknown>): Profile {
  const parts = recordKey.split('/');
  const famous = parts.length === 2 && parts[0] !== 'created' ? Number(parts[1]) : undefined;
  const profile = makeProfile(rngFor(seed, 'record', famous === undefined ? recordKey : String(famous)), famous);
  if (input) overlay(profile, input);
  return profile;
}

function overlay(p: Profile, input: Record<string, unknown>): void {
  const text = (key: string) => (typeof input[key] === 'string' && input[key] !== '' ? (input[key] as string) : undefined);
  p.person.email = text('email') ?? p.person.email;
  p.person.firstName = text('firstName') ?? p.person.firstName;
  p.person.lastName = text('lastName') ?? p.person.lastName;
  p.company.name = text('company') ?? text('name') ?? p.company.name;
  p.company.domain = text('domain') ?? p.company.domain;
  if (typeof input.numberOfEmployees === 'number') p.company.employees = input.numberOfEmployees;
}
