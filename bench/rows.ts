import { appendFileSync } from 'node:fs';

/**
 * One line of the suite's table (`npm run bench`, bench/suite.ts), as every part reports it: the
 * parts time different things (latency, throughput, bytes, memory), so the cells are text, made
 * by the helpers below. A part run alone prints its rows; run by the suite (BENCH_ROWS set) it
 * also appends them, one JSON object per line, to that file.
 */
export interface SuiteRow {
  spec: string;
  name: string;
  /** The figure: p50 for a latency, else the one value ("11,240 msgs/s", "24.1 KB"). */
  p50: string;
  /** A latency's p99, else "—". */
  p99: string;
  baseline: string;
  ratio: string;
  budget: string;
  pass: boolean;
}

export interface Timing {
  p50: number;
  p99: number;
}

/** Times `run` `runs` times after three warm-ups: p50 and p99 in ms (of 50 runs, p99 is the slowest). */
export async function time(run: () => unknown, runs: number): Promise<Timing> {
  for (let i = 0; i < Math.min(3, runs); i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}

export const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));

/**
 * A latency case: within budget when its p99 is, and (for a deep page against the first) when its
 * p50 ratio to the baseline is. Ratios compare medians: a p99 is one unlucky sample.
 */
export function latencyRow(row: {
  spec: string;
  name: string;
  timing: Timing;
  baseline: Timing & { name: string };
  budget: number;
  ratioBudget?: number;
}): SuiteRow {
  const ratio = row.timing.p50 / row.baseline.p50;
  return {
    spec: row.spec,
    name: row.name,
    p50: ms(row.timing.p50),
    p99: ms(row.timing.p99),
    baseline: `${ms(row.baseline.p50)} / ${ms(row.baseline.p99)} (${row.baseline.name})`,
    ratio: `${ratio.toFixed(2)}×`,
    budget: `≤ ${row.budget} ms${row.ratioBudget ? `, ≤ ${row.ratioBudget}×` : ''}`,
    pass: row.timing.p99 <= row.budget && (row.ratioBudget === undefined || ratio <= row.ratioBudget),
  };
}

/** Prints the row as it comes (a long part shows progress) and hands it to the suite. */
export function emit(row: SuiteRow): SuiteRow {
  console.log(
    `${row.spec.padEnd(7)} ${row.name.padEnd(48)} ${row.p50.padStart(14)} ${row.p99.padStart(8)}  ${row.baseline.padEnd(34)} ${row.ratio.padStart(9)}  ${row.budget.padEnd(18)} ${row.pass ? 'pass' : 'FAIL'}`,
  );
  const file = process.env.BENCH_ROWS;
  if (file) appendFileSync(file, `${JSON.stringify(row)}\n`);
  return row;
}

export function markdownTable(rows: SuiteRow[]): string[] {
  return [
    '| spec | case | p50 (or figure) | p99 | baseline | ratio | budget | pass |',
    '| --- | --- | ---: | ---: | --- | ---: | --- | --- |',
    ...rows.map(
      (row) =>
        `| ${row.spec} | ${row.name} | ${row.p50} | ${row.p99} | ${row.baseline} | ${row.ratio} | ${row.budget} | ${row.pass ? 'pass' : 'FAIL'} |`,
    ),
  ];
}
