export { TelephonyModule } from './telephony.module';
export { ReconcileCallsJob, RECONCILE_CALLS_QUEUE } from './jobs/reconcile-calls.job';
export { TwilioCredentialsService, type WorkspaceTwilio } from './twilio-credentials.service';
export { TwilioWebhookAuthenticator, type WebhookRequest } from './webhooks/twilio-webhook.authenticator';
export { CallDetailDto } from './http/telephony.dto';
export { GetCallQuery } from './queries/get-call/get-call.query';
export { GetCallIdBySidQuery } from './queries/get-call-id-by-sid/get-call-id-by-sid.query';
export { tryE164 } from '../../domain/telephony/phone-number';
export { readTwilioWebhook, assertWellFormed as assertWellFormedTwilioWebhook } from './http/twilio-webhook-form';
