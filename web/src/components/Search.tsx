// The search box: a combobox (ARIA 1.2 pattern) over the API's full-text search. It asks the
// API once the text has been still for SEARCH_DELAY_MS, never per keystroke; arrow keys move
// through the results, Enter opens one, Escape closes the list.
import { useId, useState } from 'preact/hooks';
import { graphql } from '../gql';
import type { SearchQuery } from '../gql/graphql';
import { SEARCH_DELAY_MS, useDebounced } from '../debounce';
import { navigate } from '../navigation';
import type { Route } from '../route';
import { useView } from '../query';

const SearchDoc = graphql(`
  query Search($text: String!) {
    search(text: $text, first: 8) {
      nodes {
        __typename
        ... on Mineral {
          id
          name
        }
        ... on Country {
          code
          name
        }
        ... on Facility {
          id
          name
          country {
            code
            name
          }
        }
        ... on Organisation {
          id
          name
        }
        ... on Policy {
          id
          title
          issuer
        }
      }
    }
  }
`);

export type SearchNode = SearchQuery['search']['nodes'][number];

/** A search result as the list shows it: what it is, its name, and the view it opens. */
export interface Hit {
  key: string;
  kind: string;
  name: string;
  to: Route;
}

/** hitOf says where each kind of result leads: a facility to its country, a policy to its issuer's timeline. */
export function hitOf(n: SearchNode): Hit | null {
  switch (n.__typename) {
    case 'Mineral':
      return { key: `m/${n.id}`, kind: 'Mineral', name: n.name, to: { view: 'mineral', id: n.id, stage: null, year: null } };
    case 'Country':
      return { key: `c/${n.code}`, kind: 'Country', name: n.name, to: { view: 'country', code: n.code } };
    case 'Facility':
      return { key: `f/${n.id}`, kind: `Facility in ${n.country.name}`, name: n.name, to: { view: 'country', code: n.country.code } };
    case 'Policy':
      return {
        key: `p/${n.id}`,
        kind: `Policy of ${n.issuer}`,
        name: n.title,
        to: { view: 'policies', issuer: n.issuer, type: null, mineral: null, on: null },
      };
    case 'Organisation':
      return null; // no view of its own yet
  }
  return null;
}

/** MIN_SEARCH is the shortest text worth searching. */
export const MIN_SEARCH = 2;

export function Search() {
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const id = useId();
  const settled = useDebounced(text.trim(), SEARCH_DELAY_MS);
  const asking = settled.length >= MIN_SEARCH;
  const view = useView(SearchDoc, { text: settled }, !asking);
  const hits = asking ? (view.data?.search.nodes ?? []).map(hitOf).filter((h): h is Hit => h != null) : [];
  const shown = open && asking && text.trim().length >= MIN_SEARCH;

  const choose = (h: Hit) => {
    setOpen(false);
    setText('');
    navigate(h.to);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setOpen(true);
      setActive((a) => Math.min(a + 1, hits.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(a - 1, 0));
    } else if (e.key === 'Enter' && shown && hits[Math.max(active, 0)]) {
      e.preventDefault();
      choose(hits[Math.max(active, 0)]);
    } else if (e.key === 'Escape') {
      setOpen(false);
    }
  };
  return (
    <div class="search" role="search">
      <label for={`${id}-input`} class="visually-hidden">
        Search minerals, countries, facilities and policies
      </label>
      <input
        id={`${id}-input`}
        type="search"
        role="combobox"
        autocomplete="off"
        placeholder="Search: gallium, Chile, Lynas…"
        aria-autocomplete="list"
        aria-expanded={shown}
        aria-controls={`${id}-list`}
        aria-activedescendant={shown && active >= 0 && hits[active] ? `${id}-${active}` : undefined}
        value={text}
        onInput={(e) => {
          setText((e.target as HTMLInputElement).value);
          setOpen(true);
          setActive(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      <ul id={`${id}-list`} role="listbox" aria-label="Search results" class="search-results" hidden={!shown || hits.length === 0}>
        {shown &&
          hits.map((h, i) => (
            <li
              key={h.key}
              id={`${id}-${i}`}
              role="option"
              aria-selected={i === active}
              class={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(h);
              }}
            >
              <span class="hit-name">{h.name}</span> <span class="hit-kind">{h.kind}</span>
            </li>
          ))}
      </ul>
      <p class="search-note" role="status" hidden={!shown || (hits.length > 0 && !view.error)}>
        {shown &&
          (view.error
            ? 'The search failed: the API cannot be reached.'
            : view.fetching || settled !== text.trim()
              ? 'Searching…'
              : hits.length === 0
                ? `Nothing found for “${settled}”.`
                : '')}
      </p>
    </div>
  );
}
