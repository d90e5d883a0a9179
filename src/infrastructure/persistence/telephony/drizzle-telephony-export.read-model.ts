import { Injectable } from '@nestjs/common';
import {
  TelephonyExportReadModel,
  TELEPHONY_EXPORT_KINDS,
  type TelephonyExportKind,
} from '@domain/telephony/ports/telephony-export-read-model.port';
import type { ExportPage } from '@domain/shared/data-export';
import { exportPageOfKind, type ExportTable } from '../export-pages';
import { agentNumbers, agents, callParticipants, callRecordingPauses, calls, phoneNumbers, twilioAccounts } from './telephony.schema';
import { TransactionContext } from '../transaction-context';

const TABLES: Record<TelephonyExportKind, ExportTable> = {
  twilio_account: {
    table: twilioAccounts,
    organization: twilioAccounts.organizationId,
    keys: [twilioAccounts.workspaceId],
    omit: ['authTokenSealed', 'authTokenFingerprint', 'previousAuthTokenSealed', 'apiKeySecretSealed'],
  },
  phone_number: { table: phoneNumbers, organization: phoneNumbers.organizationId, keys: [phoneNumbers.id] },
  agent: { table: agents, organization: agents.organizationId, keys: [agents.workspaceId, agents.userId] },
  agent_number: { table: agentNumbers, organization: agentNumbers.organizationId, keys: [agentNumbers.phoneNumberId, agentNumbers.userId] },
  call: { table: calls, organization: calls.organizationId, keys: [calls.id] },
  call_participant: { table: callParticipants, organization: callParticipants.organizationId, keys: [callParticipants.id] },
  recording_pause: { table: callRecordingPauses, organization: callRecordingPauses.organizationId, keys: [callRecordingPauses.id] },
};

@Injectable()
export class DrizzleTelephonyExportReadModel extends TelephonyExportReadModel {
  readonly kinds = TELEPHONY_EXPORT_KINDS;

  constructor(private readonly tx: TransactionContext) {
    super();
  }

  page(organizationId: string, kind: string, after: string | null, limit: number): Promise<ExportPage> {
    return exportPageOfKind(this.tx.db, TABLES, 'telephony', kind, organizationId, after, limit);
  }
}
