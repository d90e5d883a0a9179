import { Module, type OnApplicationBootstrap } from '@nestjs/common';
import { JobQueue } from '@domain/shared/ports/job-queue.port';
import { TelephonyGateway } from '@domain/telephony/ports/telephony-gateway.port';
import { CallerHistoryReadModel } from '@domain/telephony/ports/caller-history-read-model.port';
import { RecordingPauseReadModel, TelephonyReadModel } from '@domain/telephony/ports/telephony-read-model.port';
import {
  AgentRepository,
  CallRepository,
  RecordingPauseRepository,
  PhoneNumberRepository,
  TelephonyDirectory,
  TwilioAccountRepository,
} from '@domain/telephony/ports/telephony-repositories.port';
import { TelephonySettings } from '@domain/telephony/ports/telephony-settings.port';
import { CallInstructionsRenderer, SoftphoneTokenIssuer, WebhookSignatureVerifier } from '@domain/telephony/ports/twilio-webhooks.port';
import { AppConfig } from '@infrastructure/config/app-config';
import { DrizzleCallerHistoryReadModel } from '@infrastructure/persistence/telephony/drizzle-telephony-caller-history.read-model';
import { DrizzleTelephonyReadModel } from '@infrastructure/persistence/telephony/drizzle-telephony.read-model';
import {
  DrizzleAgentRepository,
  DrizzleCallRepository,
  DrizzlePhoneNumberRepository,
  DrizzleTelephonyDirectory,
  DrizzleTwilioAccountRepository,
} from '@infrastructure/persistence/telephony/drizzle-telephony.repositories';
import { TwilioSignatureVerifier } from '@infrastructure/twilio/twilio-signature.verifier';
import { TwilioSoftphoneTokenIssuer } from '@infrastructure/twilio/twilio-softphone-token.issuer';
import { TwilioTelephonyGateway } from '@infrastructure/twilio/twilio-telephony.gateway';
import { TwimlCallInstructionsRenderer } from '@infrastructure/twilio/twiml-call-instructions.renderer';
import { AddAgentHandler } from './commands/add-agent/add-agent.handler';
import { AddPhoneNumberHandler } from './commands/add-phone-number/add-phone-number.handler';
import { ApplyCallStatusHandler } from './commands/apply-call-status/apply-call-status.handler';
import { AssignAgentToNumberHandler } from './commands/assign-agent-to-number/assign-agent-to-number.handler';
import { AuthorizeOutboundCallHandler } from './commands/authorize-outbound-call/authorize-outbound-call.handler';
import { ConfigureTwilioAccountHandler } from './commands/configure-twilio-account/configure-twilio-account.handler';
import { ConnectSoftphoneHandler } from './commands/connect-softphone/connect-softphone.handler';
import { ReceiveInboundCallHandler } from './commands/receive-inbound-call/receive-inbound-call.handler';
import { RecordOutboundCallHandler } from './commands/record-outbound-call/record-outbound-call.handler';
import { RemoveAgentHandler } from './commands/remove-agent/remove-agent.handler';
import { RemovePhoneNumberHandler } from './commands/remove-phone-number/remove-phone-number.handler';
import { RemoveTwilioAccountHandler } from './commands/remove-twilio-account/remove-twilio-account.handler';
import { RouteSoftphoneCallHandler } from './commands/route-softphone-call/route-softphone-call.handler';
import { UnassignAgentFromNumberHandler } from './commands/unassign-agent-from-number/unassign-agent-from-number.handler';
import { UpdateAgentHandler } from './commands/update-agent/update-agent.handler';
import { UpdatePhoneNumberHandler } from './commands/update-phone-number/update-phone-number.handler';
import { AgentsController } from './http/agents.controller';
import { CallsController } from './http/calls.controller';
import { PhoneNumbersController } from './http/phone-numbers.controller';
import { TwilioAccountController } from './http/twilio-account.controller';
import { TwilioWebhooksController } from './http/twilio-webhooks.controller';
import { DialingGuard } from './commands/dialing-guard';
import { OutboundCallsService } from './outbound-calls.service';
import { RecordingPausesService } from './recording-pauses.service';
import { RecordRecordingPauseHandler } from './commands/record-recording-pause/record-recording-pause.handler';
import { DrizzleRecordingPauseRepository } from '@infrastructure/persistence/telephony/drizzle-telephony-recording-pauses.repositories';
import { DrizzleRecordingPauseReadModel } from '@infrastructure/persistence/telephony/drizzle-telephony-recording-pauses.read-model';
import { GetAgentHandler } from './queries/get-agent/get-agent.handler';
import { GetCallIdBySidHandler } from './queries/get-call-id-by-sid/get-call-id-by-sid.handler';
import { TelephonyPersonalDataEraser } from '@domain/telephony/ports/telephony-personal-data-eraser.port';
import { DrizzleTelephonyPersonalDataEraser } from '@infrastructure/persistence/telephony/drizzle-telephony-personal-data.eraser';
import { FindCallsByPartyHandler } from './queries/find-calls-by-party/find-calls-by-party.handler';
import { RedactCallPartiesHandler } from './commands/redact-call-parties/redact-call-parties.handler';
import { TwilioCallRecordsService } from './twilio-call-records.service';
import { FindAgentWorkspacesHandler } from './queries/find-agent-workspaces/find-agent-workspaces.handler';
import { GetCallHandler } from './queries/get-call/get-call.handler';
import { GetPhoneNumberHandler } from './queries/get-phone-number/get-phone-number.handler';
import { GetTwilioAccountHandler } from './queries/get-twilio-account/get-twilio-account.handler';
import { ListAgentsHandler } from './queries/list-agents/list-agents.handler';
import { ListCallsHandler } from './queries/list-calls/list-calls.handler';
import { ListPhoneNumbersHandler } from './queries/list-phone-numbers/list-phone-numbers.handler';
import { RECONCILE_CALLS_QUEUE, ReconcileCallsJob } from './jobs/reconcile-calls.job';
import { SoftphoneService } from './softphone.service';
import { TwilioAccountsService } from './twilio-accounts.service';
import { TwilioCredentialsService } from './twilio-credentials.service';
import { TwilioWebhookAuthenticator } from './webhooks/twilio-webhook.authenticator';
import { CommitNotifications } from '@domain/shared/ports/commit-notifications.port';
import { PgCommitNotifications } from '@infrastructure/events/commit-notifications';
import { TelephonyExportReadModel } from '@domain/telephony/ports/telephony-export-read-model.port';
import { DrizzleTelephonyExportReadModel } from '@infrastructure/persistence/telephony/drizzle-telephony-export.read-model';
import { ExportTelephonyRowsHandler } from './queries/export-telephony-rows/export-telephony-rows.handler';

