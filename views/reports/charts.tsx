/**
 * Server-rendered SVG charts (no chart library, no script): sizes and colours are SVG
 * presentation attributes, which the strict CSP allows (inline `style` it does not).
 */

export interface Bar {
  label: string;
  value: number;
  /** The value as shown beside the bar (defaults to the number). */
  text?: string;
}

const PALETTE = ['#2563eb', '#16a34a', '#9ca3af', '#d97706', '#7c3aed'];

/** Horizontal bars, one per row (the lead funnel). */
export function HorizontalBars({ title, bars }: { title: string; bars: Bar[] }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const row = 28;
  const labelWidth = 120;
  const chartWidth = 360;
  const height = bars.length * row + 8;
  return (
    <svg
      class="chart"
      role="img"
      aria-label={title}
      viewBox={`0 0 ${labelWidth + chartWidth + 80} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title>{title}</title>
      {bars.map((bar, i) => {
        const y = i * row + 4;
        const width = Math.round((bar.value / max) * chartWidth);
        return (
          <g>
            <text x={labelWidth - 8} y={y + 17} text-anchor="end" font-size="12" fill="#374151">
              {bar.label}
            </text>
            <rect
              x={labelWidth}
              y={y + 4}
              width={Math.max(width, 1)}
              height={row - 10}
              rx="3"
              fill={PALETTE[i % PALETTE.length]}
            />
            <text x={labelWidth + width + 6} y={y + 17} font-size="12" fill="#111827">
              {bar.text ?? bar.value.toLocaleString('en')}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/**
 * Vertical bars over days (daily volume), with the first and last day labelled. With `href` each
 * bar links to that day's rows (the dashboard's trends open the filtered report).
 */
export function DailyBars({
  title,
  days,
  href,
  fill = '#2563eb',
  unit = 'day',
}: {
  title: string;
  days: Array<{ day: string; chats: number; text?: string }>;
  href?: (day: string) => string;
  fill?: string;
  unit?: string;
}) {
  const width = 560;
  const height = 160;
  const bottom = 24;
  const max = Math.max(1, ...days.map((d) => d.chats));
  const step = days.length > 0 ? width / days.length : width;
  const first = days[0];
  const last = days.at(-1);
  return (
    <svg class="chart" role="img" aria-label={title} viewBox={`0 0 ${width} ${height}`} width="100%">
      <title>{title}</title>
      <text x="0" y="12" font-size="11" fill="#6b7280">
        max {max.toLocaleString('en')}/{unit}
      </text>
      {days.map((d, i) => {
        const h = Math.round((d.chats / max) * (height - bottom - 20));
        const label = `${d.day}: ${d.text ?? d.chats.toLocaleString('en')}`;
        const bar = (
          <rect
            x={i * step + step * 0.1}
            y={height - bottom - h}
            width={Math.max(step * 0.8, 1)}
            height={h}
            fill={fill}
          >
            <title>{label}</title>
          </rect>
        );
        if (!href) return bar;
        // The whole column is the link, so a day with no bar is as easy to hit as a busy one.
        return (
          <a href={href(d.day)} aria-label={label}>
            <rect x={i * step} y="16" width={step} height={height - bottom - 16} fill="transparent" />
            {bar}
          </a>
        );
      })}
      <line x1="0" y1={height - bottom} x2={width} y2={height - bottom} stroke="#d1d5db" />
      {first ? (
        <text x="0" y={height - 6} font-size="11" fill="#6b7280">
          {first.day}
        </text>
      ) : null}
      {last && last !== first ? (
        <text x={width} y={height - 6} font-size="11" fill="#6b7280" text-anchor="end">
          {last.day}
        </text>
      ) : null}
    </svg>
  );
}
