// The explorer's frame: a header with the search and the main views, the view of the URL, and
// a footer that says where the data comes from.
import { Search } from './components/Search';
import { Link, useRoute } from './navigation';
import { questionDefaults, type Route } from './route';
import { CountryView } from './views/CountryView';
import { Home, NotFound } from './views/Home';
import { MineralView } from './views/MineralView';
import { PoliciesView } from './views/PoliciesView';
import { LeadingQuestion, RelianceQuestion, ShareQuestion } from './views/Questions';

function View({ route }: { route: Route }) {
  switch (route.view) {
    case 'home':
      return <Home />;
    case 'mineral':
      return <MineralView key={route.id} id={route.id} stage={route.stage} year={route.year} />;
    case 'country':
      return <CountryView key={route.code} code={route.code} />;
    case 'policies':
      return <PoliciesView {...route} />;
    case 'share':
      return <ShareQuestion {...route} />;
    case 'reliance':
      return <RelianceQuestion {...route} />;
    case 'leading':
      return <LeadingQuestion {...route} />;
    case 'notFound':
      return <NotFound path={route.path} />;
  }
}

export function App() {
  const route = useRoute();
  return (
    <>
      <a class="skip" href="#main">
        Skip to the content
      </a>
      <header class="site">
        <Link class="brand" to={{ view: 'home' }}>
          mineralgraph <span>explorer</span>
        </Link>
        <nav aria-label="Views">
          <ul>
            <li>
              <Link to={{ view: 'policies', issuer: null, type: null, mineral: null, on: null }} aria-current={route.view === 'policies' ? 'page' : undefined}>
                Policies
              </Link>
            </li>
            <li>
              <Link to={{ view: 'share', ...questionDefaults.share }} aria-current={route.view === 'share' ? 'page' : undefined}>
                Questions
              </Link>
            </li>
            <li>
              <a href="/">API playground</a>
            </li>
          </ul>
        </nav>
        <Search />
      </header>
      <main id="main" tabIndex={-1}>
        <View route={route} />
      </main>
      <footer class="site">
        <p>
          Figures from the publishers each one cites: the U.S. Geological Survey, the IEA, governments’ own texts and the outlets that quote them. Where a
          publisher gives no figure the explorer says “no figure published”, never 0. Data from the mineralgraph API at <code>/graphql</code>.
        </p>
      </footer>
    </>
  );
}
