import { loadCorpus } from '../../../../eval/scorer/corpus';
import { belowFloors, evaluate, loadFloors } from '../../../../eval/scorer/evaluate';

/**
 * The built-in scorer measured on the labelled corpus of eval/scorer (what `npm run eval:scorer`
 * prints): a change that lowers precision, recall, F1 or AUC, or raises the false positive rate,
 * below the floors committed in eval/scorer/floors.json fails here, on the held-out part (never
 * tuned on) and on the tune part alike.
 */
describe('the built-in scorer on the evaluation corpus', () => {
  const { reports } = evaluate();
  const floors = loadFloors();

  it('holds every floor of eval/scorer/floors.json on the held-out part', () => {
    expect(floors.splits.heldout).toBeDefined();
    expect(belowFloors(reports.heldout, floors)).toEqual([]);
  });

  it('holds every floor on the tune part', () => {
    expect(floors.splits.tune).toBeDefined();
    expect(belowFloors(reports.tune, floors)).toEqual([]);
  });

  it('is flagged at the organization’s default review threshold', () => {
    expect(reports.heldout.threshold).toBe(floors.threshold);
  });

  it('a higher score means fraud more often: the fraud rate does not fall from one band to the next above 0.4', () => {
    for (const report of [reports.tune, reports.heldout]) {
      const rates = report.calibration.filter((band) => band.from >= 0.4 && band.fraudRate !== null).map((band) => band.fraudRate!);
      for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThanOrEqual(rates[i - 1]);
    }
  });
});

describe('the evaluation corpus', () => {
  const calls = loadCorpus();

  it('has at least 150 calls in English, Spanish and French, at least 25 in each other language, in both parts', () => {
    expect(calls.length).toBeGreaterThanOrEqual(150);
    for (const language of ['es', 'fr']) expect(calls.filter((c) => c.language === language).length).toBeGreaterThanOrEqual(25);
    for (const split of ['tune', 'heldout'] as const) {
      for (const language of ['en', 'es', 'fr']) {
        const part = calls.filter((c) => c.split === split && c.language === language);
        expect(part.some((c) => c.label === 'fraud')).toBe(true);
        expect(part.some((c) => c.label === 'legit')).toBe(true);
      }
    }
  });

  it('covers every scam type of issue 12 and the hard negatives it lists, in the held-out part too', () => {
    const scams = [
      'bank_otp',
      'card_details',
      'tech_support',
      'gift_card',
      'government',
      'grandparent',
      'real_estate_wire',
      'sim_swap',
      'account_takeover',
      'investment_crypto',
      'refund',
      'utility',
    ];
    const negatives = [
      'bank_never_ask',
      'agent_identity_check',
      'victim_report',
      'giftcard_legit',
      'collections',
      'fraud_dept_callback',
      'gov_legit',
      'utility_legit',
    ];
    for (const split of ['tune', 'heldout'] as const) {
      const part = calls.filter((c) => c.split === split);
      for (const scam of scams) expect(part.filter((c) => c.label === 'fraud').map((c) => c.category)).toContain(scam);
      for (const negative of negatives) expect(part.filter((c) => c.label === 'legit').map((c) => c.category)).toContain(negative);
    }
  });

  it('gives speakers as roles, as Twilio channels with the direction, and as unknown', () => {
    for (const mode of ['roles', 'channels', 'unknown'] as const) expect(calls.some((c) => c.speakers === mode)).toBe(true);
  });
});
