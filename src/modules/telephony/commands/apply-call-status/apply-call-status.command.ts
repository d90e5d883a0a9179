import { OrganizationCommand } from '../../../shared';
import type { StatusReport } from '@domain/telephony/call.aggregate';

export interface CallLegReport extends StatusReport {
  callSid: string;
  parentCallSid: string | null;
  from: string;
  to: string;
}

export interface ApplyCallStatusProps {
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly report: CallLegReport;
}

/** One status report for one leg: from a callback, or from a fetch when callbacks never came. */
export class ApplyCallStatusCommand extends OrganizationCommand<ApplyCallStatusProps, { changed: boolean; known: boolean }> {}
