import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { erasureRequestNotFound } from '@domain/privacy/errors';
import { ErasureRequestRepository } from '@domain/privacy/ports/erasure-request-repository.port';
import { Clock } from '@domain/shared/clock';
import { workOf, type ErasureWork } from '../run-erasure-step/run-erasure-step.command';
import { RecordErasureAttemptCommand } from './record-erasure-attempt.command';

@CommandHandler(RecordErasureAttemptCommand)
export class RecordErasureAttemptHandler implements ICommandHandler<RecordErasureAttemptCommand, ErasureWork> {
  constructor(
    private readonly requests: ErasureRequestRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ props: c }: RecordErasureAttemptCommand): Promise<ErasureWork> {
    const request = await this.requests.findForUpdate(c.organizationId, c.erasureRequestId);
    if (!request) throw erasureRequestNotFound();
    if ('started' in c.outcome) request.startAttempt(this.clock.now());
    else request.failed(c.outcome.failed, this.clock.now());
    await this.requests.save(request);
    return workOf(request);
  }
}
