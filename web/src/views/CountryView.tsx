// A country: its shares of world production by mineral and stage (the latest year the graph
// has for each), the chokepoints it holds, its facilities, and the policies it issued or that
// name it. One GraphQL request.
import { Fragment } from 'preact';
import { useEffect } from 'preact/hooks';
import { Figure } from '../components/Source';
import { Timeline } from '../components/Timeline';
import { WorldMap } from '../components/WorldMap';
import { formatAmount, formatPercent, NO_FIGURE, plural } from '../format';
import { graphql } from '../gql';
import type { CountryViewQuery, Stage } from '../gql/graphql';
import { facilityStatusLabels, facilityTypeLabels, stageLabels, stageNouns, stages } from '../labels';
import { Link } from '../navigation';
import { Answer, useView } from '../query';
import { latestByMineralAndStage } from '../shares';

export const CountryViewDoc = graphql(`
  query CountryView($code: ID!, $issuer: String!, $on: Date) {
    country(code: $code) {
      code
      alpha3
      name
      aliases
      blocs {
        id
        name
      }
      shares(first: 100) {
        totalCount
        nodes {
          id
          mineral {
            id
            name
          }
          stage
          year
          percent
          amount
          unit
          source {
            ...SourceFields
          }
        }
      }
      facilities(first: 100) {
        totalCount
        nodes {
          id
          name
          type
          status
          latitude
          longitude
          minerals {
            id
            name
          }
          source {
            ...SourceFields
          }
        }
      }
    }
    mining: chokepoints(stage: MINING) {
      ...Chokepoint
    }
    refining: chokepoints(stage: REFINING) {
      ...Chokepoint
    }
    magnets: chokepoints(stage: MAGNETS) {
      ...Chokepoint
    }
    batteryAnode: chokepoints(stage: BATTERY_ANODE) {
      ...Chokepoint
    }
    issued: policies(where: { issuer: $issuer }, first: 100) {
      nodes {
        ...TimelinePolicy
      }
    }
    naming: policies(where: { affectedCountry: $code }, first: 100) {
      nodes {
        ...TimelinePolicy
      }
    }
  }

  fragment Chokepoint on Share {
    id
    country {
      code
    }
    mineral {
      id
      name
    }
    stage
    year
    percent
    source {
      ...SourceFields
    }
  }
`);

type Data = CountryViewQuery;

export function CountryView({ code }: { code: string }) {
  const view = useView(CountryViewDoc, { code, issuer: code, on: null }); // issuers are String in the schema, codes ID
  return (
    <Answer view={view} what="the country">
      {(data) => (data.country ? <CountryPage data={data} country={data.country} /> : <p>No country “{code}”.</p>)}
    </Answer>
  );
}

