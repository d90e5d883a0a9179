import { OrganizationQuery } from '../../../shared';
import type { ExportPage } from '@domain/shared/data-export';

export interface ExportTelephonyRowsProps {
  readonly organizationId: string;
  /** One of the context's export kinds (`twilio_account`, `phone_number`, `agent`, `agent_number`, `call`, `call_participant`, `recording_pause`). */
  readonly kind: string;
  /** The position a previous page answered; null for the first page. */
  readonly after: string | null;
  readonly limit: number;
}

/** One keyset page of one kind of the telephony context's records, for an organization's export. */
export class ExportTelephonyRowsQuery extends OrganizationQuery<ExportTelephonyRowsProps, ExportPage> {}
