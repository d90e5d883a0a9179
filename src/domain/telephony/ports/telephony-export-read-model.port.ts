import { ExportRowsReadModel } from '../../shared/data-export';

/** The kinds of record the telephony context contributes to an organization's export, in export order. */
export const TELEPHONY_EXPORT_KINDS = [
  'twilio_account',
  'phone_number',
  'agent',
  'agent_number',
  'call',
  'call_participant',
  'recording_pause',
] as const;
export type TelephonyExportKind = (typeof TELEPHONY_EXPORT_KINDS)[number];

/**
 * Twilio accounts (never the sealed auth token, its fingerprint or the API key secret), numbers, agents and their numbers, calls, participants and recording pauses.
 * Keyset pages of the telephony context's own tables for one organization.
 */
export abstract class TelephonyExportReadModel extends ExportRowsReadModel {}
