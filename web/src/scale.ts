// The map's colour scale: shares of world production in seven classes, from a sequential
// palette (ColorBrewer YlOrRd), so that 50-75% and 75-100% read apart at a glance, and one
// grey for "no figure published" that no class uses.

export interface ShareClass {
  /** Inclusive lower bound, percent. */
  from: number;
  /** Exclusive upper bound, percent (100 is inclusive for the last class). */
  to: number;
  label: string;
  color: string;
}

export const shareClasses: readonly ShareClass[] = [
  { from: 0, to: 1, label: 'under 1%', color: '#ffffb2' },
  { from: 1, to: 5, label: '1–5%', color: '#fed976' },
  { from: 5, to: 10, label: '5–10%', color: '#feb24c' },
  { from: 10, to: 25, label: '10–25%', color: '#fd8d3c' },
  { from: 25, to: 50, label: '25–50%', color: '#fc4e2a' },
  { from: 50, to: 75, label: '50–75%', color: '#e31a1c' },
  { from: 75, to: 100, label: '75–100%', color: '#b10026' },
];

export const noFigureColor = '#d4d4d4';

/** classOf returns the index of the class a percent falls in, or -1 for null. */
export function classOf(p: number | null | undefined): number {
  if (p == null || Number.isNaN(p)) return -1;
  for (let i = 0; i < shareClasses.length; i++) {
    if (p < shareClasses[i].to) return i;
  }
  return shareClasses.length - 1;
}

/** colorOf returns the fill of a percent: its class's colour, or the no-figure grey. */
export function colorOf(p: number | null | undefined): string {
  const i = classOf(p);
  return i < 0 ? noFigureColor : shareClasses[i].color;
}

/** textColorOn returns black or white, whichever reads on the class's colour. */
export function textColorOn(p: number | null | undefined): string {
  return classOf(p) >= 4 ? '#fff' : '#111';
}
