// A world map drawn from Natural Earth's 1:110m countries (the world-atlas package, bundled:
// no tile server, no network), shaded by each country's share, with facilities as points.
import { geoNaturalEarth1, geoPath } from 'd3-geo';
import type { Feature, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import atlas from 'world-atlas/countries-110m.json';
import { formatPercent, NO_FIGURE } from '../format';
import { alpha2Of } from '../iso';
import { colorOf, noFigureColor, shareClasses } from '../scale';

const WIDTH = 960;
const HEIGHT = 470;

interface Country {
  code: string | null;
  name: string;
  d: string;
}

// The projection is fixed (the SVG scales with its box), so the paths are computed once.
let countries: Country[] | null = null;
const projection = geoNaturalEarth1();

function shapes(): Country[] {
  if (countries) return countries;
  const topo = atlas as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const all = feature(topo, topo.objects.countries).features as Array<Feature<Geometry, { name: string }>>;
  const drawn = all.filter((f) => f.properties.name !== 'Antarctica');
  projection.fitExtent(
    [
      [4, 4],
      [WIDTH - 4, HEIGHT - 4],
    ],
    { type: 'FeatureCollection', features: drawn },
  );
  const path = geoPath(projection);
  countries = drawn.map((f) => ({ code: alpha2Of(f as never), name: f.properties.name, d: path(f) ?? '' }));
  return countries;
}

/** A country's figure on the map. */
export interface MapShare {
  code: string;
  name: string;
  percent: number | null;
  /** Said on hover after the figure: "of world refined production, 2023. Source: …". */
  caption: string;
}

/** A facility drawn as a point. */
export interface MapPoint {
  id: string;
  label: string;
  latitude: number;
  longitude: number;
}

interface Props {
  /** What the map shows, for screen readers: "Share of world refined production of gallium, 2023". */
  title: string;
  shares: MapShare[];
  points?: MapPoint[];
  selected?: string | null;
  onSelect?: (code: string) => void;
  /** A country to outline (the country view's own). */
  outline?: string;
}

export function WorldMap({ title, shares, points = [], selected, onSelect, outline }: Props) {
  const byCode = new Map(shares.map((s) => [s.code, s]));
  const drawn = shapes();
  return (
    <figure class="map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title} preserveAspectRatio="xMidYMid meet">
        <title>{title}</title>
        <rect class="ocean" width={WIDTH} height={HEIGHT} rx="6" />
        {drawn.map((c, i) => {
          const share = c.code ? byCode.get(c.code) : undefined;
          if (!share) {
            return (
              <path key={i} d={c.d} fill={noFigureColor} class={c.code && c.code === outline ? 'land outlined' : 'land'} data-country={c.code ?? undefined}>
                <title>{`${c.name}: ${NO_FIGURE}`}</title>
              </path>
            );
          }
          const label = `${share.name}: ${formatPercent(share.percent)} ${share.caption}`;
          return (
            <path
              key={i}
              d={c.d}
              fill={colorOf(share.percent)}
              class={`land shaded${selected === share.code ? ' selected' : ''}${share.code === outline ? ' outlined' : ''}`}
              data-country={share.code}
              data-percent={share.percent ?? ''}
              tabIndex={onSelect ? 0 : undefined}
              role={onSelect ? 'button' : undefined}
              aria-label={onSelect ? label : undefined}
              aria-pressed={onSelect ? selected === share.code : undefined}
              onClick={onSelect ? () => onSelect(share.code) : undefined}
              onKeyDown={
                onSelect
                  ? (e) => {
                      if (e.key === 'Enter' || e.key === ' ') {
                        e.preventDefault();
                        onSelect(share.code);
                      }
                    }
                  : undefined
              }
            >
              <title>{label}</title>
            </path>
          );
        })}
        {points.map((p) => {
          const xy = projection([p.longitude, p.latitude]);
          if (!xy) return null;
          return (
            <circle key={p.id} class="facility" cx={xy[0]} cy={xy[1]} r="4" data-facility={p.id}>
              <title>{p.label}</title>
            </circle>
          );
        })}
      </svg>
      <Legend points={points.length > 0} />
    </figure>
  );
}

export function Legend({ points }: { points: boolean }) {
  return (
    <figcaption class="legend" aria-label="Map legend">
      <span class="legend-title">Share of world production:</span>
      <ul>
        {shareClasses.map((c) => (
          <li key={c.label}>
            <span class="swatch" style={{ background: c.color }} aria-hidden="true" />
            {c.label}
          </li>
        ))}
        <li>
          <span class="swatch" style={{ background: noFigureColor }} aria-hidden="true" />
          {NO_FIGURE}
        </li>
        {points && (
          <li>
            <span class="swatch dot" aria-hidden="true" />
            facility
          </li>
        )}
      </ul>
    </figcaption>
  );
}
