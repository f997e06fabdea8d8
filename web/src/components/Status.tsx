// What a view shows while its data is on the way, and when it cannot have it: never a blank
// page. An API that cannot be reached, or whose database is down, gets a retry.
import type { CombinedError } from '@urql/core';
import { Link } from '../navigation';

export function Loading({ what }: { what: string }) {
  return (
    <div class="status loading" role="status" aria-live="polite">
      <span class="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  );
}

/** errorCode returns the extensions.code of the first GraphQL error, or "NETWORK". */
export function errorCode(error: CombinedError): string {
  if (error.networkError) return 'NETWORK';
  const code = error.graphQLErrors[0]?.extensions?.code;
  return typeof code === 'string' ? code : 'UNKNOWN';
}

/** describeError says what went wrong in words a reader can act on, and whether to retry. */
export function describeError(error: CombinedError): { title: string; detail: string; retry: boolean } {
  const code = errorCode(error);
  const message = error.graphQLErrors[0]?.message ?? '';
  switch (code) {
    case 'NETWORK':
      return {
        title: 'The API cannot be reached',
        detail: 'The explorer could not get an answer from the mineralgraph server. It may be stopped or restarting; check that it runs, then retry.',
        retry: true,
      };
    case 'UNAVAILABLE':
      return { title: 'The database is unavailable', detail: `${message} It usually answers again within seconds.`, retry: true };
    case 'RATE_LIMITED':
      return { title: 'Too many requests', detail: message, retry: true };
    case 'NOT_FOUND':
      return { title: 'Not found', detail: message, retry: false };
    case 'PERSISTED_QUERY_NOT_IN_LIST':
    case 'PERSISTED_QUERY_NOT_FOUND':
      return {
        title: 'This page and the server disagree',
        detail: 'The server does not know this version of the explorer’s questions. Reload the page to get the explorer it serves.',
        retry: false,
      };
    default:
      return { title: 'The API refused the request', detail: `${message} (${code})`, retry: true };
  }
}

export function ErrorState({ error, onRetry }: { error: CombinedError; onRetry: () => void }) {
  const { title, detail, retry } = describeError(error);
  return (
    <div class="status error" role="alert" data-code={errorCode(error)}>
      <h2>{title}</h2>
      <p>{detail}</p>
      <p class="actions">
        {retry && (
          <button type="button" class="retry" onClick={onRetry}>
            Retry
          </button>
        )}{' '}
        <Link to={{ view: 'home' }}>Back to the start</Link>
      </p>
    </div>
  );
}
