import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@domain/shared/domain-error';

import { TenantQueryBus, TransactionalCommandBus } from '../shared';
import { CreateAnalysisCommand } from './commands/create-analysis/create-analysis.command';
import { AudioUploadsService, ListCallRecordingsQuery } from '../recording';

/** Starts analyses: of an uploaded file (deduplicated by its hash) or of a call's stored recording. */
@Injectable()
export class AnalysisIntakeService {
  constructor(
    private readonly uploads: AudioUploadsService,
    private readonly commands: TransactionalCommandBus,
    private readonly queries: TenantQueryBus,
  ) {}

  async fromUpload(organizationId: string, file: { stream: Readable; fileName: string | null; contentType: string; maxBytes: number }) {
    const stored = await this.uploads.store(organizationId, file);
    return this.commands.execute(
      new CreateAnalysisCommand({
        organizationId,
        recording: { recordingId: stored.recordingId, callId: null, source: 'upload', fileName: file.fileName, fileHash: stored.sha256 },
      }),
    );
  }

  async fromCall(organizationId: string, callId: string) {
    const recordings = await this.queries.execute(new ListCallRecordingsQuery({ organizationId, callId }));
    const stored = recordings.find((r) => r.status === 'stored');
    if (!stored) throw new NotFoundError('recording.not_found', 'The call has no stored recording to analyse');
    return this.commands.execute(
      new CreateAnalysisCommand({
        organizationId,
        recording: { recordingId: stored.id, callId, source: 'call', fileName: null, fileHash: stored.sha256 },
      }),
    );
  }
}
