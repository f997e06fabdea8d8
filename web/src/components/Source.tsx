// Where a figure comes from. Every figure on screen carries one: on hover (a title) and on
// click (the publisher, title, year and a link to check it).
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { SourceFieldsFragment } from '../gql/graphql';
import { NO_FIGURE } from '../format';

export const SourceFields = graphql(`
  fragment SourceFields on Source {
    id
    publisher
    title
    year
    url
  }
`);

export type SourceInfo = SourceFieldsFragment;

/** sourceText is a source in one line: "U.S. Geological Survey, Mineral Commodity Summaries 2025 (2025)". */
export function sourceText(s: SourceInfo): string {
  return `${s.publisher}, ${s.title} (${s.year})`;
}

/** distinctSources keeps each source once, in first-seen order. */
export function distinctSources(sources: ReadonlyArray<SourceInfo | null | undefined>): SourceInfo[] {
  const seen = new Map<string, SourceInfo>();
  for (const s of sources) if (s && !seen.has(s.id)) seen.set(s.id, s);
  return [...seen.values()];
}

/** SourceLine cites a source, linked when it has an address. */
export function SourceLine({ source, prefix = 'Source' }: { source: SourceInfo; prefix?: string }) {
  return (
    <p class="source">
      <span class="source-label">{prefix}: </span>
      {source.publisher}, <cite>{source.title}</cite> ({source.year})
      {source.url && (
        <>
          {' '}
          <a href={source.url} target="_blank" rel="noopener noreferrer">
            open the source<span class="visually-hidden"> (opens in a new tab)</span>
          </a>
        </>
      )}
    </p>
  );
}

/** Sources cites several sources, or says that a figure is computed from them. */
export function Sources({ sources, prefix }: { sources: SourceInfo[]; prefix?: string }) {
  if (sources.length === 0) return <p class="source">No source: the API returned no figures here.</p>;
  return (
    <>
      {sources.map((s) => (
        <SourceLine key={s.id} source={s} prefix={prefix} />
      ))}
    </>
  );
}

interface FigureProps {
  /** The figure as written ("98.4%"), or null when the API returned none. */
  text: string | null;
  /** What the figure is, for screen readers and the details: "China's share of gallium refining, 2023". */
  label: string;
  /** The source the figure cites; or several, for a figure computed from others. */
  sources: SourceInfo[];
  /** More about the figure, shown with its source. */
  detail?: ComponentChildren;
}

/**
 * Figure is one number on screen with its source: hovering shows the source, clicking (or
 * Enter) opens the details, Escape closes them. A null figure reads "no figure published".
 */
export function Figure({ text, label, sources, detail }: FigureProps) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const ref = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', close);
    document.addEventListener('pointerdown', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('pointerdown', close);
    };
  }, [open]);
  const hover = sources.length ? `${label}. Source: ${sources.map(sourceText).join('; ')}` : label;
  return (
    <span class="figure" ref={ref}>
      <button
        type="button"
        class={text == null ? 'figure-value nofigure' : 'figure-value'}
        title={hover}
        aria-expanded={open}
        aria-controls={id}
        aria-label={`${label}: ${text ?? NO_FIGURE}. Show its source`}
        onClick={() => setOpen(!open)}
      >
        {text ?? NO_FIGURE}
      </button>
      {open && (
        <span class="figure-popover" id={id} role="group" aria-label={`Source of ${label}`}>
          <strong>{label}</strong>: {text ?? NO_FIGURE}
          {detail && <span class="figure-detail">{detail}</span>}
          <Sources sources={sources} />
        </span>
      )}
    </span>
  );
}
