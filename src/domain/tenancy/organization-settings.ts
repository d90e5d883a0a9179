import { isSupportedCountry } from 'libphonenumber-js/max';
import { InvalidError } from '../shared/domain-error';

/** libphonenumber's number types, in snake case: what a destination can be refused for. */
export const DESTINATION_NUMBER_TYPES = [
  'premium_rate',
  'shared_cost',
  'personal_number',
  'pager',
  'uan',
  'voicemail',
  'toll_free',
  'voip',
  'mobile',
  'fixed_line',
  'fixed_line_or_mobile',
] as const;
export type DestinationNumberType = (typeof DESTINATION_NUMBER_TYPES)[number];

/** Where agents may dial out to (softphone and click-to-call), and how often. */
export interface DialingPolicySettings {
  /** ISO 3166 alpha-2 codes; null: the countries of the organization's own numbers. */
  allowedCountries: string[] | null;
  /** E.164 prefixes never dialled (`+1900`, `+44870`). */
  blockedPrefixes: string[];
  /** Number types never dialled, whatever the country: the ones billed to the caller at a premium by default. */
  blockedNumberTypes: DestinationNumberType[];
  /** Outbound calls one agent may start per UTC day, in one workspace. */
  dailyCallsPerAgent: number;
  /** Outbound calls one workspace may start per UTC day. */
  dailyCallsPerWorkspace: number;
}

/** Typed organization settings; later contexts add theirs here with a default. */
export interface OrganizationSettingsData {
  /** Fraud score (0..1) at or above which an analysis goes to review. */
  reviewThreshold: number;
  /** How long recordings are kept, in days. */
  retentionDays: number;
  /** Delete Twilio's copy of a recording once ours is verified. */
  deleteTwilioRecordingAfterImport: boolean;
  /** Share of the audio (0..1) a reviewer must play before clearing a high-priority analysis. */
  minimumReviewPlayback: number;
  dialingPolicy: DialingPolicySettings;
}

export const DEFAULT_DIALING_POLICY: DialingPolicySettings = {
  allowedCountries: null,
  blockedPrefixes: [],
  blockedNumberTypes: ['premium_rate', 'shared_cost', 'personal_number', 'pager'],
  dailyCallsPerAgent: 200,
  dailyCallsPerWorkspace: 2000,
};

export const DEFAULT_ORGANIZATION_SETTINGS: OrganizationSettingsData = {
  reviewThreshold: 0.6,
  retentionDays: 365,
  deleteTwilioRecordingAfterImport: true,
  minimumReviewPlayback: 0.5,
  dialingPolicy: DEFAULT_DIALING_POLICY,
};

/** The settings in force: a key stored before it existed takes its default (here, and only here). */
export function settingsInForce(settings: Partial<OrganizationSettingsData> | null | undefined): OrganizationSettingsData {
  return { ...DEFAULT_ORGANIZATION_SETTINGS, ...settings, dialingPolicy: dialingPolicyOf(settings) };
}

/** Settings stored before a key existed lack it: its default applies. */
export function dialingPolicyOf(settings: Partial<OrganizationSettingsData> | null | undefined): DialingPolicySettings {
  return { ...DEFAULT_DIALING_POLICY, ...settings?.dialingPolicy };
}

const MAX_DAILY_CALLS = 1_000_000;
const PREFIX = /^\+[1-9][0-9]{0,14}$/;

const uniqueList = (v: unknown, max: number, item: (x: unknown) => boolean): boolean =>
  Array.isArray(v) && v.length <= max && v.every(item) && new Set(v).size === v.length;
const dailyCap = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_DAILY_CALLS;

const DIALING_RULES: { [K in keyof DialingPolicySettings]: (v: unknown) => boolean } = {
  allowedCountries: (v) => v === null || uniqueList(v, 300, (c) => typeof c === 'string' && /^[A-Z]{2}$/.test(c) && isSupportedCountry(c)),
  blockedPrefixes: (v) => uniqueList(v, 200, (p) => typeof p === 'string' && PREFIX.test(p)),
  blockedNumberTypes: (v) =>
    uniqueList(v, DESTINATION_NUMBER_TYPES.length, (t) => (DESTINATION_NUMBER_TYPES as readonly unknown[]).includes(t)),
  dailyCallsPerAgent: dailyCap,
  dailyCallsPerWorkspace: dailyCap,
};

const RULES: { [K in keyof OrganizationSettingsData]: (v: unknown) => boolean } = {
  reviewThreshold: (v) => typeof v === 'number' && v >= 0 && v <= 1,
  retentionDays: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 3650,
  deleteTwilioRecordingAfterImport: (v) => typeof v === 'boolean',
  minimumReviewPlayback: (v) => typeof v === 'number' && v >= 0 && v <= 1,
  // Checked field by field in mergeDialingPolicy.
  dialingPolicy: (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
};

const invalid = (field: string, message: string) => new InvalidError('organization.invalid_settings', message, { field });

/** A partial policy patches the current one: fields left out keep their value. */
function mergeDialingPolicy(current: DialingPolicySettings, patch: Record<string, unknown>): DialingPolicySettings {
  const next: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const field = `dialingPolicy.${key}`;
    const rule = DIALING_RULES[key as keyof DialingPolicySettings];
    if (!rule) throw invalid(field, `Unknown setting "${field}"`);
    if (!rule(value)) throw invalid(field, `Setting "${field}" is out of range`);
    next[key] = Array.isArray(value) ? [...(value as unknown[])] : value;
  }
  return next as unknown as DialingPolicySettings;
}

/** Merges a partial update into settings, refusing unknown keys and out-of-range values. */
export function mergeSettings(current: OrganizationSettingsData, patch: Record<string, unknown>): OrganizationSettingsData {
  const next: Record<string, unknown> = { ...DEFAULT_ORGANIZATION_SETTINGS, ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const rule = RULES[key as keyof OrganizationSettingsData];
    if (!rule) throw invalid(key, `Unknown setting "${key}"`);
    if (!rule(value)) throw invalid(key, `Setting "${key}" is out of range`);
    next[key] = key === 'dialingPolicy' ? mergeDialingPolicy(dialingPolicyOf(current), value as Record<string, unknown>) : value;
  }
  return next as unknown as OrganizationSettingsData;
}