function CountryPage({ data, country }: { data: Data; country: NonNullable<Data['country']> }) {
  useEffect(() => {
    document.title = `${country.name} · mineralgraph explorer`;
  }, [country.name]);
  const latest = latestByMineralAndStage(country.shares.nodes);
  const chokepoints = [...data.mining, ...data.refining, ...data.magnets, ...data.batteryAnode].filter((s) => s.country.code === country.code);
  const points = country.facilities.nodes
    .filter((f) => f.latitude != null && f.longitude != null)
    .map((f) => ({
      id: f.id,
      latitude: f.latitude!,
      longitude: f.longitude!,
      label: `${f.name} (${facilityTypeLabels[f.type]}), ${facilityStatusLabels[f.status]}`,
    }));
  const minerals = [...new Map(latest.map((s) => [s.mineral.id, s.mineral])).values()];
  const cell = (mineralId: string, stage: Stage) => latest.find((s) => s.mineral.id === mineralId && s.stage === stage);
  const usedStages = stages.filter((st) => latest.some((s) => s.stage === st));

  return (
    <article class="country" data-country={country.code}>
      <header class="page-head">
        <h1>{country.name}</h1>
        <p>
          ISO 3166-1 {country.code}
          {country.alpha3 && ` / ${country.alpha3}`}
          {country.aliases.length > 0 && `; also written ${country.aliases.join(', ')}`}
          {country.blocs.length > 0 && `. Member of ${country.blocs.map((b) => b.name).join(', ')}`}.
        </p>
      </header>

      <WorldMap title={`${country.name} and its facilities`} shares={[]} points={points} outline={country.code} />

      <section aria-labelledby="chokepoints">
        <h2 id="chokepoints">Chokepoints</h2>
        <p>Minerals of which {country.name} holds at least half of a stage of world supply, in the latest year with figures.</p>
        {chokepoints.length === 0 ? (
          <p>None: no share of 50% or more in the graph.</p>
        ) : (
          <ul class="chokepoints">
            {chokepoints.map((s) => (
              <li key={s.id}>
                <Link to={{ view: 'mineral', id: s.mineral.id, stage: s.stage, year: null }}>{s.mineral.name}</Link>, {stageLabels[s.stage].toLowerCase()}{' '}
                {s.year}:{' '}
                <Figure
                  text={formatPercent(s.percent)}
                  label={`${country.name}'s share of ${stageNouns[s.stage]} of ${s.mineral.name}, ${s.year}`}
                  sources={[s.source]}
                />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="shares">
        <h2 id="shares">Shares of world production</h2>
        <p>
          The latest year the graph has for each mineral and stage ({plural(country.shares.totalCount, 'figure')} in all
          {country.shares.totalCount > country.shares.nodes.length ? `; the newest ${country.shares.nodes.length} are read` : ''}).
        </p>
        {minerals.length === 0 ? (
          <p class="nofigure">
            {NO_FIGURE}: the graph has no production shares for {country.name}.
          </p>
        ) : (
          <div class="table-scroll">
            <table class="data shares">
              <caption class="visually-hidden">{country.name}'s shares of world production by mineral and stage</caption>
              <thead>
                <tr>
                  <th scope="col">Mineral</th>
                  {usedStages.map((s) => (
                    <th scope="col" key={s}>
                      {stageLabels[s]}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {minerals.map((m) => (
                  <tr key={m.id}>
                    <th scope="row">
                      <Link to={{ view: 'mineral', id: m.id, stage: null, year: null }}>{m.name}</Link>
                    </th>
                    {usedStages.map((st) => {
                      const s = cell(m.id, st);
                      return (
                        <td key={st}>
                          {s ? (
                            <Figure
                              text={s.percent == null ? null : `${formatPercent(s.percent)} (${s.year})`}
                              label={`${country.name}'s share of ${stageNouns[st]} of ${m.name}, ${s.year}`}
                              sources={[s.source]}
                              detail={`Amount: ${formatAmount(s.amount, s.unit)}.`}
                            />
                          ) : (
                            <span class="empty-cell" aria-label={NO_FIGURE}>
                              –
                            </span>
                          )}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      <section aria-labelledby="facilities">
        <h2 id="facilities">Facilities</h2>
        <p>{plural(country.facilities.totalCount, 'facility', 'facilities')} in the graph; points on the map above.</p>
        {country.facilities.nodes.length > 0 && (
          <ul class="facilities">
            {country.facilities.nodes.map((f) => (
              <li key={f.id}>
                <strong>{f.name}</strong>, {facilityTypeLabels[f.type].toLowerCase()}, {facilityStatusLabels[f.status]}
                {f.minerals.length > 0 && (
                  <>
                    {': '}
                    {f.minerals.map((m, i) => (
                      <Fragment key={m.id}>
                        {i > 0 && ', '}
                        <Link to={{ view: 'mineral', id: m.id, stage: null, year: null }}>{m.name}</Link>
                      </Fragment>
                    ))}
                  </>
                )}{' '}
                <Figure text="source" label={`Record of ${f.name}`} sources={[f.source]} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="issued">
        <h2 id="issued">Measures {country.name} issued</h2>
        <Timeline policies={data.issued.nodes} day="today" />
      </section>
      <section aria-labelledby="naming">
        <h2 id="naming">Measures that name {country.name}</h2>
        <Timeline policies={data.naming.nodes} day="today" />
      </section>
    </article>
  );
}
