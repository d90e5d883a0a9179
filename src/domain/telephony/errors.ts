import { ConflictError, DomainError, ForbiddenError, InvalidError, NotFoundError } from '../shared/domain-error';

export const twilioAccountNotConfigured = () =>
  new DomainError('twilio.not_configured', 'This workspace has no Twilio account configured', 'unprocessable');
export const phoneNumberNotFound = () => new NotFoundError('phone_number.not_found', 'Phone number not found');
export const phoneNumberTaken = (e164: string) => new ConflictError('phone_number.taken', `${e164} already belongs to a workspace`);
export const agentNotFound = () => new NotFoundError('agent.not_found', 'Agent not found');
export const identityTaken = (identity: string) =>
  new ConflictError('agent.identity_taken', `Identity "${identity}" is already used in this workspace`);
export const notAWorkspaceMember = () =>
  new DomainError('agent.not_workspace_member', 'Agents must be members of the workspace', 'unprocessable');
export const agentExists = () => new ConflictError('agent.already_exists', 'This member is already an agent of the workspace');
export const notAnAgent = () => new ForbiddenError('agent.required', 'Only agents of this workspace can do this');
export const callNotFound = () => new NotFoundError('call.not_found', 'Call not found');
export const invalidPhoneNumber = (value: string) =>
  new InvalidError('phone_number.invalid', `"${value}" is not a valid E.164 phone number`);

/** Twilio refused a request; `code` is Twilio's error code when it gave one. */
export class TelephonyProviderError extends DomainError {
  constructor(
    code: string,
    message: string,
    kind: 'unprocessable' | 'invalid',
    readonly providerStatus: number | null,
    readonly providerCode: number | null,
  ) {
    super(code, message, kind, { providerStatus, providerCode });
  }
}

/** Twilio could not be reached, refused our credentials, or kept failing: a 502 to the client. */
export class TelephonyUnavailableError extends DomainError {
  constructor(
    code: 'twilio.auth_failed' | 'twilio.unavailable',
    message: string,
    readonly providerStatus: number | null,
    readonly providerCode: number | null,
  ) {
    super(code, message, 'upstream', { providerStatus, providerCode });
    this.name = 'TelephonyUnavailableError';
  }
}

export const notOnCall = () =>
  new ForbiddenError('call.not_on_call', 'Only the agent on this call, or an admin, can pause or resume its recording');
export const callNotInProgress = () =>
  new ConflictError('call.not_in_progress', 'The call is not in progress: its recording cannot be paused or resumed');
export const noRecordingInProgress = () =>
  new ConflictError('call.no_recording_in_progress', 'The call has no recording in progress at Twilio');
export const recordingAlreadyPaused = () => new ConflictError('call.recording_already_paused', "The call's recording is already paused");
export const recordingNotPaused = () => new ConflictError('call.recording_not_paused', "The call's recording is not paused");
