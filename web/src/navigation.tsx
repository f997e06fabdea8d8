// Moving between views: links are real <a href> (open in a new tab, copy, share), and a plain
// click changes the URL with the History API instead of reloading the page.
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { hrefOf, parseRoute, type Route } from './route';

const listeners = new Set<() => void>();

function currentRoute(): Route {
  return parseRoute(window.location.pathname, window.location.search);
}

/** navigate shows a route: a new history entry, or, with replace, the current one rewritten. */
export function navigate(route: Route, { replace = false } = {}): void {
  const href = hrefOf(route);
  if (href === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  listeners.forEach((l) => l());
  if (!replace) window.scrollTo(0, 0);
}

/** useRoute returns the route of the current URL and follows navigation and back/forward. */
export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = () => setRoute(currentRoute());
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

type AnchorProps = Omit<JSX.HTMLAttributes<HTMLAnchorElement>, 'href'>;

/** Link is an anchor to a route. */
export function Link({ to, children, ...rest }: AnchorProps & { to: Route; children: ComponentChildren }) {
  const href = hrefOf(to);
  const onClick = (e: MouseEvent) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={href} onClick={onClick} {...rest}>
      {children}
    </a>
  );
}
