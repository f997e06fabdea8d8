// The headline questions, each a ready link with its parameters in the URL: what a country
// refines (or mines) over a share of, what the US is import-reliant for, and where a country
// is the leading producer. Each answer is one GraphQL request.
import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { RelianceFigure } from '../components/Reliance';
import { Figure } from '../components/Source';
import { formatPercent, plural } from '../format';
import { graphql } from '../gql';
import type { Stage } from '../gql/graphql';
import { stageLabels, stageNouns, stages } from '../labels';
import { Link, navigate } from '../navigation';
import { Answer, useView } from '../query';
import { questionDefaults, type Route } from '../route';
import { leader } from '../shares';

const ShareQuestionDoc = graphql(`
  query ShareQuestion($country: ID!, $stage: Stage!, $over: Float!) {
    country(code: $country) {
      code
      name
    }
    minerals(first: 100, where: { share: { country: $country, stage: $stage, gt: $over } }) {
      totalCount
      nodes {
        id
        name
        share(country: $country, stage: $stage) {
          year
          percent
          source {
            ...SourceFields
          }
        }
      }
    }
  }
`);

const RelianceQuestionDoc = graphql(`
  query RelianceQuestion($min: Float!) {
    minerals(first: 100, where: { usNetImportReliance: { gte: $min } }, orderBy: { field: US_NET_IMPORT_RELIANCE }) {
      totalCount
      nodes {
        id
        name
        usNetImportReliance {
          ...RelianceFields
        }
      }
    }
  }
`);

const LeadingQuestionDoc = graphql(`
  query LeadingQuestion($country: ID!, $stage: Stage!) {
    country(code: $country) {
      code
      name
    }
    minerals(first: 100) {
      nodes {
        id
        name
        concentration(stage: $stage) {
          year
          producers(first: 3) {
            country {
              code
              name
            }
            percent
            source {
              ...SourceFields
            }
          }
        }
      }
    }
  }
`);

const questions: Array<{ view: 'share' | 'reliance' | 'leading'; label: string; to: Route }> = [
  { view: 'share', label: 'What China refines over half of', to: { view: 'share', ...questionDefaults.share } },
  { view: 'reliance', label: 'What the US is 100% import-reliant for', to: { view: 'reliance', ...questionDefaults.reliance } },
  { view: 'leading', label: 'Where China is the leading producer', to: { view: 'leading', ...questionDefaults.leading } },
];

