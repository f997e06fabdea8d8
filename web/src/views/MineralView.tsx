// A mineral: who produces it (a map and a bar chart of one stage and year, with top-1, top-3
// and the HHI), the US net import reliance with its bounds as USGS states them, the US import
// sources, the policies targeting it on a timeline, and its facilities as points on the map.
// All of it is one GraphQL request; changing the stage is none (every stage comes at once),
// changing the year is one.
import { useEffect, useState } from 'preact/hooks';
import { Bars } from '../components/Bars';
import { RelianceFigure } from '../components/Reliance';
import { distinctSources, Figure, SourceLine, Sources } from '../components/Source';
import { Timeline } from '../components/Timeline';
import { WorldMap, type MapPoint } from '../components/WorldMap';
import { formatAmount, formatIndex, formatPercent, formatPeriod, formatUSD, NO_FIGURE, plural, relianceBounds } from '../format';
import { graphql } from '../gql';
import type { MineralViewQuery, Stage } from '../gql/graphql';
import { facilityStatusLabels, facilityTypeLabels, stageLabels, stageNouns, stages } from '../labels';
import { Link, navigate } from '../navigation';
import { Answer, useView } from '../query';
import { pickStage, yearsByStage } from '../shares';

export const MineralViewDoc = graphql(`
  query MineralView($id: ID!, $year: Int, $on: Date) {
    mineral(id: $id) {
      id
      name
      symbol
      isGroup
      group {
        id
        name
      }
      endUses {
        text
        source {
          ...SourceFields
        }
      }
      available: shares(first: 100) {
        nodes {
          stage
          year
        }
      }
      mining: concentration(stage: MINING, year: $year) {
        ...ConcentrationFields
      }
      refining: concentration(stage: REFINING, year: $year) {
        ...ConcentrationFields
      }
      magnets: concentration(stage: MAGNETS, year: $year) {
        ...ConcentrationFields
      }
      batteryAnode: concentration(stage: BATTERY_ANODE, year: $year) {
        ...ConcentrationFields
      }
      worldProduction {
        stage
        year
        amount
        unit
        basis
        note
        source {
          ...SourceFields
        }
      }
      usNetImportReliance {
        ...RelianceFields
      }
      importSources(importer: "US") {
        id
        exporter {
          code
          name
        }
        rank
        yearFrom
        yearTo
        importShare
        source {
          ...SourceFields
        }
      }
      customs: tradeFlows(importer: "US", first: 10) {
        nodes {
          id
          exporter {
            code
            name
          }
          yearTo
          valueUsd
          quantity
          quantityUnit
          importShare
          commodity
          note
          source {
            ...SourceFields
          }
        }
      }
      policies {
        ...TimelinePolicy
      }
    }
    facilities(where: { mineral: $id }, first: 100) {
      totalCount
      nodes {
        id
        name
        type
        status
        latitude
        longitude
        precision
        country {
          code
          name
        }
        operator {
          name
        }
        source {
          ...SourceFields
        }
      }
    }
  }

  fragment ConcentrationFields on Concentration {
    stage
    year
    top1
    top3
    hhi
    coverage
    countriesKnown
    producers(first: 100) {
      id
      country {
        code
        name
      }
      percent
      percentBasis
      amount
      unit
      basis
      note
      source {
        ...SourceFields
      }
    }
  }
`);

type Mineral = NonNullable<MineralViewQuery['mineral']>;
type Concentration = NonNullable<Mineral['mining']>;

const concentrationOf = (m: Mineral, stage: Stage): Concentration | null =>
  ({ MINING: m.mining, REFINING: m.refining, MAGNETS: m.magnets, BATTERY_ANODE: m.batteryAnode })[stage] ?? null;

export function MineralView({ id, stage, year }: { id: string; stage: Stage | null; year: number | null }) {
  const view = useView(MineralViewDoc, { id, year, on: null }); // on: null is today, for activeOn
  return (
    <Answer view={view} what="the mineral">
      {(data) => (data.mineral ? <MineralPage m={data.mineral} facilities={data.facilities} stage={stage} year={year} /> : <p>No mineral “{id}”.</p>)}
    </Answer>
  );
}

