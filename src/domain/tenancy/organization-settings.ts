import { InvalidError } from '../shared/domain-error';

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
}

export const DEFAULT_ORGANIZATION_SETTINGS: OrganizationSettingsData = {
  reviewThreshold: 0.6,
  retentionDays: 365,
  deleteTwilioRecordingAfterImport: true,
  minimumReviewPlayback: 0.5,
};

const RULES: { [K in keyof OrganizationSettingsData]: (v: unknown) => boolean } = {
  reviewThreshold: (v) => typeof v === 'number' && v >= 0 && v <= 1,
  retentionDays: (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 3650,
  deleteTwilioRecordingAfterImport: (v) => typeof v === 'boolean',
  minimumReviewPlayback: (v) => typeof v === 'number' && v >= 0 && v <= 1,
};

/** Merges a partial update into settings, refusing unknown keys and out-of-range values. */
export function mergeSettings(
  current: OrganizationSettingsData,
  patch: Record<string, unknown>,
): OrganizationSettingsData {
  const next: Record<string, unknown> = { ...DEFAULT_ORGANIZATION_SETTINGS, ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const rule = RULES[key as keyof OrganizationSettingsData];
    if (!rule) throw new InvalidError('organization.invalid_settings', `Unknown setting "${key}"`, { field: key });
    if (!rule(value)) throw new InvalidError('organization.invalid_settings', `Setting "${key}" is out of range`, { field: key });
    next[key] = value;
  }
  return next as unknown as OrganizationSettingsData;
}
