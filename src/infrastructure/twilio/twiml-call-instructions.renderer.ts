import { Injectable } from '@nestjs/common';
import twilio from 'twilio';
import { CallInstructionsRenderer, type CallPlan } from '@domain/telephony/ports/twilio-webhooks.port';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;

const LEG_EVENTS: ('initiated' | 'ringing' | 'answered' | 'completed')[] = ['initiated', 'ringing', 'answered', 'completed'];
const RECORDING_EVENTS: ('completed' | 'absent')[] = ['completed', 'absent'];

/** Renders a CallPlan as TwiML (the library escapes text and attributes). */
@Injectable()
export class TwimlCallInstructionsRenderer extends CallInstructionsRenderer {
  render(plan: CallPlan): string {
    const response = new twilio.twiml.VoiceResponse();
    switch (plan.kind) {
      case 'ring_agents':
        this.ringAgents(response, plan);
        break;
      case 'voicemail':
        response.say(plan.message);
        // Without `action`, Twilio POSTs to the current document's URL once the recording
        // ends and runs what that answers (the plan carries no action URL): the webhook that
        // served this must answer <Hangup/> when the request carries RecordingUrl. An empty
        // recording skips that request and continues to the <Hangup/> below.
        response.record({
          maxLength: plan.maxLengthSeconds,
          playBeep: true,
          recordingStatusCallback: plan.recordingStatusCallbackUrl,
          recordingStatusCallbackMethod: 'POST',
          recordingStatusCallbackEvent: RECORDING_EVENTS,
        });
        response.hangup();
        break;
      case 'dial_number': {
        const dial = response.dial({
          callerId: plan.callerId,
          timeout: plan.timeoutSeconds,
          record: 'record-from-answer-dual',
          recordingStatusCallback: plan.recordingStatusCallbackUrl,
          recordingStatusCallbackMethod: 'POST',
          recordingStatusCallbackEvent: RECORDING_EVENTS,
        });
        dial.number(
          { statusCallback: plan.legStatusCallbackUrl, statusCallbackEvent: LEG_EVENTS, statusCallbackMethod: 'POST' },
          plan.number,
        );
        break;
      }
      case 'refuse':
        // <Reject> keeps the call unanswered (and unbilled), but only as the first verb: a
        // <Say> before it answers the call anyway, and <Reject> cannot speak. The plan carries
        // a message for the caller, so we answer, say it and hang up. With no message there is
        // nothing to say, and <Reject> refuses without answering.
        if (plan.message.trim() === '') {
          response.reject({ reason: 'rejected' });
        } else {
          response.say(plan.message);
          response.hangup();
        }
        break;
      case 'hang_up':
        response.hangup();
        break;
      default: {
        const unknown: never = plan;
        throw new Error(`Unknown call plan ${(unknown as { kind?: string }).kind}`);
      }
    }
    return response.toString();
  }

  private ringAgents(response: VoiceResponse, plan: Extract<CallPlan, { kind: 'ring_agents' }>): void {
    // Sequential ringing rings one identity per <Dial>; its `action` (nextUrl) is requested
    // when that leg ends, and the caller answers with the next identity from there.
    const identities = plan.sequential ? plan.identities.slice(0, 1) : plan.identities;
    if (identities.length === 0) {
      // A <Dial> with no noun is invalid TwiML; ending the call is all that is left to do.
      response.hangup();
      return;
    }
    const dial = response.dial({
      timeout: plan.timeoutSeconds,
      record: 'record-from-answer-dual',
      recordingStatusCallback: plan.recordingStatusCallbackUrl,
      recordingStatusCallbackMethod: 'POST',
      recordingStatusCallbackEvent: RECORDING_EVENTS,
      ...(plan.callerId ? { callerId: plan.callerId } : {}),
      ...(plan.sequential && plan.nextUrl ? { action: plan.nextUrl, method: 'POST' } : {}),
    });
    for (const identity of identities) {
      dial.client({ statusCallback: plan.legStatusCallbackUrl, statusCallbackEvent: LEG_EVENTS, statusCallbackMethod: 'POST' }, identity);
    }
  }
}
