import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@domain/shared/clock';
import { UnitOfWork } from '@domain/shared/ports/unit-of-work.port';
import { TelephonyDirectory } from '@domain/telephony/ports/telephony-repositories.port';
import { TelephonyGateway } from '@domain/telephony/ports/telephony-gateway.port';
import { TelephonySettings } from '@domain/telephony/ports/telephony-settings.port';
import { TransactionalCommandBus } from '../../shared';
import { ApplyCallStatusCommand } from '../commands/apply-call-status/apply-call-status.command';
import { TwilioCredentialsService } from '../twilio-credentials.service';

export const RECONCILE_CALLS_QUEUE = 'telephony.reconcile-calls';
const BATCH = 200;

/**
 * For callbacks that never came: calls still open long after their last news are fetched
 * from Twilio and settled through the same command as a callback.
 */
@Injectable()
export class ReconcileCallsJob {
  private readonly logger = new Logger(ReconcileCallsJob.name);

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly directory: TelephonyDirectory,
    private readonly credentials: TwilioCredentialsService,
    private readonly gateway: TelephonyGateway,
    private readonly commands: TransactionalCommandBus,
    private readonly settings: TelephonySettings,
    private readonly clock: Clock,
  ) {}

  /** Returns how many calls were settled. */
  async run(): Promise<number> {
    const olderThan = new Date(this.clock.now().getTime() - this.settings.reconcileAfterSeconds * 1000);
    const stale = await this.unitOfWork.run({ organizationId: null }, () => this.directory.staleOpenCalls(olderThan, BATCH));
    let settled = 0;
    for (const call of stale) {
      try {
        const twilio = await this.credentials.forWorkspace(call.organizationId, call.workspaceId);
        const remote = await this.gateway.fetchCall({ accountSid: twilio.accountSid, authToken: twilio.authToken }, call.callSid);
        const result = await this.commands.execute(
          new ApplyCallStatusCommand({
            organizationId: call.organizationId,
            workspaceId: call.workspaceId,
            report: {
              callSid: remote.sid,
              parentCallSid: remote.parentCallSid,
              from: remote.from,
              to: remote.to,
              status: remote.status,
              sequence: null,
              at: remote.endTime ?? remote.startTime ?? this.clock.now(),
              durationSeconds: remote.durationSeconds,
            },
          }),
        );
        if (result.changed) settled += 1;
      } catch (error) {
        // One workspace's broken credentials must not stop the others.
        this.logger.warn({ err: error, callSid: call.callSid }, 'could not reconcile call');
      }
    }
    return settled;
  }
}