@Module({
  controllers: [TwilioAccountController, PhoneNumbersController, AgentsController, CallsController, TwilioWebhooksController],
  providers: [
    { provide: TelephonyExportReadModel, useClass: DrizzleTelephonyExportReadModel },
    ExportTelephonyRowsHandler,
    { provide: TwilioAccountRepository, useClass: DrizzleTwilioAccountRepository },
    { provide: PhoneNumberRepository, useClass: DrizzlePhoneNumberRepository },
    { provide: AgentRepository, useClass: DrizzleAgentRepository },
    { provide: CallRepository, useClass: DrizzleCallRepository },
    { provide: RecordingPauseRepository, useClass: DrizzleRecordingPauseRepository },
    { provide: RecordingPauseReadModel, useClass: DrizzleRecordingPauseReadModel },
    { provide: TelephonyDirectory, useClass: DrizzleTelephonyDirectory },
    { provide: CommitNotifications, useClass: PgCommitNotifications },
    { provide: TelephonyReadModel, useClass: DrizzleTelephonyReadModel },
    { provide: CallerHistoryReadModel, useClass: DrizzleCallerHistoryReadModel },
    { provide: TelephonyGateway, useClass: TwilioTelephonyGateway },
    { provide: WebhookSignatureVerifier, useClass: TwilioSignatureVerifier },
    { provide: CallInstructionsRenderer, useClass: TwimlCallInstructionsRenderer },
    { provide: SoftphoneTokenIssuer, useClass: TwilioSoftphoneTokenIssuer },
    {
      provide: TelephonySettings,
      inject: [AppConfig],
      useFactory: (config: AppConfig): TelephonySettings => ({
        publicBaseUrl: config.publicBaseUrl,
        tokenRotationWindowSeconds: config.twilioTokenRotationWindowSeconds,
        reconcileAfterSeconds: config.callReconcileAfterSeconds,
      }),
    },
    TwilioCredentialsService,
    TwilioCallRecordsService,
    TwilioAccountsService,
    TwilioWebhookAuthenticator,
    OutboundCallsService,
    RecordingPausesService,
    DialingGuard,
    SoftphoneService,
    ReconcileCallsJob,
    ConfigureTwilioAccountHandler,
    RemoveTwilioAccountHandler,
    AddPhoneNumberHandler,
    UpdatePhoneNumberHandler,
    RemovePhoneNumberHandler,
    AssignAgentToNumberHandler,
    UnassignAgentFromNumberHandler,
    AddAgentHandler,
    UpdateAgentHandler,
    ConnectSoftphoneHandler,
    RemoveAgentHandler,
    ReceiveInboundCallHandler,
    RouteSoftphoneCallHandler,
    AuthorizeOutboundCallHandler,
    RecordOutboundCallHandler,
    RecordRecordingPauseHandler,
    ApplyCallStatusHandler,
    GetTwilioAccountHandler,
    ListPhoneNumbersHandler,
    GetPhoneNumberHandler,
    ListAgentsHandler,
    GetAgentHandler,
    ListCallsHandler,
    GetCallHandler,
    GetCallIdBySidHandler,
    { provide: TelephonyPersonalDataEraser, useClass: DrizzleTelephonyPersonalDataEraser },
    FindCallsByPartyHandler,
    RedactCallPartiesHandler,
    FindAgentWorkspacesHandler,
  ],
  // CallerHistoryReadModel is telephony's published read port over its calls (analysis scores callers by it).
  exports: [TwilioCredentialsService, TwilioCallRecordsService, TwilioWebhookAuthenticator, CallerHistoryReadModel],
})
export class TelephonyModule implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobQueue,
    private readonly reconcile: ReconcileCallsJob,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.jobs.work(RECONCILE_CALLS_QUEUE, async () => {
      await this.reconcile.run();
    });
    await this.jobs.schedule(RECONCILE_CALLS_QUEUE, '*/5 * * * *');
  }
}
