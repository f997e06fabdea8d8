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

interface Drawing {
  countries: Country[];
  project: (lonLat: [number, number]) => [number, number] | null;
}

let features: Array<Feature<Geometry, { name: string }>> | null = null;

function allFeatures() {
  if (!features) {
    const topo = atlas as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
    const all = feature(topo, topo.objects.countries).features as Array<Feature<Geometry, { name: string }>>;
    features = all.filter((f) => f.properties.name !== 'Antarctica');
  }
  return features;
}

// A drawing depends only on what it is fitted to (the world, or one country), and the SVG
// scales with its box, so each is computed once.
const drawings = new Map<string, Drawing>();

/** drawing projects the map fitted to the world, or to one country (by alpha-2) when it is drawn. */
function drawing(focus?: string): Drawing {
  const key = focus ?? '';
  const cached = drawings.get(key);
  if (cached) return cached;
  const all = allFeatures();
  const target = (focus && all.find((f) => alpha2Of(f as never) === focus)) || null;
  const pad = target ? 24 : 4;
  const projection = geoNaturalEarth1().fitExtent(
    [
      [pad, pad],
      [WIDTH - pad, HEIGHT - pad],
    ],
    target ?? { type: 'FeatureCollection', features: all },
  );
  const path = geoPath(projection);
  const d: Drawing = {
    countries: all.map((f) => ({ code: alpha2Of(f as never), name: f.properties.name, d: path(f) ?? '' })),
    project: (lonLat) => projection(lonLat),
  };
  drawings.set(key, d);
  return d;
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
  /** A country to outline and zoom to (the country view's own). */
  outline?: string;
}

export function WorldMap({ title, shares, points = [], selected, onSelect, outline }: Props) {
  const byCode = new Map(shares.map((s) => [s.code, s]));
  const { countries: drawn, project } = drawing(outline);
  return (
    <figure class="map">
      <p class="map-title" aria-hidden="true">
        {title}
      </p>
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
          const xy = project([p.longitude, p.latitude]);
          if (!xy) return null;
          return (
            <circle key={p.id} class="facility" cx={xy[0]} cy={xy[1]} r={outline ? 6 : 5} data-facility={p.id}>
              <title>{p.label}</title>
            </circle>
          );
        })}
      </svg>
      <Legend points={points.length > 0} shares={shares.length > 0} outline={outline != null} />
    </figure>
  );
}

export function Legend({ points, shares, outline }: { points: boolean; shares: boolean; outline: boolean }) {
  return (
    <figcaption class="legend" aria-label="Map legend">
      {shares && <span class="legend-title">Share of world production:</span>}
      <ul>
        {shares &&
          shareClasses.map((c) => (
            <li key={c.label}>
              <span class="swatch" style={{ background: c.color }} aria-hidden="true" />
              {c.label}
            </li>
          ))}
        {shares && (
          <li>
            <span class="swatch" style={{ background: noFigureColor }} aria-hidden="true" />
            {NO_FIGURE}
          </li>
        )}
        {outline && (
          <li>
            <span class="swatch outline" aria-hidden="true" />
            the country
          </li>
        )}
        {points && (
          <li>
            <span class="swatch dot" aria-hidden="true" />
            facility (hover for its name)
          </li>
        )}
      </ul>
    </figcaption>
  );
}
