import * as path from 'node:path';
import { BUILTIN_SCORER_VERSION, scoreCall } from '@domain/analysis/scoring/builtin-risk-scorer';
import { DEFAULT_SCORING_CONFIGURATION } from '@domain/analysis/scoring/default-scoring-configuration';
import type { ScoringInput } from '@domain/analysis/scoring/risk-scoring';
import { loadConfig, ConfigError } from '../config/app-config';
import {
  answersBadly,
  answersSlowly,
  answersWell,
  FakeChatCompletionsServer,
  invents,
  refuses,
} from '@test/fakes/fake-chat-completions-server';
import { NO_SUMMARY_MODEL, OpenAiCompatibleCallSummarizer } from './openai-compatible.call-summarizer';
import { chatEndpoint } from './openai-compatible.chat';
import { MAX_MODEL_WEIGHT, OpenAiCompatibleRiskScorer } from './openai-compatible.risk-scorer';

const KEY = 'sk-test-5c2b1a09f8e7d6c5b4a3928170';
const config = DEFAULT_SCORING_CONFIGURATION;

function appConfig(env: Record<string, string> = {}) {
  return loadConfig({ NODE_ENV: 'test', ENCRYPTION_KEY: '0f'.repeat(32), DATA_DIR: path.resolve(__dirname, '../../../.tmp'), ...env });
}

/* A delivery scam in which the rules see little: the model is asked what they miss. */
const CALL: ScoringInput = {
  transcript: {
    text: '',
    language: 'en',
    segments: [
      { speaker: 'channel:1', startMs: 0, endMs: 5000, text: 'Hello, this is the parcel depot, your package is stuck at our warehouse.' },
      { speaker: 'channel:2', startMs: 5000, endMs: 7000, text: 'Oh, what do I need to do?' },
      {
        speaker: 'channel:1',
        startMs: 7000,
        endMs: 14000,
        text: 'There is a small redelivery charge of one ninety-nine, I can take it over the phone from the card you use.',
      },
    ],
  },
  call: { direction: 'inbound', from: '+13125550147', to: '+14155550100', stirVerstat: null, durationSeconds: 20, homeCountry: 'US' },
  history: null,
};