function Question({ view, title, children }: { view: Route['view']; title: string; children: ComponentChildren }) {
  useEffect(() => {
    document.title = `${title} · mineralgraph explorer`;
  }, [title]);
  return (
    <article class="question">
      <nav aria-label="Questions">
        <ul class="subnav">
          {questions.map((q) => (
            <li key={q.view}>
              <Link to={q.to} aria-current={q.view === view ? 'page' : undefined}>
                {q.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <header class="page-head">
        <h1>{title}</h1>
      </header>
      {children}
    </article>
  );
}

function StageSelect({ value, onChange }: { value: Stage; onChange: (s: Stage) => void }) {
  return (
    <label>
      Stage{' '}
      <select name="stage" value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value as Stage)}>
        {stages.map((s) => (
          <option key={s} value={s}>
            {stageLabels[s]}
          </option>
        ))}
      </select>
    </label>
  );
}

function CountryInput({ value, onChange }: { value: string; onChange: (c: string) => void }) {
  return (
    <label>
      Country (ISO code){' '}
      <input
        name="country"
        value={value}
        size={3}
        maxLength={2}
        pattern="[A-Za-z]{2}"
        autocomplete="off"
        onChange={(e) => {
          const v = (e.target as HTMLInputElement).value.toUpperCase();
          if (/^[A-Z]{2}$/.test(v)) onChange(v);
        }}
      />
    </label>
  );
}

export function ShareQuestion(r: Extract<Route, { view: 'share' }>) {
  const view = useView(ShareQuestionDoc, { country: r.country, stage: r.stage, over: r.over });
  const name = view.data?.country?.name ?? r.country;
  return (
    <Question view="share" title={`Minerals of which ${name} holds over ${r.over}% of ${stageNouns[r.stage]}`}>
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <CountryInput value={r.country} onChange={(country) => navigate({ ...r, country })} />
        <StageSelect value={r.stage} onChange={(stage) => navigate({ ...r, stage })} />
        <label>
          Over (%){' '}
          <input
            name="over"
            type="number"
            min="0"
            max="99"
            step="5"
            value={r.over}
            onChange={(e) => {
              const v = Number((e.target as HTMLInputElement).value);
              if (v >= 0 && v < 100) navigate({ ...r, over: v });
            }}
          />
        </label>
      </form>
      <p class="note">Each mineral is compared in the latest year the graph has a {stageLabels[r.stage].toLowerCase()} figure for it.</p>
      <Answer view={view} what="the answer">
        {(data) => (
          <>
            <p role="status">{plural(data.minerals.totalCount, 'mineral')}.</p>
            <div class="table-scroll">
              <table class="data">
                <thead>
                  <tr>
                    <th scope="col">Mineral</th>
                    <th scope="col">Share</th>
                    <th scope="col">Year</th>
                  </tr>
                </thead>
                <tbody>
                  {data.minerals.nodes.map((m) => (
                    <tr key={m.id}>
                      <th scope="row">
                        <Link to={{ view: 'mineral', id: m.id, stage: r.stage, year: null }}>{m.name}</Link>
                      </th>
                      <td>
                        <Figure
                          text={m.share ? formatPercent(m.share.percent) : null}
                          label={`${name}'s share of ${stageNouns[r.stage]} of ${m.name}`}
                          sources={m.share ? [m.share.source] : []}
                        />
                      </td>
                      <td>{m.share?.year}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Answer>
    </Question>
  );
}

export function RelianceQuestion(r: Extract<Route, { view: 'reliance' }>) {
  const view = useView(RelianceQuestionDoc, { min: r.min });
  return (
    <Question view="reliance" title={`What the US is ${r.min === 100 ? '100%' : `at least ${r.min}%`} import-reliant for`}>
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <label>
          At least (%){' '}
          <input
            name="min"
            type="number"
            min="0"
            max="100"
            step="5"
            value={r.min}
            onChange={(e) => {
              const v = Number((e.target as HTMLInputElement).value);
              if (v >= 0 && v <= 100) navigate({ ...r, min: v });
            }}
          />
        </label>
      </form>
      <p class="note">
        US net import reliance as USGS publishes it, in the latest year with a figure. A bound such as “&gt;50” counts only when it settles the question: it
        meets “at least 50” but not “at least 60”.
      </p>
      <Answer view={view} what="the answer">
        {(data) => (
          <>
            <p role="status">{plural(data.minerals.totalCount, 'mineral')}.</p>
            <div class="table-scroll">
              <table class="data">
                <thead>
                  <tr>
                    <th scope="col">Mineral</th>
                    <th scope="col">Net import reliance</th>
                    <th scope="col">Year</th>
                  </tr>
                </thead>
                <tbody>
                  {data.minerals.nodes.map((m) => {
                    const rel = m.usNetImportReliance;
                    return (
                      <tr key={m.id}>
                        <th scope="row">
                          <Link to={{ view: 'mineral', id: m.id, stage: null, year: null }}>{m.name}</Link>
                        </th>
                        <td>
                          <RelianceFigure reliance={rel} label={`US net import reliance for ${m.name}`} />
                        </td>
                        <td>{rel?.year}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Answer>
    </Question>
  );
}

export function LeadingQuestion(r: Extract<Route, { view: 'leading' }>) {
  const view = useView(LeadingQuestionDoc, { country: r.country, stage: r.stage });
  const name = view.data?.country?.name ?? r.country;
  return (
    <Question view="leading" title={`Where ${name} is the leading producer (${stageLabels[r.stage].toLowerCase()})`}>
      <form class="controls" onSubmit={(e) => e.preventDefault()}>
        <CountryInput value={r.country} onChange={(country) => navigate({ ...r, country })} />
        <StageSelect value={r.stage} onChange={(stage) => navigate({ ...r, stage })} />
      </form>
      <p class="note">The largest producer of each mineral in the latest year with figures for more than one country.</p>
      <Answer view={view} what="the answer">
        {(data) => {
          const led = data.minerals.nodes
            .map((m) => ({ m, c: m.concentration, top: leader(m.concentration?.producers) }))
            .filter((x) => x.top?.country.code === r.country);
          return (
            <>
              <p role="status">{plural(led.length, 'mineral')}.</p>
              <div class="table-scroll">
                <table class="data">
                  <thead>
                    <tr>
                      <th scope="col">Mineral</th>
                      <th scope="col">{name}'s share</th>
                      <th scope="col">Next largest</th>
                      <th scope="col">Year</th>
                    </tr>
                  </thead>
                  <tbody>
                    {led.map(({ m, c, top }) => {
                      const next = c!.producers.find((p) => p.country.code !== r.country);
                      return (
                        <tr key={m.id}>
                          <th scope="row">
                            <Link to={{ view: 'mineral', id: m.id, stage: r.stage, year: null }}>{m.name}</Link>
                          </th>
                          <td>
                            <Figure
                              text={formatPercent(top!.percent)}
                              label={`${name}'s share of ${stageNouns[r.stage]} of ${m.name}, ${c!.year}`}
                              sources={[top!.source]}
                            />
                          </td>
                          <td>
                            {next ? (
                              <>
                                {next.country.name}:{' '}
                                <Figure
                                  text={formatPercent(next.percent)}
                                  label={`${next.country.name}'s share of ${stageNouns[r.stage]} of ${m.name}, ${c!.year}`}
                                  sources={[next.source]}
                                />
                              </>
                            ) : (
                              'none listed'
                            )}
                          </td>
                          <td>{c!.year}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            </>
          );
        }}
      </Answer>
    </Question>
  );
}
