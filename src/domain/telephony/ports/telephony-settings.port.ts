/** Deployment settings the telephony use cases need, without knowing where they come from. */
export abstract class TelephonySettings {
  /** Base of every URL Twilio calls back (webhooks, recording callbacks). */
  abstract readonly publicBaseUrl: string;
  abstract readonly tokenRotationWindowSeconds: number;
  abstract readonly reconcileAfterSeconds: number;
}
