// A net import reliance figure, as USGS publishes it: in words ("more than 50%"), with the
// published text and the bounds it allows in its details, and its source.
import { describeReliance, relianceBounds } from '../format';
import { graphql } from '../gql';
import type { RelianceFieldsFragment } from '../gql/graphql';
import { Figure } from './Source';

export const RelianceFields = graphql(`
  fragment RelianceFields on Reliance {
    year
    value
    lowerBound
    lowerBoundInclusive
    upperBound
    upperBoundInclusive
    netExporter
    commodity
    note
    source {
      ...SourceFields
    }
  }
`);

/** RelianceFigure shows a reliance figure, or "no figure published" for null. */
export function RelianceFigure({ reliance: r, label }: { reliance: RelianceFieldsFragment | null; label: string }) {
  if (!r) return <Figure text={null} label={label} sources={[]} />;
  return (
    <Figure
      text={describeReliance(r)}
      label={`${label}, ${r.year}`}
      sources={[r.source]}
      detail={`Published as “${r.value}”${r.commodity ? ` for ${r.commodity}` : ''}: ${relianceBounds(r)}.${r.note ? ` ${r.note}` : ''}`}
    />
  );
}
