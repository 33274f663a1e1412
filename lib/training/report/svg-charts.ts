// Small inline-SVG charts for report.html: the report must open anywhere, offline, as one file, so
// no chart library and no script.

export interface Series {
  name: string;
  points: { x: number; y: number }[];
  color: string;
  dashed?: boolean;
}

const W = 420;
const H = 260;
const PAD = { left: 48, right: 12, top: 12, bottom: 36 };

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

export function lineChart(options: {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  xDomain?: [number, number];
  yDomain?: [number, number];
  diagonal?: boolean;
}): string {
  const all = options.series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y));
  if (all.length === 0) return "";
  const [x0, x1] = options.xDomain ?? extent(all.map((p) => p.x));
  const [y0, y1] = options.yDomain ?? extent(all.map((p) => p.y));
  const sx = (x: number) => PAD.left + ((x - x0) / (x1 - x0 || 1)) * (W - PAD.left - PAD.right);
  const sy = (y: number) => H - PAD.bottom - ((y - y0) / (y1 - y0 || 1)) * (H - PAD.top - PAD.bottom);
  const ticks = (a: number, b: number) => [0, 0.25, 0.5, 0.75, 1].map((t) => a + t * (b - a));
  const parts: string[] = [];
  for (const t of ticks(y0, y1)) {
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eee"/>`);
    parts.push(`<text x="${PAD.left - 4}" y="${sy(t) + 4}" text-anchor="end" font-size="10">${tick(t)}</text>`);
  }
  for (const t of ticks(x0, x1))
    parts.push(`<text x="${sx(t)}" y="${H - PAD.bottom + 14}" text-anchor="middle" font-size="10">${tick(t)}</text>`);
  if (options.diagonal)
    parts.push(`<line x1="${sx(x0)}" y1="${sy(y0)}" x2="${sx(x1)}" y2="${sy(y1)}" stroke="#bbb" stroke-dasharray="4 4"/>`);
  options.series.forEach((s, i) => {
    const d = s.points
      .filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y))
      .map((p, j) => `${j === 0 ? "M" : "L"}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`)
      .join("");
    parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 3"' : ""}/>`);
    parts.push(
      `<text x="${W - PAD.right - 4}" y="${PAD.top + 12 + i * 14}" text-anchor="end" font-size="11" fill="${s.color}">${escapeHtml(s.name)}</text>`,
    );
  });
  parts.push(
    `<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 6}" text-anchor="middle" font-size="11">${escapeHtml(options.xLabel)}</text>`,
  );
  parts.push(
    `<text x="12" y="${(PAD.top + H - PAD.bottom) / 2}" text-anchor="middle" font-size="11" transform="rotate(-90 12 ${(PAD.top + H - PAD.bottom) / 2})">${escapeHtml(options.yLabel)}</text>`,
  );
  return figure(
    options.title,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">${parts.join("")}</svg>`,
  );
}

export function confusionHeatmap(title: string, labels: readonly string[], matrix: readonly (readonly number[])[]): string {
  const k = labels.length;
  const cell = Math.min(60, Math.floor(300 / k));
  const left = 90;
  const top = 40;
  const max = Math.max(1, ...matrix.flat());
  const parts: string[] = [];
  labels.forEach((label, j) => {
    parts.push(
      `<text x="${left + j * cell + cell / 2}" y="${top - 6}" text-anchor="middle" font-size="10">${escapeHtml(short(label))}</text>`,
    );
  });
  matrix.forEach((row, i) => {
    parts.push(
      `<text x="${left - 6}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end" font-size="10">${escapeHtml(short(labels[i]))}</text>`,
    );
    row.forEach((v, j) => {
      const shade = Math.round(245 - (v / max) * 180);
      parts.push(
        `<rect x="${left + j * cell}" y="${top + i * cell}" width="${cell}" height="${cell}" fill="rgb(${shade},${Math.min(shade + 5, 255)},255)" stroke="#fff"/>`,
      );
      parts.push(
        `<text x="${left + j * cell + cell / 2}" y="${top + i * cell + cell / 2 + 4}" text-anchor="middle" font-size="11">${v}</text>`,
      );
    });
  });
  const width = Math.max(left + k * cell + 10, 300);
  const height = top + k * cell + 24;
  parts.push(
    `<text x="${width / 2}" y="${height - 6}" text-anchor="middle" font-size="11">rows: actual · columns: predicted</text>`,
  );
  return figure(title, `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join("")}</svg>`);
}

export function barChart(title: string, bars: { label: string; value: number }[], xLabel: string): string {
  if (bars.length === 0) return "";
  const max = Math.max(1, ...bars.map((b) => b.value));
  const bw = (W - PAD.left - PAD.right) / bars.length;
  const parts = bars.map((b, i) => {
    const h = (b.value / max) * (H - PAD.top - PAD.bottom);
    return `<rect x="${PAD.left + i * bw + 1}" y="${H - PAD.bottom - h}" width="${Math.max(1, bw - 2)}" height="${h}" fill="#4c78a8"><title>${escapeHtml(b.label)}: ${b.value}</title></rect>`;
  });
  parts.push(`<text x="${PAD.left}" y="${H - PAD.bottom + 14}" font-size="10">${escapeHtml(bars[0].label)}</text>`);
  parts.push(
    `<text x="${W - PAD.right}" y="${H - PAD.bottom + 14}" text-anchor="end" font-size="10">${escapeHtml(bars[bars.length - 1].label)}</text>`,
  );
  parts.push(
    `<text x="${(PAD.left + W - PAD.right) / 2}" y="${H - 6}" text-anchor="middle" font-size="11">${escapeHtml(xLabel)}</text>`,
  );
  return figure(title, `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${parts.join("")}</svg>`);
}

function figure(title: string, svg: string): string {
  return `<figure><figcaption>${escapeHtml(title)}</figcaption>${svg}</figure>`;
}

function extent(values: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return lo === hi ? [lo - 1, hi + 1] : [lo, hi];
}

function tick(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 0.01 || a >= 1e5) ? v.toExponential(1) : Number(v.toFixed(a < 10 ? 2 : 0)).toString();
}

function short(label: string): string {
  return label.length > 12 ? `${label.slice(0, 11)}…` : label;
}
