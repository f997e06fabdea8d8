// The policy timeline: every measure by date, filterable by issuer, type and mineral, and by
// whether it is in force on a chosen day. One GraphQL request per change of filters.
import { useEffect } from 'preact/hooks';
import { Timeline } from '../components/Timeline';
import { formatDate, plural } from '../format';
import { graphql } from '../gql';
import type { PolicyType } from '../gql/graphql';
import { policyTypeLabels, policyTypes } from '../labels';
import { navigate } from '../navigation';
import { todayUTC } from '../policy';
import { Answer, useView } from '../query';
import type { Route } from '../route';

export const PoliciesViewDoc = graphql(`
  query PoliciesView($where: PolicyWhere, $on: Date) {
    policies(where: $where, first: 100) {
      totalCount
      nodes {
        ...TimelinePolicy
      }
    }
    issuers: policies(first: 100) {
      nodes {
        issuer
      }
    }
    minerals(first: 100) {
      nodes {
        id
        name
      }
    }
  }
`);

type Filters = Extract<Route, { view: 'policies' }>;

export function PoliciesView(f: Filters) {
  const where = {
    ...(f.issuer ? { issuer: f.issuer } : {}),
    ...(f.type ? { types: [f.type] } : {}),
    ...(f.mineral ? { mineral: f.mineral } : {}),
    ...(f.on ? { activeOn: f.on } : {}),
  };
  const view = useView(PoliciesViewDoc, { where, on: f.on });
  useEffect(() => {
    document.title = 'Policy timeline · mineralgraph explorer';
  }, []);
  const set = (change: Partial<Filters>) => navigate({ ...f, ...change });
  const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value || null;
  return (
    <article class="policies">
      <header class="page-head">
        <h1>Policy timeline</h1>
        <p>Government measures that touch critical minerals, by the day they took effect (or were announced, where no source gives an effective day).</p>
      </header>
      <Answer view={view} what="the policies">
        {(data) => {
          const issuers = [...new Set(data.issuers.nodes.map((p) => p.issuer))].sort();
          return (
            <>
              <form class="controls" onSubmit={(e) => e.preventDefault()}>
                <label>
                  Issuer{' '}
                  <select name="issuer" value={f.issuer ?? ''} onChange={(e) => set({ issuer: value(e) })}>
                    <option value="">any</option>
                    {issuers.map((i) => (
                      <option key={i} value={i}>
                        {i}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Type{' '}
                  <select name="type" value={f.type ?? ''} onChange={(e) => set({ type: value(e) as PolicyType | null })}>
                    <option value="">any</option>
                    {policyTypes.map((t) => (
                      <option key={t} value={t}>
                        {policyTypeLabels[t]}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  Mineral{' '}
                  <select name="mineral" value={f.mineral ?? ''} onChange={(e) => set({ mineral: value(e) })}>
                    <option value="">any</option>
                    {data.minerals.nodes.map((m) => (
                      <option key={m.id} value={m.id}>
                        {m.name}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  In force on <input type="date" name="on" value={f.on ?? ''} onChange={(e) => set({ on: value(e) })} />
                </label>
                {(f.issuer || f.type || f.mineral || f.on) && (
                  <button type="button" onClick={() => navigate({ view: 'policies', issuer: null, type: null, mineral: null, on: null })}>
                    Clear filters
                  </button>
                )}
              </form>
              <p role="status">
                {plural(data.policies.totalCount, 'measure')}
                {f.on ? ` in force on ${formatDate(f.on)}` : ''}
                {data.policies.totalCount > data.policies.nodes.length ? `; the first ${data.policies.nodes.length} are shown` : ''}.
              </p>
              <Timeline policies={data.policies.nodes} day={f.on ? `on ${formatDate(f.on)}` : `today (${formatDate(todayUTC())})`} />
            </>
          );
        }}
      </Answer>
    </article>
  );
}
