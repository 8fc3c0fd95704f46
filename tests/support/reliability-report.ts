/**
 * The figures of a fault scenario (docs/reliability.md): printed as one JSON line when
 * RELIABILITY_REPORT=1, silent otherwise, so the docs quote measured counts, not impressions.
 */
export function reportFigures(scenario: string, figures: Record<string, unknown>): void {
  if (process.env.RELIABILITY_REPORT !== '1') return;
  process.stdout.write(`RELIABILITY ${JSON.stringify({ scenario, ...figures })}\n`);
}
