// Policies as a timeline: grouped by year, each on the day that places it (the day it took
// effect, else the day it was announced), with every date the sources state, whether it is in
// force on the chosen day, and its source.
import { Fragment } from 'preact';
import { formatDate, NO_FIGURE } from '../format';
import { policyTypeLabels } from '../labels';
import { Link } from '../navigation';
import { byYear, dateOf, dayNumber, lanes } from '../policy';
import { graphql } from '../gql';
import type { TimelinePolicyFragment } from '../gql/graphql';
import { SourceLine } from './Source';

/**
 * TimelinePolicy is what a timeline shows of a measure. activeOn reads the operation's $on
 * (null: today), so every operation that spreads it declares `$on: Date`.
 */
export const TimelinePolicyFields = graphql(`
  fragment TimelinePolicy on Policy {
    id
    title
    type
    issuer
    announced
    effective
    suspended
    expires
    activeOn(date: $on)
    summary
    minerals {
      id
      name
    }
    affectedCountries {
      code
      name
    }
    source {
      ...SourceFields
    }
  }
`);

export type TimelinePolicy = TimelinePolicyFragment;

interface Props {
  policies: TimelinePolicy[];
  /** The day activeOn was asked for, in words ("today", "1 Jan 2026"). */
  day: string;
}

export function Timeline({ policies, day }: Props) {
  if (policies.length === 0) return <p class="empty">No measure matches.</p>;
  return (
    <>
      <Strip policies={policies} day={day} />
      <ol class="timeline">
        {byYear(policies).map((g) => (
          <li key={g.year ?? 'undated'} class="timeline-year">
            <h3>{g.year ?? 'No date published'}</h3>
            <ol>
              {g.items.map((p) => (
                <li key={p.id} class={p.activeOn ? 'policy in-force' : 'policy'} data-policy={p.id}>
                  <p class="policy-head">
                    <time dateTime={dateOf(p) ?? undefined}>{formatDate(dateOf(p))}</time>{' '}
                    <span class={`badge type-${p.type.toLowerCase()}`}>{policyTypeLabels[p.type]}</span>{' '}
                    <Link
                      class="issuer"
                      to={{ view: 'policies', issuer: p.issuer, type: null, mineral: null, on: null }}
                      title={`Measures issued by ${p.issuer}`}
                    >
                      {p.issuer}
                    </Link>{' '}
                    {p.activeOn ? <span class="badge in-force">in force {day}</span> : <span class="badge not-in-force">not in force {day}</span>}
                  </p>
                  <p class="policy-title">{p.title}</p>
                  <details>
                    <summary>What it does, its dates and source</summary>
                    <p>{p.summary}</p>
                    <dl class="dates">
                      <dt>Announced</dt>
                      <dd>{p.announced ? formatDate(p.announced) : NO_FIGURE}</dd>
                      <dt>Effective</dt>
                      <dd>{p.effective ? formatDate(p.effective) : NO_FIGURE}</dd>
                      {p.suspended && (
                        <>
                          <dt>Suspended</dt>
                          <dd>{formatDate(p.suspended)}</dd>
                        </>
                      )}
                      <dt>Expires</dt>
                      <dd>{p.expires ? formatDate(p.expires) : 'no end date published'}</dd>
                    </dl>
                    {p.minerals.length > 0 && (
                      <p>
                        Targets:{' '}
                        {p.minerals.map((m, i) => (
                          <Fragment key={m.id}>
                            {i > 0 && ', '}
                            <Link to={{ view: 'mineral', id: m.id, stage: null, year: null }}>{m.name}</Link>
                          </Fragment>
                        ))}
                      </p>
                    )}
                    {p.affectedCountries.length > 0 && (
                      <p>
                        Names:{' '}
                        {p.affectedCountries.map((c, i) => (
                          <Fragment key={c.code}>
                            {i > 0 && ', '}
                            <Link to={{ view: 'country', code: c.code }}>{c.name}</Link>
                          </Fragment>
                        ))}
                      </p>
                    )}
                    <SourceLine source={p.source} />
                  </details>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </>
  );
}

const STRIP_WIDTH = 960;
const LANE = 13;

/**
 * Strip draws the measures on one time axis, a mark each on the day that places it (red when
 * in force on the day asked), so that clusters read at a glance; the list below says the same
 * in words.
 */
function Strip({ policies, day }: Props) {
  const dated = policies.filter((p) => dateOf(p) != null);
  if (dated.length < 2) return null;
  const days = dated.map((p) => dayNumber(dateOf(p)!));
  const first = Number(dateOf(dated.reduce((a, b) => (dateOf(a)! < dateOf(b)! ? a : b)))!.slice(0, 4));
  const last = Number(dateOf(dated.reduce((a, b) => (dateOf(a)! > dateOf(b)! ? a : b)))!.slice(0, 4)) + 1;
  const x0 = dayNumber(`${first}-01-01`);
  const x1 = dayNumber(`${last}-01-01`);
  const x = (d: number) => 16 + ((d - x0) / (x1 - x0)) * (STRIP_WIDTH - 32);
  const lane = lanes(days.map(x), 11);
  const height = 30 + (Math.max(...lane) + 1) * LANE;
  const years = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  return (
    <>
      <svg
        class="strip"
        viewBox={`0 0 ${STRIP_WIDTH} ${height}`}
        role="img"
        aria-label={`${dated.length} measures from ${first} to ${last - 1} on a time axis; in force ${day} in red`}
      >
        {years.map((y) => (
          <g key={y}>
            <line x1={x(dayNumber(`${y}-01-01`))} x2={x(dayNumber(`${y}-01-01`))} y1={0} y2={height - 16} class="tick" />
            {y < last && (
              <text x={x(dayNumber(`${y}-07-01`))} y={height - 3} class="tick-label">
                {y}
              </text>
            )}
          </g>
        ))}
        {dated.map((p, i) => (
          <circle key={p.id} cx={x(days[i])} cy={8 + lane[i] * LANE} r="5" class={p.activeOn ? 'mark in-force' : 'mark'}>
            <title>{`${formatDate(dateOf(p))}: ${p.title} (${policyTypeLabels[p.type]}, ${p.issuer}; ${p.activeOn ? 'in force' : 'not in force'} ${day})`}</title>
          </circle>
        ))}
      </svg>
      <p class="strip-legend" aria-hidden="true">
        <span class="in-force">in force {day}</span>
        <span>not in force {day}</span>
      </p>
    </>
  );
}
