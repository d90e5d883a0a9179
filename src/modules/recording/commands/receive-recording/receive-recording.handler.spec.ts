import { FixedClock } from '@test/fakes/ports/clock.fake';
import { RecordingJobQueue } from '@test/fakes/ports/job-queue.fake';
import { FakeQueryBus } from '@test/fakes/ports/query-bus.fake';
import { InMemoryRecordingRepository } from '@test/fakes/ports/recording-ports.fake';
import { GetCallIdBySidQuery } from '@modules/telephony';
import { IMPORT_RECORDING_QUEUE } from '../../recording-queues';
import { ReceiveRecordingCommand, type RecordingCallback } from './receive-recording.command';
import { ReceiveRecordingHandler } from './receive-recording.handler';

const ORG = '0193a000-0000-7000-8000-000000000001';
const WS = '0193a000-0000-7000-8000-000000000002';
const CALL = '0193a000-0000-7000-8000-000000000003';

function callback(patch: Partial<RecordingCallback> = {}): RecordingCallback {
  return {
    recordingSid: `RE${'1'.repeat(32)}`,
    accountSid: `AC${'2'.repeat(32)}`,
    callSid: `CA${'3'.repeat(32)}`,
    status: 'completed',
    channels: 2,
    durationSeconds: 12,
    source: 'DialVerb',
    startedAt: null,
    errorCode: null,
    mediaUrl: 'https://api.twilio.com/recording',
    ...patch,
  };
}

function setUp() {
  const recordings = new InMemoryRecordingRepository();
  const jobs = new RecordingJobQueue();
  const queries = new FakeQueryBus().answer(GetCallIdBySidQuery, (q) => (q.props.callSid === callback().callSid ? CALL : null));
  const handler = new ReceiveRecordingHandler(recordings, queries.asBus(), jobs, new FixedClock());
  const receive = (patch: Partial<RecordingCallback> = {}) =>
    handler.execute(new ReceiveRecordingCommand({ organizationId: ORG, workspaceId: WS, callback: callback(patch) }));
  return { recordings, jobs, receive };
}

describe('ReceiveRecordingHandler', () => {
  it('records a completed recording against its call and enqueues its import in the same transaction', async () => {
    const { recordings, jobs, receive } = setUp();
    const { recordingId, created } = await receive();
    expect(created).toBe(true);
    expect(recordings.rows.get(recordingId!)?.snapshot()).toMatchObject({ callId: CALL, status: 'pending' });
    expect(recordings.saved).toEqual([{ id: recordingId, events: ['recording.received'] }]);
    expect(jobs.sent).toEqual([{ queue: IMPORT_RECORDING_QUEUE, data: { organizationId: ORG, recordingId }, options: undefined }]);
  });

  it('changes nothing for a duplicate callback or an in-progress one', async () => {
    const { recordings, jobs, receive } = setUp();
    const first = await receive();
    await expect(receive()).resolves.toEqual({ recordingId: first.recordingId, created: false });
    await expect(receive({ recordingSid: `RE${'9'.repeat(32)}`, status: 'in-progress' })).resolves.toEqual({
      recordingId: null,
      created: false,
    });
    expect(recordings.saved).toHaveLength(1);
    expect(jobs.sent).toHaveLength(1);
  });

  it('records an absent recording without importing it, and a recording of an unknown call without a call', async () => {
    const { recordings, jobs, receive } = setUp();
    const absent = await receive({ status: 'absent', callSid: `CA${'4'.repeat(32)}` });
    expect(recordings.rows.get(absent.recordingId!)?.snapshot()).toMatchObject({ status: 'absent', callId: null });
    expect(recordings.saved).toEqual([{ id: absent.recordingId, events: ['recording.absent'] }]);
    expect(jobs.sent).toEqual([]);
  });
});
