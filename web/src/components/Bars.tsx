// A bar chart of producers, largest first, in the API's order. Each bar is a button: hovering
// shows the figure's source, choosing one shows it in full beside the map.
import { formatPercent, NO_FIGURE } from '../format';
import { colorOf } from '../scale';
import { sourceText, type SourceInfo } from './Source';

export interface Bar {
  code: string;
  name: string;
  percent: number | null;
  source: SourceInfo;
}

interface Props {
  /** What the bars measure: "Share of world refined production, 2023". */
  title: string;
  bars: Bar[];
  selected?: string | null;
  onSelect: (code: string) => void;
}

export function Bars({ title, bars, selected, onSelect }: Props) {
  return (
    <figure class="bars">
      <figcaption>{title}</figcaption>
      <ol>
        {bars.map((b, i) => (
          <li key={b.code} data-country={b.code} data-percent={b.percent ?? ''} data-rank={i + 1}>
            <button
              type="button"
              aria-pressed={selected === b.code}
              title={`${b.name}: ${formatPercent(b.percent)}. Source: ${sourceText(b.source)}`}
              onClick={() => onSelect(b.code)}
            >
              <span class="bar-name">{b.name}</span>
              <span class="bar-track" aria-hidden="true">
                {b.percent != null && b.percent > 0 && (
                  <span class="bar-fill" style={{ width: `${Math.max(b.percent, 0.4)}%`, background: colorOf(b.percent) }} />
                )}
              </span>
              <span class={b.percent == null ? 'bar-value nofigure' : 'bar-value'}>{b.percent == null ? NO_FIGURE : formatPercent(b.percent)}</span>
            </button>
          </li>
        ))}
      </ol>
    </figure>
  );
}
