export interface Series {
  name: string;
  points: { t: number; v: number }[];
}

const WIDTH = 600;
const HEIGHT = 200;
const PAD = { left: 48, right: 12, top: 12, bottom: 24 };
const COLOURS = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2'];

/**
 * Lines over time, drawn as SVG; a screen reader hears the latest value of each line. The x axis
 * spans the last `windowMillis` up to `now`.
 */
export function LineChart({ title, unit, series, now, windowMillis }: { title: string; unit: string; series: Series[]; now: number; windowMillis: number }) {
  const start = now - windowMillis;
  const max = niceMax(Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.v))));
  const x = (t: number) => PAD.left + ((t - start) / windowMillis) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => HEIGHT - PAD.bottom - (v / max) * (HEIGHT - PAD.top - PAD.bottom);
  const latest = series
    .map((s) => (s.points.length ? `${s.name} ${format(s.points[s.points.length - 1].v)} ${unit}` : `${s.name} no data`))
    .join(', ');
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${title}: ${latest || 'no data yet'}`}>
        {[0, 0.5, 1].map((f) => (
          <g key={f}>
            <line className="chart-grid" x1={PAD.left} x2={WIDTH - PAD.right} y1={y(max * f)} y2={y(max * f)} />
            <text className="chart-tick" x={PAD.left - 6} y={y(max * f) + 4} textAnchor="end">
              {format(max * f)}
            </text>
          </g>
        ))}
        <text className="chart-tick" x={PAD.left} y={HEIGHT - 6}>
          −{windowMillis >= 2 * 3_600_000 ? `${Math.round(windowMillis / 3_600_000)} h` : `${Math.round(windowMillis / 60000)} min`}
        </text>
        <text className="chart-tick" x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end">
          now
        </text>
        {series.map((s, i) => {
          const shown = s.points.filter((p) => p.t >= start);
          return (
            <g key={s.name}>
              <polyline fill="none" stroke={COLOURS[i % COLOURS.length]} strokeWidth={2} points={shown.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ')} />
              {/* A line of one point draws nothing: the point alone is shown as a dot. */}
              {shown.length === 1 && <circle cx={x(shown[0].t)} cy={y(shown[0].v)} r={3} fill={COLOURS[i % COLOURS.length]} />}
            </g>
          );
        })}
      </svg>
      <ul className="chart-legend" aria-hidden="true">
        {series.map((s, i) => (
          <li key={s.name}>
            <span className="swatch" style={{ background: COLOURS[i % COLOURS.length] }} /> {s.name}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** A round upper bound for the y axis, so the ticks read well: 1, 2, 5 times a power of ten. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((m) => m * power).find((m) => m >= value) ?? 10 * power;
}

function format(v: number): string {
  return v >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
}