describe('OpenAiCompatibleRiskScorer against a local chat API', () => {
  let fake: FakeChatCompletionsServer;
  const scorer = (env: Record<string, string> = {}) =>
    new OpenAiCompatibleRiskScorer(
      appConfig({ SCORING_MODEL_API_URL: fake.baseUrl, SCORING_MODEL_API_KEY: KEY, SCORING_MODEL: 'fraud-small', ...env }),
    );

  beforeAll(async () => {
    fake = await FakeChatCompletionsServer.start({ key: KEY });
  });
  afterAll(() => fake.close());

  it('off by default: without SCORING_MODEL_API_URL it is the built-in scorer, and nothing is asked', async () => {
    const before = fake.requests.length;
    expect(await new OpenAiCompatibleRiskScorer(appConfig()).score(CALL, config)).toEqual(scoreCall(CALL, config));
    expect(fake.requests.length).toBe(before);
  });

  it('answering well: verified factors beside the built-in ones, quoting the transcript’s own words, both versions named', async () => {
    fake.enqueue(
      answersWell({
        factors: [
          {
            code: 'Advance Fee',
            weight: 0.7,
            quotes: ['SMALL redelivery charge of one-ninety-nine', 'take it over the phone from the card'],
          },
          { code: 'impersonation', weight: 0.2, quotes: ['this is the parcel depot'] },
        ],
      }),
    );
    const result = await scorer().score(CALL, config);
    expect(result.scorerVersion).toBe(`${BUILTIN_SCORER_VERSION}+model:fraud-small/p1`);
    const model = result.riskFactors.find((f) => f.code === 'model_advance_fee')!;
    expect(model.weight).toBe(0.7);
    expect(model.evidence).toEqual([
      {
        kind: 'phrase',
        phrase: 'small redelivery charge of one ninety-nine',
        text: CALL.transcript!.segments[2].text,
        speaker: 'channel:1',
        startMs: 7000,
        endMs: 14000,
      },
      {
        kind: 'phrase',
        phrase: 'take it over the phone from the card',
        text: CALL.transcript!.segments[2].text,
        speaker: 'channel:1',
        startMs: 7000,
        endMs: 14000,
      },
    ]);
    expect(result.riskFactors.map((f) => f.code)).toContain('model_impersonation');
    for (const builtin of scoreCall(CALL, config).riskFactors) expect(result.riskFactors).toContainEqual(builtin);
    expect(result.fraudScore).toBeGreaterThanOrEqual(0.7);

    const request = fake.requests.at(-1)!;
    expect(request.bearer).toBe(KEY);
    expect(request.body).toMatchObject({ model: 'fraud-small', temperature: 0, response_format: { type: 'json_object' } });
    expect(request.body!.messages![1].content).toContain('[7.0s] caller: There is a small redelivery charge');
    expect(request.body!.messages![1].content).toContain('agent: Oh, what do I need to do?');
  });

  it('with invented quotes: what is not in the transcript is dropped, never shown, and said in a note', async () => {
    fake.enqueue(invents('read me the code we sent', 'your account will be closed today'));
    const invented = await scorer().score(CALL, config);
    expect(invented.riskFactors.filter((f) => f.code.startsWith('model_'))).toEqual([]);
    expect(invented.fraudScore).toBe(scoreCall(CALL, config).fraudScore);
    expect(invented.notes).toContain('Model fraud-small: 2 quoted passages were not in the transcript and were dropped');

    fake.enqueue(
      answersWell({ factors: [{ code: 'advance_fee', weight: 0.6, quotes: ['a small redelivery charge', 'pay with your PIN now'] }] }),
    );
    const mixed = await scorer().score(CALL, config);
    const factor = mixed.riskFactors.find((f) => f.code === 'model_advance_fee')!;
    expect(factor.evidence.map((e) => (e.kind === 'phrase' ? e.phrase : null))).toEqual(['a small redelivery charge']);
    const said = CALL.transcript!.segments.map((s) => s.text).join(' ');
    for (const f of mixed.riskFactors) for (const e of f.evidence) if (e.kind === 'phrase') expect(said).toContain(e.phrase);
  });

  it('a quote of one word proves nothing; weights are capped; a model cannot lower what the rules found', async () => {
    const scam: ScoringInput = {
      ...CALL,
      transcript: {
        text: '',
        language: 'en',
        segments: [{ speaker: 'caller', startMs: 0, endMs: 3000, text: 'Read me the code we just sent you, quickly.' }],
      },
    };
    fake.enqueue(
      answersWell({
        factors: [
          { code: 'otp', weight: 7, quotes: ['code'] },
          { code: 'otp_request', weight: 2, quotes: ['read me the code'] },
        ],
      }),
    );
    const result = await scorer().score(scam, config);
    expect(result.riskFactors.find((f) => f.code === 'model_otp')).toBeUndefined();
    expect(result.riskFactors.find((f) => f.code === 'model_otp_request')!.weight).toBe(MAX_MODEL_WEIGHT);

    fake.enqueue(answersWell({ factors: [] }));
    const calm = await scorer().score(scam, config);
    expect(calm.fraudScore).toBe(scoreCall(scam, config).fraudScore);
    expect(calm.scorerVersion).toBe(`${BUILTIN_SCORER_VERSION}+model:fraud-small/p1`);
  });

  it('answering badly: the built-in score stands, named alone, with the reason in a note', async () => {
    const builtin = scoreCall(CALL, config);
    const expectFallback = async (reason: RegExp) => {
      const result = await scorer().score(CALL, config);
      expect(result.scorerVersion).toBe(BUILTIN_SCORER_VERSION);
      expect(result.fraudScore).toBe(builtin.fraudScore);
      expect(result.riskFactors).toEqual(builtin.riskFactors);
      expect(result.notes!.at(-1)).toMatch(reason);
      return result;
    };
    fake.enqueue(answersBadly());
    await expectFallback(/^Model fraud-small not used \(answered a message that is not a JSON object\): the built-in score stands$/);
    fake.enqueue({ status: 200, body: '<html>Bad gateway</html>' });
    await expectFallback(/not JSON/);
    fake.enqueue(answersWell({ verdict: 'fraud' }));
    await expectFallback(/no list of factors/);
    fake.enqueue(refuses(500));
    await expectFallback(/refused \(HTTP 500\): The server had an error/);
  });

  it('a wrong key: refused, and the key is never repeated in the note', async () => {
    const result = await scorer({ SCORING_MODEL_API_KEY: 'sk-wrong-0123456789abcdef' }).score(CALL, config);
    expect(result.notes!.at(-1)).toMatch(/refused \(HTTP 401\)/);
    expect(result.notes!.join(' ')).not.toContain('sk-wrong-0123456789abcdef');
    expect(result.notes!.join(' ')).toContain('[redacted]');
  });

  it('answering slowly: past SCORING_MODEL_TIMEOUT_SECONDS the built-in score stands', async () => {
    fake.enqueue(answersSlowly(1500, { factors: [{ code: 'late', weight: 0.9, quotes: ['the parcel depot'] }] }));
    const started = Date.now();
    const result = await scorer({ SCORING_MODEL_TIMEOUT_SECONDS: '1' }).score(CALL, config);
    expect(Date.now() - started).toBeLessThan(1450);
    expect(result.scorerVersion).toBe(BUILTIN_SCORER_VERSION);
    expect(result.notes!.at(-1)).toBe('Model fraud-small not used (no answer within 1 s): the built-in score stands');
  });

  it('unreachable: the built-in score stands', async () => {
    const result = await new OpenAiCompatibleRiskScorer(appConfig({ SCORING_MODEL_API_URL: 'http://127.0.0.1:9' })).score(CALL, config);
    expect(result.notes!.at(-1)).toMatch(/not used \(unreachable: /);
  });

  it('a call without a transcript is not sent', async () => {
    const before = fake.requests.length;
    const result = await scorer().score({ ...CALL, transcript: null }, config);
    expect(result).toEqual(scoreCall({ ...CALL, transcript: null }, config));
    expect(fake.requests.length).toBe(before);
  });
});

describe('OpenAiCompatibleCallSummarizer against a local chat API', () => {
  let fake: FakeChatCompletionsServer;
  const spanish: NonNullable<ScoringInput['transcript']> = {
    text: '',
    language: null,
    segments: [
      {
        speaker: 'caller',
        startMs: 0,
        endMs: 6000,
        text: 'Buenos días, le llamo del departamento de seguridad de su banco, hemos visto un cargo sospechoso.',
      },
      {
        speaker: 'caller',
        startMs: 6000,
        endMs: 12000,
        text: 'Le va a llegar un código por SMS, en cuanto le llegue me lo dicta, por favor.',
      },
      { speaker: 'agent', startMs: 12000, endMs: 14000, text: 'No, prefiero llamar yo al banco.' },
    ],
  };
  const summarizer = (env: Record<string, string> = {}) =>
    new OpenAiCompatibleCallSummarizer(appConfig({ SCORING_MODEL_API_URL: `${fake.baseUrl}/v1`, SCORING_MODEL: 'sum-small', ...env }));

  beforeAll(async () => {
    fake = await FakeChatCompletionsServer.start();
  });
  afterAll(() => fake.close());

  it('without a model, the summary says so', async () => {
    expect(await new OpenAiCompatibleCallSummarizer(appConfig()).summarize(spanish)).toEqual({
      summary: NO_SUMMARY_MODEL,
      language: 'es',
      writtenBy: 'none',
      removedQuotes: 0,
    });
  });

  it('asks for the call’s language, keeps quotes the transcript has, and replaces invented ones', async () => {
    fake.enqueue(
      answersWell({
        summary:
          'Alguien que dice llamar "del departamento de seguridad de su banco" pide el código del SMS ("me lo dicta") y amenaza con "bloquear su cuenta hoy". El cliente se niega.',
      }),
    );
    const result = await summarizer().summarize(spanish);
    expect(result).toEqual({
      summary:
        'Alguien que dice llamar "del departamento de seguridad de su banco" pide el código del SMS ("me lo dicta") y amenaza con […]. El cliente se niega.',
      language: 'es',
      writtenBy: 'model:sum-small/s1',
      removedQuotes: 1,
    });
    expect(fake.requests.at(-1)!.body!.messages![0].content).toContain('Write in Spanish (español).');
  });

  it('a model that fails throws, saying whether a retry may work', async () => {
    fake.enqueue(answersBadly());
    await expect(summarizer().summarize(spanish)).rejects.toMatchObject({ name: 'ChatModelError', retryable: false });
    fake.enqueue(refuses(503));
    await expect(summarizer().summarize(spanish)).rejects.toMatchObject({ retryable: true, status: 503 });
  });
});

describe('scoring model settings', () => {
  it('are off by default, and read with defaults when SCORING_MODEL_API_URL is set', () => {
    expect(appConfig().scoringModel).toBeNull();
    expect(appConfig({ SCORING_MODEL_API_URL: 'https://api.openai.com/v1/' }).scoringModel).toEqual({
      url: 'https://api.openai.com/v1',
      key: null,
      model: 'gpt-4o-mini',
      timeoutMs: 30_000,
    });
    expect(chatEndpoint('https://api.openai.com/v1')).toBe('https://api.openai.com/v1/chat/completions');
    expect(chatEndpoint('http://localhost:11434')).toBe('http://localhost:11434/v1/chat/completions');
  });

  it('refuse a bad URL or timeout, with every problem at once', () => {
    expect(() => appConfig({ SCORING_MODEL_API_URL: 'not a url', SCORING_MODEL_TIMEOUT_SECONDS: '0' })).toThrow(ConfigError);
    try {
      appConfig({ SCORING_MODEL_API_URL: 'not a url', SCORING_MODEL_TIMEOUT_SECONDS: '0' });
    } catch (error) {
      expect((error as ConfigError).problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^SCORING_MODEL_API_URL must be a URL/),
          expect.stringMatching(/^SCORING_MODEL_TIMEOUT_SECONDS must be an integer/),
        ]),
      );
    }
  });
});
