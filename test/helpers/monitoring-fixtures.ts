import { profileCategorical, profileNumeric, profileNumericOnEdges, type ColumnProfile } from "@/lib/profiles/column-profile";
import type { ManifestInput } from "@/lib/core/manifest/manifest-schema";
import { binaryManifest } from "./fixtures";
import { seededRandom } from "./seeded-random";

export { seededRandom };

export type FraudRecord = { amount: number; country: string; is_new: boolean | null };

export type FraudPopulation = {
  amountMean?: number;
  amountSd?: number;
  countries?: Record<string, number>;
  newRate?: number;
  nullRate?: number;
};

export const BASELINE: Required<FraudPopulation> = {
  amountMean: 50,
  amountSd: 15,
  countries: { US: 0.5, DE: 0.3, FR: 0.2 },
  newRate: 0.3,
  nullRate: 0.05,
};

export function fraudRecords(rng: ReturnType<typeof seededRandom>, n: number, population: FraudPopulation = {}): FraudRecord[] {
  const p = { ...BASELINE, ...population };
  return Array.from({ length: n }, () => ({
    // Rounded like real amounts; kept inside the declared range [0, 10000].
    amount: Math.max(0, Math.round(rng.normal(p.amountMean, p.amountSd) * 100) / 100),
    country: rng.choice(p.countries),
    is_new: rng.uniform() < p.nullRate ? null : rng.uniform() < p.newRate,
  }));
}

/** The fixture model (test/helpers/fixtures.ts binaryModelBytes) in plain arithmetic. */
export function fraudScore(r: FraudRecord): number {
  const a = (r.amount - 50) / 25;
  const onehot = ["US", "DE", "FR"].map((c) => (c === r.country ? 1 : 0));
  const z = 1.5 * a + 0.2 * onehot[0] - 0.4 * onehot[1] + 0.9 * onehot[2] + 1.1 * (r.is_new ? 1 : 0) - 0.5;
  return 1 / (1 + Math.exp(-z));
}

function columnProfiles(records: FraudRecord[], amountEdges?: number[], scoreEdges?: number[]) {
  const amounts = records.map((r) => r.amount);
  const scores = records.map(fraudScore);
  const amount = amountEdges ? profileNumericOnEdges(amounts, amountEdges) : profileNumeric(amounts);
  const score = scoreEdges ? profileNumericOnEdges(scores, scoreEdges) : profileNumeric(scores);
  return {
    features: {
      amount,
      country: profileCategorical(records.map((r) => r.country)),
      is_new: profileCategorical(records.map((r) => (r.is_new === null ? null : String(r.is_new)))),
    } as Record<string, ColumnProfile>,
    outputs: { class: profileCategorical(scores.map((s) => (s >= 0.5 ? "fraud" : "legit"))), score },
  };
}

/**
 * The fixture model's manifest with a training profile of `training` (features, outputs, and, for
 * each country, the country's own rows counted on the overall bins).
 */
export function monitoredFraudManifest(training: FraudRecord[], extra: Partial<ManifestInput> = {}): ManifestInput {
  const overall = columnProfiles(training);
  const amountEdges = (overall.features.amount as { binEdges: number[] }).binEdges;
  const scoreEdges = overall.outputs.score.binEdges;
  const segments: Record<
    string,
    { rows: number; features: Record<string, ColumnProfile>; outputs: Record<string, ColumnProfile> }
  > = {};
  for (const country of ["US", "DE", "FR"]) {
    const part = training.filter((r) => r.country === country);
    segments[`country=${country}`] = { rows: part.length, ...columnProfiles(part, amountEdges, scoreEdges) };
  }
  return binaryManifest({
    referenceProfile: { rows: training.length, ...overall, segments },
    segments: ["country"],
    ...extra,
  });
}

// Sending these records through the predict route lives beside, in stream-predictions.ts.
export { HOUR, settleLog, streamHour } from "./stream-predictions";