function MineralPage({
  m,
  facilities,
  stage: asked,
  year,
}: {
  m: Mineral;
  facilities: MineralViewQuery['facilities'];
  stage: Stage | null;
  year: number | null;
}) {
  const available = yearsByStage(m.available.nodes);
  const stage = pickStage(asked, available);
  const c = concentrationOf(m, stage);
  const [selected, setSelected] = useState<string | null>(null);
  useEffect(() => setSelected(null), [m.id, stage, year]);
  useEffect(() => {
    document.title = `${m.name} · mineralgraph explorer`;
  }, [m.name]);

  const noun = stageNouns[stage];
  const shownYear = c?.year ?? year;
  const caption = `of ${noun}${shownYear ? `, ${shownYear}` : ''}`;
  const producers = c?.producers ?? [];
  const pick = producers.find((p) => p.country.code === selected) ?? null;
  const points: MapPoint[] = facilities.nodes
    .filter((f) => f.latitude != null && f.longitude != null)
    .map((f) => ({
      id: f.id,
      latitude: f.latitude!,
      longitude: f.longitude!,
      label: `${f.name} (${facilityTypeLabels[f.type]}, ${f.country.name}), ${facilityStatusLabels[f.status]}; location precision: ${f.precision.toLowerCase()}`,
    }));
  const world = m.worldProduction.find((w) => w.stage === stage && w.year === shownYear);
  const computedFrom = distinctSources(producers.map((p) => p.source));
  const years = available.get(stage) ?? [];

  return (
    <article class="mineral" data-mineral={m.id} data-stage={stage} data-year={shownYear ?? ''}>
      <header class="page-head">
        <h1>
          {m.name}
          {m.symbol && <span class="symbol"> ({m.symbol})</span>}
        </h1>
        {m.group && (
          <p>
            A member of <Link to={{ view: 'mineral', id: m.group.id, stage: null, year: null }}>{m.group.name}</Link>.
          </p>
        )}
        {m.endUses && (
          <p class="end-uses">
            Main uses: {m.endUses.text} <Figure text="source" label={`End uses of ${m.name}`} sources={[m.endUses.source]} />
          </p>
        )}
      </header>

      <section aria-labelledby="production">
        <h2 id="production">Who produces it</h2>
        <form class="controls" onSubmit={(e) => e.preventDefault()}>
          <label>
            Stage{' '}
            <select
              name="stage"
              value={stage}
              onChange={(e) => navigate({ view: 'mineral', id: m.id, stage: (e.target as HTMLSelectElement).value as Stage, year: null })}
            >
              {stages.map((s) => (
                <option key={s} value={s}>
                  {stageLabels[s]}
                  {available.has(s) ? '' : ' (no figures)'}
                </option>
              ))}
            </select>
          </label>
          <label>
            Year{' '}
            <select
              name="year"
              value={year == null ? '' : String(year)}
              onChange={(e) => {
                const v = (e.target as HTMLSelectElement).value;
                navigate({ view: 'mineral', id: m.id, stage, year: v ? Number(v) : null });
              }}
            >
              <option value="" title="The latest year with figures for more than one country">
                latest{year == null && c ? ` (${c.year})` : ''}
              </option>
              {years.map((y) => (
                <option key={y} value={String(y)}>
                  {y}
                </option>
              ))}
            </select>
          </label>
        </form>

        {c == null ? (
          <p class="nofigure-block" role="status">
            {NO_FIGURE}: the graph has no {stageLabels[stage].toLowerCase()} figures for {m.name}
            {year ? ` in ${year}` : ''}.{' '}
            {available.size > 0 &&
              `It has figures for ${[...available.keys()].map((s) => `${stageLabels[s].toLowerCase()} (${available.get(s)!.join(', ')})`).join('; ')}.`}
          </p>
        ) : (
          <>
            <dl class="metrics">
              <div>
                <dt>Largest producer</dt>
                <dd>
                  <Figure
                    text={formatPercent(c.top1)}
                    label={`Top-1 share ${caption}`}
                    sources={computedFrom}
                    detail={`Computed from the ${plural(c.countriesKnown, 'country share')} below${producers[0] ? `; the largest is ${producers[0].country.name}` : ''}.`}
                  />
                </dd>
              </div>
              <div>
                <dt>Three largest</dt>
                <dd>
                  <Figure
                    text={formatPercent(c.top3)}
                    label={`Top-3 share ${caption}`}
                    sources={computedFrom}
                    detail="The three largest producers' shares added up."
                  />
                </dd>
              </div>
              <div>
                <dt>HHI</dt>
                <dd>
                  <Figure
                    text={formatIndex(c.hhi)}
                    label={`Herfindahl-Hirschman index ${caption}`}
                    sources={computedFrom}
                    detail="The sum of the squared percent shares of the listed countries (0-10,000; above 2,500 is commonly called highly concentrated). Countries a source lumps together are left out, so this is a lower bound."
                  />
                </dd>
              </div>
              <div>
                <dt>Listed countries cover</dt>
                <dd>
                  <Figure
                    text={formatPercent(c.coverage)}
                    label={`Coverage of ${noun}, ${c.year}`}
                    sources={computedFrom}
                    detail={`${plural(c.countriesKnown, 'country')} with a known share.`}
                  />
                </dd>
              </div>
              <div>
                <dt>World production</dt>
                <dd>
                  {world ? (
                    <Figure
                      text={world.amount == null ? null : formatAmount(world.amount, world.unit)}
                      label={`World ${noun.replace('world ', '')}, ${c.year}`}
                      sources={[world.source]}
                      detail={world.note ?? world.basis ?? undefined}
                    />
                  ) : (
                    <span class="nofigure">{NO_FIGURE}</span>
                  )}
                </dd>
              </div>
            </dl>

            <div class="chart-and-map">
              <WorldMap
                title={`${m.name}: share ${caption}, by country${points.length ? '; facilities as points' : ''}`}
                shares={producers.map((p) => ({
                  code: p.country.code,
                  name: p.country.name,
                  percent: p.percent,
                  caption: `${caption}. Source: ${p.source.publisher}, ${p.source.title} (${p.source.year})`,
                }))}
                points={points}
                selected={selected}
                onSelect={setSelected}
              />
              <Bars
                title={`Producers, largest first: share ${caption}`}
                bars={producers.map((p) => ({ code: p.country.code, name: p.country.name, percent: p.percent, source: p.source }))}
                selected={selected}
                onSelect={(code) => setSelected(code === selected ? null : code)}
              />
            </div>
            <div class="selection" aria-live="polite">
              {pick ? (
                <div class="selected-figure">
                  <h3>
                    <Link to={{ view: 'country', code: pick.country.code }}>{pick.country.name}</Link>: {formatPercent(pick.percent)} {caption}
                  </h3>
                  <p>
                    Amount: {formatAmount(pick.amount, pick.unit)}
                    {pick.basis && ` (${pick.basis})`}. Percent{' '}
                    {pick.percent == null
                      ? 'not published'
                      : pick.percentBasis === 'COMPUTED'
                        ? 'computed here from the same source’s world total'
                        : 'as the source publishes it'}
                    .{pick.note && ` ${pick.note}`}
                  </p>
                  <SourceLine source={pick.source} />
                </div>
              ) : (
                <p class="hint">Choose a country on the map or a bar for its figure in full, with its source.</p>
              )}
            </div>
            <Sources sources={computedFrom} prefix="Figures from" />
          </>
        )}
      </section>

      <section aria-labelledby="reliance">
        <h2 id="reliance">US net import reliance</h2>
        {m.usNetImportReliance ? (
          <p>
            In {m.usNetImportReliance.year}, USGS gives <RelianceFigure reliance={m.usNetImportReliance} label={`US net import reliance for ${m.name}`} /> of
            apparent consumption met by net imports (as published: “{m.usNetImportReliance.value}”, that is {relianceBounds(m.usNetImportReliance)}).
          </p>
        ) : (
          <p class="nofigure">
            {NO_FIGURE}: USGS gives no US net import reliance for {m.name}.
          </p>
        )}
        <h3>Where US imports come from</h3>
        <ImportRanking m={m} />
        <h3>US imports by customs value</h3>
        <CustomsFlows m={m} />
      </section>

      <section aria-labelledby="policies">
        <h2 id="policies">Policies targeting {m.name}</h2>
        <p>
          {plural(m.policies.length, 'measure')}, by the day each took effect.{' '}
          <Link to={{ view: 'policies', issuer: null, type: null, mineral: m.id, on: null }}>Filter them on the policy timeline</Link>.
        </p>
        <Timeline policies={m.policies} day="today" />
      </section>

      <section aria-labelledby="facilities">
        <h2 id="facilities">Facilities</h2>
        <p>
          {plural(facilities.totalCount, 'facility', 'facilities')} producing {m.name} (or a member of it)
          {facilities.totalCount > facilities.nodes.length && `; the first ${facilities.nodes.length} are shown`}. Points on the map above.
        </p>
        {facilities.nodes.length > 0 && (
          <div class="table-scroll">
            <table class="data">
              <caption class="visually-hidden">Facilities producing {m.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Facility</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Country</th>
                  <th scope="col">Status</th>
                  <th scope="col">Source</th>
                </tr>
              </thead>
              <tbody>
                {facilities.nodes.map((f) => (
                  <tr key={f.id}>
                    <th scope="row">{f.name}</th>
                    <td>{facilityTypeLabels[f.type]}</td>
                    <td>
                      <Link to={{ view: 'country', code: f.country.code }}>{f.country.name}</Link>
                    </td>
                    <td>{facilityStatusLabels[f.status]}</td>
                    <td>
                      <Figure
                        text="source"
                        label={`Record of ${f.name}${f.operator ? `, operated by ${f.operator.name}` : ''}`}
                        sources={[f.source]}
                        detail={
                          f.latitude == null
                            ? 'No coordinates published.'
                            : `Located at ${f.latitude.toFixed(3)}, ${f.longitude!.toFixed(3)} (precision: ${f.precision.toLowerCase()}).`
                        }
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </article>
  );
}

// ImportRanking is USGS's ranking of the US import sources (MCS Figure 2) for the newest
// period, the earlier periods folded away. Figure 2 ranks without shares; a share shows where
// the graph has one.
function ImportRanking({ m }: { m: Mineral }) {
  if (m.importSources.length === 0) {
    return (
      <p class="nofigure">
        {NO_FIGURE}: the graph has no ranking of US import sources for {m.name}.
      </p>
    );
  }
  const newest = Math.max(...m.importSources.map((t) => t.yearTo));
  const current = m.importSources.filter((t) => t.yearTo === newest);
  const earlier = m.importSources.filter((t) => t.yearTo !== newest);
  const periods = [...new Set(earlier.map((t) => formatPeriod(t.yearFrom, t.yearTo)))];
  const table = (rows: Mineral['importSources'], caption: string) => (
    <div class="table-scroll">
      <table class="data">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Rank</th>
            <th scope="col">Country</th>
            <th scope="col">Period</th>
            <th scope="col">Share of imports</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((t) => (
            <tr key={t.id}>
              <td>
                {t.rank == null ? (
                  <span class="nofigure">{NO_FIGURE}</span>
                ) : (
                  <Figure
                    text={String(t.rank)}
                    label={`Rank of ${t.exporter.name} among US sources of ${m.name}, ${formatPeriod(t.yearFrom, t.yearTo)}`}
                    sources={[t.source]}
                  />
                )}
              </td>
              <th scope="row">
                <Link to={{ view: 'country', code: t.exporter.code }}>{t.exporter.name}</Link>
              </th>
              <td>{formatPeriod(t.yearFrom, t.yearTo)}</td>
              <td>
                <Figure
                  text={t.importShare == null ? null : formatPercent(t.importShare)}
                  label={`${t.exporter.name}'s share of US imports of ${m.name}`}
                  sources={[t.source]}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <>
      <p>The major sources USGS names for {formatPeriod(current[0].yearFrom, newest)}, largest first.</p>
      {table(current, `US import sources of ${m.name}, ${formatPeriod(current[0].yearFrom, newest)}`)}
      {earlier.length > 0 && (
        <details class="earlier">
          <summary>Earlier rankings ({periods.join(', ')})</summary>
          {table(earlier, `Earlier US import sources of ${m.name}`)}
        </details>
      )}
    </>
  );
}

// CustomsFlows are the US imports of the mineral as customs reported them (UN Comtrade), the
// newest year's most valuable first. A customs code often covers more than the mineral: the
// code and its note come with each figure.
function CustomsFlows({ m }: { m: Mineral }) {
  const flows = m.customs.nodes;
  if (flows.length === 0) {
    return (
      <p class="nofigure">
        {NO_FIGURE}: the graph has no customs figures of US imports of {m.name}.
      </p>
    );
  }
  const year = flows[0].yearTo;
  const rows = flows.filter((t) => t.yearTo === year);
  const codes = [...new Set(rows.map((t) => t.commodity).filter((c): c is string => c != null))];
  return (
    <>
      <p>
        In {year}, as customs reported them{codes.length > 0 && ` under ${codes.join(', ')} (a code may cover more than the mineral)`}, the most valuable first.
      </p>
      <div class="table-scroll">
        <table class="data">
          <caption class="visually-hidden">
            US imports of {m.name} by customs value, {year}
          </caption>
          <thead>
            <tr>
              <th scope="col">Country</th>
              <th scope="col">Value</th>
              <th scope="col">Quantity</th>
              <th scope="col">Share of imports</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((t) => (
              <tr key={t.id}>
                <th scope="row">
                  <Link to={{ view: 'country', code: t.exporter.code }}>{t.exporter.name}</Link>
                </th>
                <td>
                  <Figure
                    text={t.valueUsd == null ? null : formatUSD(t.valueUsd)}
                    label={`Value of US imports of ${m.name} from ${t.exporter.name}, ${year}`}
                    sources={[t.source]}
                    detail={[t.commodity, t.note].filter(Boolean).join('. ') || undefined}
                  />
                </td>
                <td>
                  <Figure
                    text={t.quantity == null ? null : formatAmount(t.quantity, t.quantityUnit)}
                    label={`Quantity of US imports of ${m.name} from ${t.exporter.name}, ${year}`}
                    sources={[t.source]}
                  />
                </td>
                <td>
                  <Figure
                    text={t.importShare == null ? null : formatPercent(t.importShare)}
                    label={`${t.exporter.name}'s share of US imports of ${m.name}, ${year}`}
                    sources={[t.source]}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
