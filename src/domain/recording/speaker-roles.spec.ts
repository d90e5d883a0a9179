import { channelSpeakers } from './speaker-roles';

describe('channelSpeakers', () => {
  const agent = '0190f1f2-0000-7000-8000-0000000000aa';

  it('puts the caller on the first channel of an inbound call and the agent who answered on the second', () => {
    expect(channelSpeakers({ direction: 'inbound', agentUserId: agent })).toEqual(['caller', `agent:${agent}`]);
  });

  it('puts the agent on the first channel of a click-to-call and the person called on the second', () => {
    expect(channelSpeakers({ direction: 'outbound', agentUserId: agent })).toEqual([`agent:${agent}`, 'caller']);
  });

  it('says agent without an id when nobody known answered', () => {
    expect(channelSpeakers({ direction: 'inbound', agentUserId: null })).toEqual(['caller', 'agent']);
  });
});
