// The workflows the simulated workspace has (three tools, two plays) and what each kind of node
// does when it runs: its execution title, its failure messages, its output and its config.
import { js, tpl, type Expression } from './expressions';
import type { Rng } from './random';
import { inputRecord, type Profile, type RecordKind } from './records';
import type { NodeKind } from './types';

/** One way a node fails (a cause). Its messages differ from run to run only in their placeholders. */
export interface ErrorTemplate {
  /** Unique among the node's templates, e.g. 'rateLimited'. */
  id: string;
  /** The message, with its varying parts as `{placeholders}` (the keys of VARYING). */
  pattern: string;
  /**
   * A failure the record's data causes: the run's start record holds `value` in `field` (records the
   * simulator makes up; data sent to POST /runs or /batches is kept as sent).
   */
  badInput?: { field: string; value: (rng: Rng) => unknown };
}

/** What a failing node had: the run's start record and its own computed config (as runComputedConfigs shows it). */
export interface NodeInputs {
  start: Record<string, unknown>;
  config: Record<string, unknown>;
}

/** The value at the first of `paths` (e.g. 'config.fields.OwnerId', 'start.id') that the node's inputs have. */
function inputAt(inputs: NodeInputs, ...paths: string[]): unknown {
  for (const path of paths) {
    let current: unknown = inputs;
    for (const part of path.split('.')) current = current && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined;
    if (current !== undefined) return current;
  }
  return null;
}

