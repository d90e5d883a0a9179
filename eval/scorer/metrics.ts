/**
 * Classification figures at a threshold, and ranking (AUC) and calibration over scores.
 * Fraud is the positive class; a call is flagged when its score is at or above the threshold,
 * as the analysis pipeline sends it to review.
 */

export interface Scored {
  score: number;
  fraud: boolean;
}

export interface Figures {
  calls: number;
  fraud: number;
  legit: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  /** null when nothing was flagged. */
  precision: number | null;
  /** null without fraudulent calls. */
  recall: number | null;
  f1: number | null;
  /** null without legitimate calls. */
  falsePositiveRate: number | null;
  /** null unless both classes are present. */
  auc: number | null;
}

export function figures(items: readonly Scored[], threshold: number): Figures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { score, fraud } of items) {
    const flagged = score >= threshold;
    if (fraud && flagged) tp++;
    else if (fraud) fn++;
    else if (flagged) fp++;
    else tn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : null;
  const recall = tp + fn > 0 ? tp / (tp + fn) : null;
  const f1 =
    precision !== null && recall !== null && precision + recall > 0
      ? (2 * precision * recall) / (precision + recall)
      : precision === 0 || recall === 0
        ? 0
        : null;
  return {
    calls: items.length,
    fraud: tp + fn,
    legit: fp + tn,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision,
    recall,
    f1,
    falsePositiveRate: fp + tn > 0 ? fp / (fp + tn) : null,
    auc: auc(items),
  };
}

/** Area under the ROC curve: the chance a fraudulent call outscores a legitimate one (ties count half). */
export function auc(items: readonly Scored[]): number | null {
  const positives = items.filter((i) => i.fraud).map((i) => i.score);
  const negatives = items.filter((i) => !i.fraud).map((i) => i.score);
  if (positives.length === 0 || negatives.length === 0) return null;
  let wins = 0;
  for (const p of positives) for (const n of negatives) wins += p > n ? 1 : p === n ? 0.5 : 0;
  return wins / (positives.length * negatives.length);
}

export interface Band {
  from: number;
  to: number;
  calls: number;
  fraud: number;
  /** null when the band is empty. */
  fraudRate: number | null;
}

/** Fraud rate per score band: a calibrated scorer's rate rises with the score. */
export function calibration(items: readonly Scored[], edges: readonly number[] = [0, 0.2, 0.4, 0.6, 0.8, 1]): Band[] {
  const bands: Band[] = [];
  for (let i = 0; i < edges.length - 1; i++) {
    const from = edges[i];
    const to = edges[i + 1];
    const last = i === edges.length - 2;
    const inside = items.filter((item) => item.score >= from && (last ? item.score <= to : item.score < to));
    const fraud = inside.filter((item) => item.fraud).length;
    bands.push({ from, to, calls: inside.length, fraud, fraudRate: inside.length ? fraud / inside.length : null });
  }
  return bands;
}
