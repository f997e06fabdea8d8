// One GraphQL request per view: each view asks for everything it shows in one operation, and
// this hook turns urql's answer into the three states a view can be in.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { AnyVariables, CombinedError } from '@urql/core';
import { useQuery } from '@urql/preact';
import type { ComponentChildren } from 'preact';
import { useCallback, useRef } from 'preact/hooks';
import { ErrorState, Loading } from './components/Status';

export interface ViewData<D> {
  data: D | undefined;
  fetching: boolean;
  error: CombinedError | undefined;
  retry: () => void;
}

/**
 * useView runs a view's operation. While a change of variables loads, it keeps the last data
 * (the page stays, its controls keep their focus, a note says it is updating); retry asks the
 * network again, past every cache.
 */
export function useView<D, V extends AnyVariables>(query: TypedDocumentNode<D, V>, variables: V, pause = false): ViewData<D> {
  const [result, reexecute] = useQuery<D, V>({ query, variables, pause } as never);
  const last = useRef<D | undefined>(undefined);
  if (result.data) last.current = result.data;
  const retry = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  return { data: result.data ?? (result.fetching ? last.current : undefined), fetching: result.fetching, error: result.error, retry };
}

/**
 * Answer renders a view's data once it is there: a loading state first, an error state with a
 * retry when the request failed, and the data (with a note while newer data loads).
 */
export function Answer<D>({ view, what, children }: { view: ViewData<D>; what: string; children: (data: D) => ComponentChildren }) {
  if (view.error && (!view.data || view.error.networkError)) return <ErrorState error={view.error} onRetry={view.retry} />;
  if (!view.data) return <Loading what={what} />;
  return (
    <div aria-busy={view.fetching} class={view.fetching ? 'answer refreshing' : 'answer'}>
      {view.fetching && (
        <p class="status updating" role="status">
          Updating…
        </p>
      )}
      {children(view.data)}
    </div>
  );
}
