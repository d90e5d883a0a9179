import { Call, type StatusReport } from './call.aggregate';

const t0 = Date.parse('2026-02-12T11:48:25Z');
const at = (s: number) => new Date(t0 + s * 1000);
const reports: StatusReport[] = [
  { status: 'initiated', sequence: 0, at: at(0), durationSeconds: null },
  { status: 'ringing', sequence: 1, at: at(2), durationSeconds: null },
  { status: 'in_progress', sequence: 2, at: at(16), durationSeconds: null },
  { status: 'completed', sequence: 3, at: at(98), durationSeconds: 82 },
];

function open(): Call {
  const call = Call.open({
    organizationId: 'org',
    workspaceId: 'ws',
    callSid: 'CA1',
    direction: 'outbound',
    from: '+18885550199',
    to: '+14155550100',
    status: 'queued',
    now: at(60 * 60),
  });
  call.pullEvents();
  return call;
}

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((x, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]));
}

describe('Call status callbacks', () => {
  const inOrder = open();
  reports.forEach((r) => inOrder.applyStatus(r));
  const expected = { ...inOrder.snapshot(), id: undefined, participants: undefined };

  it('in order: completed, with times from the callbacks', () => {
    expect(inOrder.snapshot()).toMatchObject({
      status: 'completed',
      lastSequence: 3,
      startedAt: at(0),
      answeredAt: at(16),
      endedAt: at(98),
      durationSeconds: 82,
    });
  });

  it.each(permutations(reports).map((p, i) => [i, p] as const))(
    'every order converges (permutation %i), duplicates included',
    (_, order) => {
      const call = open();
      for (const r of [...order, ...order.slice(0, 2)]) call.applyStatus(r);
      expect({ ...call.snapshot(), id: undefined, participants: undefined }).toEqual(expected);
    },
  );

  it('never lets a terminal status go back, and records one event per real change', () => {
    const call = open();
    expect(call.applyStatus(reports[3]!)).toBe(true);
    expect(call.pullEvents().map((e) => e.type)).toEqual(['call.completed']);
    expect(call.applyStatus({ status: 'ringing', sequence: 9, at: at(7200), durationSeconds: null })).toBe(false);
    expect(call.status).toBe('completed');
    expect(call.applyStatus(reports[3]!)).toBe(false);
    expect(call.pullEvents()).toEqual([]);
  });

  it('reports busy and no-answer as failures', () => {
    const call = open();
    call.applyStatus({ status: 'busy', sequence: 2, at: at(10), durationSeconds: 0 });
    expect(call.pullEvents().map((e) => e.type)).toEqual(['call.failed']);
    expect(call.snapshot().answeredAt).toBeNull();
  });

  it('never puts the answer before the start: a derived answer is clamped, an earlier reported one moves the start back', () => {
    const call = open(); // started at(3600)
    // Only the completed callback came, with a duration longer than what we saw of the call.
    call.applyStatus({ status: 'completed', sequence: 5, at: at(3610), durationSeconds: 82 });
    const { startedAt, answeredAt } = call.snapshot();
    expect(answeredAt!.getTime()).toBeGreaterThanOrEqual(startedAt!.getTime());
    expect(answeredAt).toEqual(at(3600));

    const reported = open();
    reported.applyStatus({ status: 'in_progress', sequence: 2, at: at(3590), durationSeconds: null });
    expect(reported.snapshot()).toMatchObject({ startedAt: at(3590), answeredAt: at(3590) });
  });
});