/** A value as a message quotes it: text as it is, anything else as JSON (`null` for none). */
const plain = (value: unknown): string => (typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null'));
const quoted = (value: unknown): string => `'${plain(value)}'`;

/**
 * What each placeholder of an error pattern becomes for one failed execution. What it says about the
 * record is read from what the failing node had (its computed config, else the start record), so that a
 * message never contradicts the run's context and configs; the rest comes from a random stream of the
 * execution. Every varying part reads as a number (digits between non-alphanumerics), a uuid, an email
 * address, or a value in single quotes, so messages of one cause differ only in such parts.
 */
export const VARYING: Readonly<Record<string, (inputs: NodeInputs, rng: Rng) => string>> = {
  email: (i) => plain(inputAt(i, 'config.email', 'start.email')),
  domain: (i) => quoted(inputAt(i, 'config.domain', 'start.domain')),
  contactId: (i) => plain(inputAt(i, 'config.contactId', 'start.hubspotContactId')),
  companyId: (i) => plain(inputAt(i, 'config.companyId', 'config.hubspotCompanyId', 'start.id', 'start.hubspotCompanyId')),
  accountId: (i) => quoted(inputAt(i, 'config.recordId', 'start.salesforceAccountId')),
  ownerId: (i) => quoted(inputAt(i, 'config.fields.OwnerId')),
  /** The last property the node's config writes (constant for a node, not a varying part). */
  property: (i) => Object.keys((inputAt(i, 'config.properties') as Record<string, unknown> | null) ?? {}).at(-1) ?? 'properties',
  employees: (i) => {
    const value = inputAt(i, 'start.numberOfEmployees');
    return typeof value === 'number' ? String(value) : quoted(value);
  },
  uuid: (_, rng) => rng.uuid(),
  otherContactId: (_, rng) => String(rng.int(100_000_000, 999_999_999)),
  ms: (_, rng) => String(rng.int(1_000, 9_999)),
  seconds: (_, rng) => String(rng.int(2, 90)),
  hours: (_, rng) => String(rng.int(2, 71)),
  tokens: (_, rng) => String(rng.int(1_800, 31_000)),
  date: (_, rng) => `2025-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
};

const PLACEHOLDER = /\{(\w+)\}/g;

/** The message of a template for one failed execution: placeholders filled left to right. */
export function fillErrorPattern(pattern: string, inputs: NodeInputs, rng: Rng): string {
  return pattern.replace(PLACEHOLDER, (whole, name: string) => VARYING[name]?.(inputs, rng) ?? whole);
}

/** The placeholders of a pattern, in order. */
export const placeholdersOf = (pattern: string): string[] => [...pattern.matchAll(PLACEHOLDER)].map((m) => m[1] as string);

const e = (id: string, pattern: string): ErrorTemplate => ({ id, pattern });

export interface NodeBehaviour {
  title(p: Profile): string | null;
  /** How the node can fail; empty for nodes that cannot (start, end). */
  errors: readonly ErrorTemplate[];
  credits: [number, number];
  /** Wall time of historical executions. */
  durationMs: [number, number];
  output(p: Profile): unknown;
  /** Child taken; -1 ends the run here (filtered out). Default: the only child. */
  branch?(p: Profile): number;
  iconUrl: string | null;
}

export interface NodeBlueprint {
  slug: string;
  name: string;
  description?: string;
  kind: NodeKind;
  actionSlug?: string;
  integrationSlug?: string;
  /** tool nodes: key of the tool workflow they call. */
  toolKey?: string;
  /** agent/tool nodes */
  templateSlug?: string;
  children: string[];
  fallbackOnFailure?: boolean;
  retry?: { maximumAttempts?: number; initialInterval?: number; backoffCoefficient?: number };
  /** tool nodes: each execution starts a real child run of the tool's workflow (its execution's nodeRunUuid). */
  startsChildRun?: boolean;
  /** Raw config; its expression objects (expressions.ts) are evaluated into runComputedConfigs. */
  config: Record<string, unknown>;
  behaviour: NodeBehaviour;
}

export interface WorkflowBlueprint {
  key: string;
  type: 'tool' | 'play';
  name: string;
  description: string;
  recordKind: RecordKind;
  emoji: string;
  healthThreshold: number;
  nodes: NodeBlueprint[];
  /** Fields its records have beyond their kind's (a lead's website). */
  inputExtras?(p: Profile): Record<string, unknown>;
  /** Runs created by POST /runs succeed unless their data says otherwise (`__simOutcome`, `__simFailAt`). */
  succeedsUnlessForced?: boolean;
}

const icon = (integration: string) => `https://cdn.getcargo.io/integrations/${integration}.svg`;

function ellipsis(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

const AI_ERRORS = {
  openAi500: e('openAiServerError', 'OpenAI API responded 500: The server had an error while processing your request (request id {uuid})'),
  maxSteps: e('maxSteps', 'Agent stopped: exceeded max steps (20) after {tokens} tokens'),
  overloaded: e('anthropicOverloaded', 'Anthropic API responded 529: Overloaded (request {uuid})'),
};

const STOP: NodeBehaviour = {
  title: () => null,
  errors: [],
  credits: [0, 0],
  durationMs: [10, 60],
  output: () => null,
  iconUrl: null,
};

const b = {
  start: {
    title: () => null,
    errors: [],
    credits: [0, 0],
    durationMs: [40, 250],
    output: () => undefined, // replaced by the input record
    iconUrl: null,
  },
  end: STOP,
  clearbitEnrich: {
    title: (p) => `Enriched ${p.person.email}: ${p.person.jobTitle} at ${p.company.name}`,
    errors: [
      e('timeout', 'Timeout after 30000 ms waiting for Clearbit (request {uuid})'),
      e('personNotFound', 'Clearbit API responded 404: person not found for {email}'),
      e('noCompany', 'Clearbit: no company found for domain {domain}'),
      e('quotaExceeded', 'Clearbit API responded 402: monthly quota exceeded, resets in {hours} h'),
    ],
    credits: [1, 2],
    durationMs: [400, 6000],
    output: (p) => ({
      person: {
        name: { givenName: p.person.firstName, familyName: p.person.lastName },
        email: p.person.email,
        employment: { name: p.company.name, title: p.person.jobTitle, seniority: p.person.jobTitle.includes('VP') ? 'executive' : 'manager' },
        linkedin: { handle: p.person.linkedinUrl },
        phone: p.person.phone,
      },
      company: {
        name: p.company.name,
        domain: p.company.domain,
        category: { industry: p.company.industry, sector: null },
        metrics: { employees: p.company.employees, annualRevenue: p.company.annualRevenueUsd, raised: null },
        geo: { city: p.company.city, country: p.company.country },
        tech: p.company.techStack,
      },
    }),
    iconUrl: icon('clearbit'),
  },
  hubspotGetCompany: {
    title: (p) => `Found company ${p.company.name} (${p.company.domain})`,
    errors: [
      e('rateLimited', 'HubSpot API responded 429: rate limit exceeded for company {companyId} (TEN_SECONDLY_ROLLING), retry after {ms} ms'),
      e('companyNotFound', 'HubSpot API responded 404: company {companyId} not found'),
      e('tokenExpired', 'HubSpot API responded 401: OAuth token expired {hours} hours ago, reconnect HubSpot (correlationId {uuid})'),
    ],
    credits: [1, 1],
    durationMs: [250, 3000],
    output: (p) => ({
      id: p.company.hubspotId,
      properties: {
        name: p.company.name,
        domain: p.company.domain,
        industry: p.company.industry,
        numberofemployees: String(p.company.employees),
        annualrevenue: p.company.annualRevenueUsd === null ? null : String(p.company.annualRevenueUsd),
        city: p.company.city,
        country: p.company.country,
        hubspot_owner_id: null,
        lifecyclestage: 'salesqualifiedlead',
      },
      associations: { contacts: { results: [{ id: p.person.hubspotContactId, type: 'company_to_contact' }] } },
      archived: false,
    }),
    iconUrl: icon('hubspot'),
  },
  hubspotUpdateContact: {
    title: (p) => `Updated contact ${p.person.email} (4 properties)`,
    errors: [
      e('unknownProperty', 'HubSpot API responded 400: Property "{property}" does not exist on contact {contactId}'),
      e('rateLimited', 'HubSpot API responded 429: rate limit exceeded for contact {contactId}'),
      e('contactExists', 'HubSpot API responded 409: Contact already exists. Existing ID: {otherContactId}'),
    ],
    credits: [1, 1],
    durationMs: [250, 2500],
    output: (p) => ({
      id: p.person.hubspotContactId,
      updatedProperties: ['jobtitle', 'lead_score', 'icp_tier', 'enriched_at'],
      properties: { jobtitle: p.person.jobTitle, lead_score: String(p.score), icp_tier: p.tier },
    }),
    iconUrl: icon('hubspot'),
  },
  apolloEnrich: {
    title: (p) => `${p.company.employees} employees · ${p.company.industry} · ${p.company.funding}`,
    errors: [
      e('invalidDomain', 'Apollo API responded 422: domain is invalid ({domain})'),
      e('timeout', 'Timeout after 30000 ms calling https://api.apollo.io/v1/organizations/{companyId}'),
    ],
    credits: [2, 2],
    durationMs: [500, 5000],
    output: (p) => ({
      organization: {
        name: p.company.name,
        primary_domain: p.company.domain,
        estimated_num_employees: p.company.employees,
        founded_year: p.company.foundedYear,
        latest_funding_stage: p.company.funding,
        technologies: p.company.techStack.map((name) => ({ name, category: null })),
        departmental_head_count: { engineering: Math.round(p.company.employees * 0.3), sales: Math.round(p.company.employees * 0.2) },
      },
    }),
    iconUrl: icon('apollo'),
  },
  aiSummarize: {
    title: (p) =>
      ellipsis(
        `Summary: ${p.company.name} is a ${p.company.employees > 500 ? 'large' : 'mid-size'} ${p.company.industry.toLowerCase()} company based in ${p.company.city}, ${p.company.funding.toLowerCase()}`,
      ),
    errors: [AI_ERRORS.openAi500, AI_ERRORS.maxSteps, AI_ERRORS.overloaded],
    credits: [3, 6],
    durationMs: [3000, 20000],
    output: (p) => ({
      answer: {
        summary: `${p.company.name} sells to ${p.company.industry.toLowerCase()} teams from ${p.company.city}. ${p.person.firstName} ${p.person.lastName} (${p.person.jobTitle}) signed up.`,
        keyPoints: [`${p.company.employees} employees`, `${p.company.funding}`, `Uses ${p.company.techStack.join(', ')}`],
        confidence: Math.round((0.55 + p.score / 250) * 100) / 100,
      },
      usage: { inputTokens: 1850 + p.score * 7, outputTokens: 240 + p.score },
      model: 'gpt-4.1-mini',
    }),
    iconUrl: icon('openai'),
  },
  aiScore: {
    title: (p) => `Score: ${p.score}/100`,
    errors: [
      e('schemaMismatch', 'Model output did not match the expected schema: missing "score" (output had {tokens} tokens)'),
      AI_ERRORS.openAi500,
      AI_ERRORS.maxSteps,
    ],
    credits: [3, 5],
    durationMs: [2500, 15000],
    output: (p) => ({
      answer: {
        score: p.score,
        tier: p.tier,
        reasons: [
          { factor: 'company size', weight: 0.4, value: p.company.employees },
          { factor: 'industry fit', weight: 0.35, value: p.company.industry },
          { factor: 'tech stack', weight: 0.25, value: p.company.techStack },
        ],
        disqualifiers: p.score < 30 ? ['too small'] : [],
      },
      usage: { inputTokens: 2200, outputTokens: 180 },
      model: 'gpt-4.1',
    }),
    iconUrl: icon('openai'),
  },
  aiResearch: {
    title: (p) => `Researched ${p.company.name}: ${3 + (p.score % 5)} sources, ${p.score % 3} buying signals`,
    errors: [AI_ERRORS.maxSteps, AI_ERRORS.overloaded, e('searchForbidden', 'Web search failed: 403 Forbidden for {domain}')],
    credits: [5, 9],
    durationMs: [8000, 28000],
    output: (p) => ({
      answer: {
        headline: `${p.company.name} is hiring ${p.score % 7} sales roles`,
        signals: Array.from({ length: p.score % 3 }, (_, i) => ({
          kind: i === 0 ? 'hiring' : 'funding',
          source: `https://${p.company.domain}/careers`,
          detectedAt: null,
        })),
        sources: Array.from({ length: 3 + (p.score % 5) }, (_, i) => `https://news.example.com/${p.company.domain}/${i + 1}`),
      },
      steps: [
        { tool: 'web_search', query: `${p.company.name} news` },
        { tool: 'fetch_page', url: `https://${p.company.domain}` },
      ],
    }),
    iconUrl: icon('anthropic'),
  },
  scoreBranch: {
    title: (p) => (p.score >= 70 ? `Score ${p.score} ≥ 70 → notify owner` : `Score ${p.score} < 70 → stop`),
    errors: [e('expressionError', 'Expression error: evaluating the conditions timed out after {ms} ms in record {companyId}')],
    credits: [0, 0],
    durationMs: [15, 120],
    output: (p) => ({ branch: p.score >= 70 ? 'high' : 'low', score: p.score }),
    branch: (p) => (p.score >= 70 ? 0 : 1),
    iconUrl: null,
  },
  icpFilter: {
    title: (p) =>
      p.company.employees >= 50 ? `Passed filter: ICP match (${p.company.employees} employees)` : `Filtered out: ${p.company.employees} employees is below 50`,
    errors: [
      {
        id: 'notANumber',
        pattern: 'Expression error: nodes.start.numberOfEmployees is not a number (got {employees})',
        // A range typed into a signup form.
        badInput: { field: 'numberOfEmployees', value: (rng) => `${rng.int(1, 9)}0-${rng.int(2, 9)}00` },
      },
    ],
    credits: [0, 0],
    durationMs: [15, 120],
    output: (p) => ({ passed: p.company.employees >= 50 }),
    branch: (p) => (p.company.employees >= 50 ? 0 : -1),
    iconUrl: null,
  },
  roundRobin: {
    title: (p) => `Assigned to ${p.owner.name}`,
    errors: [e('noEligibleOwner', 'No eligible owner: every member of "EMEA AEs" is out of office until {date}')],
    credits: [0, 0],
    durationMs: [30, 300],
    output: (p) => ({ owner: { name: p.owner.name, email: p.owner.email, salesforceId: p.owner.salesforceId }, pool: 'EMEA AEs', position: 2 }),
    iconUrl: null,
  },
  salesforceUpdateOwner: {
    title: (p) => `Updated Account ${p.company.salesforceId} owner → ${p.owner.name}`,
    errors: [
      e('unavailable', 'Salesforce API responded 503: Service Unavailable, retry after {seconds} s'),
      e('invalidOwner', 'INVALID_CROSS_REFERENCE_KEY: Owner ID: id value of incorrect type: {ownerId} (Account {accountId})'),
    ],
    credits: [1, 1],
    durationMs: [400, 4000],
    output: (p) => ({ id: p.company.salesforceId, success: true, errors: [] }),
    iconUrl: icon('salesforce'),
  },
  salesforceUpdateAccount: {
    title: (p) => `Updated Account ${p.company.salesforceId} (tier ${p.tier}, score ${p.score})`,
    errors: [
      e('rowLocked', 'UNABLE_TO_LOCK_ROW: unable to obtain exclusive access to this record: {accountId}'),
      e('sessionExpired', 'Salesforce API responded 401: Session expired or invalid (request {uuid})'),
    ],
    credits: [1, 1],
    durationMs: [400, 4000],
    output: (p) => ({ id: p.company.salesforceId, success: true, errors: [] }),
    iconUrl: icon('salesforce'),
  },
  slackNotify: {
    title: () => 'Posted to #sales-alerts',
    errors: [
      e('channelNotFound', 'Slack API responded: channel_not_found (request {uuid})'),
      e('rateLimited', 'Slack API responded: rate_limited, retry after {seconds} s'),
    ],
    credits: [0, 0],
    durationMs: [200, 1500],
    output: (p) => ({
      ok: true,
      channel: 'C04SALESALERT',
      ts: `17000${p.score}.000200`,
      message: { text: `New ${p.tier}-tier account: ${p.company.name}`, mentions: [p.owner.slackId] },
    }),
    iconUrl: icon('slack'),
  },
  enrichLeadTool: {
    title: (p) => `Enrich lead finished: ${p.person.jobTitle} at ${p.company.name}`,
    errors: [
      e('clearbitTimeout', 'Tool run failed: clearbit_enrich: Timeout after 30000 ms waiting for Clearbit (request {uuid})'),
      e('hubspotRateLimited', 'Tool run failed: hubspot_get_company: HubSpot API responded 429: rate limit exceeded for company {companyId}'),
    ],
    credits: [4, 9],
    durationMs: [5000, 30000],
    output: (p) => ({ clearbit_enrich: { company: { name: p.company.name, domain: p.company.domain } }, ai_summarize: { answer: { confidence: 0.8 } } }),
    iconUrl: null,
  },
  scoreAccountTool: {
    title: (p) => `Score account finished: ${p.score}/100`,
    errors: [
      e('aiScoreSchemaMismatch', 'Tool run failed: ai_score: Model output did not match the expected schema: missing "score" (output had {tokens} tokens)'),
      e('toolArchived', 'Tool "Score account" is archived (run {uuid} refused)'),
    ],
    credits: [4, 8],
    durationMs: [5000, 25000],
    output: (p) => ({ ai_score: { answer: { score: p.score, tier: p.tier } } }),
    iconUrl: null,
  },
  clearbitCompany: {
    title: (p) => `Enriched ${p.company.name}: ${p.company.employees} employees, ${p.company.industry}`,
    errors: [e('timeout', 'Timeout after 30000 ms waiting for Clearbit (request {uuid})'), e('noCompany', 'Clearbit: no company found for domain {domain}')],
    credits: [1, 2],
    durationMs: [400, 5000],
    output: (p) => ({
      company: { name: p.company.name, industry: p.company.industry, employees: p.company.employees, country: p.company.country },
      tech: p.company.techStack,
    }),
    iconUrl: icon('clearbit'),
  },
  findContactsTool: {
    title: (p) => `Find contacts finished: 2 contacts at ${p.company.name}`,
    errors: [e('apolloRateLimited', 'Tool run failed: search_contacts: Apollo API responded 429: rate limit exceeded, retry after {seconds} s')],
    credits: [2, 4],
    durationMs: [6000, 20000],
    output: (p) => ({ search_contacts: { contacts: contactsOf(p) } }),
    iconUrl: null,
  },
  searchContacts: {
    title: (p) => `Found 2 contacts at ${p.company.name}`,
    errors: [e('rateLimited', 'Apollo API responded 429: rate limit exceeded, retry after {seconds} s')],
    credits: [2, 4],
    durationMs: [1000, 6000],
    output: (p) => ({ contacts: contactsOf(p) }),
    iconUrl: icon('apollo'),
  },
  qualifiedBranch: {
    title: (p) => (p.company.employees >= 70 ? `${p.company.employees} employees ≥ 70 → notify sales` : `${p.company.employees} employees < 70 → review`),
    errors: [],
    credits: [0, 0],
    durationMs: [15, 120],
    output: (p) => ({ branch: p.company.employees >= 70 ? 'qualified' : 'review' }),
    branch: (p) => (p.company.employees >= 70 ? 0 : 1),
    iconUrl: null,
  },
} satisfies Record<string, NodeBehaviour>;

/** The contacts Find contacts finds for a lead: the lead, then a colleague. */
function contactsOf(p: Profile): { name: string; email: string; title: string }[] {
  const domain = p.person.email.split('@')[1] ?? p.company.domain;
  return [
    { name: `${p.person.firstName} ${p.person.lastName}`, email: p.person.email, title: p.person.jobTitle },
    { name: `${p.owner.name} (colleague)`, email: `ops@${domain}`, title: 'Head of Operations' },
  ];
}

const start = (child: string): NodeBlueprint => ({
  slug: 'start',
  name: 'Start',
  kind: 'native',
  actionSlug: 'start',
  children: [child],
  config: {},
  behaviour: b.start,
});
const getCompany = (child: string, companyId: Expression, properties: string[]): NodeBlueprint => ({
  slug: 'hubspot_get_company',
  name: 'Get company',
  kind: 'connector',
  integrationSlug: 'hubspot',
  actionSlug: 'get_company',
  children: [child],
  config: { companyId, properties },
  behaviour: b.hubspotGetCompany,
});
const end = (slug = 'end', name = 'End'): NodeBlueprint => ({ slug, name, kind: 'native', actionSlug: 'end', children: [], config: {}, behaviour: b.end });

export const WORKFLOWS: readonly WorkflowBlueprint[] = [
  {
    key: 'enrichLead',
    type: 'tool',
    name: 'Enrich lead',
    description: 'Enrich a lead with Clearbit and HubSpot, summarize it with AI and write the result back to HubSpot.',
    recordKind: 'person',
    emoji: 'sparkles',
    healthThreshold: 20,
    nodes: [
      start('clearbit_enrich'),
      {
        slug: 'clearbit_enrich',
        name: 'Enrich person',
        kind: 'connector',
        integrationSlug: 'clearbit',
        actionSlug: 'enrich_person',
        children: ['hubspot_get_company'],
        retry: { maximumAttempts: 3, initialInterval: 1000, backoffCoefficient: 2 },
        config: { email: js('nodes.start.email'), includeCompany: true },
        behaviour: b.clearbitEnrich,
      },
      getCompany('ai_summarize', js('nodes["start"].hubspotCompanyId'), ['name', 'domain', 'industry', 'numberofemployees']),
      {
        slug: 'ai_summarize',
        name: 'Summarize account',
        kind: 'agent',
        templateSlug: 'account_summarizer',
        children: ['hubspot_update_contact'],
        config: {
          model: 'gpt-4.1-mini',
          prompt: tpl('Summarize {{nodes.start.company}} for a seller in three sentences.'),
          temperature: 0.3,
          input: tpl('{{nodes.clearbit_enrich.company}}'),
        },
        behaviour: b.aiSummarize,
      },
      {
        slug: 'hubspot_update_contact',
        name: 'Update contact',
        kind: 'connector',
        integrationSlug: 'hubspot',
        actionSlug: 'update_contact',
        children: ['end'],
        config: {
          contactId: tpl('{{nodes.start.hubspotContactId}}'),
          properties: { jobtitle: tpl('{{nodes.clearbit_enrich.person.employment.title}}'), ai_summary: tpl('{{nodes.ai_summarize.answer.summary}}') },
        },
        behaviour: b.hubspotUpdateContact,
      },
      end(),
    ],
  },
  {
    key: 'scoreAccount',
    type: 'tool',
    name: 'Score account',
    description: 'Score an account against the ICP and alert the owner on Slack when it is hot.',
    recordKind: 'company',
    emoji: 'dart',
    healthThreshold: 20,
    nodes: [
      start('hubspot_get_company'),
      getCompany('apollo_enrich_company', tpl('{{nodes.start.id}}'), ['name', 'domain', 'numberofemployees']),
      {
        slug: 'apollo_enrich_company',
        name: 'Enrich organization',
        kind: 'connector',
        integrationSlug: 'apollo',
        actionSlug: 'enrich_organization',
        children: ['ai_score'],
        config: { domain: js('nodes.start.domain') },
        behaviour: b.apolloEnrich,
      },
      {
        slug: 'ai_score',
        name: 'Score with AI',
        kind: 'agent',
        templateSlug: 'lead_scorer',
        children: ['score_branch'],
        config: {
          model: 'gpt-4.1',
          prompt: tpl('Score {{nodes.start.name}} from 0 to 100 against our ICP.'),
          temperature: 0.2,
          context: { company: tpl('{{nodes.apollo_enrich_company.organization}}') },
        },
        behaviour: b.aiScore,
      },
      {
        slug: 'score_branch',
        name: 'Hot account?',
        kind: 'native',
        actionSlug: 'branch',
        children: ['slack_notify', 'end_low_score'],
        config: { conditions: [{ expression: js('nodes.ai_score.answer.score >= 70') }] },
        behaviour: b.scoreBranch,
      },
      {
        slug: 'slack_notify',
        name: 'Notify owner',
        kind: 'connector',
        integrationSlug: 'slack',
        actionSlug: 'send_message',
        children: ['end'],
        fallbackOnFailure: true,
        config: { channel: '#sales-alerts', text: tpl('Hot account: {{nodes.start.name}} scored {{nodes.ai_score.answer.score}}') },
        behaviour: b.slackNotify,
      },
      end(),
      end('end_low_score', 'End (low score)'),
    ],
  },
  {
    key: 'routeToOwner',
    type: 'tool',
    name: 'Route to owner',
    description: 'Assign the account to the next AE in the round robin and tell them on Slack.',
    recordKind: 'company',
    emoji: 'compass',
    healthThreshold: 10,
    nodes: [
      start('hubspot_get_company'),
      getCompany('round_robin', tpl('{{nodes.start.id}}'), ['name', 'country']),
      {
        slug: 'round_robin',
        name: 'Round robin',
        kind: 'native',
        actionSlug: 'round_robin',
        children: ['salesforce_update_owner'],
        config: { pool: 'EMEA AEs', respectOutOfOffice: true },
        behaviour: b.roundRobin,
      },
      {
        slug: 'salesforce_update_owner',
        name: 'Update owner',
        kind: 'connector',
        integrationSlug: 'salesforce',
        actionSlug: 'update_record',
        children: ['slack_notify'],
        config: { object: 'Account', recordId: js('nodes.start.salesforceAccountId'), fields: { OwnerId: tpl('{{nodes.round_robin.owner.salesforceId}}') } },
        behaviour: b.salesforceUpdateOwner,
      },
      {
        slug: 'slack_notify',
        name: 'Tell the owner',
        kind: 'connector',
        integrationSlug: 'slack',
        actionSlug: 'send_message',
        children: ['end'],
        fallbackOnFailure: true,
        config: { channel: tpl('@{{nodes.round_robin.owner.email}}'), text: tpl('You now own {{nodes.start.name}}') },
        behaviour: b.slackNotify,
      },
      end(),
    ],
  },
  {
    key: 'newSignups',
    type: 'play',
    name: 'New signups enrichment',
    description: 'Every new signup that fits the ICP gets enriched and announced.',
    recordKind: 'person',
    emoji: 'rocket',
    healthThreshold: 25,
    nodes: [
      start('icp_filter'),
      {
        slug: 'icp_filter',
        name: 'ICP filter',
        kind: 'native',
        actionSlug: 'filter',
        children: ['enrich_lead'],
        config: { expression: js('nodes.start.numberOfEmployees >= 50') },
        behaviour: b.icpFilter,
      },
      {
        slug: 'enrich_lead',
        name: 'Enrich lead',
        kind: 'tool',
        toolKey: 'enrichLead',
        children: ['hubspot_update_contact'],
        config: { email: tpl('{{nodes.start.email}}'), hubspotCompanyId: tpl('{{nodes.start.hubspotCompanyId}}') },
        behaviour: b.enrichLeadTool,
      },
      {
        slug: 'hubspot_update_contact',
        name: 'Mark as enriched',
        kind: 'connector',
        integrationSlug: 'hubspot',
        actionSlug: 'update_contact',
        children: ['slack_notify'],
        config: { contactId: tpl('{{nodes.start.hubspotContactId}}'), properties: { enriched_at: tpl('{{now}}') } },
        behaviour: b.hubspotUpdateContact,
      },
      {
        slug: 'slack_notify',
        name: 'Announce signup',
        kind: 'connector',
        integrationSlug: 'slack',
        actionSlug: 'send_message',
        children: ['end'],
        fallbackOnFailure: true,
        config: { channel: '#new-signups', text: tpl('{{nodes.start.firstName}} from {{nodes.start.company}} signed up') },
        behaviour: b.slackNotify,
      },
      end(),
    ],
  },
  {
    key: 'weeklyAbm',
    type: 'play',
    name: 'Weekly ABM refresh',
    description: 'Every Monday: re-score target accounts, research the hot ones and sync tiers to Salesforce.',
    recordKind: 'company',
    emoji: 'calendar',
    healthThreshold: 15,
    nodes: [
      start('hubspot_get_company'),
      getCompany('score_account', tpl('{{nodes.start.id}}'), ['name', 'domain']),
      {
        slug: 'score_account',
        name: 'Score account',
        kind: 'tool',
        toolKey: 'scoreAccount',
        children: ['ai_research'],
        config: { id: js('nodes.start.id'), domain: tpl('{{nodes.start.domain}}') },
        behaviour: b.scoreAccountTool,
      },
      {
        slug: 'ai_research',
        name: 'Research account',
        kind: 'agent',
        templateSlug: 'account_researcher',
        children: ['salesforce_update_account'],
        config: {
          model: 'claude-sonnet-4',
          instructions: tpl('Find buying signals for {{nodes.start.name}} ({{nodes.start.domain}}).'),
          tools: ['web_search', 'fetch_page'],
        },
        behaviour: b.aiResearch,
      },
      {
        slug: 'salesforce_update_account',
        name: 'Sync tier',
        kind: 'connector',
        integrationSlug: 'salesforce',
        actionSlug: 'update_record',
        children: ['end'],
        config: {
          object: 'Account',
          recordId: tpl('{{nodes.start.salesforceAccountId}}'),
          fields: { Tier__c: js('nodes.score_account?.ai_score?.answer?.tier') },
        },
        behaviour: b.salesforceUpdateAccount,
      },
      end(),
    ],
  },
  {
    key: 'qualifyLead',
    type: 'tool',
    name: 'Qualify lead',
    description: 'Enrich a lead from its website, find its contacts with the Find contacts tool and route the qualified ones to sales.',
    recordKind: 'person',
    emoji: 'mag',
    healthThreshold: 20,
    inputExtras: (p) => ({ website: p.company.domain }),
    succeedsUnlessForced: true,
    nodes: [
      start('enrich'),
      {
        slug: 'enrich',
        name: 'Enrich company',
        kind: 'connector',
        integrationSlug: 'clearbit',
        actionSlug: 'enrich_company',
        children: ['find_contacts'],
        config: { domain: tpl('{{nodes.start.website}}'), companyName: js('nodes.start.company ?? nodes.start.name'), includeTech: true },
        behaviour: b.clearbitCompany,
      },
      {
        slug: 'find_contacts',
        name: 'Find contacts',
        kind: 'tool',
        toolKey: 'findContacts',
        startsChildRun: true,
        children: ['is_qualified'],
        config: { company: tpl('{{ nodes.enrich.company.name }}'), email: js('nodes["start"].email?.toLowerCase()'), limit: 2 },
        behaviour: b.findContactsTool,
      },
      {
        slug: 'is_qualified',
        name: 'Qualified?',
        kind: 'native',
        actionSlug: 'branch',
        children: ['notify_sales', 'review_lead'],
        config: { conditions: [{ expression: js('nodes.enrich.company.employees >= 70') }] },
        behaviour: b.qualifiedBranch,
      },
      {
        slug: 'notify_sales',
        name: 'Notify sales',
        kind: 'connector',
        integrationSlug: 'slack',
        actionSlug: 'send_message',
        children: ['end'],
        config: {
          channel: '#sales-alerts',
          text: tpl(
            'Qualified: {{nodes.start.company}} ({{nodes.enrich.company.employees}} employees), contact {{nodes.find_contacts.search_contacts.contacts[0].email}}',
          ),
        },
        behaviour: b.slackNotify,
      },
      {
        slug: 'review_lead',
        name: 'Ask for review',
        kind: 'connector',
        integrationSlug: 'slack',
        actionSlug: 'send_message',
        children: ['end'],
        config: {
          channel: '#lead-review',
          text: tpl('Review {{nodes.start.company}}: {{nodes.enrich.company.employees}} employees'),
          industry: js('nodes.enrich.company.industry'),
        },
        behaviour: b.slackNotify,
      },
      end(),
    ],
  },
  {
    key: 'findContacts',
    type: 'tool',
    name: 'Find contacts',
    description: 'Find the people to talk to at a company.',
    recordKind: 'person',
    emoji: 'busts_in_silhouette',
    healthThreshold: 20,
    nodes: [
      start('search_contacts'),
      {
        slug: 'search_contacts',
        name: 'Search contacts',
        kind: 'connector',
        integrationSlug: 'apollo',
        actionSlug: 'search_people',
        children: ['end'],
        config: { company: tpl('{{nodes.start.company}}'), email: js('nodes.start.email'), limit: js('nodes.start.limit ?? 2') },
        behaviour: b.searchContacts,
      },
      end(),
    ],
  },
];

/** The record a run of the workflow starts from when no data was sent: its kind's, with the workflow's extra fields. */
export function workflowRecord(workflow: WorkflowBlueprint, p: Profile): Record<string, unknown> {
  return { ...inputRecord(workflow.recordKind, p), ...workflow.inputExtras?.(p) };
}
