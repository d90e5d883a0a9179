import { Module } from '@nestjs/common';
import { DeletionReceipts } from '@domain/privacy/ports/deletion-receipts.port';
import { ErasureRequestRepository } from '@domain/privacy/ports/erasure-request-repository.port';
import { PrivacyReadModel } from '@domain/privacy/ports/privacy-read-model.port';
import { StoredAnswersEraser } from '@domain/shared/ports/stored-answers-eraser.port';
import { DrizzleStoredAnswersEraser } from '@infrastructure/persistence/platform/drizzle-platform-stored-answers.eraser';
import { DrizzlePrivacyReadModel } from '@infrastructure/persistence/privacy/drizzle-privacy.read-model';
import { DrizzleDeletionReceipts, DrizzleErasureRequestRepository } from '@infrastructure/persistence/privacy/drizzle-privacy.repositories';
import { AnalysisModule } from '@modules/analysis';
import { AuditModule } from '@modules/audit';
import { DataModule } from '@modules/data';
import { EventsModule } from '@modules/events';
import { RecordingModule } from '@modules/recording';
import { TelephonyModule } from '@modules/telephony';
import { RecordDeletionReceiptsHandler } from './commands/record-deletion-receipts/record-deletion-receipts.handler';
import { RecordErasureAttemptHandler } from './commands/record-erasure-attempt/record-erasure-attempt.handler';
import { RequestErasureHandler } from './commands/request-erasure/request-erasure.handler';
import { RunErasureStepHandler } from './commands/run-erasure-step/run-erasure-step.handler';
import { ErasureRequestsController } from './http/erasure-requests.controller';
import { GetErasureRequestHandler } from './queries/get-erasure-request/get-erasure-request.handler';
import { ListDeletionReceiptsHandler } from './queries/list-deletion-receipts/list-deletion-receipts.handler';
import { ListErasureRequestsHandler } from './queries/list-erasure-requests/list-erasure-requests.handler';
import { DeleteRecordingCopiesSubscriber } from './reactions/delete-recording-copies.subscriber';
import { ErasePersonalDataReaction } from './reactions/erase-personal-data.reaction';

/**
 * Personal data's end of life: erasure requests (by phone number) carried out across every
 * context through their published commands, and the receipts of every deletion, erasure's and
 * retention's. Nothing depends on it.
 */
@Module({
  imports: [TelephonyModule, RecordingModule, AnalysisModule, EventsModule, AuditModule, DataModule],
  controllers: [ErasureRequestsController],
  providers: [
    { provide: ErasureRequestRepository, useClass: DrizzleErasureRequestRepository },
    { provide: DeletionReceipts, useClass: DrizzleDeletionReceipts },
    { provide: PrivacyReadModel, useClass: DrizzlePrivacyReadModel },
    { provide: StoredAnswersEraser, useClass: DrizzleStoredAnswersEraser },
    RequestErasureHandler,
    RecordErasureAttemptHandler,
    RunErasureStepHandler,
    RecordDeletionReceiptsHandler,
    GetErasureRequestHandler,
    ListErasureRequestsHandler,
    ListDeletionReceiptsHandler,
    ErasePersonalDataReaction,
    DeleteRecordingCopiesSubscriber,
  ],
})
export class PrivacyModule {}
