// The start: the headline questions as ready links, and every mineral.
import { useEffect } from 'preact/hooks';
import { graphql } from '../gql';
import { Link } from '../navigation';
import { Answer, useView } from '../query';
import { questionDefaults } from '../route';

const HomeDoc = graphql(`
  query Home {
    minerals(first: 100) {
      totalCount
      nodes {
        id
        name
        isGroup
      }
    }
  }
`);

export function Home() {
  const view = useView(HomeDoc, {});
  useEffect(() => {
    document.title = 'mineralgraph explorer';
  }, []);
  const d = questionDefaults;
  return (
    <article class="home">
      <header class="page-head">
        <h1>Critical-mineral supply chains, at a glance</h1>
        <p>
          Who mines and refines what, how concentrated supply is, what the US depends on, and which measures touch each mineral. Every figure shows where it
          comes from: hover or choose it for its source.
        </p>
      </header>
      <section aria-labelledby="questions">
        <h2 id="questions">Questions</h2>
        <ul class="questions">
          <li>
            <Link to={{ view: 'share', ...d.share }}>What China refines over half of</Link>
          </li>
          <li>
            <Link to={{ view: 'reliance', ...d.reliance }}>What the US is 100% import-reliant for</Link>
          </li>
          <li>
            <Link to={{ view: 'leading', ...d.leading }}>Where China is the leading producer</Link>
          </li>
          <li>
            <Link to={{ view: 'policies', issuer: 'CN', type: 'EXPORT_CONTROL', mineral: null, on: null }}>China’s export controls, on a timeline</Link>
          </li>
        </ul>
      </section>
      <section aria-labelledby="minerals">
        <h2 id="minerals">Minerals</h2>
        <Answer view={view} what="the minerals">
          {(data) => (
            <ul class="mineral-list">
              {data.minerals.nodes.map((m) => (
                <li key={m.id}>
                  <Link to={{ view: 'mineral', id: m.id, stage: null, year: null }}>{m.name}</Link>
                  {m.isGroup && <span class="hint"> (group)</span>}
                </li>
              ))}
            </ul>
          )}
        </Answer>
      </section>
    </article>
  );
}

export function NotFound({ path }: { path: string }) {
  return (
    <article>
      <h1>No such page</h1>
      <p>
        The explorer has no view at <code>{path}</code>. <Link to={{ view: 'home' }}>Start here</Link>.
      </p>
    </article>
  );
}
